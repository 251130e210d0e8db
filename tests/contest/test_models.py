from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contest.enums import LegalForm, Role, SizeCategory
from contest.models import Contest, Membership, Organization, User
from tests.factories import ContestFactory, OrganizationFactory, UserFactory, add_hat, municipal_user, municipality

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_organization_valid_by_default_passes_full_clean():
    OrganizationFactory.build(municipality=municipality(), sector=None).full_clean()


@pytest.mark.parametrize(
    ("inn", "message"),
    [
        ("770708389", "ИНН состоит из 10 или 12 цифр."),
        ("7707083894", "ИНН не прошёл проверку контрольной суммы — проверьте цифры."),
        ("77070838a3", "ИНН содержит только цифры."),
    ],
)
def test_organization_bad_inn_is_named_next_to_the_field(inn, message):
    organization = OrganizationFactory.build(municipality=municipality(), sector=None, inn=inn)
    assert errors_of(organization)["inn"] == [message]


@pytest.mark.parametrize(
    ("ogrn", "message"),
    [
        ("10277001321", "ОГРН состоит из 13 или 15 цифр."),
        ("1027700132194", "ОГРН не прошёл проверку контрольной суммы — проверьте цифры."),
    ],
)
def test_organization_bad_ogrn_is_named_next_to_the_field(ogrn, message):
    organization = OrganizationFactory.build(municipality=municipality(), sector=None, ogrn=ogrn)
    assert errors_of(organization)["ogrn"] == [message]


def test_organization_individual_entrepreneur_needs_twelve_digit_inn():
    organization = OrganizationFactory.build(
        municipality=municipality(), sector=None, legal_form=LegalForm.INDIVIDUAL_ENTREPRENEUR
    )
    errors = errors_of(organization)
    assert errors["inn"] == ["Для этой организационно-правовой формы ИНН состоит из 12 цифр."]
    assert errors["ogrn"] == ["Для этой организационно-правовой формы ОГРН состоит из 15 цифр."]


def test_organization_peasant_farm_accepts_person_numbers():
    organization = OrganizationFactory.build(
        municipality=municipality(),
        sector=None,
        legal_form=LegalForm.PEASANT_FARM,
        inn="500100732259",
        ogrn="304500116000157",
    )
    organization.full_clean()


def test_organization_peasant_farm_mixing_person_and_company_numbers_is_refused():
    organization = OrganizationFactory.build(
        municipality=municipality(), sector=None, legal_form=LegalForm.PEASANT_FARM, inn="500100732259"
    )
    assert errors_of(organization)["ogrn"] == [
        "ИНН из 12 цифр сочетается с ОГРНИП из 15 цифр, ИНН из 10 цифр — с ОГРН из 13 цифр."
    ]


def test_organization_inn_is_unique():
    first = OrganizationFactory()
    duplicate = OrganizationFactory.build(municipality=first.municipality, sector=None, inn=first.inn)
    assert "inn" in errors_of(duplicate)


def test_organization_public_share_over_100_is_refused_by_the_database():
    organization = OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(public_share_pct=Decimal("100.01"))


@pytest.mark.parametrize(
    ("legal_form", "headcount", "share", "expected"),
    [
        (LegalForm.OOO, 100, Decimal("25"), SizeCategory.SMALL),
        (LegalForm.OOO, 101, Decimal("0"), SizeCategory.MEDIUM_LARGE),
        (LegalForm.OOO, 50, Decimal("25.01"), SizeCategory.MEDIUM_LARGE),
        (LegalForm.CONSUMER_COOPERATIVE, 40, Decimal("0"), SizeCategory.SMALL),
        (LegalForm.MUNICIPAL_UNITARY, 40, Decimal("0"), SizeCategory.MEDIUM_LARGE),
        (LegalForm.BUDGET_INSTITUTION, 20, Decimal("0"), SizeCategory.MEDIUM_LARGE),
    ],
)
def test_organization_size_category_follows_r8(legal_form, headcount, share, expected):
    organization = OrganizationFactory.build(legal_form=legal_form, headcount=headcount, public_share_pct=share)
    assert organization.size_category == expected
    assert organization.size_decision.reasons  # the reasons are shown to the user


def test_contest_forwarding_before_cards_is_refused():
    contest = ContestFactory.build(year=2030)
    contest.forwarding_deadline = contest.card_deadline.replace(day=1, month=1)
    assert errors_of(contest)["__all__"] == [
        "Срок направления материалов не может быть раньше срока представления карт."
    ]


def test_contest_one_per_region_and_year():
    ContestFactory()
    duplicate = ContestFactory.build()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contest.objects.bulk_create([duplicate])


def test_contest_deadlines_skip_a_missing_application_deadline():
    contest = ContestFactory.build()
    deadlines = contest.deadlines()
    assert [deadline.day for deadline in deadlines] == [contest.card_deadline, contest.forwarding_deadline]
    assert all(deadline.passed for deadline in deadlines)  # 2012 is behind us


def test_contest_deadline_today_has_not_passed():
    today = timezone.localdate()
    contest = ContestFactory.build(year=today.year, card_deadline=today, forwarding_deadline=today + timedelta(days=19))
    assert [deadline.passed for deadline in contest.deadlines()] == [False, False]


def test_membership_municipal_role_needs_a_municipality():
    hat = Membership(role=Role.LABOUR_OFFICE)
    assert errors_of(hat)["municipality"] == ["Для этой роли укажите муниципальное образование."]


def test_membership_regional_role_with_municipality_is_refused():
    hat = Membership(role=Role.REGIONAL_MEMBER, municipality=municipality())
    assert errors_of(hat)["municipality"] == ["Для этой роли муниципальное образование не указывается."]


@pytest.mark.django_db
def test_membership_scope_rule_is_backed_by_the_database():
    user, organization = UserFactory(role=""), OrganizationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.REGIONAL_MEMBER, organization=organization)


@pytest.mark.django_db
def test_a_person_represents_one_organization_at_most():
    user = UserFactory(role=Role.ORGANIZATION, organization=OrganizationFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.ORGANIZATION, organization=OrganizationFactory())


@pytest.mark.django_db
def test_a_person_holds_a_municipal_role_once_per_municipality_but_may_hold_it_in_two():
    user = municipal_user(Role.MUNICIPAL_MEMBER, "Сочи")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.MUNICIPAL_MEMBER, municipality=municipality("Сочи"))
    add_hat(user, Role.MUNICIPAL_MEMBER, municipality=municipality("Краснодар"))
    assert user.municipality_ids(Role.MUNICIPAL_MEMBER) == {municipality("Сочи").pk, municipality("Краснодар").pk}


@pytest.mark.django_db
def test_user_full_name_and_the_labels_of_their_roles():
    user = UserFactory(role=Role.MUNICIPAL_MEMBER, municipality=municipality("Сочи"), patronymic="")
    add_hat(user, Role.REGIONAL_MEMBER)
    assert user.full_name == "Иванова Мария"
    assert user.hat_labels == ["Член территориальной конкурсной комиссии · Сочи", "Член краевой конкурсной комиссии"]
    assert user.role_label == "Член территориальной конкурсной комиссии · Сочи; Член краевой конкурсной комиссии"
    assert user.roles == {Role.MUNICIPAL_MEMBER, Role.REGIONAL_MEMBER}
    assert user.has_role(Role.REGIONAL_MEMBER)
    assert not user.has_role(Role.STAFF)
    assert user.municipality_for() == municipality("Сочи")
    add_hat(user, Role.MUNICIPAL_SECRETARY, municipality=municipality("Сочи"))
    assert user.hat_labels == [
        "Член территориальной конкурсной комиссии, Секретарь территориальной конкурсной комиссии · Сочи",
        "Член краевой конкурсной комиссии",
    ]


@pytest.mark.django_db
def test_a_person_without_memberships_has_no_role():
    user = UserFactory(role="")
    assert user.hat_labels == ["Роль не назначена"]
    assert user.organization is None
    assert not user.is_representative
    assert not user.is_staff_member


@pytest.mark.django_db
def test_holding_finds_active_people_of_a_role_in_its_scope():
    own, other = OrganizationFactory(), OrganizationFactory()
    representative = UserFactory(role=Role.ORGANIZATION, organization=own)
    UserFactory(role=Role.ORGANIZATION, organization=own, is_active=False)
    UserFactory(role=Role.ORGANIZATION, organization=other)
    office = UserFactory(role=Role.LABOUR_OFFICE, municipality=municipality("Сочи"))
    UserFactory(role=Role.LABOUR_OFFICE, municipality=municipality("Краснодар"))

    assert list(User.objects.holding(Role.ORGANIZATION, organization=own)) == [representative]
    assert list(User.objects.holding(Role.LABOUR_OFFICE, Role.STAFF, municipality=municipality("Сочи"))) == [office]
