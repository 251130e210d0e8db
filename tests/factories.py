"""Factories for the Django side: every object valid by default, every default overridable."""

from decimal import Decimal

import factory
from stdnum.ru import inn, ogrn

from contest.editions import KRASNODAR_2011
from contest.enums import LegalForm, Role
from contest.models import Contest, Organization, Sector, User
from regions.models import Municipality


def municipality(name: str = "Краснодар") -> Municipality:
    """Municipalities come from the data migration; tests pick them by name."""
    return Municipality.objects.get(name=name)


def _company_inn(n: int) -> str:
    body = f"23{n:07d}"
    return body + inn.calc_company_check_digit(body)


def _company_ogrn(n: int) -> str:
    body = f"11223{n:07d}"
    return body + ogrn.calc_check_digit(body + "0")


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest
        django_get_or_create = ("region", "year")

    region = factory.LazyFunction(lambda: municipality().region)
    year = 2011
    title = KRASNODAR_2011.title
    scoring_table = "krasnodar-2011"
    card_deadline = KRASNODAR_2011.card_deadline
    forwarding_deadline = KRASNODAR_2011.forwarding_deadline


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("contest", "code")

    contest = factory.SubFactory(ContestFactory)
    code = "manufacturing"
    name = "Обрабатывающие производства"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    full_name = factory.Sequence(lambda n: f"Общество с ограниченной ответственностью «Организация {n}»")
    short_name = factory.Sequence(lambda n: f"ООО «Организация {n}»")
    legal_form = LegalForm.OOO
    inn = factory.Sequence(lambda n: _company_inn(n + 1))
    ogrn = factory.Sequence(lambda n: _company_ogrn(n + 1))
    municipality = factory.LazyFunction(municipality)
    sector = factory.SubFactory(SectorFactory)
    avg_headcount = 150
    public_share_pct = Decimal("0")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.ru")
    last_name = "Иванова"
    first_name = "Мария"
    patronymic = "Петровна"
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def organization_user(organization: Organization | None = None, **kwargs) -> User:
    return UserFactory(role=Role.ORGANIZATION, organization=organization or OrganizationFactory(), **kwargs)


def municipal_user(role: str = Role.LABOUR_OFFICE, name: str = "Краснодар", **kwargs) -> User:
    return UserFactory(role=role, municipality=municipality(name), **kwargs)
