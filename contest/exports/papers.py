"""Official papers made from the recorded decisions, as PDF: the result tables annexed to a commission's protocol
(п. 4.5, 4.11) and the draft resolution of the head of the krai on awarding the winners (п. 4.12).

Both read what the decision recorded (its snapshot and its awards), never the live rankings. The annex is printed from
the snapshot when it is first asked for and stored with the decision (store_annex); later downloads serve the stored
file, whatever happens to the live data. Printing is not done in the request that records the decision: WeasyPrint
lays out a table row in several milliseconds, so the annex of a big municipality takes seconds (bin/benchmark); the
background tasks of the scale issue will print it on commit. A reopened (void) decision's annex is printed from the
same snapshot with the mark «отменено».
"""

import logging

from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.template.loader import render_to_string

from ..enums import CertificateKind, DecisionLevel
from ..models import Certificate, Decision
from ..services.awards import municipality_title, planned_kind
from ..services.decisions import snapshot_of
from .pdf import render_pdf

logger = logging.getLogger(__name__)


def protocol_results_pdf(decision: Decision, *, participation_id: int | None = None) -> bytes:
    """The result tables of a protocol, from its snapshot: every group's ranking with places, shared places and the
    tie resolutions, and the excluded and disqualified with their reasons.

    With `participation_id`, the extract a participant gets: only the groups it was ranked in, and of the removed
    only itself (others' reasons are not its business). No side effects."""
    snapshot = snapshot_of(decision)
    municipal = decision.level == DecisionLevel.MUNICIPAL
    groups, removed = snapshot.groups, snapshot.removed
    if participation_id is not None:
        groups = tuple(group for group in groups if any(e.participation_id == participation_id for e in group.entries))
        removed = tuple(item for item in removed if item.participation_id == participation_id)
    context = {
        "decision": decision,
        "contest": decision.contest,
        "municipal": municipal,
        "extract": participation_id is not None,
        "municipality": municipality_title(decision.municipality) if decision.municipality else "",
        "groups": groups,
        "any_shared": any(entry.shared for group in groups for entry in group.entries),
        "removed": removed,
        "municipal_decisions": snapshot.municipal_decisions if participation_id is None else (),
    }
    return render_pdf(render_to_string("contest/pdf/protocol.html", context))


def annex_rows(decision: Decision) -> int:
    """How many rows the result tables print: the size that tells a quick annex from one for the worker."""
    snapshot = snapshot_of(decision)
    return sum(len(group.entries) for group in snapshot.groups) + len(snapshot.removed)


def annex_name(decision: Decision) -> str:
    return f"itogi-{decision.contest.year}-{decision.pk}.pdf"


def store_annex(decision: Decision) -> None:
    """Print the result tables once and keep the file with the decision.

    Side effects: writes the PDF to the decision's `annex`. Does nothing when it is already stored. A failure to print
    is logged, not raised: the decision is recorded, and the annex is printed from the snapshot when first asked for."""
    if decision.annex:
        return
    try:
        data = protocol_results_pdf(decision)
    except Exception:
        logger.exception("Итоговые таблицы решения %s не напечатаны", decision.pk)
        return
    decision.annex.save(annex_name(decision), ContentFile(data), save=False)
    decision.save(update_fields=["annex"])


def annex_pdf(decision: Decision) -> bytes:
    """The annex as it was stored when the decision was recorded; printed from the snapshot for a void decision (with
    the mark) or where no file was stored (a decision recorded before annexes were kept: then it is stored now)."""
    if decision.is_void:
        return protocol_results_pdf(decision)
    if not decision.annex:
        store_annex(decision)
    try:
        with decision.annex.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return protocol_results_pdf(decision)


def resolution_draft_pdf(decision: Decision) -> bytes:
    """The draft resolution of the head of the krai awarding the winners the regional decision named (п. 4.12, 6.1).

    Each organization stands under each kind of award it gets — the honorary certificate, a diploma — with the places
    that earn it: the kind issued in the register, or the planned one where nothing is issued yet. No side effects."""
    if decision.level != DecisionLevel.REGIONAL:
        raise ValueError("Проект постановления готовится по решению краевой комиссии")
    awards = list(
        decision.awards.select_related("participation__organization__municipality", "nomination", "sector")
        .prefetch_related(Prefetch("certificates", queryset=Certificate.objects.order_by("pk")))
        .order_by("nomination__position", "nomination__pk", "sector__position", "sector__pk", "place", "pk")
    )
    by_kind: dict[str, dict[int, dict]] = {CertificateKind.HONORARY: {}, CertificateKind.DIPLOMA: {}}
    for award in awards:
        organization = award.participation.organization
        winner = by_kind[planned_kind(award)].setdefault(
            award.participation_id,
            {
                "organization": award.organization_name or organization.full_name,
                "municipality": municipality_title(organization.municipality),
                "awards": [],
            },
        )
        winner["awards"].append(award)
    context = {
        "decision": decision,
        "contest": decision.contest,
        "honorary": list(by_kind[CertificateKind.HONORARY].values()),
        "diplomas": list(by_kind[CertificateKind.DIPLOMA].values()),
    }
    return render_pdf(render_to_string("contest/pdf/resolution.html", context))
