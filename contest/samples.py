"""Cards made up from a point table, whatever its inputs: the demo's (from the table's own sample cards) and the
benchmark's (random, within each input's range and the table's consistency checks). Nothing here names an input."""

import random
from collections.abc import Iterator, Mapping
from decimal import Decimal
from itertools import count
from typing import Any

import scoring


def with_headcount(table: scoring.Table, values: Mapping[str, Any], headcount: int) -> dict[str, Any]:
    """``values`` with the table's headcount input set to ``headcount`` and the checks it breaks mended (no more
    hazardous workers than workers …)."""
    key = table.role("headcount")
    return mend(table, {**values, key: headcount} if key else dict(values))


def mend(table: scoring.Table, values: dict[str, Any]) -> dict[str, Any]:
    """Make ``values`` pass the table's consistency checks: a value above its bound is lowered to it, a value that must
    be 0 while a condition holds becomes 0."""
    for check in table.checks:
        if not all(values.get(key) is not None for key in check.keys):
            continue
        if isinstance(check, scoring.NotAbove) and values[check.key] > values[check.other]:
            values[check.key] = values[check.other]
        elif isinstance(check, scoring.ZeroWhen) and check.violated(values):
            values[check.key] = 0
    return values


def demo_cards(table: scoring.Table, headcounts: list[int]) -> Iterator[dict[str, Any]]:
    """One complete, valid card per headcount, from the table's samples in turn, each with a total no other has (so the
    demo needs no commission's decision on a tie): the yes/no answers are varied until the total is new."""
    samples = [sample.values for sample in table.samples]
    if not samples:
        raise ValueError(f"В таблице «{table.title}» нет примеров карт: демонстрационные карты не из чего составить.")
    flags = [spec.key for spec in table.inputs if spec.kind == "bool" and spec.key != table.role("info_materials")]
    totals: set[Decimal] = set()
    for index, headcount in enumerate(headcounts):
        base = with_headcount(table, samples[index % len(samples)], headcount)
        for variant in count(index):
            values = dict(base)
            for bit, key in enumerate(flags):
                if variant >> bit & 1:
                    values[key] = not values.get(key)
            try:
                total = scoring.score_card(values, table).total
            except scoring.InvalidCard:
                continue  # a flipped answer another value depends on: try the next variant
            if total not in totals or variant > index + 2 ** len(flags):
                totals.add(total)
                yield values
                break


def random_card(table: scoring.Table, rng: random.Random, *, headcount: int) -> dict[str, Any]:
    """A complete, valid card of ``table`` for an organization of ``headcount`` workers, drawn from ``rng``: mostly
    «yes», percentages between 50 and 100, small counts, money in proportion to the headcount."""
    values: dict[str, Any] = {}
    for spec in table.inputs:
        if spec.kind == "bool":
            values[spec.key] = rng.random() < 0.8
        elif spec.kind == "int":
            values[spec.key] = _bounded(spec, rng.choice([0, 0, 0, 1, 2, rng.randint(0, max(1, headcount // 3))]))
        elif spec.max is not None:
            low = max(spec.min or Decimal(0), spec.max / 2)
            values[spec.key] = Decimal(rng.randint(int(low), int(spec.max)))
        else:
            values[spec.key] = Decimal(rng.randint(500, 12000) * headcount)
    return with_headcount(table, values, headcount)


def _bounded(spec: scoring.InputSpec, value: int) -> int:
    if spec.min is not None and value < spec.min:
        return int(spec.min)
    if spec.max is not None and value > spec.max:
        return int(spec.max)
    return value
