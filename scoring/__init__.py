"""Scoring of the occupational-safety review-competition: point tables, cards, ranking, eligibility.

Pure standard library (no Django), Decimal only. See shared/spec/scoring-krasnodar-2011.md.

    from scoring import score_card, rank, InvalidCard
    result = score_card(values, table="krasnodar-2011")
    result.points, result.total, result.max_total, result.derived, result.lines

    from scoring import preview_card  # the live form: never raises for bad values
    preview = preview_card(values, table="krasnodar-2011")
    preview.lines (Line or PendingLine), preview.total, preview.max_total, preview.complete, preview.errors,
    preview.derived
"""

from .eligibility import (
    ExclusionProposal,
    OrgKind,
    SizeCategory,
    SizeDecision,
    exclusion_proposal,
    size_category,
)
from .engine import score_card
from .errors import InvalidCard, TableError, UnknownTable
from .model import (
    Bracket,
    Condition,
    Derived,
    Flag,
    Indicator,
    InputSpec,
    NotAbove,
    Override,
    Reading,
    Step,
    Table,
    ZeroWhen,
)
from .preview import CardPreview, PendingLine, preview_card
from .ranking import ORDER, SHARE, RankedEntry, Standing, TieDecision, prize_line_tie, rank, standings
from .scorer import CardResult, Line, score_with
from .tables import DEFAULT_TABLE, available_tables, get_table, register, unregister

__all__ = [
    "DEFAULT_TABLE",
    "ORDER",
    "SHARE",
    "Bracket",
    "CardPreview",
    "CardResult",
    "Condition",
    "Derived",
    "ExclusionProposal",
    "Flag",
    "Indicator",
    "InputSpec",
    "InvalidCard",
    "Line",
    "NotAbove",
    "OrgKind",
    "Override",
    "PendingLine",
    "RankedEntry",
    "Reading",
    "SizeCategory",
    "SizeDecision",
    "Standing",
    "Step",
    "Table",
    "TableError",
    "TieDecision",
    "UnknownTable",
    "ZeroWhen",
    "available_tables",
    "exclusion_proposal",
    "get_table",
    "preview_card",
    "prize_line_tie",
    "rank",
    "register",
    "score_card",
    "score_with",
    "size_category",
    "standings",
    "unregister",
]
