"""Whether an indicator's value rules take every value its source allows, each by one rule only.

Used when a table document is read. A value the source can take that no rule takes would stop a card with
"нет строки таблицы"; a value two rules take is ambiguous (the first one would win unseen). Only values the source
can really take count: an int input and a rounded derived value move in steps (1; the quantum), so brackets
"до 3" and "от 4" leave no gap for whole numbers, nor "от 0,1 до 4,0" and "от 4,1" for a value rounded to 0,1.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from .model import Bracket, Derived, Flag, InputSpec, Step
from .numbers import fmt

INF = Decimal("Infinity")
# A place on the value line: (x, 0) is x itself, (x, 1) just above x, (x, -1) just below x; on a grid (n, 0) is step n.
Position = tuple[Decimal, int]
Piece = tuple[Decimal | None, Decimal | None]  # closed, None = unbounded


@dataclass(frozen=True)
class Domain:
    """The values a source can take: closed ``pieces``, on a grid of ``step`` (None: any decimal), and single
    ``points`` off that grid (a derived value's ``min_positive``)."""

    pieces: tuple[Piece, ...]
    step: Decimal | None = None
    points: tuple[Decimal, ...] = ()


def _nonnegative(spec: InputSpec) -> bool:
    return spec.min is not None and spec.min >= 0


def input_domain(spec: InputSpec) -> Domain:
    return Domain(((spec.min, spec.max),), Decimal(1) if spec.kind == "int" else None)


def derived_domain(derived: Derived, specs: Mapping[str, InputSpec]) -> Domain:
    """0 or at least the smallest positive value when no operand can be negative; any multiple of the quantum else."""
    if derived.factor < 0 or not all(_nonnegative(specs[key]) for key in derived.operands):
        return Domain(((None, None),), derived.quantum)
    if derived.min_positive is None:
        return Domain(((Decimal(0), Decimal(0)), (derived.quantum, None)), derived.quantum)
    pieces = ((Decimal(0), Decimal(0)), (derived.min_positive, None))
    return Domain(pieces, derived.quantum, (derived.min_positive,))


@dataclass(frozen=True)
class _Scale:
    step: Decimal | None

    def _index(self, value: Decimal, rounding: str) -> Decimal:
        assert self.step is not None
        with localcontext() as ctx:
            ctx.prec = 60
            return (value / self.step).to_integral_value(rounding=rounding)

    def start(self, value: Decimal, inclusive: bool) -> Position:
        if self.step is None:
            return value, 0 if inclusive else 1
        return self._index(value, ROUND_CEILING) if inclusive else self._index(value, ROUND_FLOOR) + 1, 0

    def end(self, value: Decimal, inclusive: bool) -> Position:
        if self.step is None:
            return value, 0 if inclusive else -1
        return self._index(value, ROUND_FLOOR) if inclusive else self._index(value, ROUND_CEILING) - 1, 0

    def after(self, position: Position) -> Position:
        value, side = position
        if self.step is None:
            return value, side + 1
        return value + 1, 0 if value.is_finite() else 1  # nothing comes after an unbounded end

    def before(self, position: Position) -> Position:
        value, side = position
        return (value, side - 1) if self.step is None else (value - 1, 0)

    def value(self, position: Position) -> Position:
        """The position as a place among decimals (for the message)."""
        return position if self.step is None else (position[0] * self.step, 0)


def describe(low: Position, high: Position) -> tuple[str, bool]:
    """Russian text of the values from ``low`` to ``high`` and whether it is plural: "значения от 85 до 90 включительно"."""
    (low_value, low_side), (high_value, high_side) = low, high
    if low_value == high_value:
        return f"значение {fmt(low_value)}", False
    if low_side == 0 and high_side == 0 and low_value > -INF and high_value < INF:
        return f"значения от {fmt(low_value)} до {fmt(high_value)} включительно", True
    parts = []
    if low_value != -INF:
        parts.append(f"{'не меньше' if low_side == 0 else 'больше'} {fmt(low_value)}")
    if high_value != INF:
        parts.append(f"{'не больше' if high_side == 0 else 'меньше'} {fmt(high_value)}")
    return ("значения " + " и ".join(parts) if parts else "все значения"), True


@dataclass(frozen=True)
class _Span:
    number: int
    start: Position
    end: Position


def _span(scale: _Scale, number: int, rule: Bracket | Step) -> _Span:
    if isinstance(rule, Step):
        return _Span(number, scale.start(rule.threshold, False), scale.end(INF, True))
    low = -INF if rule.low is None else rule.low
    high = INF if rule.high is None else rule.high
    return _Span(
        number,
        scale.start(low, rule.low_inclusive or rule.low is None),
        scale.end(high, rule.high_inclusive or rule.high is None),
    )


def _walk(scale: _Scale, spans: Sequence[_Span], low: Position, high: Position) -> list[str]:
    """Gaps and overlaps of ``spans`` between ``low`` and ``high``, in the order of the value line."""
    found: list[str] = []
    cursor, last = low, None  # cursor: the first place not yet taken; last: (end, rule number) reaching farthest
    for span in sorted(spans, key=lambda span: span.start):
        start, end = max(span.start, low), min(span.end, high)
        if start > end:
            continue
        if last is not None and start <= last[0]:
            text, plural = describe(scale.value(start), scale.value(min(end, last[0])))
            first, second = sorted((last[1], span.number))
            found.append(f"правила {first} и {second} пересекаются: {text} {_fit(plural)} под оба.")
        elif start > cursor:
            found.append(_gap(scale, cursor, scale.before(start)))
        if last is None or end > last[0]:
            last, cursor = (end, span.number), scale.after(end)
    if cursor <= high:
        found.append(_gap(scale, cursor, high))
    return found


def _fit(plural: bool) -> str:
    return "подходят" if plural else "подходит"


def _gap(scale: _Scale, low: Position, high: Position) -> str:
    text, plural = describe(scale.value(low), scale.value(high))
    return f"{text} не {'попадают' if plural else 'попадает'} ни в одну строку."


def number_findings(domain: Domain, rules: Iterable[tuple[int, Bracket | Step]]) -> list[str]:
    """Messages on the values of ``domain`` that no rule or two rules take; ``rules``: (rule number, rule)."""
    rules = list(rules)
    found: list[str] = []
    pieces = [(domain.step, piece) for piece in domain.pieces] + [(None, (point, point)) for point in domain.points]
    for step, (low, high) in pieces:
        scale = _Scale(step)
        spans = [_span(scale, number, rule) for number, rule in rules]
        start = scale.start(-INF if low is None else low, True)
        end = scale.end(INF if high is None else high, True)
        found.extend(message for message in _walk(scale, spans, start, end) if message not in found)
    return found


def flag_findings(rules: Iterable[tuple[int, Flag]]) -> list[str]:
    """Messages on an answer (да, нет) that no rule or two rules take."""
    rules = list(rules)
    found = []
    for answer, text in ((True, "да"), (False, "нет")):
        numbers = [str(number) for number, rule in rules if rule.value is answer]
        if not numbers:
            found.append(f"нет правила для ответа «{text}».")
        elif len(numbers) > 1:
            found.append(f"для ответа «{text}» несколько правил: {', '.join(numbers)}.")
    return found
