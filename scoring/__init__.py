"""Scoring of the occupational-safety review-competition: point tables, cards, ranking, eligibility.

Pure standard library (no Django), Decimal only. See shared/spec/scoring-krasnodar-2011.md.

    from scoring import score_card, rank, InvalidCard
    result = score_card(values, table="krasnodar-2011")
    result.points, result.total, result.max_total, result.derived, result.lines

    from scoring import preview_card  # the live form: never raises for bad values
    preview = preview_card(values, table="krasnodar-2011")
    preview.lines (Line or PendingLine), preview.total, preview.max_total, preview.complete, preview.errors,
    preview.derived

A point table is data: a JSON document (format "ohs-point-table", version 1; see scoring.documents). The built-in
ones are scoring/tables/*.json ("krasnodar-2011", "example-2026"); a department's own table is a document too:

    from scoring import read_table, write_table, register, TableDocumentError
    try:
        table = read_table(uploaded_bytes)   # or load_table(parsed_json)
    except TableDocumentError as error:
        error.errors                         # every problem, in Russian, each with its place
    register(table)                          # or score_card(values, table=table) / preview_card(values, table=table)
    write_table(table)                       # the document's text again (dump_table(table): the parsed JSON)
    table.samples                            # example cards (Sample(title, values)), each checked to score
"""

from .documents import dump_table, load_table, read_table, write_table
from .eligibility import (
    ExclusionProposal,
    OrgKind,
    SizeCategory,
    SizeDecision,
    exclusion_proposal,
    size_category,
)
from .engine import score_card
from .errors import InvalidCard, TableDocumentError, TableError, UnknownTable
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
    Sample,
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
    "Sample",
    "SizeCategory",
    "SizeDecision",
    "Standing",
    "Step",
    "Table",
    "TableDocumentError",
    "TableError",
    "TieDecision",
    "UnknownTable",
    "ZeroWhen",
    "available_tables",
    "dump_table",
    "exclusion_proposal",
    "get_table",
    "load_table",
    "preview_card",
    "prize_line_tie",
    "rank",
    "read_table",
    "register",
    "score_card",
    "score_with",
    "size_category",
    "standings",
    "unregister",
    "write_table",
]
