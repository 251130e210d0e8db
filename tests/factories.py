"""Factories for the Django side: every object valid by default, every default overridable."""

from decimal import Decimal

import factory
from stdnum.ru import inn

from contest.editions import KRASNODAR_2011, SIZE_RULE_CATEGORIES
from contest.enums import LegalForm, Role
from contest.models import Category, Contest, Membership, Nomination, Organization, Sector, User
from contest.services.tables import built_in, import_table
from contest.validators import ogrn_check_digit
from regions.models import Municipality


def municipality(name: str = "Краснодар") -> Municipality:
    """Municipalities come from the data migration; tests pick them by name."""
    return Municipality.objects.get(name=name)


def _company_inn(n: int) -> str:
    body = f"239{n:06d}"  # the demo's numbers start 2300…, so the two never collide
    return body + inn.calc_company_check_digit(body)


def _company_ogrn(n: int) -> str:
    body = f"11223{n:07d}"
    return body + ogrn_check_digit(body)


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest
        django_get_or_create = ("region", "year")
        skip_postgeneration_save = True

    region = factory.LazyFunction(lambda: municipality().region)
    year = 2011
    title = KRASNODAR_2011.title
    point_table = factory.LazyFunction(lambda: built_in("krasnodar-2011"))
    card_deadline = KRASNODAR_2011.card_deadline
    forwarding_deadline = KRASNODAR_2011.forwarding_deadline

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        """The categories of reading R8 (small, medium_large), as every 2011 contest has them; categories=False for
        none (a contest grouped otherwise adds its own)."""
        if not create or extracted is False or obj.categories.exists():
            return
        for position, spec in enumerate(SIZE_RULE_CATEGORIES, start=1):
            Category.objects.create(
                contest=obj, code=spec.code, name=spec.name, genitive=spec.genitive, position=position
            )


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("contest", "code")

    contest = factory.SubFactory(ContestFactory)
    code = "small"
    name = "малый бизнес"
    genitive = "малого бизнеса"


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination
        django_get_or_create = ("contest", "code")

    contest = factory.SubFactory(ContestFactory)
    code = "best-small"
    name = "Три лучшие организации малого бизнеса в крае"
    category = factory.LazyAttribute(lambda o: o.contest.categories.get(code="small"))
    places = 3


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
    headcount = 150
    public_share_pct = Decimal("0")


class UserFactory(factory.django.DjangoModelFactory):
    """A person with one membership: role=… with municipality=… or organization=… as its scope (role="" for none).
    More hats: add_hat(user, role, …)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.ru")
    last_name = "Иванова"
    first_name = "Мария"
    patronymic = "Петровна"
    role = Role.STAFF
    municipality = None
    organization = None
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        factory_params = obj._factory_params
        if create and factory_params["role"]:
            add_hat(
                obj,
                factory_params["role"],
                municipality=factory_params["municipality"],
                organization=factory_params["organization"],
            )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        params = {key: kwargs.pop(key, None) for key in ("role", "municipality", "organization")}
        obj = super()._create(model_class, *args, **kwargs)
        obj._factory_params = params
        return obj

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        params = {key: kwargs.pop(key, None) for key in ("role", "municipality", "organization")}
        obj = super()._build(model_class, *args, **kwargs)
        obj._factory_params = params
        return obj


def add_hat(user: User, role: str, *, municipality=None, organization=None) -> Membership:
    """Give the person one more role (a membership), checked as the admin checks it."""
    hat = Membership(user=user, role=role, municipality=municipality, organization=organization)
    hat.full_clean()
    hat.save()
    user.forget_hats()
    return hat


def organization_user(organization: Organization | None = None, **kwargs) -> User:
    return UserFactory(role=Role.ORGANIZATION, organization=organization or OrganizationFactory(), **kwargs)


def municipal_user(role: str = Role.LABOUR_OFFICE, name: str = "Краснодар", **kwargs) -> User:
    return UserFactory(role=role, municipality=municipality(name), **kwargs)


# A complete, valid card of the 2011 table (values of a medium bakery), used wherever a card must be scorable.
COMPLETE_CARD = {
    "avg_headcount": 240,
    "women_count": 120,
    "teenagers_count": 0,
    "hazardous_workers": 30,
    "hazardous_women": 10,
    "accidents": 1,
    "incapacity_days": 12,
    "sanitary_pct": Decimal("95"),
    "ppe_pct": Decimal("100"),
    "has_ohs_office": True,
    "has_ohs_corners": True,
    "has_ohs_regulation": True,
    "has_legal_acts": True,
    "has_ohs_service": True,
    "has_ohs_records": True,
    "has_joint_committee": True,
    "has_union_representative": False,
    "assessment_pct": Decimal("72.5"),
    "has_ohs_certification": False,
    "medical_exams_pct": Decimal("100"),
    "has_agreement_section": True,
    "agreement_done_pct": Decimal("100"),
    "training_managers_pct": Decimal("100"),
    "training_committee_pct": Decimal("90"),
    "ohs_spending_rub": Decimal("1500000"),
    "has_info_materials": False,
}

FILLED_APPLICATION = {
    "legal_address": "350000, г. Краснодар, ул. Красная, д. 1",
    "phone": "+7 861 200-00-00",
    "head_name": "Петров Пётр Петрович",
    "head_position": "генеральный директор",
    "has_union_body": True,
    "union_chair_name": "Сидорова Анна Ивановна",
    "union_chair_position": "председатель профсоюзного комитета",
    "agrees_with_regulation": True,
    "data_complete_and_true": True,
    "aware_of_exclusion": True,
    "joint_decision": True,
}


def contest_2011():
    """The 2011 contest with its sectors and nominations, as the demo and production create it."""
    from contest.models import Contest
    from contest.services.contests import create_contest_from_edition

    return Contest.objects.filter(year=2011).first() or create_contest_from_edition(KRASNODAR_2011)


def open_edition(edition):
    """The contest of ``edition`` (contest.editions), with its deadlines moved so that everything is open today."""
    from datetime import timedelta

    from django.utils import timezone

    from contest.services.contests import create_contest_from_edition

    contest = create_contest_from_edition(edition)
    today = timezone.localdate()
    contest.application_deadline = today + timedelta(days=30)
    contest.card_deadline = today + timedelta(days=60)
    contest.forwarding_deadline = today + timedelta(days=80)
    contest.save()
    return contest


def open_contest(**deadlines):
    """The 2011 contest with deadlines moved so that everything is still open today."""
    from datetime import timedelta

    from django.utils import timezone

    contest = contest_2011()
    today = timezone.localdate()
    contest.application_deadline = deadlines.get("application_deadline", today + timedelta(days=30))
    contest.card_deadline = deadlines.get("card_deadline", today + timedelta(days=60))
    contest.forwarding_deadline = deadlines.get("forwarding_deadline", today + timedelta(days=80))
    contest.save()
    return contest


def use_table(contest: Contest, table) -> Contest:
    """Score ``contest``'s cards by ``table`` (a scoring.Table), kept as a PointTable as an upload would keep it."""
    import scoring

    contest.point_table, _ = import_table(scoring.dump_table(table), actor=None)
    contest.save(update_fields=["point_table"])
    return contest
