"""The geometry of the server-drawn charts (core/charts.py)."""

from decimal import Decimal

from core import charts


def test_bars_scale_to_the_largest_value_longest_series_first_with_a_phone_twin():
    chart = charts.horizontal_bars(
        [("Краснодар", [10, 5], "10 / 5"), ("Сочи", [4, 0], "4 / 0")], series=["подано", "проверено"]
    )
    area = charts.WIDE.bar_area
    krd, sochi = chart.rows
    assert [(s.series, s.width) for s in krd.segments] == [(0, area), (1, area / 2)]
    assert [(s.series, s.width) for s in sochi.segments] == [(0, area * 0.4), (1, 0.0)]
    assert (krd.y, sochi.y, chart.height) == (0, charts.WIDE.row_height, 2 * charts.WIDE.row_height)
    assert chart.width == charts.WIDE.bar_x + area + charts.WIDE.value_width
    narrow = chart.narrow
    assert narrow is not None
    assert narrow.layout is charts.NARROW
    assert narrow.narrow is None
    assert narrow.rows[0].segments[0].width == charts.NARROW.bar_area
    assert narrow.width < chart.width  # fits a 390-px screen at its natural size


def test_a_fixed_scale_caps_long_bars_and_places_the_marker():
    chart = charts.horizontal_bars([("K1", [150], ""), ("K2", [Decimal("25")], "")], series=["%"], scale=100, marker=50)
    assert chart.rows[0].segments[0].width == charts.WIDE.bar_area  # above the scale: full length, not beyond
    assert chart.rows[1].segments[0].width == charts.WIDE.bar_area / 4
    assert chart.marker_x == charts.WIDE.bar_x + charts.WIDE.bar_area / 2


def test_nothing_to_draw_is_an_empty_chart_not_an_error():
    chart = charts.horizontal_bars([], series=["x"])
    assert (chart.rows, chart.marker_x) == ((), None)
    assert chart.height == charts.WIDE.row_height
    zero = charts.horizontal_bars([("A", [0], "0")], series=["x"])
    assert zero.rows[0].segments[0].width == 0
    empty = charts.columns([])
    assert (empty.columns, empty.ticks) == ((), ((empty.base_y, "0"),))


def test_columns_stand_on_one_base_scaled_to_the_tallest_with_round_ticks():
    chart = charts.columns([("0", 1), ("10", 4), ("20", 0)], width=336)
    low, tall, none = chart.columns
    assert tall.height == charts.COLUMN_AREA_HEIGHT
    assert tall.y == charts.COLUMN_TOP
    assert low.height == charts.COLUMN_AREA_HEIGHT / 4
    assert low.y + low.height == chart.base_y == tall.y + tall.height
    assert none.height == 0
    assert low.x < tall.x < none.x
    assert tall.center == round(tall.x + tall.width / 2, 1)
    assert [label for _y, label in chart.ticks] == ["0", "1", "2", "3", "4"]
    assert chart.ticks[-1][0] == charts.COLUMN_TOP  # the top tick at the tallest column's top


def test_ticks_step_through_1_2_5_10():
    assert charts._ticks(37) == [0, 10, 20, 30]
    assert charts._ticks(6) == [0, 2, 4, 6]
    assert charts._ticks(250) == [0, 50, 100, 150, 200, 250]
    assert charts._tick_label(2.5) == "2,5"
