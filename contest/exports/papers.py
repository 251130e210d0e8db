"""Official papers made from the recorded decisions, as PDF: the result tables annexed to a commission's protocol
(п. 4.5, 4.11) and the draft resolution of the head of the krai on awarding the winners (п. 4.12). No side effects."""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string

from .. import rankings, selectors
from ..enums import CertificateKind, DecisionLevel, ParticipationState
from ..models import Decision, Participation
from ..services.awards import municipality_title, planned_kind
from .pdf import render_pdf


def protocol_results_pdf(decision: Decision) -> bytes:
    """The result tables of a protocol: every group's ranking with the places the decision approved or named."""
    contest = decision.contest
    awards = list(selectors.awards_of(decision))
    won = {(a.participation_id, a.nomination_id, a.sector_id if a.nomination_id else None): a for a in awards}
    if decision.level == DecisionLevel.MUNICIPAL:
        groups = rankings.municipal_groups(contest, decision.municipality_id)
        removed = list(
            Participation.objects.filter(
                contest=contest,
                organization__municipality_id=decision.municipality_id,
                state__in=[ParticipationState.EXCLUDED, ParticipationState.DISQUALIFIED],
            )
            .select_related("organization")
            .order_by("organization__full_name")
        )
    else:
        groups = [g for g in rankings.nomination_groups(contest) if g.entries]
        removed = []
    tables = []
    for group in groups:
        nomination_id = group.nomination.pk if group.nomination else None
        sector_id = group.sector.pk if group.nomination and group.sector else None
        rows = [
            {
                "place": entry.place,
                "organization": entry.participation.organization.full_name,
                "municipality": entry.participation.organization.municipality.name,
                "sector": entry.participation.sector.name,
                "total": entry.total,
                "award": won.get((entry.participation.pk, nomination_id, sector_id)),
            }
            for entry in group.entries
        ]
        tables.append({"group": group, "rows": rows})
    context = {
        "decision": decision,
        "contest": contest,
        "municipal": decision.level == DecisionLevel.MUNICIPAL,
        "municipality": municipality_title(decision.municipality) if decision.municipality else "",
        "tables": tables,
        "removed": removed,
    }
    return render_pdf(render_to_string("contest/pdf/protocol.html", context))


def resolution_draft_pdf(decision: Decision) -> bytes:
    """The draft resolution of the head of the krai awarding the winners the regional decision named (п. 4.12, 6.1):
    honorary certificates and diplomas as the register has them, or as planned where not issued yet."""
    if decision.level != DecisionLevel.REGIONAL:
        raise ValueError("Проект постановления готовится по решению краевой комиссии")
    awards = list(selectors.awards_of(decision))
    prefetch_related_objects(awards, "certificates")
    # An organization is awarded once, for all the places it won; the honorary certificate if any place earns one.
    winners: dict[int, dict] = {}
    for award in awards:
        organization = award.participation.organization
        winner = winners.setdefault(
            award.participation_id,
            {"organization": organization, "municipality": municipality_title(organization.municipality), "awards": []},
        )
        winner["awards"].append(award)
    by_kind: dict[str, list] = {CertificateKind.HONORARY: [], CertificateKind.DIPLOMA: []}
    for winner in winners.values():
        kinds = {planned_kind(award) for award in winner["awards"]}
        by_kind[CertificateKind.HONORARY if CertificateKind.HONORARY in kinds else CertificateKind.DIPLOMA].append(
            winner
        )
    context = {
        "decision": decision,
        "contest": decision.contest,
        "honorary": by_kind[CertificateKind.HONORARY],
        "diplomas": by_kind[CertificateKind.DIPLOMA],
    }
    return render_pdf(render_to_string("contest/pdf/resolution.html", context))
