"""Scoring one information card with a registered point table: ``score_card(values, table=...)``."""

from collections.abc import Mapping
from typing import Any

from .model import Table
from .scorer import CardResult, Line, score_with
from .tables import DEFAULT_TABLE, get_table

__all__ = ["CardResult", "Line", "resolve_table", "score_card"]


def resolve_table(table: "Table | str") -> Table:
    return table if isinstance(table, Table) else get_table(table)


def score_card(values: Mapping[str, Any], table: "Table | str" = DEFAULT_TABLE) -> CardResult:
    """Score ``values`` (input key → int | Decimal | str | bool) with a registered table key or a Table.

    Raises InvalidCard (a ValueError) naming every bad key, UnknownTable for an unknown table key.
    """
    return score_with(resolve_table(table), values)
