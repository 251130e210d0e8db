"""A table document's rules must take every value their source allows, each by one rule only."""

from decimal import Decimal as D
from typing import Any

import pytest

from scoring import load_table
from scoring.coverage import INF, describe
from tests.scoring.documents import errors_of, tiny


def bracket(**bounds: Any) -> dict[str, Any]:
    return {"type": "bracket", "label": "строка", "points": "1", **bounds}


def with_rules(rules: list[Any], source: str = "score", **parts: list[Any]) -> dict[str, Any]:
    """TINY with one indicator Z of ``source`` and ``rules``; ``parts`` are added to its inputs or derived values."""
    document = tiny(samples=[])
    for key, items in parts.items():
        document[key] = document[key] + items
    document["indicators"] = [{"code": "Z", "title": "Z", "source": source, "rules": rules}]
    return document


@pytest.mark.parametrize(
    ("rules", "source", "errors"),
    [
        (
            [bracket(low="5"), bracket(high="4")],
            "score",
            ["значения больше 4 и меньше 5 не попадают ни в одну строку."],
        ),
        (
            [bracket(low="5", low_inclusive=False), bracket(high="5", high_inclusive=False)],
            "score",
            ["значение 5 не попадает ни в одну строку."],
        ),
        ([bracket(low="5"), bracket(high="5")], "score", ["правила 1 и 2 пересекаются: значение 5 подходит под оба."]),
        (
            [bracket(low="2", high="8"), bracket(low="5", high="9")],
            "score",
            [
                "значения не меньше 0 и меньше 2 не попадают ни в одну строку.",
                "правила 1 и 2 пересекаются: значения от 5 до 8 включительно подходят под оба.",
                "значения больше 9 и не больше 10 не попадают ни в одну строку.",
            ],
        ),
        (
            [bracket(), bracket(), bracket()],
            "score",
            [
                "правила 1 и 2 пересекаются: значения от 0 до 10 включительно подходят под оба.",
                "правила 1 и 3 пересекаются: значения от 0 до 10 включительно подходят под оба.",
            ],
        ),
        ([bracket(low="5"), bracket(high="3")], "people", ["значение 4 не попадает ни в одну строку."]),
        ([bracket(low="1", high="3")], "people", ["значения не меньше 4 не попадают ни в одну строку."]),
        ([bracket(low="0", high="0"), bracket(low="0.2")], "share", ["значение 0,1 не попадает ни в одну строку."]),
        (
            [{"type": "flag", "value": True, "points": "1"}, {"type": "flag", "value": True, "points": "2"}],
            "ok",
            ["для ответа «да» несколько правил: 1, 2.", "нет правила для ответа «нет»."],
        ),
    ],
)
def test_rules_that_leave_a_gap_or_overlap_are_named(rules, source, errors):
    assert errors_of(with_rules(rules, source)) == [f"«Показатель Z»: {error}" for error in errors]


def test_an_indicator_with_overrides_only_takes_no_value():
    override = {"type": "override", "reading": "X1", "when": {"key": "ok", "equals": True}, "label": "l", "text": "t"}
    assert errors_of(with_rules([override | {"points": "1"}], "people")) == [
        "«Показатель Z»: значения не меньше 1 не попадают ни в одну строку."
    ]


@pytest.mark.parametrize(
    ("rules", "source"),
    [
        ([bracket(low="0"), bracket(high="0", high_inclusive=False)], "score"),  # a row below the range does no harm
        ([bracket(low="4"), bracket(high="3")], "people"),  # whole numbers: nothing between 3 and 4
        ([bracket(low="0", high="0"), bracket(low="0.1", high="50"), bracket(low="50.1")], "share"),  # rounded to 0,1
    ],
)
def test_rules_that_take_every_value_the_source_can_take_are_accepted(rules, source):
    assert load_table(with_rules(rules, source)).indicators[0].code == "Z"


def test_a_value_that_can_be_negative_needs_rows_below_zero():
    derived = [{"key": "d", "label": "d", "formula": "f", "numerator": ["neg", "trained"]}]
    document = with_rules(
        [bracket(low="0")], "d", inputs=[{"key": "neg", "label": "n", "kind": "decimal"}], derived=derived
    )
    assert errors_of(document) == ["«Показатель Z»: значения не больше −1 не попадают ни в одну строку."]


def test_an_unbounded_input_needs_rows_for_every_number():
    document = with_rules([bracket(low="0")], "x", inputs=[{"key": "x", "label": "x", "kind": "decimal"}])
    assert errors_of(document) == ["«Показатель Z»: значения меньше 0 не попадают ни в одну строку."]


def test_a_step_above_a_row_that_reaches_it_overlaps():
    step = {"type": "step", "label": "s", "threshold": "8", "step": "1", "step_points": "1", "base_points": "1"}
    document = with_rules([bracket(high="5", high_inclusive=False), bracket(low="5"), step | {"cap_param": "cap"}])
    document["params"] = {"cap": "3"}
    assert errors_of(document) == [
        "«Показатель Z»: правила 2 и 3 пересекаются: значения больше 8 и не больше 10 подходят под оба."
    ]


def test_a_derived_value_with_its_own_error_is_not_checked_for_gaps():
    document = with_rules([bracket(low="5")], "share")
    document["derived"][0]["quantum"] = "0"
    assert errors_of(document) == [
        "«Производное значение share»: шаг округления («quantum») — это 1, 0.1, 0.01 и т. д.: до какого знака округляется значение."
    ]


def test_an_input_with_its_own_error_is_not_checked_for_gaps_nor_named_unknown():
    document = with_rules([bracket(low="5")], "score")
    document["inputs"][2]["kind"] = "number"
    assert errors_of(document) == [
        "«Поле карты score»: неизвестный тип («kind») «number»: допустимы int, decimal, bool."
    ]


def test_a_derived_value_of_an_input_with_its_own_error_is_not_checked_for_gaps():
    document = with_rules([bracket(low="50")], "share")
    document["inputs"][1]["min"] = "x"
    assert errors_of(document) == ['«Поле карты trained»: наименьшее значение («min») должно быть числом, а не "x".']


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        ((D(5), 0), (D(5), 0), ("значение 5", False)),
        ((D(1), 0), (D(3), 0), ("значения от 1 до 3 включительно", True)),
        ((D(1), 1), (D(3), -1), ("значения больше 1 и меньше 3", True)),
        ((-INF, 0), (D(3), 0), ("значения не больше 3", True)),
        ((D(1), 0), (INF, 0), ("значения не меньше 1", True)),
        ((-INF, 0), (INF, 0), ("все значения", True)),
    ],
)
def test_describe_names_values_the_russian_way(low, high, text):
    assert describe(low, high) == text


@pytest.mark.parametrize("quantum", ["10", "0.10", "-0.1", "0.5"])
def test_a_quantum_is_a_power_of_ten_written_as_such(quantum):
    document = tiny()
    document["derived"][0]["quantum"] = quantum
    assert errors_of(document) == [
        "«Производное значение share»: шаг округления («quantum») — это 1, 0.1, 0.01 и т. д.: до какого знака "
        "округляется значение."
    ]


def test_the_smallest_positive_value_of_a_derived_value_needs_a_row_even_off_its_rounding_grid():
    # Rounded to whole numbers, but a positive value never below 0,1: the value 0,1 occurs and needs its row.
    document = with_rules([bracket(low="0", high="0"), bracket(low="1")], "share")
    document["derived"][0].update(quantum="1", min_positive="0.1")
    assert errors_of(document) == ["«Показатель Z»: значение 0,1 не попадает ни в одну строку."]
    document["indicators"][0]["rules"][1]["low"] = "0.1"
    assert load_table(document).derived[0].min_positive == D("0.1")
