import re
from dataclasses import dataclass, field
from itertools import groupby

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

import scoring
from core.paging import paginate_groups

from .. import selectors
from ..enums import APPROVER_ROLES, MUNICIPAL_COMMISSION_ROLES, DecisionLevel, Role
from ..exports import certificates as certificate_papers
from ..services import categories
from ..services.awards import municipality_title

# The start page's panel for each kind of work a role does.
PANEL_OF_ROLE: dict[str, str] = {
    Role.STAFF: "staff",
    Role.REGIONAL_MEMBER: "regional",
    Role.REGIONAL_SECRETARY: "regional",
    **{role: "municipal" for role in MUNICIPAL_COMMISSION_ROLES},
    **{role: "approver" for role in APPROVER_ROLES},
    Role.DISTRICT_ADMINISTRATION: "district_administration",
    Role.ORGANIZATION: "organization",
}


@dataclass
class Panel:
    """One part of the start page: a kind of work, where it is done, and the roles that bring it."""

    kind: str
    municipality: object = None
    roles: list[str] = field(default_factory=list)  # their labels, as the page names them
    codes: set[str] = field(default_factory=set)
    organizations_count: int | None = None

    @property
    def roles_label(self) -> str:
        return ", ".join(self.roles)

    @property
    def labour_office(self) -> bool:
        return Role.LABOUR_OFFICE in self.codes


def start_panels(user) -> list[Panel]:
    """The panels of the user's start page: one per kind of work and municipality, in the order of the memberships
    (a labour-office employee who is also the commission's secretary gets one municipal panel naming both roles)."""
    if not user.is_authenticated:
        return [Panel("anonymous")]
    panels: dict[tuple[str, int | None], Panel] = {}
    if user.is_superuser and not user.has_role(Role.STAFF):
        panels[("staff", None)] = Panel("staff", roles=[str(_("Администратор"))])
    for hat in user.hats:
        kind = PANEL_OF_ROLE[hat.role]
        panel = panels.setdefault((kind, hat.municipality_id), Panel(kind, municipality=hat.municipality))
        panel.roles.append(str(hat.get_role_display()))
        panel.codes.add(hat.role)
    return list(panels.values()) or [Panel("no_role")]


def home(request):
    """The start page: what this user does next in each of their roles, and the current contest's deadlines."""
    user = request.user
    panels = start_panels(user)
    kinds = {panel.kind for panel in panels}
    context = {"panels": panels, "contest": selectors.current_contest(), "organization": None}
    if "organization" in kinds and user.organization_id:
        context["organization"] = organization = (
            selectors.organizations_for(user).filter(pk=user.organization_id).first()
        )
        if organization is not None:
            context["placement"] = categories.placement_shown(context["contest"], organization)
        context["participation"] = selectors.participation_of(user.organization_id, context["contest"])
    elif "organization" in kinds:
        context["pending_join_request"] = selectors.pending_join_request_of(user)
    for panel in panels:
        if panel.kind in ("municipal", "approver"):
            panel.organizations_count = (
                selectors.organizations_for(user).filter(municipality=panel.municipality).count()
            )
    context["waiting"] = selectors.waiting_work(user, context["contest"])
    return render(request, "contest/home.html", context)


def scoring_rules(request, table_key: str | None = None):
    """Public page «how points are counted»: the point table and readings R1–R9, rendered from the scoring module's data.
    /scoring/<key>/ shows the latest version of a table, ?version=N an earlier or a newer one (staff preview it)."""
    contest = selectors.current_contest()
    if table_key is None and contest is not None:
        table = contest.table
    else:
        version = request.GET.get("version")
        if version is not None and not (version.isascii() and version.isdigit() and 0 < int(version) < 2**15):
            raise Http404("Нет такой редакции таблицы показателей")
        table = selectors.point_table(table_key or scoring.DEFAULT_TABLE, int(version) if version else None)
        if table is None:
            raise Http404("Нет такой таблицы показателей")
    return render(request, "contest/scoring_rules.html", {"table": table, "contest": contest})


# ---------------------------------------------------------------------------------------------------------------------
# Public results (п. 6.2): after the regional decision, the winners of the krai and of the municipal stage


def _published_or_404(year: int | None):
    contests = selectors.published_contests()
    contest = contests.filter(year=year).first() if year is not None else contests.first()
    if contest is None and year is not None:
        raise Http404("Итоги этого года не опубликованы")
    return contest, contests


def _results_context(contest) -> dict:
    regional = list(selectors.public_awards(contest, DecisionLevel.REGIONAL))
    municipal = list(selectors.public_awards(contest, DecisionLevel.MUNICIPAL))
    return {
        "contest": contest,
        "decision": selectors.regional_decision(contest, snapshot=False),
        "regional": regional,
        "municipal": municipal,
        "municipal_count": len({award.participation.organization.municipality_id for award in municipal}),
    }


def results(request, year: int | None = None):
    """The published results of a year (the latest by default); before the regional decision, nothing but a notice.
    The municipal winners of a whole region are shown by whole municipalities, about 50 a page, counted in the
    database and read for the page's municipalities only (the press release prints them all)."""
    contest, contests = _published_or_404(year)
    context = {"contest": None, "years": [c.year for c in contests]}
    if contest is not None:
        winners, counts = selectors.public_municipal_winners(contest)
        paged = paginate_groups(request, counts, size=lambda item: item[1])
        shown = winners.filter(
            participation__organization__municipality_id__in=[municipality_id for municipality_id, _ in paged.rows]
        )
        by_municipality = [
            (municipality, list(awards))
            for municipality, awards in groupby(shown, key=lambda award: award.participation.organization.municipality)
        ]
        context.update(
            {
                "contest": contest,
                "decision": selectors.regional_decision(contest, snapshot=False),
                "regional": list(selectors.public_awards(contest, DecisionLevel.REGIONAL)),
                "by_municipality": by_municipality,
                "paged": paged,
            }
        )
    return render(request, "contest/public/results.html", context)


def press_release(request, year: int):
    """A printable press release on the results of the year (п. 6.2), for the media and the department's site."""
    contest, _contests = _published_or_404(year)
    return render(request, "contest/public/press_release.html", _results_context(contest))


def certificate_check(request, number: str | None = None):
    """Anyone holding a certificate or diploma checks it here: the QR code printed on the paper leads to its number's
    page, which says what the register holds for that number (the organization, the award, the decision) or that the
    paper is void. The form finds a number typed by hand; a number the register doesn't have is said so (404)."""
    if number is None and "number" in request.GET:
        # A register number is letters, digits and hyphens («2011-К-0001»); anything else typed around it is dropped.
        typed = re.sub(r"[^\w-]", "", request.GET["number"])[:30]
        if typed:
            return redirect("certificate-check", number=typed)
    context: dict = {"number": number or "", "certificate": None}
    if number is not None:
        certificate = selectors.certificate_to_check(number)
        if certificate is None:
            return render(request, "contest/public/certificate_check.html", context, status=404)
        decision = certificate.award.decision
        context.update(
            {
                "certificate": certificate,
                "paper": certificate_papers.paper_text(certificate),
                "decision": decision,
                "commission": _decision_commission(decision),
                "replacement": selectors.certificate_replacing(certificate) if certificate.voided_at else None,
            }
        )
    return render(request, "contest/public/certificate_check.html", context)


def _decision_commission(decision) -> str:
    if decision.level == DecisionLevel.REGIONAL:
        return _("Краевая межведомственная комиссия по охране труда")
    return _("Городская (районная) межведомственная комиссия по охране труда, %(municipality)s") % {
        "municipality": municipality_title(decision.municipality)
    }
