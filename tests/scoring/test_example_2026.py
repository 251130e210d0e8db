"""The example table under current law (example-2026): its samples, preview and the П3 override."""

from decimal import Decimal as D

import pytest

from scoring import Line, PendingLine, get_table, preview_card, score_card

EXAMPLE = get_table("example-2026")
SAMPLES = {sample.title: sample.values for sample in EXAMPLE.samples}
BAKERY = "Хлебозавод: 180 работников, один несчастный случай"
OFFICE = "Офис: 25 работников, медосмотры никому не положены (П3)"
BUILDER = "Строительная организация: 420 работников"

CODES = ["K1/1", "K1/2", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10", "K11", "K12"]


def test_example_table_is_titled_as_an_example_and_its_maximum_is_113():
    assert EXAMPLE.title == "Пример: таблица показателей по действующему законодательству (для адаптации)"
    assert EXAMPLE.description.startswith("Пример для департамента")
    assert [indicator.code for indicator in EXAMPLE.indicators] == CODES
    assert [indicator.max_points for indicator in EXAMPLE.indicators] == [
        D(n) for n in (10, 10, 15, 10, 5, 10, 10, 5, 10, 10, 5, 8, 5)
    ]
    assert EXAMPLE.max_total == D(113)
    assert list(EXAMPLE.readings) == ["П1", "П2", "П3", "П4", "П5", "П6"]
    assert EXAMPLE.params == {"k11_cap": D(8)}


def test_example_table_uses_new_keys_where_the_law_changed_the_meaning():
    keys = {spec.key for spec in EXAMPLE.inputs}
    assert {
        "sout_pct",
        "has_risk_assessment",
        "has_microtrauma_records",
        "measures_own_rub",
        "measures_sfr_rub",
    } <= keys
    changed_2011_keys = {"assessment_pct", "medical_exams_pct", "hazardous_workers", "ohs_spending_rub"}
    assert not keys & changed_2011_keys
    assert "771н" in EXAMPLE.input_spec("measures_own_rub").label
    assert "632н" in EXAMPLE.input_spec("has_microtrauma_records").help
    assert "426-ФЗ" in EXAMPLE.input_spec("sout_pct").help


def test_example_table_names_its_inputs_by_role_and_numbers_its_rows():
    assert [EXAMPLE.role(role) for role in ("headcount", "hazardous_headcount", "info_materials")] == [
        "avg_headcount",
        "harmful_class_workers",
        "has_info_materials",
    ]
    assert [(i.number, i.heading) for i in EXAMPLE.indicators[:3]] == [
        ("1.1", "Состояние травматизма на производстве:"),
        ("1.2", "Состояние травматизма на производстве:"),
        ("2.", ""),
    ]


def test_example_bakery_scores_85_5():
    # K1/1 Кт = 14 / 1 = 14,0 → «от 10,1 до 15,0» 1,5; K1/2 Кч = 1000 / 180 = 5,55… → 5,6 → 0;
    # K2 СОУТ 100 % → 15; K3 риски да 10; K4 микротравмы да 5; K5 СУОТ да 10; K6 служба да 10; K7 комитет да 5;
    # K8 171 × 100 / 180 = 95,0 % → 5; K9 40 из 40 = 100 % → 10; K10 СИЗ 100 % → 5;
    # K11 (1 250 000 + 350 000) / 180 = 8888,9 → 8889 руб. → «от 6001 до 10 000» 4; K12 да 5. Всего 85,5.
    result = score_card(SAMPLES[BAKERY], table=EXAMPLE)
    assert [result.points[code] for code in CODES] == [D(n) for n in ("1.5", 0, 15, 10, 5, 10, 10, 5, 5, 10, 5, 4, 5)]
    assert result.total == D("85.5")
    assert dict(result.derived) == {
        "kt": D("14.0"),
        "kch": D("5.6"),
        "trained_share": D("95.0"),
        "exams_share": D("100.0"),
        "measures_total_rub": D("1600000.00"),
        "measures_per_worker": D(8889),
    }
    assert result.line("K11").basis == "Затраты на одного работника = 8889 руб.: от 6001 до 10 000 руб. → 4"


def test_example_office_with_nobody_due_for_exams_scores_94_by_reading_p3():
    # K1 10 + 10; K2 15; K3 10; K4 нет 0; K5 10; K6 10; K7 нет 0; K8 25 / 25 = 100 % → 10; K9 П3 → 10;
    # K10 5; K11 300 000 / 25 = 12 000 руб. → 4 + 1 × 0 = 4; K12 нет 0. Всего 94.
    result = score_card(SAMPLES[OFFICE], table=EXAMPLE)
    assert result.total == D(94)
    line = result.line("K9")
    assert (line.points, line.value, line.not_required, line.readings) == (D(10), None, True, ("П3",))
    assert line.basis == "П3: нет работников, подлежащих периодическим медосмотрам — осмотры не требуются → 10"
    assert result.derived["exams_share"] is None
    assert result.line("K11").basis == (
        "Затраты на одного работника = 12\u00a0000 руб.: П5: за каждые полные 5000 руб. свыше 10 000 руб. — 4 + 1 × 0 → 4"
    )


def test_example_builder_scores_74():
    # K1/1 Кт = 95 / 3 = 31,7 → 0; K1/2 Кч = 3000 / 420 = 7,1 → 0; K2 85 % → 10; K3 10; K4 5; K5 10; K6 10; K7 5;
    # K8 399 × 100 / 420 = 95,0 % → 5; K9 250 × 100 / 260 = 96,15… → 96,2 % → 5; K10 97,5 % → 3;
    # K11 (8 400 000 + 1 050 000) / 420 = 22 500 руб. → 4 + 1 × 2 = 6; K12 5. Всего 74.
    result = score_card(SAMPLES[BUILDER], table=EXAMPLE)
    assert [result.points[code] for code in CODES] == [D(n) for n in (0, 0, 10, 10, 5, 10, 10, 5, 5, 5, 3, 6, 5)]
    assert result.total == D(74)
    assert result.derived["exams_share"] == D("96.2")


@pytest.mark.parametrize(("per_worker", "points"), [("30000", 8), ("29999", 7), ("100000", 8)])
def test_example_spending_above_10000_adds_a_point_per_full_5000_up_to_the_cap(per_worker, points):
    values = {**SAMPLES[OFFICE], "avg_headcount": 1, "trained_workers": 1, "measures_own_rub": per_worker}
    assert score_card(values, table=EXAMPLE).points["K11"] == D(points)


def test_example_preview_waits_for_both_operands_of_a_sum():
    values = {key: value for key, value in SAMPLES[BAKERY].items() if key != "measures_sfr_rub"}
    preview = preview_card(values, table=EXAMPLE)
    k11 = preview.line("K11")
    assert isinstance(k11, PendingLine)
    assert k11.missing == ("measures_sfr_rub",)
    assert preview.derived["measures_per_worker"] is None
    assert preview.total == D("81.5")
    assert not preview.complete


def test_example_preview_scores_the_exams_line_by_p3_without_the_count_of_examined():
    values = {key: value for key, value in SAMPLES[BAKERY].items() if key not in ("exams_done_workers",)}
    assert isinstance(preview_card(values, table=EXAMPLE).line("K9"), PendingLine)
    preview = preview_card({**values, "exam_due_workers": 0}, table=EXAMPLE)
    assert isinstance(preview.line("K9"), Line)
    assert preview.complete
    assert preview.lines == score_card({**values, "exam_due_workers": 0}, table=EXAMPLE).lines


def test_example_dependencies_of_a_share_and_a_sum_per_worker():
    by_code = {indicator.code: indicator for indicator in EXAMPLE.indicators}
    assert EXAMPLE.dependencies(by_code["K11"]) == ("measures_own_rub", "measures_sfr_rub", "avg_headcount")
    assert EXAMPLE.dependencies(by_code["K9"]) == ("exams_done_workers", "exam_due_workers")
