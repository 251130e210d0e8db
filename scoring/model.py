"""The data types a point table is made of.

A table is pure data: input specs, derived values, and per indicator an ordered tuple of rules.
Value rules (Bracket, Flag, Step) score the indicator's source value; an Override scores the
indicator from a condition on other inputs (readings R4, R5) and wins over the value rules.
Rule order is the order of the public "how points are counted" table.

A table is written as a JSON document (``scoring.documents``: every dataclass here under its own field names);
the built-in ones are ``scoring/tables/*.json``.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cached_property
from typing import Any, TypeVar

from .errors import TableError
from .numbers import fmt

NO_POINTS = "баллы не присваиваются"
KINDS = ("int", "decimal", "bool")
CAP_TOTAL = "total"  # the cap limits the indicator's points as a whole
CAP_INCREMENT = "increment"  # the cap limits only the points added on top of base_points


K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """An ordered, read-only, hashable mapping (so frozen dataclasses holding it stay hashable)."""

    __slots__ = ("_data",)

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()):
        self._data: dict[K, V] = dict(items)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def points_text(points: Decimal) -> str:
    """How the source prints points: "1,5", or "баллы не присваиваются" for zero."""
    return NO_POINTS if points == 0 else fmt(points)


def tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros of a computed value (Decimal("5.0") -> 5, Decimal("3.50") -> 3.5)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


@dataclass(frozen=True)
class Condition:
    """``inputs[key] == equals``, e.g. Condition("<a count>", 0) (no such workers)."""

    key: str
    equals: Any

    def holds(self, inputs: Mapping[str, Any]) -> bool:
        return bool(inputs.get(self.key) == self.equals)


@dataclass(frozen=True)
class InputSpec:
    """One raw value of the information card."""

    key: str
    label: str
    kind: str  # "int" | "decimal" | "bool"
    min: Decimal | None = None
    max: Decimal | None = None
    unit: str = ""
    optional_when: Condition | None = None  # may be missing (None) while this condition holds
    help: str = ""  # shown under the field of the card form

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise TableError(f"Поле {self.key}: неизвестный тип {self.kind!r}.")


def as_keys(keys: "tuple[str, ...] | list[str] | str") -> tuple[str, ...]:
    """A key or several keys as a tuple of keys ("a" -> ("a",))."""
    return (keys,) if isinstance(keys, str) else tuple(keys)


@dataclass(frozen=True)
class Derived:
    """A value computed from inputs: a share (ratio) or a sum.

    ``numerator`` and ``denominator`` are each a sum of one or more input keys (a single key string is accepted
    and stored as a one-key tuple). With a denominator: ``sum(numerator) × factor ÷ sum(denominator)``, 0 when that
    sum is 0 (Кт, Кч, a share of workers in % with ``factor`` 100); without one (``()``): ``sum(numerator) × factor``
    (spending as the sum of two inputs). Rounded half up to ``quantum``; ``min_positive``: a positive result never
    rounds below this (R1: 0.1).
    """

    key: str
    label: str
    formula: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    factor: Decimal = Decimal(1)
    quantum: Decimal = Decimal(1)
    min_positive: Decimal | None = None
    unit: str = ""
    readings: tuple[str, ...] = ()
    fraction: tuple[str, str] = ("", "")  # how Appendix 2 prints it: numerator text, denominator text

    def __post_init__(self) -> None:
        object.__setattr__(self, "numerator", as_keys(self.numerator))
        object.__setattr__(self, "denominator", as_keys(self.denominator))
        object.__setattr__(self, "readings", tuple(self.readings))
        object.__setattr__(self, "fraction", tuple(self.fraction))

    @property
    def operands(self) -> tuple[str, ...]:
        """Every input key the value is computed from: the numerator's, then the denominator's, without repeats."""
        return unique([*self.numerator, *self.denominator])

    def compute(self, inputs: Mapping[str, Any]) -> Decimal | None:
        """The rounded value; None when an operand is a missing (optional) input."""
        if any(inputs[key] is None for key in self.operands):
            return None
        with localcontext() as ctx:
            ctx.prec = 60
            raw = sum((Decimal(inputs[key]) for key in self.numerator), Decimal(0)) * self.factor
            if self.denominator:
                whole = sum((Decimal(inputs[key]) for key in self.denominator), Decimal(0))
                raw = raw / whole if whole != 0 else Decimal(0)
            if raw == 0:
                return Decimal(0)
            value = raw.quantize(self.quantum, rounding=ROUND_HALF_UP)
        if self.min_positive is not None and value < self.min_positive:
            value = self.min_positive
        return value


@dataclass(frozen=True)
class Bracket:
    """Points for a value between ``low`` and ``high`` (None = unbounded), each bound in- or exclusive."""

    label: str
    points: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    readings: tuple[str, ...] = ()

    @property
    def points_label(self) -> str:
        return points_text(self.points)

    @property
    def max_points(self) -> Decimal:
        return self.points

    def matches(self, value: Decimal) -> bool:
        above = self.low is None or value > self.low or (self.low_inclusive and value == self.low)
        below = self.high is None or value < self.high or (self.high_inclusive and value == self.high)
        return above and below

    def score(self, value: Decimal) -> tuple[Decimal, str]:
        return self.points, f"{self.label} → {fmt(self.points)}"


@dataclass(frozen=True)
class Flag:
    """Points for a yes/no answer."""

    value: bool
    points: Decimal
    readings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "да" if self.value else "нет"

    @property
    def points_label(self) -> str:
        return points_text(self.points)

    @property
    def max_points(self) -> Decimal:
        return self.points

    def matches(self, value: bool) -> bool:
        return value is self.value

    def score(self, value: bool) -> tuple[Decimal, str]:
        return self.points, f"{self.label} → {fmt(self.points)}"


@dataclass(frozen=True)
class Step:
    """Above ``threshold``: ``base_points`` + ``step_points`` per full ``step`` above it, capped (reading R6).

    The cap's value is the table parameter ``cap_param`` (copied into ``cap`` when the table is built);
    ``cap_applies_to`` says whether it limits the whole indicator ("total") or only the added points ("increment").
    """

    label: str
    threshold: Decimal
    step: Decimal
    step_points: Decimal
    base_points: Decimal
    cap_param: str
    cap_applies_to: str = CAP_TOTAL
    per_step_label: str = "за каждую полную тысячу"
    readings: tuple[str, ...] = ()
    cap: Decimal | None = None

    def __post_init__(self) -> None:
        if self.cap_applies_to not in (CAP_TOTAL, CAP_INCREMENT):
            raise TableError(f"Неизвестное применение ограничения: {self.cap_applies_to!r}.")

    def _cap(self) -> Decimal:
        if self.cap is None:
            raise TableError(f"Ограничение «{self.cap_param}» не задано: правило не входит в таблицу.")
        return self.cap

    @property
    def points_label(self) -> str:
        added = f"{fmt(self.base_points)} + {fmt(self.step_points)} {self.per_step_label}"
        if self.cap_applies_to == CAP_TOTAL:
            return f"{added}, но всего не более {fmt(self._cap())}"
        return f"{added}, но надбавка не более {fmt(self._cap())}"

    @property
    def max_points(self) -> Decimal:
        if self.cap_applies_to == CAP_TOTAL:
            return self._cap()
        return self.base_points + self._cap()

    def matches(self, value: Decimal) -> bool:
        return value > self.threshold

    def score(self, value: Decimal) -> tuple[Decimal, str]:
        cap = self._cap()
        steps = (value - self.threshold) // self.step
        added = self.step_points * steps
        detail = f"{fmt(self.base_points)} + {fmt(self.step_points)} × {fmt(steps)}"
        if self.cap_applies_to == CAP_INCREMENT:
            if added > cap:
                added, detail = cap, f"{detail}, но надбавка не более {fmt(cap)}"
            points = self.base_points + added
        else:
            points = self.base_points + added
            if points > cap:
                points, detail = cap, f"{detail}, но всего не более {fmt(cap)}"
        points = tidy(points)
        prefix = "".join(f"{code}: " for code in self.readings)
        return points, f"{prefix}{self.label} — {detail} → {fmt(points)}"


@dataclass(frozen=True)
class Override:
    """When ``when`` holds, the indicator is scored without its value (readings R4, R5).

    Either fixed ``points``, or ``assume_value``: score as if the source had this value
    (``points`` is then (re)computed from the value rules whenever a table is built).
    """

    reading: str
    when: Condition
    label: str  # the condition, for the public table
    text: str  # the explanation on a card, after "R4: "
    points: Decimal | None = None
    assume_value: Decimal | None = None
    points_note: str = ""
    not_required: bool = False
    card_text: str = ""  # what a printed card shows for the value while the override holds («не требуется», «—»)

    @property
    def readings(self) -> tuple[str, ...]:
        return (self.reading,)

    @property
    def points_label(self) -> str:
        text = points_text(self.max_points)
        return f"{text} ({self.points_note})" if self.points_note else text

    @property
    def max_points(self) -> Decimal:
        if self.points is None:
            raise TableError(f"{self.reading}: баллы не определены: правило не входит в таблицу.")
        return self.points


ValueRule = Bracket | Flag | Step
Rule = Bracket | Flag | Step | Override


def first_match(rules: Iterable[ValueRule], value: Any) -> ValueRule | None:
    return next((rule for rule in rules if rule.matches(value)), None)


def unique(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes))


@dataclass(frozen=True)
class Indicator:
    """One row group of the table: K1/1 … K19. ``base_readings`` apply whenever the value rules score it."""

    code: str
    title: str
    source: str  # an input key or a derived key
    rules: tuple[Rule, ...]
    base_readings: tuple[str, ...] = ()
    # How the printed card (Appendix 2) lists it: its row number, a heading row printed once before the first of a run
    # of indicators sharing it (the heading ends the run's common part: «Обучение и проверка знаний…:»), and its title
    # there (empty: ``title``); an indicator under a heading is printed as a sub-item.
    number: str = ""
    heading: str = ""
    print_title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", tuple(self.rules))
        object.__setattr__(self, "base_readings", tuple(self.base_readings))

    # Cached: a frozen indicator's rules never change, and scoring reads these for every card (10 000 in an export).
    @cached_property
    def value_rules(self) -> tuple[ValueRule, ...]:
        return tuple(rule for rule in self.rules if not isinstance(rule, Override))

    @cached_property
    def overrides(self) -> tuple[Override, ...]:
        return tuple(rule for rule in self.rules if isinstance(rule, Override))

    @property
    def readings(self) -> tuple[str, ...]:
        """Every reading that may apply to this indicator (for the public page)."""
        return unique([*self.base_readings, *(code for rule in self.rules for code in rule.readings)])

    @cached_property
    def max_points(self) -> Decimal:
        return max(rule.max_points for rule in self.rules)


@dataclass(frozen=True)
class Reading:
    """A documented reading of an ambiguous place of the source (R1…R9)."""

    code: str
    title: str
    text: str


@dataclass(frozen=True)
class NotAbove:
    """Consistency: ``inputs[key] <= inputs[other]``; the message goes to ``key``."""

    key: str
    other: str
    message: str

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, self.other)

    def violated(self, inputs: Mapping[str, Any]) -> bool:
        return bool(inputs[self.key] > inputs[self.other])


@dataclass(frozen=True)
class ZeroWhen:
    """Consistency: ``inputs[key]`` must be 0 while ``when`` holds; the message goes to ``key``."""

    key: str
    when: Condition
    message: str

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, self.when.key)

    def violated(self, inputs: Mapping[str, Any]) -> bool:
        return self.when.holds(inputs) and inputs[self.key] != 0


Check = NotAbove | ZeroWhen

# What the portal needs to know of a table's inputs, whatever they are called: role -> (Russian name, kind it must have).
ROLES = {
    "headcount": ("среднесписочная численность работников (раздел 1 карты)", "int"),
    "hazardous_headcount": ("численность занятых во вредных и тяжёлых условиях труда (раздел 1 карты)", "int"),
    "info_materials": ("наличие информационно-аналитических материалов (требует приложить их к карте)", "bool"),
}


@dataclass(frozen=True)
class Sample:
    """An example card of a table (``title``, input key → value), for a department to preview the table with.

    Values are kept as a document holds them: bool, int, a decimal number as a string ("92.5"), or None for a
    missing one; a Decimal is stored as its string, so a sample reads back from a document unchanged.
    """

    title: str
    values: Mapping[str, Any]

    def __post_init__(self) -> None:
        values = (
            (key, format(value, "f") if isinstance(value, Decimal) else value) for key, value in self.values.items()
        )
        object.__setattr__(self, "values", FrozenMap(values))


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise TableError(message)


@dataclass(frozen=True)
class Table:
    """A complete point table. Building one validates it and resolves parameters into its rules.

    Usually read from a document (``scoring.read_table`` / ``load_table``, which check far more and name every
    error). To make a variant: ``dataclasses.replace(table, key=..., title=..., params=..., indicators=...)``.
    """

    key: str
    title: str
    inputs: tuple[InputSpec, ...]
    derived: tuple[Derived, ...]
    indicators: tuple[Indicator, ...]
    readings: Mapping[str, Reading]  # or an iterable of Reading
    params: Mapping[str, Decimal] = field(default_factory=FrozenMap)
    checks: tuple[Check, ...] = ()
    roles: Mapping[str, str] = field(default_factory=FrozenMap)  # ROLES key -> input key
    description: str = ""  # what the table is for, whom it is meant for (shown with the table's title)
    samples: tuple[Sample, ...] = ()  # example cards; a document's samples are checked to score when it is read

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "inputs", tuple(self.inputs))
        set_(self, "samples", tuple(self.samples))
        set_(self, "derived", tuple(self.derived))
        set_(self, "checks", tuple(self.checks))
        set_(self, "params", FrozenMap(self.params))
        set_(self, "roles", FrozenMap(self.roles))
        readings = self.readings
        set_(
            self, "readings", FrozenMap(readings if isinstance(readings, Mapping) else ((r.code, r) for r in readings))
        )
        self._validate_names()
        set_(self, "indicators", tuple(self._resolve(indicator) for indicator in self.indicators))

    def _validate_names(self) -> None:
        inputs = [spec.key for spec in self.inputs]
        names = [*inputs, *(d.key for d in self.derived)]
        _require(len(set(names)) == len(names), f"Таблица {self.key}: повторяющиеся ключи полей.")
        codes = [indicator.code for indicator in self.indicators]
        _require(len(set(codes)) == len(codes), f"Таблица {self.key}: повторяющиеся коды показателей.")
        used = [key for d in self.derived for key in d.operands]
        used += [spec.optional_when.key for spec in self.inputs if spec.optional_when is not None]
        used += [key for check in self.checks for key in check.keys]
        used += [rule.when.key for indicator in self.indicators for rule in indicator.overrides]
        unknown = sorted(set(used) - set(inputs))
        _require(not unknown, f"Таблица {self.key}: неизвестные поля {unknown}.")
        sources = sorted({i.source for i in self.indicators} - set(names))
        _require(not sources, f"Таблица {self.key}: неизвестные источники показателей {sources}.")
        codes_used = [code for d in self.derived for code in d.readings]
        codes_used += [code for indicator in self.indicators for code in indicator.readings]
        missing = sorted(set(codes_used) - set(self.readings))
        _require(not missing, f"Таблица {self.key}: не описаны прочтения {missing}.")
        kinds = {spec.key: spec.kind for spec in self.inputs}
        for role, key in self.roles.items():
            _require(role in ROLES, f"Таблица {self.key}: неизвестная роль поля «{role}».")
            _require(
                kinds.get(key) == ROLES[role][1],
                f"Таблица {self.key}: роль «{role}» ({ROLES[role][0]}) — нет такого поля {key!r} нужного типа.",
            )

    def _resolve(self, indicator: Indicator) -> Indicator:
        _require(bool(indicator.rules), f"{indicator.code}: нет ни одного правила.")
        source = next((spec for spec in self.inputs if spec.key == indicator.source), None)
        is_flag = source is not None and source.kind == "bool"
        value_rules = []
        for rule in indicator.value_rules:
            _require(isinstance(rule, Flag) == is_flag, f"{indicator.code}: правило не подходит к типу значения.")
            if isinstance(rule, Step):
                _require(rule.cap_param in self.params, f"{indicator.code}: нет параметра {rule.cap_param}.")
                rule = replace(rule, cap=self.params[rule.cap_param])
            value_rules.append(rule)
        resolved = iter(value_rules)
        rules = tuple(
            self._resolve_override(indicator.code, rule, value_rules) if isinstance(rule, Override) else next(resolved)
            for rule in indicator.rules
        )
        return replace(indicator, rules=rules)

    @staticmethod
    def _resolve_override(code: str, rule: Override, value_rules: list[ValueRule]) -> Override:
        if rule.assume_value is None:
            _require(rule.points is not None, f"{code}: для {rule.reading} не заданы ни баллы, ни значение.")
            return rule
        matched = first_match(value_rules, rule.assume_value)
        if not isinstance(matched, Bracket | Step):  # None, or a Flag (which never takes a number)
            raise TableError(f"{code}: значение {rule.assume_value} не попадает ни в одну строку.")
        return replace(rule, points=matched.score(rule.assume_value)[0])

    def input_spec(self, key: str) -> InputSpec:
        return next(spec for spec in self.inputs if spec.key == key)

    def role(self, role: str) -> str | None:
        """The input key that plays ``role`` (a ROLES key) in this table, None when the table has none."""
        return self.roles.get(role)

    def dependencies(self, indicator: Indicator) -> tuple[str, ...]:
        """The input keys ``indicator``'s points depend on, read from the table data, without repeats.

        Its source input (for a derived source: the keys of its numerator, then of its denominator), then the keys
        of the conditions of its overrides (an indicator scored «as 100 %» when nobody needs the measure: its value, then
        the count that says so).
        """
        derived = next((d for d in self.derived if d.key == indicator.source), None)
        sources = (indicator.source,) if derived is None else derived.operands
        return unique([*sources, *(rule.when.key for rule in indicator.overrides)])

    @cached_property
    def max_total(self) -> Decimal:
        return sum((indicator.max_points for indicator in self.indicators), Decimal(0))
