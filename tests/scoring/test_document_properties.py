"""Properties of derived sums and shares, and of table documents: load_table(dump_table(t)) == t for any table."""

import json
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scoring import (
    Bracket,
    Condition,
    Derived,
    Flag,
    Indicator,
    InputSpec,
    NotAbove,
    Override,
    Reading,
    Sample,
    Step,
    Table,
    dump_table,
    load_table,
    score_card,
    write_table,
)
from scoring.documents import KEY_PATTERN

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
quanta = st.sampled_from([Decimal(1), Decimal("0.1"), Decimal("0.01")])
factors = st.sampled_from([Decimal(1), Decimal(100), Decimal(1000)])


def operands(values: list[Decimal]) -> tuple[tuple[str, ...], dict[str, Decimal]]:
    keys = tuple(f"k{n}" for n in range(len(values)))
    return keys, dict(zip(keys, values, strict=True))


@given(st.lists(amounts, min_size=1, max_size=6), st.data())
def test_a_sum_does_not_depend_on_the_order_of_its_parts(values, data):
    keys, inputs = operands(values)
    shuffled = data.draw(st.permutations(keys))
    total = Derived("t", "t", "", keys, quantum=Decimal("0.01"))
    assert total.compute(inputs) == Derived("t", "t", "", tuple(shuffled), quantum=Decimal("0.01")).compute(inputs)
    assert total.compute(inputs) == sum(values)


@given(st.lists(amounts, min_size=1, max_size=4), st.lists(amounts, min_size=1, max_size=4), factors, quanta)
def test_a_share_of_parts_not_above_the_whole_is_between_0_and_the_factor(parts, extra, factor, quantum):
    part_keys, part_values = operands(parts)
    whole = [*parts, *extra]  # the whole holds the parts, so sum(parts) <= sum(whole)
    whole_keys = tuple(f"w{n}" for n in range(len(whole)))
    share = Derived("s", "s", "", part_keys, whole_keys, factor=factor, quantum=quantum)
    value = share.compute({**part_values, **dict(zip(whole_keys, whole, strict=True))})
    assert value is not None
    assert Decimal(0) <= value <= factor


@given(st.lists(amounts, min_size=1, max_size=4), st.lists(amounts, min_size=1, max_size=4), factors, quanta)
def test_a_share_is_rounded_half_up_to_its_quantum(parts, whole, factor, quantum):
    part_keys, part_values = operands(parts)
    whole_keys = tuple(f"w{n}" for n in range(len(whole)))
    share = Derived("s", "s", "", part_keys, whole_keys, factor=factor, quantum=quantum)
    value = share.compute({**part_values, **dict(zip(whole_keys, whole, strict=True))})
    with localcontext() as ctx:
        ctx.prec = 80
        raw = sum(parts) * factor / sum(whole) if sum(whole) else Decimal(0)
        expected = raw.quantize(quantum, rounding=ROUND_HALF_UP) if raw else Decimal(0)
        assert value == expected
        assert value is not None
        assert abs(value - raw) <= quantum / 2
        assert value % quantum == 0


# Any table, as a document: generated from the dataclasses, complete (every value of a source is taken by one row).

texts = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя «»—,.%0123456789 ", min_size=1, max_size=20).filter(
    str.strip
)
points = st.decimals(min_value=0, max_value=20, places=1, allow_nan=False, allow_infinity=False)
bounds = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
READINGS = (Reading("R1", "Первое", "Текст первого."), Reading("R2", "Второе", "Текст второго."))
codes = st.lists(st.sampled_from(["R1", "R2"]), max_size=2, unique=True).map(tuple)


@st.composite
def input_specs(draw: Any, key: str) -> InputSpec:
    kind = draw(st.sampled_from(["int", "decimal", "bool"]))
    if kind == "bool":
        return InputSpec(key, draw(texts), kind, help=draw(st.sampled_from(["", "Подсказка."])))
    low = draw(st.sampled_from([None, Decimal(0), Decimal(1)]))
    high = draw(st.sampled_from([None, Decimal(100)]))
    return InputSpec(key, draw(texts), kind, low, high, unit=draw(st.sampled_from(["", "%", "руб."])))


@st.composite
def value_rows(draw: Any) -> tuple[Bracket | Step, ...]:
    """Rows cut at sorted points; each cut belongs to the row below or above it; maybe a step on top."""
    cuts = sorted(set(draw(st.lists(bounds, max_size=4))))
    lower = [draw(st.booleans()) for _ in cuts]  # the cut belongs to the row below it
    step = bool(cuts) and draw(st.booleans())
    if step:
        lower[-1] = True
    edges = [None, *cuts, None]
    rows: list[Bracket | Step] = [
        Bracket(
            draw(texts),
            draw(points),
            edges[n],
            edges[n + 1],
            low_inclusive=n == 0 or not lower[n - 1],
            high_inclusive=n == len(cuts) or lower[n],
            readings=draw(codes),
        )
        for n in range(len(cuts) + 1)
    ]
    if step:
        rows[-1] = Step(
            draw(texts),
            threshold=cuts[-1],
            step=draw(st.sampled_from([Decimal(1), Decimal(1000)])),
            step_points=Decimal("0.5"),
            base_points=draw(points),
            cap_param="cap",
            cap_applies_to=draw(st.sampled_from(["total", "increment"])),
            readings=draw(codes),
        )
    return tuple(rows)


def condition(spec: InputSpec) -> Condition:
    return Condition(spec.key, {"bool": False, "int": 0, "decimal": Decimal("0.5")}[spec.kind])


@st.composite
def indicators(draw: Any, code: str, source: str, kind: str, specs: list[InputSpec]) -> Indicator:
    rules: list[Any] = (
        [Flag(True, draw(points)), Flag(False, draw(points), draw(codes))]
        if kind == "bool"
        else list(draw(value_rows()))
    )
    if draw(st.booleans()):
        when = condition(draw(st.sampled_from(specs)))
        assumed = kind != "bool" and draw(st.booleans())
        rules.append(
            Override(
                "R1",
                when,
                draw(texts),
                draw(texts),
                points=None if assumed else draw(points),
                assume_value=draw(bounds) if assumed else None,
                not_required=draw(st.booleans()),
                card_text=draw(st.sampled_from(["", "—"])),
            )
        )
    return Indicator(
        code,
        draw(texts),
        source,
        tuple(rules),
        draw(codes),
        number=draw(st.sampled_from(["", f"{code}."])),
        heading=draw(st.sampled_from(["", "Заголовок:"])),
    )


@st.composite
def sample_values(draw: Any, specs: list[InputSpec]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "bool":
            values[spec.key] = draw(st.booleans())
            continue
        low = -100 if spec.min is None else int(spec.min)
        high = 1000 if spec.max is None else int(spec.max)
        if spec.kind == "int":
            values[spec.key] = draw(st.integers(low, high))
        else:
            values[spec.key] = draw(st.decimals(min_value=low, max_value=high, places=1, allow_nan=False))
    return values


@st.composite
def tables(draw: Any) -> Table:
    specs = [draw(input_specs(f"field_{n}")) for n in range(draw(st.integers(1, 4)))]
    numeric = [spec.key for spec in specs if spec.kind != "bool"]
    derived = []
    if numeric and draw(st.booleans()):
        numerator = tuple(draw(st.lists(st.sampled_from(numeric), min_size=1, max_size=3, unique=True)))
        denominator = tuple(draw(st.lists(st.sampled_from(numeric), max_size=2, unique=True)))
        derived.append(
            Derived(
                "value",
                draw(texts),
                draw(texts),
                numerator,
                denominator,
                factor=draw(factors),
                quantum=draw(quanta),
                min_positive=draw(st.sampled_from([None, Decimal("0.1")])),
                readings=draw(codes),
                fraction=draw(st.sampled_from([("", ""), ("числитель", "знаменатель")])),
            )
        )
    sources = [(spec.key, spec.kind) for spec in specs] + [(d.key, "decimal") for d in derived]
    chosen = draw(st.lists(st.sampled_from(sources), min_size=1, max_size=4))
    rows = [draw(indicators(f"K{n}", key, kind, specs)) for n, (key, kind) in enumerate(chosen, 1)]
    checks = (
        [NotAbove(numeric[0], numeric[1], "Не больше второго.")] if len(numeric) > 1 and draw(st.booleans()) else []
    )
    samples = (
        [] if checks else [Sample(draw(texts), draw(sample_values(specs))) for _ in range(draw(st.integers(0, 2)))]
    )
    ints = [spec.key for spec in specs if spec.kind == "int"]
    return Table(
        key=draw(st.from_regex(KEY_PATTERN, fullmatch=True)),
        title=draw(texts),
        description=draw(st.sampled_from(["", "Описание таблицы."])),
        inputs=tuple(specs),
        derived=tuple(derived),
        indicators=tuple(rows),
        readings=READINGS,
        params={"cap": draw(points)},
        checks=tuple(checks),
        roles={"headcount": ints[0]} if ints and draw(st.booleans()) else {},
        samples=tuple(samples),
    )


@given(tables())
def test_load_table_of_dump_table_is_the_same_table(table):
    assert load_table(dump_table(table)) == table
    assert load_table(json.loads(write_table(table))) == table


@given(tables())
def test_every_sample_of_a_complete_table_scores(table):
    for sample in table.samples:
        assert score_card(sample.values, table=table).total >= 0
