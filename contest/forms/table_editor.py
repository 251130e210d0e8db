"""Forms that change a kept point table in the browser: one indicator (its titles and every rule: brackets, flags,
steps, R4/R5 overrides; a bracket added or removed), or the table's own texts (title, description, the card's
fields, the derived values, the readings).

Each form is built from the table's document (``scoring.dump_table``) and writes the user's values back into a copy of
it with ``apply(document)``; the document is then kept as the key's next version by ``services.tables.import_table``,
which checks the whole table (gaps and overlaps of brackets, samples that no longer score) and names every error.
Keys, kinds and sources are not edited here: they change the card itself, so they change by an uploaded document.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.numbers import CountField, NumberField

from .base import CleanTextMixin

TEXT_MAX = 1000
LONG_TEXT_MAX = 5000


def _number_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _number(label, *, required: bool = True, min_value: Decimal | None = None, help_text="") -> forms.DecimalField:
    return NumberField(
        label=label,
        required=required,
        min_value=min_value,
        max_digits=15,
        decimal_places=4,
        help_text=help_text,
        widget=_number_input(),
    )


def _points(label=None) -> forms.DecimalField:
    return _number(label or _("Баллы"), min_value=Decimal(0))


def _text(label, *, required: bool = True, help_text="", long: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT_MAX if long else TEXT_MAX,
        help_text=help_text,
        widget=widget,
    )


def _decimal(value: Any) -> Decimal | None:
    """A document's number (a string such as "0.5", an int) as the form shows it; None for a missing one."""
    return None if value is None else Decimal(str(value))


def _encoded(value: Decimal) -> str:
    """A number as a document keeps it: "0.5", "10" (no exponent, no trailing zeros beyond the typed ones)."""
    return format(value, "f")


def _set(data: dict[str, Any], name: str, value: Any) -> None:
    """Write a field of a document element; an empty optional value removes the field (its default applies)."""
    if value is None or value == "":
        data.pop(name, None)
    elif isinstance(value, Decimal):
        data[name] = _encoded(value)
    else:
        data[name] = value


@dataclass(frozen=True)
class Group:
    """A fieldset of the page: its legend, what it is, and its cells (a bound field with its grid column)."""

    legend: str
    kind: str
    cells: list[tuple[forms.BoundField, str]]
    hint: str = ""


WIDE = "col-12"


def cells(
    form: forms.Form, names: list[str], widths: dict[str, str] | None = None
) -> list[tuple[forms.BoundField, str]]:
    """The bound fields of ``names`` with their Bootstrap columns: texts across the row, numbers and ticks narrow
    (``widths``: the column of a field by its name's last part, where it differs)."""
    return [(form[name], (widths or {}).get(name.rsplit("-", 1)[-1]) or _width(form.fields[name])) for name in names]


def _width(field: forms.Field) -> str:
    if isinstance(field, forms.BooleanField):
        return "col-6 col-md-3 pt-4 mt-2"  # level with the number beside it, below that one's label
    if isinstance(field, forms.DecimalField | forms.IntegerField):
        return "col-6 col-md-3"
    return WIDE if isinstance(field.widget, forms.Textarea) else "col-12 col-md-6"


def note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Что изменено"),
        max_length=500,
        required=False,
        help_text=_("Необязательно: увидят все, кто выбирает таблицу. Пусто — портал напишет сам."),
    )


NEW = "new"  # the prefix of the fields of a bracket to add


class IndicatorForm(CleanTextMixin, forms.Form):
    """One indicator of a table document: its titles and its rules, in the order of the public table.

    Fields are named after the rule's place: ``rule-2-points`` is the points of the third rule. A bracket may be
    removed (``rule-N-delete``), moved (``rule-N-position``) or added (the ``new-…`` fields).
    """

    title = _text(_("Наименование показателя"), help_text=_("Как его называют публичная страница и карта."))
    number = forms.CharField(
        label=_("Номер в карте"), required=False, max_length=20, help_text=_("Например, «2.» или «1.1»")
    )
    heading = _text(
        _("Общий заголовок"),
        required=False,
        help_text=_("Печатается один раз перед показателями, у которых он общий («Обучение и проверка знаний…:»)."),
    )
    print_title = _text(
        _("Наименование в печатной карте"), required=False, help_text=_("Пусто — печатается наименование показателя.")
    )
    note = note_field()

    def __init__(self, *args, document: dict[str, Any], position: int, **kwargs):
        self.indicator = document["indicators"][position]
        self.params = document.get("params", {})
        self.position = position
        initial = {name: self.indicator.get(name, "") for name in ("title", "number", "heading", "print_title")}
        super().__init__(*args, initial=initial, **kwargs)
        self.brackets = [i for i, rule in enumerate(self.indicator["rules"]) if rule["type"] == "bracket"]
        for index, rule in enumerate(self.indicator["rules"]):
            for name, field in self._rule_fields(rule, index).items():
                self.fields[f"rule-{index}-{name}"] = field
        if self.brackets:
            for name, field in self._bracket_fields(None, position=None).items():
                field.required = False
                self.fields[f"{NEW}-{name}"] = field

    # The fields of one rule, with the document's values as their initial ones.
    def _rule_fields(self, rule: dict[str, Any], index: int) -> dict[str, forms.Field]:
        kind = rule["type"]
        if kind == "bracket":
            fields = self._bracket_fields(rule, position=self.brackets.index(index) + 1)
            if len(self.brackets) > 1:
                fields["delete"] = forms.BooleanField(label=_("Удалить эту границу"), required=False)
            return fields
        if kind == "flag":
            return {"points": self._initial(_points(), rule.get("points"))}
        if kind == "step":
            return {
                "label": self._initial(_text(_("Условие")), rule.get("label")),
                "threshold": self._initial(_number(_("Свыше (порог)")), rule.get("threshold")),
                "step": self._initial(_number(_("Шаг"), min_value=Decimal(0)), rule.get("step")),
                "base_points": self._initial(_points(_("Баллы на пороге")), rule.get("base_points")),
                "step_points": self._initial(_points(_("Баллы за каждый шаг")), rule.get("step_points")),
                "per_step_label": self._initial(
                    _text(_("Как назван шаг"), required=False), rule.get("per_step_label", "")
                ),
                "cap": self._initial(_points(_("Не более (баллов)")), self.params.get(rule.get("cap_param", ""))),
            }
        fields = {
            "label": self._initial(_text(_("Условие (на публичной странице)")), rule.get("label")),
            "text": self._initial(_text(_("Пояснение в карте")), rule.get("text")),
            "card_text": self._initial(
                _text(_("Вместо значения в печатной карте"), required=False), rule.get("card_text", "")
            ),
        }
        if "assume_value" in rule:
            fields["assume_value"] = self._initial(_number(_("Считается как значение")), rule["assume_value"])
        else:
            fields["points"] = self._initial(_points(), rule.get("points"))
        fields["points_note"] = self._initial(
            _text(_("Примечание к баллам"), required=False), rule.get("points_note", "")
        )
        return fields

    def _bracket_fields(self, rule: dict[str, Any] | None, *, position: int | None) -> dict[str, forms.Field]:
        rule = rule or {}
        return {
            "label": self._initial(_text(_("Условие")), rule.get("label", "")),
            "points": self._initial(_points(), rule.get("points")),
            "position": CountField(
                label=_("Место в списке"),
                required=False,
                min_value=1,
                initial=position,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            ),
            "low": self._initial(_number(_("От"), required=False, help_text=_("Пусто — без границы")), rule.get("low")),
            "low_inclusive": forms.BooleanField(
                label=_("«От» включительно"), required=False, initial=rule.get("low_inclusive", True)
            ),
            "high": self._initial(
                _number(_("До"), required=False, help_text=_("Пусто — без границы")), rule.get("high")
            ),
            "high_inclusive": forms.BooleanField(
                label=_("«До» включительно"), required=False, initial=rule.get("high_inclusive", True)
            ),
        }

    @staticmethod
    def _initial(field: forms.Field, value: Any) -> forms.Field:
        field.initial = _decimal(value) if isinstance(field, forms.DecimalField) else value
        return field

    def groups(self) -> list[Group]:
        """The fieldsets to render: the titles, each rule, then the bracket to add."""
        titles = cells(
            self,
            ["title", "number", "heading", "print_title"],
            {"title": WIDE, "number": "col-6 col-md-3", "heading": "col-12 col-md-9"},
        )
        out = [Group(str(_("Наименование")), "titles", titles)]
        for index, rule in enumerate(self.indicator["rules"]):
            names = [name for name in self.fields if name.startswith(f"rule-{index}-")]
            out.append(Group(self._legend(rule, index), rule["type"], cells(self, names, {"delete": WIDE})))
        if self.brackets:
            names = [name for name in self.fields if name.startswith(f"{NEW}-")]
            hint = _("Заполните условие и баллы, чтобы добавить границу; пусто — ничего не добавляется.")
            out.append(Group(str(_("Новая граница")), "new", cells(self, names), str(hint)))
        return out

    def _legend(self, rule: dict[str, Any], index: int) -> str:
        kind = rule["type"]
        if kind == "bracket":
            return str(_("Граница %(number)s") % {"number": self.brackets.index(index) + 1})
        if kind == "flag":
            return str(_("Ответ «%(answer)s»") % {"answer": _("да") if rule.get("value", True) else _("нет")})
        if kind == "step":
            return str(_("Надбавка за превышение порога"))
        return str(_("Особый случай %(reading)s") % {"reading": rule.get("reading", "")})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.brackets:
            added = [data.get(f"{NEW}-label"), data.get(f"{NEW}-points")]
            if any(value not in (None, "") for value in added):
                if not data.get(f"{NEW}-label"):
                    self.add_error(f"{NEW}-label", _("Напишите условие новой границы, как его увидят участники."))
                if data.get(f"{NEW}-points") is None:
                    self.add_error(f"{NEW}-points", _("Укажите баллы новой границы."))
            kept = [i for i in self.brackets if not data.get(f"rule-{i}-delete")]
            if not kept and not data.get(f"{NEW}-label"):
                self.add_error(None, _("Нельзя удалить все границы показателя."))
        return data

    @property
    def adds_bracket(self) -> bool:
        return bool(self.brackets and self.cleaned_data.get(f"{NEW}-label"))

    def apply(self, document: dict[str, Any]) -> None:
        """Write the cleaned values into ``document`` (a copy of the table's document, changed in place)."""
        data = self.cleaned_data
        indicator = document["indicators"][self.position]
        for name in ("title", "number", "heading", "print_title"):
            _set(indicator, name, data[name])
        rules: list[tuple[str, dict[str, Any]]] = []  # ("bracket" | "other", rule)
        brackets: list[tuple[int, int, dict[str, Any]]] = []  # (position, order, rule)
        for index, rule in enumerate(indicator["rules"]):
            rule = dict(rule)
            values = {
                name[len(f"rule-{index}-") :]: value
                for name, value in data.items()
                if name.startswith(f"rule-{index}-")
            }
            if rule["type"] == "bracket":
                if not values.pop("delete", False):
                    brackets.append(self._bracket(rule, values, order=index))
                rules.append(("bracket", rule))
                continue
            if rule["type"] == "step":
                cap = values.pop("cap")
                document.setdefault("params", {})[rule["cap_param"]] = _encoded(cap)
            for name, value in values.items():
                _set(rule, name, value)
            rules.append(("other", rule))
        if self.adds_bracket:
            values = {name[len(f"{NEW}-") :]: value for name, value in data.items() if name.startswith(f"{NEW}-")}
            brackets.append(self._bracket({"type": "bracket"}, values, order=-1))
        indicator["rules"] = self._ordered(rules, brackets)

    @staticmethod
    def _bracket(rule: dict[str, Any], values: dict[str, Any], *, order: int) -> tuple[int, int, dict[str, Any]]:
        """The bracket's rule with the form's values, and its sort key: its place (none: last), then ``order``."""
        position = values.pop("position")
        for name, value in values.items():
            if name.endswith("_inclusive"):
                rule[name] = bool(value)
            else:
                _set(rule, name, value)
        return (position if position is not None else 10**6, order, rule)

    @staticmethod
    def _ordered(rules: list[tuple[str, dict[str, Any]]], brackets: list) -> list[dict[str, Any]]:
        """The rules in their order, the brackets (kept and added) sorted by their place where the first one was."""
        first = next((i for i, (kind, _rule) in enumerate(rules) if kind == "bracket"), None)
        others = [rule for kind, rule in rules if kind != "bracket"]
        if first is None:
            return others
        before = sum(1 for kind, _rule in rules[:first] if kind != "bracket")
        # By place; an added bracket goes before a kept one of the same place («Место 4» makes it the fourth).
        ordered = [rule for _position, _order, rule in sorted(brackets, key=lambda item: item[:2])]
        return others[:before] + ordered + others[before:]


class TableTextsForm(CleanTextMixin, forms.Form):
    """The texts of a table document: its title and description, each field of the card (label, unit, hint,
    range), each derived value (name, formula) and each reading (title, text)."""

    title = _text(_("Наименование таблицы"))
    description = _text(
        _("Описание"), required=False, long=True, help_text=_("Для кого таблица и чем она отличается от прошлой.")
    )
    note = note_field()

    def __init__(self, *args, document: dict[str, Any], **kwargs):
        self.document = document
        initial = {"title": document["title"], "description": document.get("description", "")}
        super().__init__(*args, initial=initial, **kwargs)
        self.inputs = document["inputs"]
        for index, spec in enumerate(self.inputs):
            prefix = f"input-{index}-"
            self.fields[prefix + "label"] = _text(_("Подпись поля"))
            self.fields[prefix + "unit"] = forms.CharField(label=_("Единица"), required=False, max_length=20)
            self.fields[prefix + "help"] = _text(_("Подсказка под полем"), required=False, long=True)
            for name in ("label", "unit", "help"):
                self.fields[prefix + name].initial = spec.get(name, "")
            if spec["kind"] != "bool":
                self.fields[prefix + "min"] = _number(_("Не меньше"), required=False)
                self.fields[prefix + "max"] = _number(_("Не больше"), required=False)
                self.fields[prefix + "min"].initial = _decimal(spec.get("min"))
                self.fields[prefix + "max"].initial = _decimal(spec.get("max"))
        for index, derived in enumerate(document.get("derived", [])):
            prefix = f"derived-{index}-"
            self.fields[prefix + "label"] = _text(_("Наименование"))
            self.fields[prefix + "formula"] = _text(_("Как считается"), long=True)
            for name in ("label", "formula"):
                self.fields[prefix + name].initial = derived.get(name, "")
        for index, reading in enumerate(document.get("readings", [])):
            prefix = f"reading-{index}-"
            self.fields[prefix + "title"] = _text(_("Заголовок"))
            self.fields[prefix + "text"] = _text(_("Текст"), long=True)
            for name in ("title", "text"):
                self.fields[prefix + name].initial = reading.get(name, "")

    def _names(self, prefix: str) -> list[tuple[forms.BoundField, str]]:
        return cells(self, [name for name in self.fields if name.startswith(prefix)])

    def groups(self) -> list[Group]:
        out = [Group(str(_("Таблица")), "titles", cells(self, ["title", "description"]))]
        for index, spec in enumerate(self.inputs):
            out.append(Group(spec["key"], "input", self._names(f"input-{index}-")))
        for index, derived in enumerate(self.document.get("derived", [])):
            out.append(Group(derived["key"], "derived", self._names(f"derived-{index}-")))
        for index, reading in enumerate(self.document.get("readings", [])):
            out.append(Group(reading["code"], "reading", self._names(f"reading-{index}-")))
        return out

    def apply(self, document: dict[str, Any]) -> None:
        data = self.cleaned_data
        _set(document, "title", data["title"])
        _set(document, "description", data["description"])
        for part, prefix in (("inputs", "input"), ("derived", "derived"), ("readings", "reading")):
            for index, element in enumerate(document.get(part, [])):
                start = f"{prefix}-{index}-"
                for name, value in data.items():
                    if name.startswith(start):
                        _set(element, name[len(start) :], value)
