"""Readings R7 (exclusion after a fatal accident) and R8 (size category)."""

import re
from decimal import Decimal as D

import pytest

from scoring import ExclusionProposal, OrgKind, SizeCategory, SizeDecision, exclusion_proposal, size_category
from scoring.eligibility import Band, BandDecision, band_for, band_problems

SMALL_KINDS = [OrgKind.COMMERCIAL, OrgKind.CONSUMER_COOPERATIVE, OrgKind.INDIVIDUAL_ENTREPRENEUR, OrgKind.PEASANT_FARM]
OTHER_KINDS = [OrgKind.UNITARY_ENTERPRISE, OrgKind.INSTITUTION, OrgKind.NONPROFIT]


def category(kind=OrgKind.COMMERCIAL, headcount=50, share=0):
    return size_category(kind=kind, headcount=headcount, public_share_pct=share).category


def test_enum_values_are_stable_strings():
    assert [kind.value for kind in OrgKind] == [
        "commercial",
        "consumer_cooperative",
        "individual_entrepreneur",
        "peasant_farm",
        "unitary_enterprise",
        "institution",
        "nonprofit",
    ]
    assert [c.value for c in SizeCategory] == ["small", "medium_large"]
    assert str(SizeCategory.SMALL) == "small"
    assert (SizeCategory.SMALL.label, SizeCategory.MEDIUM_LARGE.label) == ("малый бизнес", "средний и крупный бизнес")
    assert OrgKind.PEASANT_FARM.label == "крестьянское (фермерское) хозяйство"


@pytest.mark.parametrize("kind", SMALL_KINDS)
def test_r8_small_business_kinds_within_limits_are_small(kind):
    assert category(kind, 100, 25) == SizeCategory.SMALL


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_r8_other_kinds_are_medium_large_whatever_their_size(kind):
    assert category(kind, 1, 0) == SizeCategory.MEDIUM_LARGE


@pytest.mark.parametrize(("headcount", "expected"), [(0, "small"), (100, "small"), (101, "medium_large")])
def test_r8_headcount_limit_is_100_inclusive(headcount, expected):
    assert category(headcount=headcount) == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [("0", "small"), ("25", "small"), ("25,00", "small"), (D("25.01"), "medium_large"), (100, "medium_large")],
)
def test_r8_public_share_limit_is_25_percent_inclusive(share, expected):
    assert category(share=share) == expected


def test_r8_kind_may_be_given_as_its_string_value():
    assert category("peasant_farm") == SizeCategory.SMALL
    assert category("institution") == SizeCategory.MEDIUM_LARGE


def test_r8_reasons_name_every_condition_for_a_small_organization():
    decision = size_category(kind=OrgKind.COMMERCIAL, headcount=85, public_share_pct=D("10"))
    assert decision == SizeDecision(
        SizeCategory.SMALL,
        (
            "коммерческая организация (кроме государственных и муниципальных унитарных предприятий) — "
            "может относиться к малому бизнесу",
            "среднесписочная численность 85 ≤ 100",
            "доля государственной, муниципальной и общественной собственности 10 % ≤ 25 %",
        ),
    )


def test_r8_reasons_name_what_failed():
    decision = size_category(kind="unitary_enterprise", headcount=101, public_share_pct="25,01")
    assert decision.category == SizeCategory.MEDIUM_LARGE
    assert decision.reasons == (
        "государственное или муниципальное унитарное предприятие — не относится к малому бизнесу",
        "среднесписочная численность 101 > 100",
        "доля государственной, муниципальной и общественной собственности 25,01 % > 25 %",
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "ooo"}, "Неизвестный вид организации: 'ooo'."),
        ({"headcount": -1}, "Среднесписочная численность не может быть отрицательной."),
        ({"headcount": 10.0}, "Среднесписочная численность: Числа с плавающей точкой"),
        ({"headcount": "10,5"}, "Среднесписочная численность: Введите целое число."),
        ({"headcount": True}, "Среднесписочная численность: Ожидается число, а не логическое значение."),
        ({"public_share_pct": "101"}, "должна быть от 0 до 100 %"),
        ({"public_share_pct": "-1"}, "должна быть от 0 до 100 %"),
        ({"public_share_pct": None}, "Доля государственной, муниципальной и общественной собственности: Введите число"),
    ],
)
def test_r8_invalid_arguments_raise_value_error_in_russian(arguments, message):
    kwargs = {"kind": OrgKind.COMMERCIAL, "headcount": 10, "public_share_pct": 0, **arguments}
    with pytest.raises(ValueError, match=re.escape(message)):
        size_category(**kwargs)


def test_r7_no_fatal_accident_no_proposal():
    assert exclusion_proposal(fatal_accidents=0, fatal_transport_no_fault=0) == ExclusionProposal(
        False, "Несчастных случаев на производстве со смертельным исходом нет."
    )


@pytest.mark.parametrize(("fatal", "transport", "not_excepted"), [(1, 0, 1), (2, 1, 1), (3, 0, 3)])
def test_r7_a_fatal_accident_outside_the_transport_exception_proposes_exclusion(fatal, transport, not_excepted):
    proposal = exclusion_proposal(fatal_accidents=fatal, fatal_transport_no_fault=transport)
    assert proposal.propose is True
    assert proposal.reason == (
        f"Несчастные случаи на производстве со смертельным исходом: {fatal}, из них не подпадают под исключение "
        f"для транспортных происшествий без вины организации: {not_excepted}. Предлагается исключить из "
        "дальнейшего участия в смотре-конкурсе (п. 4.9 Положения); решение принимает комиссия."
    )


@pytest.mark.parametrize("fatal", [1, 2])
def test_r7_only_transport_accidents_without_fault_propose_nothing_citing_4_9(fatal):
    proposal = exclusion_proposal(fatal_accidents=fatal, fatal_transport_no_fault=fatal)
    assert proposal.propose is False
    assert proposal.reason.startswith(
        f"Все несчастные случаи со смертельным исходом ({fatal}) произошли при катастрофах"
    )
    assert "исключение п. 4.9 Положения" in proposal.reason


@pytest.mark.parametrize(
    ("fatal", "transport", "message"),
    [
        (1, 2, "не может быть больше"),
        (-1, 0, "не может быть отрицательным"),
        (0, -1, "не может быть отрицательным"),
        ("1.5", 0, "Несчастные случаи со смертельным исходом: Введите целое число."),
        (1, True, "Транспортные несчастные случаи без вины организации: Ожидается число, а не логическое"),
    ],
)
def test_r7_invalid_counts_raise_value_error(fatal, transport, message):
    with pytest.raises(ValueError, match=message):
        exclusion_proposal(fatal_accidents=fatal, fatal_transport_no_fault=transport)


def test_r7_accepts_counts_as_strings():
    assert exclusion_proposal(fatal_accidents="1", fatal_transport_no_fault="1").propose is False


def test_size_category_share_is_printed_without_trailing_zeros():
    # A DecimalField gives Decimal("0.00"); the reason reads as a person would write it.
    decision = size_category(kind=OrgKind.COMMERCIAL, headcount=10, public_share_pct=D("30.00"))
    assert decision.reasons[2] == "доля государственной, муниципальной и общественной собственности 30 % > 25 %"
    decision = size_category(kind=OrgKind.COMMERCIAL, headcount=10, public_share_pct=D("12.50"))
    assert decision.reasons[2] == "доля государственной, муниципальной и общественной собственности 12,5 % ≤ 25 %"


# --- R8 with an edition's own limits, and headcount bands -----------------------------------------------------------

BANDS = (Band("to-50", None, 50), Band("51-1000", 51, 1000), Band("over-1000", 1001, None))


def test_r8_limits_and_kinds_may_be_the_editions():
    decision = size_category(
        kind=OrgKind.INSTITUTION,
        headcount=150,
        public_share_pct=D("40.50"),
        max_headcount=200,
        max_public_share_pct=50,
        small_kinds=["institution"],
    )
    assert decision == SizeDecision(
        SizeCategory.SMALL,
        (
            "государственное или муниципальное учреждение — может относиться к малому бизнесу",
            "среднесписочная численность 150 ≤ 200",
            "доля государственной, муниципальной и общественной собственности 40,5 % ≤ 50 %",
        ),
    )
    assert category(kind=OrgKind.COMMERCIAL, headcount=10) == SizeCategory.SMALL
    assert (
        size_category(
            kind=OrgKind.COMMERCIAL, headcount=10, public_share_pct=0, small_kinds=[OrgKind.PEASANT_FARM]
        ).category
        == SizeCategory.MEDIUM_LARGE
    )


@pytest.mark.parametrize(
    ("headcount", "code"),
    [(0, "to-50"), (50, "to-50"), (51, "51-1000"), ("1000", "51-1000"), (1001, "over-1000"), (100000, "over-1000")],
)
def test_band_for_bounds_are_inclusive(headcount, code):
    assert band_for(headcount, BANDS).code == code


def test_band_for_names_the_band_in_its_reason():
    assert band_for(7, BANDS) == BandDecision("to-50", ("среднесписочная численность 7 человек — до 50 человек",))
    assert band_for(51, BANDS).reasons == ("среднесписочная численность 51 человек — от 51 до 1000 человек",)
    assert band_for(5000, BANDS).reasons == ("среднесписочная численность 5000 человек — свыше 1000 человек",)
    assert band_for(3, [Band("all", 0, None)]).reasons == ("среднесписочная численность 3 человек — любая численность",)


def test_band_for_reads_bands_in_any_order():
    assert band_for(60, tuple(reversed(BANDS))).code == "51-1000"


@pytest.mark.parametrize(
    ("headcount", "bands", "message"),
    [
        (-1, BANDS, "Среднесписочная численность не может быть отрицательной."),
        ("много", BANDS, "Среднесписочная численность: "),
        (10, (), "Группы участников по численности не заданы."),
        (10, (Band("a", 0, 10),), "У последней группы не должно быть наибольшей численности"),
    ],
)
def test_band_for_bad_input_raises_value_error_in_russian(headcount, bands, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        band_for(headcount, bands)


def test_band_problems_none_for_contiguous_bands_and_for_no_bands():
    assert band_problems(BANDS) == []
    assert band_problems(()) == []
    assert band_problems([Band("all", None, None)]) == []


@pytest.mark.parametrize(
    ("bands", "problems"),
    [
        (
            [Band("a", 0, 50), Band("b", 60, None)],
            ["Между группами пропущена численность от 51 до 59 человек."],
        ),
        (
            [Band("a", 10, None)],
            ["Между группами пропущена численность от 0 до 9 человек."],
        ),
        (
            [Band("a", 0, 50), Band("b", 50, None)],
            ["Группа «b» пересекается с предыдущей: численность 50 человек входит в обе."],
        ),
        (
            [Band("a", 0, None), Band("b", 100, None)],
            ["Группа «b» пересекается с группой без наибольшей численности: та должна быть последней."],
        ),
        (
            [Band("a", 0, 50), Band("b", 51, 1000)],
            [
                "У последней группы не должно быть наибольшей численности: численность от 1001 человек "
                "не попадает ни в одну группу."
            ],
        ),
        (
            [Band("a", 0, 50), Band("b", 100, 51), Band("c", 51, None)],
            ["Группа «b»: наибольшая численность должна быть не меньше наименьшей, обе — не меньше 0."],
        ),
        (
            [Band("a", -5, 50), Band("c", 51, None)],
            [
                "Группа «a»: наибольшая численность должна быть не меньше наименьшей, обе — не меньше 0.",
                "Между группами пропущена численность от 0 до 50 человек.",
            ],
        ),
    ],
)
def test_band_problems_name_gaps_overlaps_and_an_open_end(bands, problems):
    assert band_problems(bands) == problems
