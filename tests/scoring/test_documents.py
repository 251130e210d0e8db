"""Point tables as JSON documents: reading, writing, and the Russian errors of a broken document."""

import dataclasses
import json
from decimal import Decimal as D
from importlib import resources

import pytest

from scoring import (
    Condition,
    Derived,
    Override,
    Sample,
    TableDocumentError,
    TableError,
    dump_table,
    get_table,
    load_table,
    read_table,
    score_card,
    write_table,
)
from scoring.documents import _encode, _pretty
from tests.scoring.documents import TINY, tiny


def built_in_document(name: str) -> str:
    return resources.files("scoring.tables").joinpath(name).read_text(encoding="utf-8")


# Reading a valid document


def test_load_table_of_a_valid_document_builds_a_table_that_scores():
    table = load_table(tiny())
    assert (table.key, table.title, table.description, table.max_total) == (
        "tiny-2030",
        "Крошечная таблица, 2030",
        "",
        D(6),
    )
    assert table.derived[0] == Derived(
        "share", "Доля обученных", "обучено × 100 ÷ численность", ("trained",), ("people",), D(100), D("0.1"), unit="%"
    )
    assert table.indicators[1].rules[2] == Override(
        "X1", Condition("people", 1), "один работник", "один работник", D(1)
    )
    assert table.samples == (Sample("Обычная карта", {"people": 4, "trained": 2, "score": "6", "ok": True}),)
    result = score_card(table.samples[0].values, table=table)
    assert (dict(result.points), result.derived["share"]) == ({"A": D(2), "B": D(3), "C": D(1)}, D("50.0"))


def test_load_table_does_not_change_the_document():
    document = tiny()
    load_table(document)
    assert document == TINY


@pytest.mark.parametrize("name", ["krasnodar-2011", "example-2026"])
def test_load_table_of_dump_table_is_the_same_table_for_the_built_in_tables(name):
    table = get_table(name)
    assert load_table(dump_table(table)) == table
    assert load_table(json.loads(json.dumps(dump_table(table)))) == table


@pytest.mark.parametrize("name", ["krasnodar-2011", "example-2026"])
def test_built_in_documents_are_written_exactly_as_write_table_writes_them(name):
    assert built_in_document(f"{name}.json") == write_table(get_table(name))


def test_dump_table_writes_decimals_as_strings_and_leaves_defaults_out():
    document = dump_table(load_table(tiny()))
    assert document["inputs"][0] == {"key": "people", "label": "Численность", "kind": "int", "min": "1"}
    assert document["derived"][0] == TINY["derived"][0]
    assert document["indicators"][0]["rules"][1] == {
        "type": "bracket",
        "label": "менее 5",
        "points": "0",
        "high": "5",
        "high_inclusive": False,
    }
    assert document == TINY  # TINY writes no default


def test_dump_table_writes_a_sum_as_a_list_of_keys_without_a_denominator_and_assumed_values_without_points():
    table = get_table("example-2026")
    document = dump_table(table)
    total = next(d for d in document["derived"] if d["key"] == "measures_total_rub")
    assert (total["numerator"], "denominator" in total) == (["measures_own_rub", "measures_sfr_rub"], False)
    override = document["indicators"][9]["rules"][-1]
    assert (override["assume_value"], "points" in override) == ("100", False)
    assert table.indicators[9].rules[-1].points == D(10)


def test_dump_table_leaves_empty_optional_parts_out():
    document = tiny()
    for key in ("derived", "checks", "readings", "samples"):
        del document[key]
    document["indicators"] = document["indicators"][:1] + document["indicators"][2:]
    assert dump_table(load_table(document)) == document


def test_encode_writes_conditions_and_mappings_with_decimals_as_strings():
    assert _encode(Condition("x", D("2.50"))) == {"key": "x", "equals": "2.50"}
    assert _encode({"cap": D(5)}) == {"cap": "5"}
    assert _encode((D("0.1"), True, None, 3)) == ["0.1", True, None, 3]


# Text


def test_write_table_indents_by_two_keeps_cyrillic_and_puts_short_lists_on_one_line():
    text = write_table(get_table("krasnodar-2011"))
    assert text.startswith('{\n  "format": "ohs-point-table",\n  "version": 1,\n  "key": "krasnodar-2011",\n')
    assert '      "readings": ["R1"],\n' in text
    assert '      "fraction": ["кол-во дней нетрудоспособности", "кол-во случаев"]\n' in text
    assert text.endswith("}\n")
    assert "\\u" not in text


def test_write_table_puts_a_long_list_on_several_lines_and_empty_ones_as_brackets():
    assert _pretty({"a": [f"поле_{n}" for n in range(3)], "b": [], "c": {}}, "") == (
        '{\n  "a": ["поле_0", "поле_1", "поле_2"],\n  "b": [],\n  "c": {}\n}'
    )
    long = [f"очень_длинный_ключ_поля_{n}" for n in range(4)]
    assert _pretty({"a": long}, "") == '{\n  "a": [\n' + ",\n".join(f'    "{key}"' for key in long) + "\n  ]\n}"


def test_read_table_reads_text_and_bytes_and_json_fractions_exactly():
    document = tiny()
    document["derived"][0]["quantum"] = "QUANTUM"
    text = json.dumps(document, ensure_ascii=False).replace('"QUANTUM"', "0.1")
    assert read_table(text).derived[0].quantum == D("0.1")
    assert read_table("\ufeff".encode() + text.encode()) == read_table(text)


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ('{"format": "ohs-point-table",\n "version": 1,,}', ["Документ: это не JSON — ошибка в строке 2, столбце 15."]),
        (b"\xff\xfe{}", ["Документ: файл должен быть в кодировке UTF-8."]),
        ("[1, 2]", ["Документ: ожидается объект JSON { … }, а не [1, 2]."]),
        ("[" * 100_000, ["Документ: слишком глубокая вложенность — это не документ таблицы."]),
    ],
)
def test_read_table_of_what_is_not_a_document_names_why(text, errors):
    with pytest.raises(TableDocumentError) as caught:
        read_table(text)
    assert list(caught.value.errors) == errors


def test_table_document_error_is_a_table_error_listing_every_error():
    with pytest.raises(TableError) as caught:
        load_table(tiny(title="", colour=1))
    assert str(caught.value) == (
        "В документе таблицы показателей ошибки (2):\n"
        "— Документ: неизвестный ключ «colour».\n"
        "— Документ: название («title») должно быть непустой строкой."
    )


def test_read_table_of_nan_reports_a_number_error():
    text = json.dumps(tiny()).replace('"factor": "100"', '"factor": NaN')
    with pytest.raises(TableDocumentError) as caught:
        read_table(text)
    assert list(caught.value.errors) == [
        '«Производное значение share»: множитель («factor») должен быть числом, а не "NaN".'
    ]


# Samples


def test_sample_keeps_values_as_a_document_holds_them():
    sample = Sample("Карта", {"a": D("92.50"), "b": 3, "c": True, "d": None})
    assert dict(sample.values) == {"a": "92.50", "b": 3, "c": True, "d": None}
    assert sample == Sample("Карта", {"a": "92.50", "b": 3, "c": True, "d": None})
    assert hash(sample) == hash(Sample("Карта", {"a": "92.50", "b": 3, "c": True, "d": None}))


def test_samples_are_part_of_a_tables_equality():
    table = load_table(tiny())
    assert table != dataclasses.replace(table, samples=())


def test_document_names_are_exported():
    import scoring

    for name in ("load_table", "dump_table", "read_table", "write_table", "TableDocumentError", "Sample", "score_with"):
        assert name in scoring.__all__
        assert hasattr(scoring, name)
