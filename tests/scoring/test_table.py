"""The table as data: its description for the public page, the registry, variants and other years."""

import dataclasses
from decimal import Decimal as D

import pytest

import scoring
from scoring import (
    DEFAULT_TABLE,
    Bracket,
    Condition,
    Derived,
    Flag,
    Indicator,
    InputSpec,
    InvalidCard,
    NotAbove,
    Override,
    Reading,
    Step,
    Table,
    TableError,
    UnknownTable,
    available_tables,
    get_table,
    register,
    score_card,
    unregister,
)
from tests.scoring.cards import full_card

KRASNODAR = get_table("krasnodar-2011")


def test_public_api_names_are_exported():
    for name in (
        "score_card",
        "rank",
        "InvalidCard",
        "get_table",
        "available_tables",
        "DEFAULT_TABLE",
        "size_category",
        "exclusion_proposal",
        "OrgKind",
        "SizeCategory",
        "SizeDecision",
    ):
        assert name in scoring.__all__
        assert hasattr(scoring, name)


def test_available_tables_lists_krasnodar_2011_first_as_default_then_the_example():
    assert DEFAULT_TABLE == "krasnodar-2011"
    assert available_tables() == [
        ("krasnodar-2011", "Краснодарский край, 2011 (Приложение № 3)"),
        ("example-2026", "Пример: таблица показателей по действующему законодательству (для адаптации)"),
    ]


def test_get_table_of_unknown_or_unhashable_key_raises_unknown_table():
    with pytest.raises(KeyError):
        get_table("nope")
    with pytest.raises(ValueError, match="не зарегистрирована"):
        get_table(["krasnodar-2011"])


def test_table_inputs_are_listed_in_spec_order_with_kinds_ranges_and_units():
    specs = {spec.key: spec for spec in KRASNODAR.inputs}
    assert list(specs) == [
        "avg_headcount",
        "accidents",
        "incapacity_days",
        "sanitary_pct",
        "ppe_pct",
        "has_ohs_office",
        "has_ohs_corners",
        "has_ohs_regulation",
        "has_legal_acts",
        "has_ohs_service",
        "has_ohs_records",
        "has_joint_committee",
        "has_union_representative",
        "assessment_pct",
        "has_ohs_certification",
        "hazardous_workers",
        "medical_exams_pct",
        "has_agreement_section",
        "agreement_done_pct",
        "training_managers_pct",
        "training_committee_pct",
        "ohs_spending_rub",
        "has_info_materials",
    ]
    assert (specs["avg_headcount"].kind, specs["avg_headcount"].min, specs["avg_headcount"].max) == ("int", D(1), None)
    assert (specs["sanitary_pct"].kind, specs["sanitary_pct"].min, specs["sanitary_pct"].max) == (
        "decimal",
        D(0),
        D(100),
    )
    assert specs["sanitary_pct"].unit == "%"
    assert specs["ohs_spending_rub"].unit == "руб."
    assert specs["has_ohs_office"].kind == "bool"
    assert specs["has_ohs_office"].unit == ""
    assert specs["avg_headcount"].label == "Среднесписочная численность работников"
    assert specs["medical_exams_pct"].optional_when == Condition("hazardous_workers", 0)
    assert KRASNODAR.input_spec("accidents").label.startswith("Количество несчастных случаев")


def test_indicator_rules_read_as_the_public_table():
    k1_1 = KRASNODAR.indicators[0]
    assert (k1_1.code, k1_1.source, k1_1.max_points, k1_1.readings) == ("K1/1", "kt", D(10), ("R1",))
    assert [(rule.label, rule.points_label) for rule in k1_1.rules] == [
        ("Кт = 0", "10"),
        ("от 0,1 до 4,0", "5"),
        ("от 4,1 до 10,0", "2"),
        ("от 10,1 до 15,0", "1,5"),
        ("от 15,1 до 20,0", "1,0"),
        ("от 20,1 до 25,0", "0,5"),
        ("свыше 25,0", "баллы не присваиваются"),
    ]
    k18 = KRASNODAR.indicators[19]
    assert k18.code == "K18"
    assert k18.readings == ("R2", "R6")
    assert [(rule.label, rule.points_label) for rule in k18.rules][-1] == (
        "за каждую полную тысячу свыше 5000 руб.",
        "3 + 0,5 за каждую полную тысячу, но всего не более 5",
    )
    k14 = KRASNODAR.indicators[14]
    assert k14.readings == ("R3", "R4")
    assert (k14.rules[-1].label, k14.rules[-1].points_label) == (
        "нет работников во вредных и тяжёлых условиях труда (R4)",
        "10 (считается как 100 %; в карте — «не требуется»)",
    )
    k16 = KRASNODAR.indicators[16]
    assert [(rule.label, rule.points_label) for rule in k16.rules] == [
        ("100 %", "6"),
        ("менее 100 %", "баллы не присваиваются"),
        ("нет раздела «Охрана труда» в коллективном договоре (К15 = нет; R5)", "баллы не присваиваются"),
    ]
    k4 = KRASNODAR.indicators[4]
    assert [(rule.label, rule.points_label) for rule in k4.rules] == [("да", "5"), ("нет", "баллы не присваиваются")]


def test_max_points_per_indicator_sum_to_148():
    assert [indicator.max_points for indicator in KRASNODAR.indicators] == [
        D(n) for n in (10, 10, 5, 5, 5, 3, 10, 3, 10, 5, 6, 5, 15, 10, 10, 5, 6, 10, 5, 5, 5)
    ]
    assert KRASNODAR.max_total == D(148)


def test_readings_r1_to_r9_are_described():
    assert list(KRASNODAR.readings) == [f"R{n}" for n in range(1, 10)]
    r6 = KRASNODAR.readings["R6"]
    assert (r6.code, r6.title) == ("R6", "Затраты свыше 5000 руб. на одного работника")
    assert "К18 = 3 + 0,5 × (число полных тысяч свыше 5000)" in r6.text
    assert "(1, 1, 3 …)" in KRASNODAR.readings["R9"].text
    assert all(reading.text.endswith(".") for reading in KRASNODAR.readings.values())


def test_cap_is_a_table_parameter():
    assert KRASNODAR.params == {"k18_cap": D(5)}


def test_table_is_frozen_and_hashable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        KRASNODAR.key = "x"
    assert hash(KRASNODAR) == hash(dataclasses.replace(KRASNODAR))


def k18_increment_variant(key: str = "test-k18-increment") -> Table:
    """krasnodar-2011 with the other reading of R6: the cap limits only the half-points (K18 up to 8)."""

    def variant(rule):
        return dataclasses.replace(rule, cap_applies_to="increment") if isinstance(rule, Step) else rule

    indicators = [
        dataclasses.replace(ind, rules=[variant(rule) for rule in ind.rules]) if ind.code == "K18" else ind
        for ind in KRASNODAR.indicators
    ]
    return dataclasses.replace(KRASNODAR, key=key, title="Вариант R6", indicators=indicators)


@pytest.mark.parametrize(
    ("per_worker", "expected"),
    [("5000", "3"), ("6000", "3.5"), ("9000", "5"), ("14999", "7.5"), ("15000", "8"), ("20000", "8")],
)
def test_variant_with_cap_on_half_points_alone_scores_k18_up_to_8(per_worker, expected):
    table = k18_increment_variant()
    result = score_card(full_card(avg_headcount=1, hazardous_workers=0, ohs_spending_rub=per_worker), table=table)
    assert result.points["K18"] == D(expected)
    assert result.max_total == D(151)
    assert result.table_key == "test-k18-increment"


def test_variant_explains_the_increment_cap():
    table = k18_increment_variant()
    k18 = table.indicators[19]
    assert k18.rules[-1].points_label == "3 + 0,5 за каждую полную тысячу, но надбавка не более 5"
    line = score_card(full_card(avg_headcount=1, hazardous_workers=0, ohs_spending_rub=16000), table=table).line("K18")
    assert line.basis == (
        "Затраты на одного работника = 16\u00a0000 руб.: R6: за каждую полную тысячу свыше 5000 руб. — "
        "3 + 0,5 × 11, но надбавка не более 5 → 8"
    )


def test_variant_with_another_cap_value_changes_only_params():
    table = dataclasses.replace(KRASNODAR, key="test-cap-4", params={"k18_cap": D(4)})
    assert table.max_total == D(147)
    assert score_card(full_card(), table=table).points["K18"] == D(4)
    assert KRASNODAR.max_total == D(148)


def test_registered_variant_is_available_by_key():
    table = register(k18_increment_variant("test-registered"))
    try:
        assert ("test-registered", "Вариант R6") in available_tables()
        assert get_table("test-registered") is table
        assert score_card(full_card(), table="test-registered").total == D(148)
        with pytest.raises(ValueError, match="уже зарегистрирована"):
            register(k18_increment_variant("test-registered"))
        replacement = register(k18_increment_variant("test-registered"), replace=True)
        assert get_table("test-registered") is replacement
    finally:
        unregister("test-registered")
    assert "test-registered" not in dict(available_tables())


def test_built_in_table_can_be_neither_replaced_nor_removed():
    with pytest.raises(ValueError, match="уже зарегистрирована"):
        register(k18_increment_variant("krasnodar-2011"), replace=True)
    with pytest.raises(ValueError, match="Встроенную"):
        unregister("krasnodar-2011")
    assert get_table("krasnodar-2011") is KRASNODAR


def test_register_accepts_tables_only_and_unregister_needs_a_known_key():
    with pytest.raises(TypeError):
        register({"key": "x"})
    with pytest.raises(UnknownTable):
        unregister("never-registered")


def tiny_table(**changes) -> Table:
    """A table of another year, written from scratch: two inputs, one derived value, two indicators."""
    parts = {
        "key": "tiny-2030",
        "title": "Крошечная таблица, 2030",
        "inputs": [
            InputSpec("score", "Оценка", "decimal", max=D(10)),
            InputSpec("people", "Численность", "int", D(1)),
            InputSpec("trained", "Обучено", "int", D(0), optional_when=Condition("people", 1)),
            InputSpec("ok", "Флаг", "bool"),
        ],
        "derived": [Derived("share", "Доля", "обучено ÷ численность", "trained", "people", quantum=D("0.01"))],
        "indicators": [
            Indicator("A", "Оценка", "score", [Bracket("не менее 5", D(2), D(5)), Bracket("менее 5", D(0), high=D(5))]),
            Indicator(
                "B",
                "Доля обученных",
                "share",
                [
                    Bracket("половина и больше", D(3), D("0.5"), readings=("X1",)),
                    Bracket("меньше половины", D(0), None, D("0.5"), high_inclusive=False),
                    Override("X1", Condition("people", 1), "один работник", "один работник", points=D(1)),
                ],
            ),
            Indicator("C", "Флаг", "ok", [Flag(True, D(1)), Flag(False, D(0))]),
        ],
        "readings": [Reading("X1", "Одно прочтение", "Текст.")],
        "checks": [NotAbove("trained", "people", "Больше, чем работников.")],
    }
    parts.update(changes)
    return Table(**parts)


def test_a_table_of_another_year_is_scored_by_the_same_engine():
    table = tiny_table()
    assert table.max_total == D(6)
    assert table.readings["X1"].title == "Одно прочтение"
    result = score_card({"score": "-3", "people": 4, "trained": 2, "ok": True}, table=table)
    assert dict(result.points) == {"A": D(0), "B": D(3), "C": D(1)}
    assert result.derived == {"share": D("0.50")}
    assert result.line("B").basis == "Доля = 0,50: половина и больше → 3"
    assert result.line("B").readings == ("X1",)
    assert result.line("A").basis == "−3: менее 5 → 0"
    assert score_card({"score": 5, "people": 1, "ok": False}, table=table).points["B"] == D(1)


def test_a_table_of_another_year_checks_its_own_ranges_and_consistency():
    with pytest.raises(InvalidCard) as caught:
        score_card({"score": "10.5", "people": 2, "trained": 3, "ok": True}, table=tiny_table())
    assert caught.value.errors == {"score": "Значение должно быть не больше 10.", "trained": "Больше, чем работников."}


def override(**changes) -> Override:
    return dataclasses.replace(Override("X1", Condition("people", 1), "условие", "текст", points=D(1)), **changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"inputs": [InputSpec("score", "a", "decimal"), InputSpec("score", "b", "decimal")]}, "повторяющиеся ключи"),
        ({"derived": [Derived("score", "Дубль", "", "people", "people")]}, "повторяющиеся ключи"),
        ({"derived": [Derived("share", "Доля", "", "nothing", "people")]}, r"неизвестные поля \['nothing'\]"),
        ({"checks": [NotAbove("trained", "ghost", "x")]}, r"неизвестные поля \['ghost'\]"),
        ({"readings": []}, r"не описаны прочтения \['X1'\]"),
    ],
)
def test_inconsistent_table_parts_are_rejected(changes, message):
    with pytest.raises(TableError, match=message):
        tiny_table(**changes)


def test_duplicate_indicator_codes_are_rejected():
    indicator = Indicator("C", "Флаг", "ok", [Flag(True, D(1)), Flag(False, D(0))])
    with pytest.raises(TableError, match="повторяющиеся коды"):
        tiny_table(indicators=[indicator, indicator])


def test_indicator_with_unknown_source_is_rejected():
    with pytest.raises(TableError, match=r"неизвестные источники показателей \['nowhere'\]"):
        tiny_table(indicators=[Indicator("A", "A", "nowhere", [Flag(True, D(1))])])


@pytest.mark.parametrize(
    ("source", "rule"),
    [("ok", Bracket("любое", D(1))), ("score", Flag(True, D(1)))],
)
def test_rule_of_the_wrong_kind_for_its_source_is_rejected(source, rule):
    with pytest.raises(TableError, match="правило не подходит к типу значения"):
        tiny_table(indicators=[Indicator("A", "A", source, [rule])])


def test_step_without_its_cap_parameter_is_rejected():
    step = Step("свыше 5", D(5), D(1), D(1), D(1), cap_param="missing_cap")
    with pytest.raises(TableError, match="нет параметра missing_cap"):
        tiny_table(indicators=[Indicator("A", "A", "score", [step])])


def test_override_needs_points_or_an_assumed_value_that_a_row_takes():
    rows = [Bracket("не менее 5", D(2), D(5))]
    with pytest.raises(TableError, match="не заданы ни баллы, ни значение"):
        tiny_table(indicators=[Indicator("A", "A", "score", [*rows, override(points=None)])])
    with pytest.raises(TableError, match="значение 1 не попадает ни в одну строку"):
        tiny_table(indicators=[Indicator("A", "A", "score", [*rows, override(points=None, assume_value=D(1))])])


def test_rules_outside_a_table_have_no_resolved_points():
    step = Step("свыше 5", D(5), D(1), D(1), D(1), cap_param="cap")
    with pytest.raises(TableError, match="Ограничение «cap» не задано"):
        _ = step.max_points
    with pytest.raises(TableError, match="Ограничение «cap» не задано"):
        _ = step.points_label
    with pytest.raises(TableError, match="баллы не определены"):
        _ = override(points=None).points_label


@pytest.mark.parametrize(
    "build",
    [
        lambda: InputSpec("x", "x", "text"),
        lambda: Step("x", D(1), D(1), D(1), D(1), cap_param="c", cap_applies_to="both"),
    ],
)
def test_unknown_kinds_are_rejected(build):
    with pytest.raises(TableError, match=r"[нН]еизвестн"):
        build()


def test_a_gap_between_rows_is_reported_when_a_card_falls_into_it():
    table = tiny_table(indicators=[Indicator("A", "A", "score", [Bracket("не менее 5", D(2), D(5))])])
    assert score_card({"score": 6, "people": 1, "ok": True}, table=table).total == D(2)
    with pytest.raises(TableError, match="A: нет строки таблицы для значения Decimal"):
        score_card({"score": 4, "people": 1, "ok": True}, table=table)


def test_an_optional_input_without_an_override_is_reported():
    table = tiny_table(
        derived=[], indicators=[Indicator("T", "T", "trained", [Bracket("любое", D(1), D(0))])], readings=[]
    )
    with pytest.raises(TableError, match="T: нет строки таблицы для значения None"):
        score_card({"score": 4, "people": 1, "ok": True}, table=table)


def test_variant_rows_change_the_points_of_an_assumed_value_r4():
    def richer(rule):
        return dataclasses.replace(rule, points=D(12)) if isinstance(rule, Bracket) and rule.label == "100 %" else rule

    indicators = [
        dataclasses.replace(ind, rules=[richer(rule) for rule in ind.rules]) if ind.code == "K14" else ind
        for ind in KRASNODAR.indicators
    ]
    table = dataclasses.replace(KRASNODAR, key="test-k14-12", indicators=indicators)
    assert table.indicators[14].rules[-1].points == D(12)
    assert score_card(full_card(hazardous_workers=0), table=table).points["K14"] == D(12)
    assert table.max_total == D(150)


def test_indicator_without_rules_is_rejected():
    with pytest.raises(TableError, match="A: нет ни одного правила"):
        tiny_table(indicators=[Indicator("A", "A", "score", [])], readings=[])


def test_the_2011_table_names_the_inputs_the_portal_needs_by_role():
    assert KRASNODAR.role("headcount") == "avg_headcount"
    assert KRASNODAR.role("hazardous_headcount") == "hazardous_workers"
    assert KRASNODAR.role("info_materials") == "has_info_materials"
    assert tiny_table().role("headcount") is None


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({"leader": "people"}, "неизвестная роль поля «leader»"),
        ({"headcount": "nobody"}, "роль «headcount»"),
        ({"headcount": "ok"}, "нет такого поля 'ok' нужного типа"),
    ],
)
def test_a_role_must_be_known_and_name_an_input_of_its_kind(roles, message):
    with pytest.raises(TableError, match=message):
        tiny_table(roles=roles)
