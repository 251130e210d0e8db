"""Point tables as versioned JSON documents: ``load_table``/``dump_table`` (parsed JSON), ``read_table``/``write_table`` (text).

A document is one JSON object, format "ohs-point-table", version 1::

    {"format": "ohs-point-table", "version": 1, "key": "krasnodar-2011", "title": "…", "description": "…",
     "inputs": [...], "derived": [...], "indicators": [...], "params": {"k18_cap": "5"}, "checks": [...],
     "roles": {"headcount": "<ключ поля численности>"}, "readings": [...], "samples": [...]}

Required: format, version, key (latin lower-case letters, digits, hyphens), title, inputs, indicators. Every element
mirrors the fields of its dataclass in ``scoring.model`` under the same names; a field left out takes the dataclass
default (``dump_table`` leaves defaults out). A rule has "type": "bracket" | "flag" | "step" | "override", a check
"type": "not_above" | "zero_when"; a condition is {"key": …, "equals": …}. A derived value's "numerator" is a key
or a list of keys (a sum), its "denominator" likewise, or left out for a plain sum. A sample is
{"title": …, "values": {input key: value}}, and must score.

Numbers are JSON integers or decimal strings ("0.1"); ``dump_table`` writes every Decimal as a string, never a
float. ``read_table`` also takes JSON fractions (read exactly, as Decimal); ``load_table`` refuses Python floats.

Reading checks the whole document and raises TableDocumentError naming every error at once, in Russian, each with
its place («Показатель K4», правило 2: …): what a department's staff read after uploading a broken document.
"""

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from .coverage import Domain, derived_domain, flag_findings, input_domain, number_findings
from .errors import TableDocumentError, TableError
from .inputs import check_values
from .model import (
    CAP_INCREMENT,
    CAP_TOTAL,
    KINDS,
    ROLES,
    Bracket,
    Check,
    Condition,
    Derived,
    Flag,
    Indicator,
    InputSpec,
    NotAbove,
    Override,
    Reading,
    Rule,
    Sample,
    Step,
    Table,
    ZeroWhen,
)
from .numbers import NumberError, parse_decimal, parse_int
from .scorer import score_with

__all__ = ["FORMAT", "VERSION", "TableDocumentError", "dump_table", "load_table", "read_table", "write_table"]

FORMAT = "ohs-point-table"
VERSION = 1
LINE = 100  # a list of values this short is written on one line
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)

TOP_KEYS = (
    "format",
    "version",
    "key",
    "title",
    "description",
    "inputs",
    "derived",
    "indicators",
    "params",
    "checks",
    "roles",
    "readings",
    "samples",
)
TOP_REQUIRED = ("format", "version", "key", "title", "inputs", "indicators")
INPUT_KEYS = ("key", "label", "kind", "min", "max", "unit", "optional_when", "help")
DERIVED_KEYS = (
    "key",
    "label",
    "formula",
    "numerator",
    "denominator",
    "factor",
    "quantum",
    "min_positive",
    "unit",
    "readings",
    "fraction",
)
INDICATOR_KEYS = ("code", "title", "source", "rules", "base_readings", "number", "heading", "print_title")
RULE_KEYS = {
    "bracket": ("type", "label", "points", "low", "high", "low_inclusive", "high_inclusive", "readings"),
    "flag": ("type", "value", "points", "readings"),
    "step": (
        "type",
        "label",
        "threshold",
        "step",
        "step_points",
        "base_points",
        "cap_param",
        "cap_applies_to",
        "per_step_label",
        "readings",
    ),
    "override": (
        "type",
        "reading",
        "when",
        "label",
        "text",
        "points",
        "assume_value",
        "points_note",
        "not_required",
        "card_text",
    ),
}
CHECK_KEYS = {"not_above": ("type", "key", "other", "message"), "zero_when": ("type", "key", "when", "message")}
CONDITION_KEYS = ("key", "equals")
READING_KEYS = ("code", "title", "text")
SAMPLE_KEYS = ("title", "values")

# The Russian name of each document key and its grammatical gender (m, f, n) or plural (p), for the messages.
NAMES = {
    "format": ("формат", "m"),
    "version": ("версия", "f"),
    "key": ("ключ", "m"),
    "title": ("название", "n"),
    "description": ("описание", "n"),
    "inputs": ("поля карты", "p"),
    "derived": ("производные значения", "p"),
    "indicators": ("показатели", "p"),
    "params": ("параметры", "p"),
    "checks": ("проверки", "p"),
    "roles": ("роли", "p"),
    "readings": ("прочтения", "p"),
    "samples": ("примеры", "p"),
    "label": ("подпись", "f"),
    "kind": ("тип", "m"),
    "min": ("наименьшее значение", "n"),
    "max": ("наибольшее значение", "n"),
    "unit": ("единица измерения", "f"),
    "optional_when": ("условие необязательности", "n"),
    "help": ("подсказка", "f"),
    "formula": ("формула", "f"),
    "numerator": ("числитель", "m"),
    "denominator": ("знаменатель", "m"),
    "factor": ("множитель", "m"),
    "quantum": ("шаг округления", "m"),
    "min_positive": ("наименьшее положительное значение", "n"),
    "fraction": ("запись дробью", "f"),
    "code": ("код", "m"),
    "source": ("источник", "m"),
    "rules": ("правила", "p"),
    "base_readings": ("прочтения показателя", "p"),
    "number": ("номер в карте", "m"),
    "heading": ("заголовок", "m"),
    "print_title": ("название в карте", "n"),
    "type": ("вид", "m"),
    "points": ("баллы", "p"),
    "low": ("нижняя граница", "f"),
    "high": ("верхняя граница", "f"),
    "low_inclusive": ("включение нижней границы", "n"),
    "high_inclusive": ("включение верхней границы", "n"),
    "value": ("ответ", "m"),
    "threshold": ("порог", "m"),
    "step": ("шаг", "m"),
    "step_points": ("баллы за шаг", "p"),
    "base_points": ("базовые баллы", "p"),
    "cap_param": ("параметр ограничения", "m"),
    "cap_applies_to": ("применение ограничения", "n"),
    "per_step_label": ("подпись шага", "f"),
    "reading": ("прочтение", "n"),
    "when": ("условие", "n"),
    "text": ("текст", "m"),
    "assume_value": ("принимаемое значение", "n"),
    "points_note": ("пояснение к баллам", "n"),
    "not_required": ("признак «не требуется»", "m"),
    "card_text": ("текст в карте", "m"),
    "equals": ("значение условия", "n"),
    "other": ("второе поле", "n"),
    "message": ("сообщение", "n"),
    "values": ("значения", "p"),
}
_MUST = {"m": "должен", "f": "должна", "n": "должно", "p": "должны"}
_NOT_GIVEN = {"m": "не указан", "f": "не указана", "n": "не указано", "p": "не указаны"}
_KIND_TEXT = {"int": "целое число", "decimal": "число", "bool": "ответ да/нет (true или false)"}


def _named(key: str) -> str:
    return f"{NAMES[key][0]} («{key}»)"


def must_be(key: str, what: str) -> str:
    """«баллы («points») должны быть числом.»"""
    return f"{_named(key)} {_MUST[NAMES[key][1]]} быть {what}."


def not_given(key: str) -> str:
    return f"{_NOT_GIVEN[NAMES[key][1]]} {_named(key)}."


def unknown_key(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (может быть, «{close[0]}»?)" if close else ""
    return f"неизвестный ключ «{key}»{hint}."


def shown(value: Any) -> str:
    """A document value as the document writes it."""
    return json.dumps(value, ensure_ascii=False, default=str)


class _Report:
    """The errors found so far, each with its place."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.errors:
            raise TableDocumentError(self.errors)


class _Element:
    """One JSON object of the document being read, its place for the messages, and typed reads of its keys.

    A read that fails adds an error and gives the field's default, so reading goes on and finds every error.
    """

    def __init__(
        self,
        report: _Report,
        where: str,
        data: Mapping[str, Any],
        allowed: Sequence[str],
        required: Sequence[str] = (),
    ) -> None:
        self.report, self.where, self.data = report, where, data
        self._start = len(report.errors)
        for key in data:
            if key not in allowed:
                self.error(unknown_key(str(key), allowed))
        for key in required:
            if key not in data:
                self.error(not_given(key))

    @property
    def ok(self) -> bool:
        """No error was found in this element (nor in the elements inside it) so far."""
        return len(self.report.errors) == self._start

    def error(self, message: str) -> None:
        self.report.add(self.where, message)

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if isinstance(value, str):
            return value
        self.error(must_be(key, "строкой"))
        return default

    def name(self, key: str) -> str:
        """A required key, code or title: a non-empty string."""
        value = self.data.get(key)
        if key in self.data and not (isinstance(value, str) and value.strip()):
            self.error(must_be(key, "непустой строкой"))
        return value if isinstance(value, str) else ""

    def number(self, key: str) -> Decimal | None:
        """An optional number (null or left out: None)."""
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return document_number(value)
        except NumberError:
            self.error(number_error(key, value))
            return None

    def decimal(self, key: str, default: Decimal = Decimal(0)) -> Decimal:
        """A number with a default (a required number's absence is reported by the element)."""
        number = self.number(key)
        return default if number is None else number

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if isinstance(value, bool):
            return value
        self.error(must_be(key, "логическим значением: true или false"))
        return default

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        self.error(must_be(key, "списком строк"))
        return ()

    def keys(self, key: str) -> tuple[str, ...]:
        """One key ("a") or a non-empty list of keys (["a", "b"])."""
        value = self.data.get(key, ())
        if isinstance(value, str) and value:
            return (value,)
        if isinstance(value, list) and value and all(isinstance(item, str) and item for item in value):
            return tuple(value)
        if key in self.data:
            self.error(must_be(key, "ключом поля или списком ключей"))
        return ()

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if isinstance(value, list):
            return value
        self.error(must_be(key, "списком [ … ]"))
        return []

    def mapping(self, key: str) -> Mapping[str, Any]:
        value = self.data.get(key, {})
        if isinstance(value, Mapping):
            return value
        self.error(must_be(key, "объектом { … }"))
        return {}


def document_number(value: Any) -> Decimal:
    """A number of the document: an int, a Decimal or a decimal string; NumberError for anything else (a float too)."""
    if isinstance(value, bool | float) or not isinstance(value, int | Decimal | str):
        raise NumberError(value)
    return parse_decimal(value)


def number_error(key: str, value: Any) -> str:
    if isinstance(value, float):
        return f'{_named(key)}: дробное число записывается строкой в кавычках, например "0.5".'
    return f"{_named(key)} {_MUST[NAMES[key][1]]} быть числом, а не {shown(value)}."


def _element(
    report: _Report, where: str, data: Any, allowed: Sequence[str], required: Sequence[str] = ()
) -> _Element | None:
    """``data`` read as one object of the document, or None (and an error) when it is not a JSON object."""
    if isinstance(data, Mapping):
        return _Element(report, where, data, allowed, required)
    report.add(where, f"ожидается объект {{ … }}, а не {shown(data)}.")
    return None


def _where(kind: str, data: Any, id_key: str, number: int) -> str:
    """«Показатель K4» when the element has its code, «Показатель № 3» otherwise."""
    value = data.get(id_key) if isinstance(data, Mapping) else None
    return f"«{kind} {value}»" if isinstance(value, str) and value.strip() else f"«{kind} № {number}»"


@dataclass
class _Reader:
    """The state of reading one document: what is known of its parts, for checking references between them."""

    report: _Report
    kinds: dict[str, str]  # input key -> kind as written, of every input that has a key
    derived_keys: set[str]  # keys of every derived value that has one
    readings: set[str]  # codes of the described readings
    params: dict[str, Decimal] = field(default_factory=dict)
    specs: dict[str, InputSpec] = field(default_factory=dict)
    derived: dict[str, Derived] = field(default_factory=dict)

    def known_input(self, element: _Element, key: str, what: str) -> bool:
        if key and key not in self.kinds:
            element.error(f"{what}: поле «{key}» не найдено среди полей карты («inputs»).")
            return False
        return bool(key)

    def described(self, element: _Element, codes: Sequence[str]) -> None:
        for code in codes:
            if code not in self.readings:
                element.error(f"прочтение «{code}» упомянуто, но не описано в «readings».")

    def condition(self, parent: _Element, key: str) -> Condition | None:
        if key not in parent.data:
            return None
        element = _element(
            parent.report, f"{parent.where}, {NAMES[key][0]}", parent.data[key], CONDITION_KEYS, CONDITION_KEYS
        )
        if element is None:
            return None
        input_key = element.name("key")
        known = self.known_input(element, input_key, _named("key"))
        kind = self.kinds.get(input_key)
        equals = element.data.get("equals")
        if known and kind in KINDS and "equals" in element.data:
            equals = self._equals(element, kind)
        return Condition(input_key, equals) if element.ok else None

    @staticmethod
    def _equals(element: _Element, kind: str) -> Any:
        value = element.data["equals"]
        try:
            if kind == "bool":
                if not isinstance(value, bool):
                    raise NumberError(value)
                return value
            number = document_number(value)
            return parse_int(number) if kind == "int" else number
        except NumberError:
            element.error(
                f"{_named('equals')}: для поля типа {kind} ожидается {_KIND_TEXT[kind]}, а не {shown(value)}."
            )
            return None


def _input(reader: _Reader, number: int, data: Any) -> InputSpec | None:
    element = _element(
        reader.report, _where("Поле карты", data, "key", number), data, INPUT_KEYS, ("key", "label", "kind")
    )
    if element is None:
        return None
    kind = element.text("kind", "decimal")
    if "kind" in element.data and kind not in KINDS:
        element.error(f"неизвестный тип («kind») «{kind}»: допустимы {', '.join(KINDS)}.")
    low, high = element.number("min"), element.number("max")
    if low is not None and high is not None and low > high:
        element.error(f"{_named('min')} {low} больше, чем {_named('max')} {high}.")
    if kind == "bool" and (low is not None or high is not None):
        element.error("у поля да/нет не бывает наименьшего и наибольшего значения («min», «max»).")
    spec = InputSpec(
        key=element.name("key"),
        label=element.name("label"),
        kind=kind if kind in KINDS else "decimal",
        min=low,
        max=high,
        unit=element.text("unit"),
        optional_when=reader.condition(element, "optional_when"),
        help=element.text("help"),
    )
    return spec if element.ok else None


def _reading(report: _Report, number: int, data: Any) -> Reading | None:
    element = _element(report, _where("Прочтение", data, "code", number), data, READING_KEYS, READING_KEYS)
    if element is None:
        return None
    reading = Reading(element.name("code"), element.name("title"), element.name("text"))
    return reading if element.ok else None


def _operands(reader: _Reader, element: _Element, key: str) -> tuple[str, ...]:
    keys = element.keys(key)
    for operand in keys:
        if reader.known_input(element, operand, _named(key)) and reader.kinds[operand] == "bool":
            element.error(f"{_named(key)}: поле «{operand}» — ответ да/нет, его нельзя складывать и делить.")
    return keys


def _derived(reader: _Reader, number: int, data: Any) -> Derived | None:
    required = ("key", "label", "formula", "numerator")
    element = _element(reader.report, _where("Производное значение", data, "key", number), data, DERIVED_KEYS, required)
    if element is None:
        return None
    quantum = element.decimal("quantum", Decimal(1))
    sign, digits, _ = quantum.as_tuple()
    if sign or digits != (1,) or quantum > 1:  # "0.10" would round to 0.01, "10" to 1: the exponent is the quantum
        element.error(f"{_named('quantum')} — это 1, 0.1, 0.01 и т. д.: до какого знака округляется значение.")
    fraction = element.texts("fraction")
    if "fraction" in element.data and len(fraction) != 2:
        element.error(f"{_named('fraction')} — это две строки: текст над чертой и под ней.")
    readings = element.texts("readings")
    reader.described(element, readings)
    derived = Derived(
        key=element.name("key"),
        label=element.name("label"),
        formula=element.name("formula"),
        numerator=_operands(reader, element, "numerator"),
        denominator=_operands(reader, element, "denominator"),
        factor=element.decimal("factor", Decimal(1)),
        quantum=quantum,
        min_positive=element.number("min_positive"),
        unit=element.text("unit"),
        readings=readings,
        fraction=(fraction[0], fraction[1]) if len(fraction) == 2 else ("", ""),
    )
    return derived if element.ok else None


def _bracket(reader: _Reader, element: _Element) -> Bracket:
    return Bracket(
        label=element.name("label"),
        points=element.decimal("points"),
        low=element.number("low"),
        high=element.number("high"),
        low_inclusive=element.flag("low_inclusive", True),
        high_inclusive=element.flag("high_inclusive", True),
        readings=element.texts("readings"),
    )


def _flag(reader: _Reader, element: _Element) -> Flag:
    return Flag(element.flag("value", True), element.decimal("points"), element.texts("readings"))


def _step(reader: _Reader, element: _Element) -> Step:
    step = element.decimal("step")
    if "step" in element.data and step <= 0:
        element.error(f"{_named('step')} должен быть больше 0.")
    cap_param = element.name("cap_param")
    if cap_param and cap_param not in reader.params:
        element.error(f"{_named('cap_param')} «{cap_param}» не задан в «params».")
    applies_to = element.text("cap_applies_to", CAP_TOTAL)
    if applies_to not in (CAP_TOTAL, CAP_INCREMENT):
        element.error(
            f"{_named('cap_applies_to')} — «{CAP_TOTAL}» (ко всему показателю) или «{CAP_INCREMENT}» (к надбавке)."
        )
    return Step(
        label=element.name("label"),
        threshold=element.decimal("threshold"),
        step=step,
        step_points=element.decimal("step_points"),
        base_points=element.decimal("base_points"),
        cap_param=cap_param,
        cap_applies_to=applies_to if applies_to in (CAP_TOTAL, CAP_INCREMENT) else CAP_TOTAL,
        per_step_label=element.text("per_step_label", Step.per_step_label),
        readings=element.texts("readings"),
    )


def _override(reader: _Reader, element: _Element) -> Override:
    code = element.name("reading")
    reader.described(element, (code,) if code else ())
    points, assume_value = element.number("points"), element.number("assume_value")
    if ("points" in element.data) == ("assume_value" in element.data):
        element.error(f"нужно указать одно из двух: {_named('points')} или {_named('assume_value')}.")
    return Override(
        reading=code,
        when=reader.condition(element, "when") or Condition("", None),
        label=element.name("label"),
        text=element.name("text"),
        points=points,
        assume_value=assume_value,
        points_note=element.text("points_note"),
        not_required=element.flag("not_required", False),
        card_text=element.text("card_text"),
    )


_RULES: dict[str, Callable[[_Reader, _Element], Rule]] = {
    "bracket": _bracket,
    "flag": _flag,
    "step": _step,
    "override": _override,
}
_REQUIRED = {
    "bracket": ("label", "points"),
    "flag": ("value", "points"),
    "step": ("label", "threshold", "step", "step_points", "base_points", "cap_param"),
    "override": ("reading", "when", "label", "text"),
    "not_above": ("key", "other", "message"),
    "zero_when": ("key", "when", "message"),
}


def _typed(
    report: _Report, where: str, data: Any, keys: Mapping[str, Sequence[str]], what: str
) -> tuple[str, _Element] | None:
    """An element with a "type" (a rule, a check): the type and the element read with that type's keys."""
    if not isinstance(data, Mapping):
        report.add(where, f"ожидается объект {{ … }}, а не {shown(data)}.")
        return None
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in keys:
        problem = not_given("type")[:-1] if kind is None else f"неизвестный вид {what} («type») {shown(kind)}"
        report.add(where, f"{problem}: допустимы {', '.join(keys)}.")
        return None
    return kind, _Element(report, where, data, keys[kind], _REQUIRED[kind])


def _rule(reader: _Reader, where: str, data: Any) -> Rule | None:
    typed = _typed(reader.report, where, data, RULE_KEYS, "правила")
    if typed is None:
        return None
    kind, element = typed
    rule = _RULES[kind](reader, element)
    if not isinstance(rule, Override):
        reader.described(element, rule.readings)
    return rule if element.ok else None


def _source_kind(reader: _Reader, element: _Element, source: str) -> str | None:
    if source in reader.derived_keys:
        return "decimal"
    if source in reader.kinds:
        kind = reader.kinds[source]
        return kind if kind in KINDS else None  # the input's own error names its kind
    if source:
        element.error(f"{_named('source')} «{source}» — не поле карты и не производное значение.")
    return None


def _rule_fits(report: _Report, where: str, source: str, kind: str, rule: Rule) -> bool:
    if isinstance(rule, Flag) and kind != "bool":
        report.add(where, f"источник «{source}» — число; правило вида «flag» (да/нет) к нему не подходит.")
        return False
    if isinstance(rule, Bracket | Step) and kind == "bool":
        name = "bracket" if isinstance(rule, Bracket) else "step"
        report.add(where, f"источник «{source}» — ответ да/нет; для него нужны правила вида «flag», а не «{name}».")
        return False
    return True


def _indicator(reader: _Reader, number: int, data: Any) -> Indicator | None:
    where = _where("Показатель", data, "code", number)
    element = _element(reader.report, where, data, INDICATOR_KEYS, ("code", "title", "source", "rules"))
    if element is None:
        return None
    source = element.name("source")
    kind = _source_kind(reader, element, source)
    rules: list[Rule] = []
    rules_data = element.items("rules")
    if "rules" in element.data and not rules_data:
        element.error("не задано ни одного правила («rules»).")
    for n, rule_data in enumerate(rules_data, 1):
        rule_where = f"{where}, правило {n}"
        rule = _rule(reader, rule_where, rule_data)
        if rule is not None and (kind is None or _rule_fits(reader.report, rule_where, source, kind, rule)):
            rules.append(rule)
    base_readings = element.texts("base_readings")
    reader.described(element, base_readings)
    domain = _domain(reader, source)
    if element.ok and domain is not None:
        for message in _coverage(domain, rules):
            element.error(message)
    indicator = Indicator(
        code=element.name("code"),
        title=element.name("title"),
        source=source,
        rules=tuple(rules),
        base_readings=base_readings,
        number=element.text("number"),
        heading=element.text("heading"),
        print_title=element.text("print_title"),
    )
    return indicator if element.ok else None


def _domain(reader: _Reader, source: str) -> Domain | str | None:
    """The values ``source`` can take ("bool" for an answer); None when its own definition has errors."""
    if source in reader.derived:
        derived = reader.derived[source]
        if all(key in reader.specs for key in derived.operands):
            return derived_domain(derived, reader.specs)
        return None
    spec = reader.specs.get(source)
    if spec is None:
        return None
    return "bool" if spec.kind == "bool" else input_domain(spec)


def _coverage(domain: Domain | str, rules: Sequence[Rule]) -> list[str]:
    numbered = list(enumerate(rules, 1))
    if isinstance(domain, Domain):
        return number_findings(domain, ((n, rule) for n, rule in numbered if isinstance(rule, Bracket | Step)))
    return flag_findings((n, rule) for n, rule in numbered if isinstance(rule, Flag))


def _check(reader: _Reader, number: int, data: Any) -> Check | None:
    typed = _typed(reader.report, f"«Проверка {number}»", data, CHECK_KEYS, "проверки")
    if typed is None:
        return None
    kind, element = typed
    key, message = element.name("key"), element.name("message")
    reader.known_input(element, key, _named("key"))
    check: Check
    if kind == "not_above":
        other = element.name("other")
        reader.known_input(element, other, _named("other"))
        check = NotAbove(key, other, message)
    else:
        check = ZeroWhen(key, reader.condition(element, "when") or Condition("", None), message)
    return check if element.ok else None


def _roles(reader: _Reader, top: _Element) -> dict[str, str]:
    roles: dict[str, str] = {}
    for role, key in top.mapping("roles").items():
        where = f"«Роль {role}»"
        if role not in ROLES:
            reader.report.add(where, f"неизвестная роль: допустимы {', '.join(ROLES)}.")
            continue
        meaning, kind = ROLES[role]
        if not isinstance(key, str) or key not in reader.kinds:
            name = f"«{key}»" if isinstance(key, str) else shown(key)
            reader.report.add(where, f"{meaning}: поле {name} не найдено среди полей карты («inputs»).")
        elif reader.kinds[key] != kind:
            reader.report.add(where, f"{meaning}: нужно поле типа {kind}, а поле «{key}» — типа {reader.kinds[key]}.")
        else:
            roles[role] = key
    return roles


def _params(report: _Report, top: _Element) -> dict[str, Decimal]:
    params: dict[str, Decimal] = {}
    for name, value in top.mapping("params").items():
        try:
            params[name] = document_number(value)
        except NumberError:
            report.add(f"«Параметр {name}»", f"значение должно быть числом, а не {shown(value)}.")
    return params


def _sample(report: _Report, number: int, data: Any) -> tuple[str, Sample] | None:
    title = data.get("title") if isinstance(data, Mapping) else None
    where = f"«Пример {number}: {title}»" if isinstance(title, str) and title.strip() else f"«Пример {number}»"
    element = _element(report, where, data, SAMPLE_KEYS, SAMPLE_KEYS)
    if element is None:
        return None
    sample = Sample(element.name("title"), element.mapping("values"))
    return (where, sample) if element.ok else None


def _duplicates(report: _Report, keys: Sequence[str], text: str) -> None:
    counts = Counter(keys)
    for key in (key for key, count in counts.items() if count > 1):
        report.add("Документ", f"{text.format(key)}: он должен быть единственным.")


@dataclass(frozen=True)
class _Header:
    key: str
    title: str
    description: str
    foreign: bool  # another format or version


def _top(report: _Report, document: Any) -> tuple[_Element, _Header]:
    """The document's top level: its keys, format and version, key, title and description."""
    if not isinstance(document, Mapping):
        raise TableDocumentError([f"Документ: ожидается объект JSON {{ … }}, а не {shown(document)}."])
    top = _Element(report, "Документ", document, TOP_KEYS, TOP_REQUIRED)
    form, version = document.get("format", FORMAT), document.get("version", VERSION)
    foreign = True
    if form != FORMAT:
        top.error(f"это не таблица показателей: {_named('format')} должен быть «{FORMAT}», а не {shown(form)}.")
    elif type(version) is not int or version != VERSION:
        top.error(f"{_named('version')} {shown(version)} не поддерживается: портал читает версию {VERSION}.")
    else:
        foreign = False
    header = _Header(top.name("key"), top.name("title"), top.text("description"), foreign)
    if header.key and not KEY_PATTERN.fullmatch(header.key):
        top.error(
            f"{_named('key')} «{header.key}»: допустимы только латинские строчные буквы, цифры и дефис, "
            "например «krasnodar-2026»."
        )
    return top, header


def _named_elements(elements: Any, id_key: str) -> dict[str, Any]:
    """id -> element of every element of the list ``elements`` that has a string id, so references between the
    parts can be checked in any order and an element with an error of its own is still known by its id."""
    items = elements if isinstance(elements, list) else []
    return {data[id_key]: data for data in items if isinstance(data, Mapping) and isinstance(data.get(id_key), str)}


def load_table(document: Mapping[str, Any]) -> Table:
    """The Table a parsed document describes; TableDocumentError naming every error of the document otherwise."""
    report = _Report()
    top, header = _top(report, document)
    if header.foreign:
        report.raise_if_any()  # another format or version: its other keys may mean other things
    kinds = {key: str(data.get("kind")) for key, data in _named_elements(document.get("inputs"), "key").items()}
    derived_keys = set(_named_elements(document.get("derived"), "key"))
    reader = _Reader(report, kinds, derived_keys, set(_named_elements(document.get("readings"), "code")))
    readings = [r for n, data in enumerate(top.items("readings"), 1) if (r := _reading(report, n, data))]
    reader.params = _params(report, top)
    inputs = [spec for n, data in enumerate(top.items("inputs"), 1) if (spec := _input(reader, n, data))]
    reader.specs = {spec.key: spec for spec in inputs}
    derived = [d for n, data in enumerate(top.items("derived"), 1) if (d := _derived(reader, n, data))]
    reader.derived = {d.key: d for d in derived}
    indicators = [i for n, data in enumerate(top.items("indicators"), 1) if (i := _indicator(reader, n, data))]
    checks = [c for n, data in enumerate(top.items("checks"), 1) if (c := _check(reader, n, data))]
    roles = _roles(reader, top)
    names = [*(spec.key for spec in inputs), *(d.key for d in derived)]
    _duplicates(report, names, "ключ «{}» повторяется среди полей карты и производных значений")
    _duplicates(report, [i.code for i in indicators], "код показателя «{}» повторяется")
    _duplicates(report, [r.code for r in readings], "код прочтения «{}» повторяется")
    parts_ok = not report.errors
    samples = [s for n, data in enumerate(top.items("samples"), 1) if (s := _sample(report, n, data))]
    if not parts_ok:
        raise TableDocumentError(report.errors)  # the samples' values are checked only against a built table
    try:
        table = Table(
            key=header.key,
            title=header.title,
            description=header.description,
            inputs=tuple(inputs),
            derived=tuple(derived),
            indicators=tuple(indicators),
            readings={reading.code: reading for reading in readings},
            params=reader.params,
            checks=tuple(checks),
            roles=roles,
        )
    except TableError as error:
        raise TableDocumentError([*report.errors, f"Таблица: {error}"]) from None
    for where, sample in samples:
        _score_sample(report, where, table, sample)
    report.raise_if_any()
    return replace(table, samples=tuple(sample for _, sample in samples))


def _score_sample(report: _Report, where: str, table: Table, sample: Sample) -> None:
    checked = check_values(table, sample.values)
    for key, message in checked.errors.items():
        report.add(where, f"поле «{key}» — {message[0].lower()}{message[1:]}")
    if not checked.errors:
        try:
            score_with(table, sample.values)
        except TableError as error:
            report.add(where, f"не считается: {error}")


# Writing: every element as its dataclass fields, defaults left out.


def _encode(value: Any) -> Any:
    if isinstance(value, bool | str | int) or value is None:
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Condition):
        return {"key": value.key, "equals": _encode(value.equals)}
    if isinstance(value, Mapping):
        return {key: _encode(item) for key, item in value.items()}
    return [_encode(item) for item in value]


def _fields(element: Any, names: Sequence[str], **first: Any) -> dict[str, Any]:
    """``first``, then each field of ``names`` whose value is not the dataclass default, encoded for JSON."""
    defaults = {f.name: f.default for f in fields(element)}
    out = dict(first)
    for name in names:
        value = getattr(element, name)
        if defaults.get(name, MISSING) is MISSING or value != defaults[name]:
            out[name] = _encode(value)
    return out


def _dump_derived(derived: Derived) -> dict[str, Any]:
    out = _fields(derived, [name for name in DERIVED_KEYS if name not in ("numerator", "denominator")])
    keys = {"numerator": derived.numerator, "denominator": derived.denominator}
    operands = {name: list(value) if len(value) > 1 else value[0] for name, value in keys.items() if value}
    return {name: out[name] for name in ("key", "label", "formula")} | operands | out


_RULE_TYPES: tuple[tuple[type, str], ...] = (
    (Bracket, "bracket"),
    (Flag, "flag"),
    (Step, "step"),
    (Override, "override"),
)


def _dump_rule(rule: Rule) -> dict[str, Any]:
    kind = next(name for cls, name in _RULE_TYPES if isinstance(rule, cls))
    names = [
        name
        for name in RULE_KEYS[kind][1:]
        if not (name == "points" and isinstance(rule, Override) and rule.assume_value is not None)
    ]
    return _fields(rule, names, type=kind)


def _dump_indicator(indicator: Indicator) -> dict[str, Any]:
    out = _fields(indicator, [name for name in INDICATOR_KEYS if name != "rules"])
    out["rules"] = [_dump_rule(rule) for rule in indicator.rules]
    return out


def _dump_check(check: Check) -> dict[str, Any]:
    kind = "not_above" if isinstance(check, NotAbove) else "zero_when"
    return _fields(check, CHECK_KEYS[kind][1:], type=kind)


def dump_table(table: Table) -> dict[str, Any]:
    """``table`` as a document (JSON-serialisable: decimals as strings); ``load_table(dump_table(t)) == t``."""
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "key": table.key, "title": table.title}
    if table.description:
        document["description"] = table.description
    document["inputs"] = [_fields(spec, INPUT_KEYS) for spec in table.inputs]
    if table.derived:
        document["derived"] = [_dump_derived(derived) for derived in table.derived]
    document["indicators"] = [_dump_indicator(indicator) for indicator in table.indicators]
    optional = {
        "params": _encode(table.params),
        "checks": [_dump_check(check) for check in table.checks],
        "roles": dict(table.roles),
        "readings": [_fields(reading, READING_KEYS) for reading in table.readings.values()],
        "samples": [{"title": sample.title, "values": dict(sample.values)} for sample in table.samples],
    }
    return document | {key: value for key, value in optional.items() if value}


def write_table(table: Table) -> str:
    """The document of ``table`` as JSON text: indented by 2, Cyrillic as is, short lists of values on one line."""
    return _pretty(dump_table(table), "") + "\n"


def _pretty(value: Any, indent: str) -> str:
    inner = indent + "  "
    if isinstance(value, Mapping) and value:
        items = (f"{inner}{_scalar(key)}: {_pretty(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and value:
        one_line = "[" + ", ".join(_pretty(item, inner) for item in value) + "]"
        if "\n" not in one_line and len(inner) + len(one_line) <= LINE:
            return one_line
        return "[\n" + ",\n".join(f"{inner}{_pretty(item, inner)}" for item in value) + f"\n{indent}]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def read_table(text: str | bytes) -> Table:
    """The Table of a JSON document's text (fractions are read exactly, as Decimal); TableDocumentError otherwise."""
    try:
        source = text.decode("utf-8-sig") if isinstance(text, bytes) else text
    except UnicodeDecodeError:
        raise TableDocumentError(["Документ: файл должен быть в кодировке UTF-8."]) from None
    try:
        document = json.loads(source, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as error:
        raise TableDocumentError(
            [f"Документ: это не JSON — ошибка в строке {error.lineno}, столбце {error.colno}."]
        ) from None
    except RecursionError:
        raise TableDocumentError(["Документ: слишком глубокая вложенность — это не документ таблицы."]) from None
    return load_table(document)
