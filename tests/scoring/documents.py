"""A small valid point table document for the document tests, and a way to collect the errors of a broken one."""

import copy
from typing import Any

import pytest

from scoring import TableDocumentError, load_table

TINY: dict[str, Any] = {
    "format": "ohs-point-table",
    "version": 1,
    "key": "tiny-2030",
    "title": "Крошечная таблица, 2030",
    "inputs": [
        {"key": "people", "label": "Численность", "kind": "int", "min": "1"},
        {"key": "trained", "label": "Обучено", "kind": "int", "min": "0"},
        {"key": "score", "label": "Оценка", "kind": "decimal", "min": "0", "max": "10"},
        {"key": "ok", "label": "Флаг", "kind": "bool"},
    ],
    "derived": [
        {
            "key": "share",
            "label": "Доля обученных",
            "formula": "обучено × 100 ÷ численность",
            "numerator": "trained",
            "denominator": "people",
            "factor": "100",
            "quantum": "0.1",
            "unit": "%",
        }
    ],
    "indicators": [
        {
            "code": "A",
            "title": "Оценка",
            "source": "score",
            "rules": [
                {"type": "bracket", "label": "не менее 5", "points": "2", "low": "5"},
                {"type": "bracket", "label": "менее 5", "points": "0", "high": "5", "high_inclusive": False},
            ],
        },
        {
            "code": "B",
            "title": "Доля обученных",
            "source": "share",
            "rules": [
                {"type": "bracket", "label": "половина и больше", "points": "3", "low": "50"},
                {"type": "bracket", "label": "меньше половины", "points": "0", "high": "50", "high_inclusive": False},
                {
                    "type": "override",
                    "reading": "X1",
                    "when": {"key": "people", "equals": 1},
                    "label": "один работник",
                    "text": "один работник",
                    "points": "1",
                },
            ],
        },
        {
            "code": "C",
            "title": "Флаг",
            "source": "ok",
            "rules": [{"type": "flag", "value": True, "points": "1"}, {"type": "flag", "value": False, "points": "0"}],
        },
    ],
    "checks": [{"type": "not_above", "key": "trained", "other": "people", "message": "Больше, чем работников."}],
    "readings": [{"code": "X1", "title": "Одно прочтение", "text": "Текст."}],
    "samples": [{"title": "Обычная карта", "values": {"people": 4, "trained": 2, "score": "6", "ok": True}}],
}


def tiny(**changes: Any) -> dict[str, Any]:
    """A deep copy of TINY with top-level ``changes``."""
    document = copy.deepcopy(TINY)
    document.update(changes)
    return document


def errors_of(document: Any) -> list[str]:
    """The errors ``load_table`` names for a broken ``document``."""
    with pytest.raises(TableDocumentError) as caught:
        load_table(document)
    return list(caught.value.errors)
