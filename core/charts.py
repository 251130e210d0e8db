"""Charts drawn on the server as SVG: the geometry of horizontal bars and of columns, for templates/components/charts/.

No JavaScript and nothing fetched: a chart is part of the page, printed and read like it. Every chart comes with its
numbers as a table (the template shows it under the chart) so that a screen reader, or a person who wants the
figures, reads the same thing. Pure: numbers in, coordinates out.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class Layout:
    """Where a row's parts go. Wide: the label left of the bar. Narrow (a phone): the label above a bar as wide as
    the screen, so that the text keeps its size instead of shrinking with the picture."""

    label_x: int
    label_y: int
    label_anchor: str
    bar_x: int
    bar_y: int
    bar_area: int
    bar_height: int
    value_width: int
    row_height: int

    @property
    def width(self) -> int:
        return self.bar_x + self.bar_area + self.value_width

    @property
    def value_x(self) -> int:
        return self.bar_x + self.bar_area + 6

    @property
    def value_y(self) -> int:
        return self.bar_y + self.bar_height - 3


WIDE = Layout(
    label_x=184,
    label_y=15,
    label_anchor="end",
    bar_x=190,
    bar_y=4,
    bar_area=330,
    bar_height=14,
    value_width=80,
    row_height=22,
)
NARROW = Layout(
    label_x=0,
    label_y=12,
    label_anchor="start",
    bar_x=0,
    bar_y=16,
    bar_area=270,
    bar_height=12,
    value_width=80,
    row_height=34,
)


@dataclass(frozen=True)
class Segment:
    """One series' bar in a row: drawn from the row's start, longest first, so that nested series (applied ⊇
    registered ⊇ verified) read as a funnel."""

    series: int
    x: float
    width: float
    value: Number


@dataclass(frozen=True)
class Row:
    label: str
    y: float
    segments: tuple[Segment, ...]
    text: str  # the figures at the end of the row, as the table shows them


@dataclass(frozen=True)
class HorizontalBars:
    rows: tuple[Row, ...]
    series: tuple[str, ...]
    layout: Layout
    marker_x: float | None = None  # a reference line (the region's figure) across every row
    marker_label: str = ""
    narrow: "HorizontalBars | None" = None  # the same chart laid out for a phone

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * self.layout.row_height


def horizontal_bars(
    rows: Sequence[tuple[str, Sequence[Number], str]],
    *,
    series: Sequence[str],
    scale: Number | None = None,
    marker: Number | None = None,
    marker_label: str = "",
    layout: Layout = WIDE,
) -> HorizontalBars:
    """Rows of (label, one value per series, the figures' text). Bars are scaled to `scale` (default: the largest
    value, so the longest bar fills the area); a value above the scale is drawn at full length. The wide chart
    carries its narrow twin (`narrow`) for phones."""
    largest = max([float(value) for _, values, _ in rows for value in values] + [float(marker or 0)], default=0)
    full = float(scale) if scale else largest
    drawn = []
    for number, (label, values, text) in enumerate(rows):
        segments = tuple(
            Segment(series=index, x=layout.bar_x, width=_length(value, full, layout.bar_area), value=value)
            for index, value in sorted(enumerate(values), key=lambda item: -float(item[1]))
        )
        drawn.append(Row(label=label, y=number * layout.row_height, segments=segments, text=text))
    return HorizontalBars(
        rows=tuple(drawn),
        series=tuple(series),
        layout=layout,
        marker_x=None if marker is None else layout.bar_x + _length(marker, full, layout.bar_area),
        marker_label=marker_label,
        narrow=None
        if layout is NARROW
        else horizontal_bars(rows, series=series, scale=scale, marker=marker, marker_label=marker_label, layout=NARROW),
    )


COLUMN_AREA_HEIGHT = 160
COLUMN_TOP = 8  # px above the tallest column, so that the top tick's label is not cut
COLUMN_LABELS = 34  # px under the columns for their labels


@dataclass(frozen=True)
class Column:
    label: str
    x: float
    width: float
    y: float
    height: float
    value: Number

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Columns:
    columns: tuple[Column, ...]
    width: int
    height: int
    base_y: int
    largest: Number = 0
    ticks: tuple[tuple[float, str], ...] = field(default_factory=tuple)  # (y, label) of the value axis


def columns(items: Sequence[tuple[str, Number]], *, width: int = 560) -> Columns:
    """Vertical columns for a distribution (how many cards scored 60–70 points …), scaled to the largest."""
    left = 36  # room for the value axis
    count = max(len(items), 1)
    slot = (width - left) / count
    largest = max((float(value) for _, value in items), default=0)
    drawn = []
    for number, (label, value) in enumerate(items):
        height = _length(value, largest, COLUMN_AREA_HEIGHT)
        drawn.append(
            Column(
                label=label,
                x=round(left + number * slot + slot * 0.12, 1),
                width=round(slot * 0.76, 1),
                y=round(COLUMN_TOP + COLUMN_AREA_HEIGHT - height, 1),
                height=height,
                value=value,
            )
        )
    ticks = tuple(
        (round(COLUMN_TOP + COLUMN_AREA_HEIGHT - _length(tick, largest, COLUMN_AREA_HEIGHT), 1), _tick_label(tick))
        for tick in _ticks(largest)
    )
    return Columns(
        columns=tuple(drawn),
        width=width,
        height=COLUMN_TOP + COLUMN_AREA_HEIGHT + COLUMN_LABELS,
        base_y=COLUMN_TOP + COLUMN_AREA_HEIGHT,
        largest=largest,
        ticks=ticks,
    )


def _length(value: Number, full: float, area: int) -> float:
    if full <= 0 or float(value) <= 0:
        return 0.0
    return round(min(float(value), full) / full * area, 1)


def _ticks(largest: float) -> list[float]:
    """Round values from 0 up to the largest, at most six: a step of 1, 2, 5, 10, 20, 50 … (37 → 0, 10, 20, 30)."""
    if largest <= 0:
        return [0.0]
    step, factors = 1.0, (2.0, 2.5, 2.0)  # 1 → 2 → 5 → 10 → 20 → 50 …
    turn = 0
    while largest / step > 5:
        step *= factors[turn % 3]
        turn += 1
    count = int(largest // step)
    return [step * number for number in range(count + 1)]


def _tick_label(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}".replace(".", ",")
