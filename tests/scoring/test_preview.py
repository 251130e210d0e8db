"""Partial scoring for the live form: preview_card on incomplete and partly bad cards."""

import dataclasses
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scoring
from scoring import (
    CardPreview,
    Condition,
    InvalidCard,
    Line,
    Override,
    PendingLine,
    UnknownTable,
    get_table,
    preview_card,
    score_card,
)
from tests.scoring.cards import cards, form_cards, full_card

KRASNODAR = get_table("krasnodar-2011")
INPUT_KEYS = [spec.key for spec in KRASNODAR.inputs]
REQUIRED = "Обязательное поле."
NO_ACCIDENT_DAYS = "Дней нетрудоспособности не может быть больше 0 без несчастных случаев."
ABOVE_HEADCOUNT = "Не может превышать среднесписочную численность."


def errors_of(values) -> dict:
    """What score_card reports for ``values`` ({} when it scores them)."""
    try:
        score_card(values)
    except InvalidCard as error:
        return error.errors
    return {}


def without(values: dict, *keys: str) -> dict:
    return {key: value for key, value in values.items() if key not in keys}


def pending(preview: CardPreview) -> dict[str, tuple[str, ...]]:
    """Code → missing keys of every pending line."""
    return {line.code: line.missing for line in preview.lines if isinstance(line, PendingLine)}


def test_preview_names_are_exported():
    for name in ("preview_card", "CardPreview", "PendingLine"):
        assert name in scoring.__all__
        assert hasattr(scoring, name)


def test_dependencies_come_from_the_table_data():
    assert {indicator.code: KRASNODAR.dependencies(indicator) for indicator in KRASNODAR.indicators} == {
        "K1/1": ("incapacity_days", "accidents"),
        "K1/2": ("accidents", "avg_headcount"),
        "K2": ("sanitary_pct",),
        "K3": ("ppe_pct",),
        "K4": ("has_ohs_office",),
        "K5": ("has_ohs_corners",),
        "K6": ("has_ohs_regulation",),
        "K7": ("has_legal_acts",),
        "K8": ("has_ohs_service",),
        "K9": ("has_ohs_records",),
        "K10": ("has_joint_committee",),
        "K11": ("has_union_representative",),
        "K12": ("assessment_pct",),
        "K13": ("has_ohs_certification",),
        "K14": ("medical_exams_pct", "hazardous_workers"),
        "K15": ("has_agreement_section",),
        "K16": ("agreement_done_pct", "has_agreement_section"),
        "K17/1": ("training_managers_pct",),
        "K17/2": ("training_committee_pct", "has_joint_committee"),
        "K18": ("ohs_spending_rub", "avg_headcount"),
        "K19": ("has_info_materials",),
    }


def test_every_input_is_a_dependency_of_some_indicator():
    used = {key for indicator in KRASNODAR.indicators for key in KRASNODAR.dependencies(indicator)}
    assert used == set(INPUT_KEYS)


def test_empty_card_is_all_pending_with_every_required_key():
    preview = preview_card({})
    assert all(isinstance(line, PendingLine) for line in preview.lines)
    assert [line.code for line in preview.lines] == [indicator.code for indicator in KRASNODAR.indicators]
    assert pending(preview) == {indicator.code: KRASNODAR.dependencies(indicator) for indicator in KRASNODAR.indicators}
    assert preview.line("K1/1") == PendingLine(
        "K1/1", KRASNODAR.indicators[0].title, D(10), ("incapacity_days", "accidents")
    )
    assert (preview.total, preview.max_total, preview.complete) == (D(0), D(148), False)
    assert preview.errors == errors_of({})
    assert len(preview.errors) == 20
    assert set(preview.errors.values()) == {REQUIRED}
    assert preview.derived == {"kt": None, "kch": None, "spending_per_worker": None}
    assert preview.table_key == "krasnodar-2011"


def test_full_card_previews_as_it_scores():
    preview, result = preview_card(full_card()), score_card(full_card())
    assert preview.lines == result.lines
    assert (preview.total, preview.max_total, preview.complete) == (D(148), D(148), True)
    assert preview.errors == {}
    assert preview.derived == result.derived


def test_a_card_being_typed_shows_the_lines_it_can_already_score():
    preview = preview_card({"avg_headcount": "850", "accidents": "1", "sanitary_pct": "92,"})
    assert preview.derived == {"kt": None, "kch": D("1.2"), "spending_per_worker": None}
    assert preview.line("K1/2") == score_card(full_card(avg_headcount=850, accidents=1, incapacity_days=23)).line(
        "K1/2"
    )
    assert preview.line("K1/2").basis == "Кч = 1,2: от 1,1 до 1,5 → 1"
    assert pending(preview)["K1/1"] == ("incapacity_days",)
    assert pending(preview)["K2"] == ("sanitary_pct",)
    assert preview.errors["sanitary_pct"] == "Введите число."
    assert preview.total == D(1)
    preview = preview_card({"avg_headcount": "850", "accidents": "1", "ohs_spending_rub": "4125000"})
    assert (preview.line("K18").points, preview.total) == (D(3), D(4))


@pytest.mark.parametrize(
    ("key", "bad", "codes"),
    [
        ("sanitary_pct", "101", {"K2"}),
        ("avg_headcount", "0", {"K1/2", "K18"}),
        ("accidents", "много", {"K1/1", "K1/2"}),
        ("incapacity_days", "-1", {"K1/1"}),
        ("hazardous_workers", "5.5", {"K14"}),
        ("has_joint_committee", "да", {"K10", "K17/2"}),
        ("has_agreement_section", 1, {"K15", "K16"}),
        ("ohs_spending_rub", 1.5, {"K18"}),
        ("has_info_materials", None, {"K19"}),
    ],
)
def test_one_bad_value_leaves_only_its_dependent_lines_pending(key, bad, codes):
    values = full_card(**{key: bad})
    preview, expected = preview_card(values), score_card(full_card())
    assert pending(preview) == dict.fromkeys(codes, (key,))
    scored = [line for line in preview.lines if isinstance(line, Line)]
    assert scored == [line for line in expected.lines if line.code not in codes]
    assert preview.total == D(148) - sum(line.max_points for line in preview.lines if line.code in codes)
    assert preview.errors == errors_of(values)
    assert list(preview.errors) == [key]
    assert preview.complete is False


def test_unknown_keys_are_errors_but_do_not_hold_up_any_line():
    values = full_card(surprise=1)
    preview = preview_card(values)
    assert pending(preview) == {}
    assert preview.total == D(148)
    assert preview.errors == errors_of(values) == {"surprise": "Неизвестный показатель."}
    assert preview.complete is False


def test_r4_decides_k14_with_the_percentage_missing():
    values = without(full_card(hazardous_workers=0), "medical_exams_pct")
    preview = preview_card(values)
    line = preview.line("K14")
    assert line == score_card(values).line("K14")
    assert (line.points, line.value, line.not_required, line.readings) == (D(10), None, True, ("R4",))
    assert preview.complete is True
    assert preview.total == D(148)


def test_r4_decides_k14_even_with_a_bad_percentage():
    values = full_card(hazardous_workers=0, medical_exams_pct="сто")
    preview = preview_card(values)
    assert preview.line("K14") == score_card(full_card(hazardous_workers=0)).line("K14")
    assert preview.errors == errors_of(values) == {"medical_exams_pct": "Введите число."}
    assert preview.complete is False


def test_k14_waits_for_the_percentage_when_there_are_hazardous_workers():
    preview = preview_card(without(full_card(hazardous_workers=5), "medical_exams_pct"))
    assert pending(preview) == {"K14": ("medical_exams_pct",)}
    assert preview.errors == {"medical_exams_pct": REQUIRED}


def test_k14_waits_for_hazardous_workers_even_with_the_percentage_given():
    # 100 % would score 10 either way, but the line («не требуется» or not) depends on hazardous_workers.
    preview = preview_card(without(full_card(), "hazardous_workers"))
    assert pending(preview) == {"K14": ("hazardous_workers",)}
    preview = preview_card(without(full_card(), "hazardous_workers", "medical_exams_pct"))
    assert pending(preview) == {"K14": ("medical_exams_pct", "hazardous_workers")}
    assert preview.errors == {"hazardous_workers": REQUIRED}  # the percentage waits for the key it depends on


def test_r5_no_agreement_section_decides_k16_with_its_percentage_missing():
    values = without(full_card(has_agreement_section=False), "agreement_done_pct")
    preview = preview_card(values)
    line = preview.line("K16")
    assert line == score_card(values).line("K16")
    assert (line.points, line.value, line.readings) == (D(0), None, ("R5",))
    assert (preview.complete, preview.total) == (True, D(148 - 5 - 6))


def test_r5_no_joint_committee_decides_k17_2_with_its_percentage_missing():
    values = without(full_card(has_joint_committee=False), "training_committee_pct")
    preview = preview_card(values)
    assert preview.line("K17/2") == score_card(values).line("K17/2")
    assert preview.line("K17/2").points == D(0)
    assert (preview.complete, preview.total) == (True, D(148 - 6 - 5))


def test_k16_waits_for_the_section_flag_and_then_for_its_percentage():
    preview = preview_card(without(full_card(), "has_agreement_section"))
    assert pending(preview) == {"K15": ("has_agreement_section",), "K16": ("has_agreement_section",)}
    preview = preview_card(without(full_card(has_agreement_section=True), "agreement_done_pct"))
    assert pending(preview) == {"K16": ("agreement_done_pct",)}


def test_days_without_accidents_make_both_keys_invalid_for_the_lines_using_them():
    values = full_card(accidents=0, incapacity_days=5)
    preview = preview_card(values)
    assert preview.errors == errors_of(values) == {"incapacity_days": NO_ACCIDENT_DAYS}
    assert pending(preview) == {"K1/1": ("incapacity_days", "accidents"), "K1/2": ("accidents",)}
    assert preview.derived == {"kt": None, "kch": None, "spending_per_worker": D(9000)}
    assert preview.total == D(148 - 10 - 10)


def test_more_hazardous_workers_than_headcount_make_both_keys_invalid_for_the_lines_using_them():
    values = full_card(avg_headcount=100, hazardous_workers=101)
    preview = preview_card(values)
    assert preview.errors == errors_of(values) == {"hazardous_workers": ABOVE_HEADCOUNT}
    assert pending(preview) == {"K1/2": ("avg_headcount",), "K14": ("hazardous_workers",), "K18": ("avg_headcount",)}
    assert preview.derived == {"kt": D(0), "kch": None, "spending_per_worker": None}
    assert preview.total == D(148 - 10 - 10 - 5)


@pytest.mark.parametrize(
    ("values", "derived"),
    [
        (without(full_card(), "accidents"), {"kt": None, "kch": None, "spending_per_worker": D(9000)}),
        (without(full_card(), "incapacity_days"), {"kt": None, "kch": D(0), "spending_per_worker": D(9000)}),
        (full_card(avg_headcount="сто"), {"kt": D(0), "kch": None, "spending_per_worker": None}),
        (full_card(ohs_spending_rub=""), {"kt": D(0), "kch": D(0), "spending_per_worker": None}),
        (full_card(accidents=2, incapacity_days=7), {"kt": D("3.5"), "kch": D(20), "spending_per_worker": D(9000)}),
    ],
)
def test_derived_values_are_none_while_an_operand_is_missing_or_invalid(values, derived):
    assert preview_card(values).derived == derived


def test_an_earlier_override_that_may_yet_hold_keeps_the_line_pending():
    # A variant where K16 is also 0 without a joint committee: R5 on the section is checked first.
    committee = Override("R5", Condition("has_joint_committee", False), "нет комитета", "нет комитета", points=D(0))
    indicators = [
        dataclasses.replace(ind, rules=[*ind.rules, committee]) if ind.code == "K16" else ind
        for ind in KRASNODAR.indicators
    ]
    table = dataclasses.replace(KRASNODAR, key="test-k16-two-overrides", indicators=indicators)
    values = without(full_card(has_joint_committee=False, training_committee_pct=None), "agreement_done_pct")
    preview = preview_card(without(values, "has_agreement_section"), table=table)
    assert pending(preview)["K16"] == ("agreement_done_pct", "has_agreement_section")
    preview = preview_card(values, table=table)
    assert preview.line("K16") == score_card({**values, "agreement_done_pct": 50}, table=table).line("K16")
    assert preview.line("K16").basis == "R5: нет комитета → 0"
    assert preview.errors == {"agreement_done_pct": REQUIRED}
    assert preview.table_key == "test-k16-two-overrides"


def test_unknown_table_key_raises_unknown_table():
    with pytest.raises(UnknownTable):
        preview_card(full_card(), table="krasnodar-2099")


def test_values_must_be_a_mapping():
    with pytest.raises(TypeError, match="Mapping"):
        preview_card([("accidents", 1)])


def test_values_are_not_mutated_and_the_preview_is_frozen():
    values = full_card(sanitary_pct="95,5", accidents="x")
    before = dict(values)
    preview = preview_card(values)
    assert values == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        preview.total = D(0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        preview.lines[0].missing = ()
    with pytest.raises(TypeError):
        preview.derived["kt"] = D(0)


@given(form_cards())
def test_a_complete_valid_card_previews_exactly_as_it_scores(values):
    preview, result = preview_card(values), score_card(values)
    assert preview.lines == result.lines
    assert preview.total == result.total
    assert preview.max_total == result.max_total
    assert preview.derived == result.derived
    assert preview.complete is True
    assert preview.errors == {}


BAD_VALUES = st.sampled_from(["x", "-1", 1.5, "1e3"])  # bad for every input of the table


@given(cards(), st.sets(st.sampled_from(INPUT_KEYS)), st.sets(st.sampled_from(INPUT_KEYS)), BAD_VALUES)
def test_removed_or_bad_keys_hold_up_only_the_lines_that_depend_on_them(values, removed, broken, bad):
    broken -= removed
    card = {**without(values, *removed), **dict.fromkeys(broken, bad)}
    damaged = removed | broken | {key for key, value in values.items() if value is None}
    full, preview = score_card(values), preview_card(card)

    assert preview.errors == errors_of(card)
    assert preview.complete == (preview.errors == {})
    if preview.complete:
        assert preview.lines == score_card(card).lines
    assert preview.total == sum(line.points for line in preview.lines if isinstance(line, Line))
    for indicator, line, expected in zip(KRASNODAR.indicators, preview.lines, full.lines, strict=True):
        assert (line.code, line.title, line.max_points) == (expected.code, expected.title, expected.max_points)
        dependencies = KRASNODAR.dependencies(indicator)
        if isinstance(line, Line):
            assert line == expected
        else:
            assert line.missing == tuple(key for key in dependencies if key in damaged) != ()
        for key in damaged & set(dependencies):
            decided_by_override = isinstance(line, Line) and any(
                rule.when.key not in damaged and rule.when.holds(full.values) for rule in indicator.overrides
            )
            assert decided_by_override or key in line.missing
    for spec in KRASNODAR.derived:
        intact = not set(spec.operands) & damaged
        assert preview.derived[spec.key] == (full.derived[spec.key] if intact else None)
