"""Both sides of every bound of every indicator of krasnodar-2011."""

from decimal import Decimal as D

import pytest

from scoring import score_card
from tests.scoring.cards import FLAGS, full_card, points


@pytest.mark.parametrize(
    ("accidents", "days", "kt", "expected"),
    [
        (0, 0, D("0"), D("10")),
        (10, 1, D("0.1"), D("5")),
        (1, 4, D("4.0"), D("5")),
        (10, 41, D("4.1"), D("2")),
        (1, 10, D("10.0"), D("2")),
        (10, 101, D("10.1"), D("1.5")),
        (1, 15, D("15.0"), D("1.5")),
        (10, 151, D("15.1"), D("1.0")),
        (1, 20, D("20.0"), D("1.0")),
        (10, 201, D("20.1"), D("0.5")),
        (1, 25, D("25.0"), D("0.5")),
        (10, 251, D("25.1"), D("0")),
        (1, 365, D("365.0"), D("0")),
    ],
)
def test_k1_1_severity_brackets_each_side_of_each_bound(accidents, days, kt, expected):
    result = score_card(full_card(avg_headcount=100_000, accidents=accidents, incapacity_days=days))
    assert result.derived["kt"] == kt
    assert result.points["K1/1"] == expected


@pytest.mark.parametrize(
    ("accidents", "headcount", "kch", "expected"),
    [
        (0, 10, D("0"), D("10")),
        (1, 10_000, D("0.1"), D("3")),
        (1, 2000, D("0.5"), D("3")),
        (3, 5000, D("0.6"), D("2")),
        (1, 1000, D("1.0"), D("2")),
        (11, 10_000, D("1.1"), D("1")),
        (3, 2000, D("1.5"), D("1")),
        (8, 5000, D("1.6"), D("0.5")),
        (1, 400, D("2.5"), D("0.5")),
        (13, 5000, D("2.6"), D("0")),
        (1, 1, D("1000.0"), D("0")),
    ],
)
def test_k1_2_frequency_brackets_each_side_of_each_bound(accidents, headcount, kch, expected):
    days = accidents  # Кт = 1,0 or 0; irrelevant here
    result = score_card(
        full_card(avg_headcount=headcount, hazardous_workers=0, accidents=accidents, incapacity_days=days)
    )
    assert result.derived["kch"] == kch
    assert result.points["K1/2"] == expected


@pytest.mark.parametrize(
    ("pct", "expected"),
    [("100", "5"), ("99.99", "2"), ("90", "2"), ("89.99", "1"), ("85", "1"), ("84.99", "0"), ("0", "0")],
)
def test_k2_sanitary_brackets_hold_their_lower_bound(pct, expected):
    assert points("K2", sanitary_pct=pct) == D(expected)


@pytest.mark.parametrize(("pct", "expected"), [("100", "5"), ("99.99", "3"), ("95", "3"), ("94.99", "0"), ("0", "0")])
def test_k3_ppe_brackets_hold_their_lower_bound(pct, expected):
    assert points("K3", ppe_pct=pct) == D(expected)


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        ("100", "15"),
        ("90", "15"),
        ("89.99", "10"),
        ("70", "10"),
        ("69.99", "5"),
        ("50", "5"),
        ("49.99", "0"),
        ("0", "0"),
    ],
)
def test_k12_assessment_brackets_hold_their_lower_bound(pct, expected):
    assert points("K12", assessment_pct=pct) == D(expected)


@pytest.mark.parametrize(("pct", "expected"), [("100", "10"), ("99.99", "5"), ("95", "5"), ("94.99", "0"), ("0", "0")])
def test_k14_medical_exams_brackets_with_hazardous_workers(pct, expected):
    assert points("K14", hazardous_workers=1, medical_exams_pct=pct) == D(expected)


@pytest.mark.parametrize(("pct", "expected"), [("100", "6"), ("99.99", "0"), ("0", "0")])
def test_k16_agreement_done_brackets(pct, expected):
    assert points("K16", agreement_done_pct=pct) == D(expected)


@pytest.mark.parametrize(("pct", "expected"), [("100", "10"), ("99.99", "0"), ("0", "0")])
def test_k17_1_training_managers_brackets(pct, expected):
    assert points("K17/1", training_managers_pct=pct) == D(expected)


@pytest.mark.parametrize(("pct", "expected"), [("100", "5"), ("99.99", "3"), ("85", "3"), ("84.99", "0"), ("0", "0")])
def test_k17_2_training_committee_brackets(pct, expected):
    assert points("K17/2", training_committee_pct=pct) == D(expected)


@pytest.mark.parametrize(
    ("per_worker", "expected"),
    [
        ("0", "0"),
        ("2500", "0"),
        ("2501", "1"),
        ("3000", "1"),
        ("3001", "2"),
        ("4000", "2"),
        ("4001", "3"),
        ("5000", "3"),
        ("5001", "3"),
        ("5999", "3"),
        ("6000", "3.5"),
        ("6999", "3.5"),
        ("7000", "4"),
        ("8000", "4.5"),
        ("8999", "4.5"),
        ("9000", "5"),
        ("9999", "5"),
        ("10000", "5"),
        ("20000", "5"),
    ],
)
def test_k18_spending_brackets_and_r6_steps_capped_at_5(per_worker, expected):
    result = score_card(full_card(avg_headcount=1, hazardous_workers=0, ohs_spending_rub=per_worker))
    assert result.derived["spending_per_worker"] == D(per_worker)
    assert result.points["K18"] == D(expected)


@pytest.mark.parametrize(
    ("spending", "headcount", "per_worker", "expected"),
    [
        ("2500.49", 1, "2500", "0"),
        ("2500.5", 1, "2501", "1"),
        ("5000.98", 2, "2500", "0"),  # 2500,49
        ("5001", 2, "2501", "1"),  # 2500,5 rounds half up
        ("17999.97", 3, "6000", "3.5"),  # 5999,99
        ("5998.5", 1, "5999", "3"),  # 5998,5 rounds up to 5999, still no full thousand above 5000
        ("5999.5", 1, "6000", "3.5"),  # rounding happens before the step count (R2 before R6)
    ],
)
def test_k18_spending_per_worker_is_rounded_half_up_to_whole_roubles(spending, headcount, per_worker, expected):
    result = score_card(full_card(avg_headcount=headcount, hazardous_workers=0, ohs_spending_rub=spending))
    assert result.derived["spending_per_worker"] == D(per_worker)
    assert result.points["K18"] == D(expected)


@pytest.mark.parametrize(
    ("flag", "code", "expected"),
    [
        ("has_ohs_office", "K4", "5"),
        ("has_ohs_corners", "K5", "3"),
        ("has_ohs_regulation", "K6", "10"),
        ("has_legal_acts", "K7", "3"),
        ("has_ohs_service", "K8", "10"),
        ("has_ohs_records", "K9", "5"),
        ("has_joint_committee", "K10", "6"),
        ("has_union_representative", "K11", "5"),
        ("has_ohs_certification", "K13", "10"),
        ("has_agreement_section", "K15", "5"),
        ("has_info_materials", "K19", "5"),
    ],
)
def test_yes_no_indicators_score_points_for_yes_and_zero_for_no(flag, code, expected):
    assert points(code, **{flag: True}) == D(expected)
    assert points(code, **{flag: False}) == D(0)


def test_yes_no_indicators_cover_every_flag_input():
    assert len(FLAGS) == 11
