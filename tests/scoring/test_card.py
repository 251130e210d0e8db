"""Whole cards: maximum, zero, a worked example, the explanations per line, readings R1–R6."""

import dataclasses
from decimal import Decimal as D

import pytest

from scoring import CardResult, score_card
from tests.scoring.cards import full_card, zero_card

CODES = [
    "K1/1",
    "K1/2",
    "K2",
    "K3",
    "K4",
    "K5",
    "K6",
    "K7",
    "K8",
    "K9",
    "K10",
    "K11",
    "K12",
    "K13",
    "K14",
    "K15",
    "K16",
    "K17/1",
    "K17/2",
    "K18",
    "K19",
]


def test_full_card_scores_the_maximum_148():
    result = score_card(full_card())
    assert result.total == D(148)
    assert result.max_total == D(148)
    assert all(line.points == line.max_points for line in result.lines)


def test_zero_card_scores_nothing():
    result = score_card(zero_card())
    assert result.total == D(0)
    assert set(result.points.values()) == {D(0)}
    assert result.derived == {"kt": D("30.0"), "kch": D("100.0"), "spending_per_worker": D(0)}


def test_points_are_keyed_by_indicator_code_in_table_order():
    result = score_card(full_card())
    assert list(result.points) == CODES
    assert [line.code for line in result.lines] == CODES
    assert all(isinstance(value, D) for value in result.points.values())
    assert isinstance(result.total, D)


def test_worked_example_card_totals_95_5():
    # A realistic card, as a web form gives it (strings with commas and spaces), computed by hand:
    #   K1/1  Кт = 23 / 1 = 23,0                          → «от 20,1 до 25,0»   0,5
    #   K1/2  Кч = 1 × 1000 / 850 = 1,176… → 1,2          → «от 1,1 до 1,5»     1
    #   K2    92,5 %  (90 ≤ x < 100)                                            2
    #   K3    97 %    (95 ≤ x < 100)                                            3
    #   K4 да 5, K5 да 3, K6 да 10, K7 да 3, K8 да 10, K9 да 5, K10 да 6       42
    #   K11   нет                                                               0
    #   K12   76,4 %  (70 ≤ x < 90)                                            10
    #   K13   нет                                                               0
    #   K14   98,3 %  of 120 hazardous workers (95 ≤ x < 100)                   5
    #   K15   да                                                                5
    #   K16   100 %                                                             6
    #   K17/1 100 %                                                            10
    #   K17/2 87,5 %  (85 ≤ x < 100)                                            3
    #   K18   4 125 000 / 850 = 4852,94… → 4853 руб.      → «от 4001 до 5000»   3
    #   K19   да                                                                5
    #   total 0,5 + 1 + 2 + 3 + 42 + 0 + 10 + 0 + 5 + 5 + 6 + 10 + 3 + 3 + 5 = 95,5
    values = {
        "avg_headcount": "850",
        "accidents": "1",
        "incapacity_days": 23,
        "sanitary_pct": "92,5",
        "ppe_pct": " 97 ",
        "has_ohs_office": True,
        "has_ohs_corners": True,
        "has_ohs_regulation": True,
        "has_legal_acts": True,
        "has_ohs_service": True,
        "has_ohs_records": True,
        "has_joint_committee": True,
        "has_union_representative": False,
        "assessment_pct": "76.4",
        "has_ohs_certification": False,
        "hazardous_workers": 120,
        "medical_exams_pct": D("98.3"),
        "has_agreement_section": True,
        "agreement_done_pct": 100,
        "training_managers_pct": "100",
        "training_committee_pct": "87,5",
        "ohs_spending_rub": "4125000",
        "has_info_materials": True,
    }
    result = score_card(values)
    assert result.derived == {"kt": D("23.0"), "kch": D("1.2"), "spending_per_worker": D(4853)}
    assert dict(result.points) == {
        "K1/1": D("0.5"),
        "K1/2": D(1),
        "K2": D(2),
        "K3": D(3),
        "K4": D(5),
        "K5": D(3),
        "K6": D(10),
        "K7": D(3),
        "K8": D(10),
        "K9": D(5),
        "K10": D(6),
        "K11": D(0),
        "K12": D(10),
        "K13": D(0),
        "K14": D(5),
        "K15": D(5),
        "K16": D(6),
        "K17/1": D(10),
        "K17/2": D(3),
        "K18": D(3),
        "K19": D(5),
    }
    assert result.total == D("95.5")
    assert result.table_key == "krasnodar-2011"
    assert result.values["sanitary_pct"] == D("92.5")
    assert result.values["avg_headcount"] == 850


def test_line_explains_a_bracket_with_the_derived_value_r1():
    line = score_card(full_card(accidents=2, incapacity_days=7)).line("K1/1")
    assert line.value == D("3.5")
    assert line.points == D(5)
    assert line.max_points == D(10)
    assert line.basis == "Кт = 3,5: от 0,1 до 4,0 → 5"
    assert line.readings == ("R1",)
    assert line.not_required is False
    assert line.title == "Состояние травматизма на производстве: коэффициент тяжести (Кт)"


def test_line_explains_kch_zero_row():
    line = score_card(full_card()).line("K1/2")
    assert line.basis == "Кч = 0: Кч = 0 → 10"
    assert line.readings == ("R1",)


def test_line_explains_a_percentage_bracket_with_reading_r3():
    line = score_card(full_card(sanitary_pct="90")).line("K2")
    assert line.value == D(90)
    assert line.basis == "90 %: не менее 90 %, но менее 100 % (в источнике «99 – 90 %») → 2"
    assert line.readings == ("R3",)


def test_line_explains_a_yes_no_answer():
    result = score_card(full_card(has_legal_acts=False))
    assert result.line("K7").basis == "нет → 0"
    assert result.line("K7").value is False
    assert result.line("K7").readings == ()
    assert result.line("K6").basis == "да → 10"


def test_reading_r2_spending_line_below_5000():
    line = score_card(full_card(avg_headcount=4, hazardous_workers=0, ohs_spending_rub="10002")).line("K18")
    assert line.value == D(2501)  # 2500,5
    assert line.basis == "Затраты на одного работника = 2501 руб.: от 2501 до 3000 руб. → 1"
    assert line.readings == ("R2",)


def test_reading_r6_adds_half_points_to_3_per_full_thousand():
    line = score_card(full_card(avg_headcount=1, hazardous_workers=0, ohs_spending_rub="7999")).line("K18")
    assert line.points == D("4")
    assert line.basis == (
        "Затраты на одного работника = 7999 руб.: R6: за каждую полную тысячу свыше 5000 руб. — 3 + 0,5 × 2 → 4"
    )
    assert line.readings == ("R2", "R6")


def test_reading_r6_caps_k18_as_a_whole_at_5():
    line = score_card(full_card(avg_headcount=1, hazardous_workers=0, ohs_spending_rub="12000")).line("K18")
    assert line.points == D(5)
    assert line.basis == (
        "Затраты на одного работника = 12\u00a0000 руб.: R6: за каждую полную тысячу свыше 5000 руб. — "
        "3 + 0,5 × 7, но всего не более 5 → 5"
    )


def test_reading_r4_no_hazardous_workers_counts_k14_as_100_percent():
    line = score_card(full_card(hazardous_workers=0, medical_exams_pct=None)).line("K14")
    assert line.points == D(10)
    assert line.value is None
    assert line.not_required is True
    assert line.readings == ("R4",)
    assert line.basis == "R4: нет работников во вредных условиях — осмотры не требуются → 10"


def test_reading_r4_ignores_a_given_percentage_when_nobody_owes_an_exam():
    result = score_card(full_card(hazardous_workers=0, medical_exams_pct="40"))
    assert result.points["K14"] == D(10)
    assert result.line("K14").not_required is True


def test_reading_r4_does_not_apply_with_hazardous_workers():
    line = score_card(full_card(hazardous_workers=1, medical_exams_pct="100")).line("K14")
    assert line.not_required is False
    assert line.readings == ("R3",)
    assert line.value == D(100)


def test_reading_r5_no_agreement_section_gives_k16_zero():
    result = score_card(full_card(has_agreement_section=False, agreement_done_pct=100))
    line = result.line("K16")
    assert (result.points["K15"], line.points, line.value) == (D(0), D(0), None)
    assert line.basis == "R5: нет раздела «Охрана труда» в колдоговоре → 0"
    assert line.readings == ("R5",)
    assert line.not_required is False
    assert result.total == D(148 - 5 - 6)


def test_reading_r5_no_joint_committee_gives_k17_2_zero():
    result = score_card(full_card(has_joint_committee=False, training_committee_pct=None))
    line = result.line("K17/2")
    assert (result.points["K10"], line.points, line.value) == (D(0), D(0), None)
    assert line.basis == "R5: нет совместного комитета (комиссии) по охране труда → 0"
    assert line.readings == ("R5",)
    assert result.total == D(148 - 6 - 5)


def test_card_result_is_frozen_and_hashable():
    result = score_card(full_card())
    assert isinstance(result, CardResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = D(0)
    with pytest.raises(TypeError):
        result.points["K1/1"] = D(0)
    assert hash(result) == hash(score_card(full_card()))
    assert (
        repr(result.derived)
        == "FrozenMap({'kt': Decimal('0'), 'kch': Decimal('0'), 'spending_per_worker': Decimal('9000')})"
    )


def test_values_are_not_mutated():
    values = full_card(sanitary_pct="95,5")
    before = dict(values)
    score_card(values)
    assert values == before
