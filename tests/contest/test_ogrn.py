"""ОГРН (13 digits) and ОГРНИП (15 digits): our check digit, which takes the last digit of the remainder, where
python-stdnum 2.2 compares the whole remainder and so refuses every ОГРНИП whose remainder mod 13 is 10, 11 or 12."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

from contest.enums import LegalForm, Role
from contest.models import Organization
from contest.validators import is_valid_ogrn, ogrn_check_digit, validate_ogrn
from tests.contest.test_paper_import import paper_row, run
from tests.contest.test_registration import field_errors, newcomer, organization_data
from tests.factories import OrganizationFactory, municipal_user, municipality, open_contest

CHECKSUM = "ОГРН не прошёл проверку контрольной суммы — проверьте цифры."

# Real ОГРНИП published by individual entrepreneurs with their requisites (a site's footer or contract details),
# chosen because the remainder of their first 14 digits mod 13 has two digits: (number, remainder).
REAL_OGRNIP = [
    ("325940100010690", 10),  # registered 18.02.2025 by МИФНС № 1 по ЛНР (region code 94)
    ("323570000015061", 11),  # Орловская область (57)
    ("317237500425682", 12),  # Краснодарский край (23)
]

# Computed ОГРНИП: a 14-digit body «3 11 23 …» (2011, Krasnodar Krai) per remainder; the check digit is its last digit.
BODY_BY_REMAINDER = {10: "31123000000011", 11: "31123000000012", 12: "31123000000000"}


def _wrong_last_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def _person_inn() -> str:
    body = "2399000001"
    return body + stdnum_inn.calc_personal_check_digits(body)


def _ogrnip(remainder: int) -> str:
    return BODY_BY_REMAINDER[remainder] + str(remainder % 10)


def test_ogrn_check_digit_of_thirteen_digits_is_remainder_mod_11_last_digit():
    assert int("102770013219") % 11 == 5
    assert ogrn_check_digit("102770013219") == "5"  # 1027700132195, ПАО Сбербанк
    assert int("112230000002") % 11 == 10
    assert ogrn_check_digit("112230000002") == "0"


def test_ogrn_check_digit_of_fifteen_digits_is_remainder_mod_13_last_digit():
    assert int("30450011600015") % 13 == 7
    assert ogrn_check_digit("30450011600015") == "7"
    for remainder, body in BODY_BY_REMAINDER.items():
        assert int(body) % 13 == remainder
        assert ogrn_check_digit(body) == str(remainder - 10)


@pytest.mark.parametrize("body", ["", "1", "1027700132195", "3045001160001", "304500116000157", "10277001321a"])
def test_ogrn_check_digit_refuses_a_body_of_wrong_length_or_not_digits(body):
    with pytest.raises(ValueError, match="an ОГРН body has 12 or 14 digits"):
        ogrn_check_digit(body)


@pytest.mark.parametrize("remainder", [10, 11, 12])
def test_ogrnip_with_two_digit_remainder_is_accepted_and_a_wrong_last_digit_refused(remainder):
    body = BODY_BY_REMAINDER[remainder]
    assert len(body) == 14
    assert int(body) % 13 == remainder
    number = body + str(remainder % 10)
    assert is_valid_ogrn(number) is True
    validate_ogrn(number)
    wrong = _wrong_last_digit(number)
    assert is_valid_ogrn(wrong) is False
    with pytest.raises(ValidationError) as refused:
        validate_ogrn(wrong)
    assert refused.value.messages == [CHECKSUM]
    assert refused.value.error_list[0].code == "checksum"


@pytest.mark.parametrize(("number", "remainder"), REAL_OGRNIP)
def test_real_ogrnip_with_two_digit_remainder_is_accepted(number, remainder):
    assert int(number[:14]) % 13 == remainder
    assert is_valid_ogrn(number) is True
    validate_ogrn(number)
    with pytest.raises(ValidationError) as refused:
        validate_ogrn(_wrong_last_digit(number))
    assert refused.value.messages == [CHECKSUM]


def test_python_stdnum_refuses_real_ogrnip_that_ours_accepts():
    number = "317237500425682"
    assert stdnum_ogrn.calc_check_digit(number) == "12"  # the whole remainder, two digits: never equals the last digit
    assert stdnum_ogrn.is_valid(number) is False
    assert ogrn_check_digit(number[:14]) == "2"
    assert is_valid_ogrn(number) is True
    # Where the remainder has one digit, both agree.
    assert stdnum_ogrn.is_valid("304500116000157") is True
    assert is_valid_ogrn("304500116000157") is True
    assert stdnum_ogrn.is_valid("1027700132195") is True
    assert is_valid_ogrn("1027700132195") is True


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("10277001321a5", "ОГРН содержит только цифры."),
        ("1027 700132195", "ОГРН содержит только цифры."),
        ("102770013219", "ОГРН состоит из 13 или 15 цифр."),
        ("31723750042568", "ОГРН состоит из 13 или 15 цифр."),
        ("1027700132194", CHECKSUM),
        ("0000000000000", CHECKSUM),  # an ОГРН never starts with 0
        ("117237500425682", CHECKSUM),  # an ОГРНИП starts with 3
        ("417237500425689", CHECKSUM),  # the right check digit, but 4 begins a ГРНИП of a later record
        ("١٠٢٧٧٠٠١٣٢١٩٥", "ОГРН содержит только цифры."),  # digits, but not ASCII ones: only 0–9 are taken
        ("2027700132194", CHECKSUM),  # the right check digit, but 2 begins a ГРН of a later record, not an ОГРН
    ],
)
def test_validate_ogrn_names_the_mistake(number, message):
    with pytest.raises(ValidationError) as refused:
        validate_ogrn(number)
    assert refused.value.messages == [message]


@pytest.mark.parametrize("value", ["", "1027700132195 ", None, 1027700132195])
def test_is_valid_ogrn_is_false_for_anything_but_a_string_of_digits(value):
    assert is_valid_ogrn(value) is False


@pytest.mark.django_db
@pytest.mark.parametrize("remainder", [10, 11, 12])
def test_individual_entrepreneur_with_such_ogrnip_passes_full_clean(remainder):
    organization = OrganizationFactory.build(
        municipality=municipality(),
        sector=None,
        full_name="Индивидуальный предприниматель Петрова Анна Сергеевна",
        short_name="ИП Петрова А. С.",
        legal_form=LegalForm.INDIVIDUAL_ENTREPRENEUR,
        inn=_person_inn(),
        ogrn=_ogrnip(remainder),
    )
    assert len(organization.inn) == 12
    organization.full_clean()


@pytest.mark.django_db
def test_individual_entrepreneur_with_wrong_ogrnip_is_refused_once_next_to_the_field():
    organization = OrganizationFactory.build(
        municipality=municipality(),
        sector=None,
        legal_form=LegalForm.INDIVIDUAL_ENTREPRENEUR,
        inn=_person_inn(),
        ogrn=_wrong_last_digit(_ogrnip(11)),
    )
    with pytest.raises(ValidationError) as refused:
        organization.full_clean()
    assert refused.value.message_dict == {"ogrn": [CHECKSUM]}


@pytest.mark.django_db
def test_peasant_farm_registered_by_its_head_with_such_ogrnip_passes_full_clean():
    organization = OrganizationFactory.build(
        municipality=municipality(),
        sector=None,
        legal_form=LegalForm.PEASANT_FARM,
        inn=_person_inn(),
        ogrn=_ogrnip(10),
    )
    organization.full_clean()


@pytest.mark.django_db
def test_registration_of_individual_entrepreneur_with_such_ogrnip_succeeds(login):
    user = newcomer()
    client = login(user)
    ogrnip = _ogrnip(12)
    spaced = f"{ogrnip[:5]} {ogrnip[5:]}"
    response = client.post(
        reverse("organization-register"),
        organization_data(
            full_name="Индивидуальный предприниматель Петрова Анна Сергеевна",
            short_name="ИП Петрова А. С.",
            legal_form=LegalForm.INDIVIDUAL_ENTREPRENEUR,
            inn=_person_inn(),
            ogrn=spaced,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("organization-profile")
    organization = Organization.objects.get()
    assert (organization.legal_form, organization.inn, organization.ogrn) == (
        LegalForm.INDIVIDUAL_ENTREPRENEUR,
        _person_inn(),
        ogrnip,
    )
    user.refresh_from_db()
    assert user.organization == organization


@pytest.mark.django_db
def test_registration_with_wrong_ogrnip_is_refused_next_to_the_field(login):
    response = login(newcomer()).post(
        reverse("organization-register"),
        organization_data(
            legal_form=LegalForm.INDIVIDUAL_ENTREPRENEUR, inn=_person_inn(), ogrn=_wrong_last_digit(_ogrnip(12))
        ),
    )
    assert response.status_code == 200
    assert field_errors(response, "ogrn") == [CHECKSUM]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_registration_page_explains_the_number_formats_next_to_the_fields(login):
    content = login(newcomer()).get(reverse("organization-register")).content.decode()
    assert (
        '<div id="id_inn_helptext" class="form-text">Юридическое лицо — 10 цифр; индивидуальный предприниматель (ИП) '
        "и крестьянское (фермерское) хозяйство, зарегистрированное главой, — 12 цифр.</div>"
    ) in content
    assert (
        '<div id="id_ogrn_helptext" class="form-text">Юридическое лицо — ОГРН из 13 цифр; ИП и крестьянское '
        "(фермерское) хозяйство, зарегистрированное главой, — ОГРНИП из 15 цифр.</div>"
    ) in content
    assert 'aria-describedby="id_inn_helptext"' in content
    assert 'aria-describedby="id_ogrn_helptext"' in content


@pytest.mark.django_db
def test_paper_card_of_individual_entrepreneur_with_such_ogrnip_is_imported():
    contest = open_contest()
    office = municipal_user(Role.LABOUR_OFFICE)
    row = paper_row(
        1,
        full_name="Индивидуальный предприниматель Петрова Анна Сергеевна",
        short_name="ИП Петрова А. С.",
        legal_form="Индивидуальный предприниматель",
        inn=_person_inn(),
        ogrn=_ogrnip(11),
    )
    report = run(contest, office, [row])
    assert report.ok, report.problems
    organization = Organization.objects.get()
    assert (organization.legal_form, organization.inn, organization.ogrn) == (
        LegalForm.INDIVIDUAL_ENTREPRENEUR,
        _person_inn(),
        _ogrnip(11),
    )
