"""Papers of the decisions: the certificates of the winners and their register (п. 4.6, 6.1), the result tables of
the protocols and the draft resolution of the head of the krai (п. 4.12).

Who sees a decision (selectors.decisions_for) sees its papers; everyone else gets 404. Issuing is the secretary's of
the commission that decided, or staff's (services.awards); others who see the page get 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import DomainError
from core.paging import paginate
from core.search import SEARCH_MAX_LENGTH

from .. import selectors
from ..enums import CertificateKind, DecisionLevel, DocumentKind
from ..exports import certificates as certificate_papers
from ..exports.papers import annex_name, annex_pdf, annex_rows, protocol_results_pdf, resolution_draft_pdf
from ..forms.results import CertificateIssueForm, VoidDecisionForm
from ..services import awards as services
from ..services import decisions, documents
from . import jobs
from .responses import pdf_response

# Bigger documents are prepared by the worker (views.jobs), so that no request waits more than 2 s: a certificate is laid
# out in about 30 ms, a row of the result tables in about 4 ms.
DIRECT_PAGES = 30
DIRECT_ROWS = 200

KIND_SHORT = {
    CertificateKind.HONORARY: gettext_lazy("Почётная грамота"),
    CertificateKind.DIPLOMA: gettext_lazy("Диплом"),
    CertificateKind.MUNICIPAL: gettext_lazy("Грамота администрации МО"),
}


def _decision_or_404(request, pk: int):
    return get_object_or_404(selectors.decisions_for(request.user), pk=pk)


def _award_label(award) -> str:
    organization = award.participation.organization
    name = organization.short_name or award.organization_name or organization.full_name
    if award.level == DecisionLevel.MUNICIPAL:
        return f"{name} — {award.sector_name or award.sector}"
    group = award.nomination_name or str(award.nomination)
    if award.sector_name:
        group = f"{group}: {award.sector_name}"
    return _("%(name)s — %(place)s место, %(group)s") % {"name": name, "place": award.place, "group": group}


def _places(decision, kind: str, awards: list) -> list:
    """The choices of «Кому»: every place without a paper at once (for the regional stage also the first places or
    the others), and each such place by itself."""
    if decision.level == DecisionLevel.MUNICIPAL:
        batches = [(services.PLACES_ALL, _("всем победителям без грамоты"))]
    else:
        batches = [
            (services.PLACES_FIRST, _("первым местам")),
            (services.PLACES_OTHER, _("вторым и третьим местам")),
            (services.PLACES_ALL, _("всем призовым местам без награды")),
        ]
        # The planned reading first: honorary certificates for the first places, diplomas for the others.
        if kind == CertificateKind.DIPLOMA:
            batches = [batches[1], batches[0], batches[2]]
    singles = [(f"award-{award.pk}", _award_label(award)) for award in awards if not _issued(award)]
    choices = [(_("Сразу нескольким"), batches)]
    if singles:
        choices.append((_("По одному"), singles))
    return choices


def _issued(award):
    return next((c for c in award.certificates.all() if c.voided_at is None), None)


def _issue_forms(decision, awards: list, *, bound: dict | None = None, chosen: str = "") -> dict:
    forms = {}
    for kind in services.kinds_for(decision):
        if bound and kind in bound:
            forms[kind] = bound[kind]
            continue
        signatory = services.default_signatory(decision, kind)
        initial = {"signatory_position": signatory.position, "signatory_name": signatory.name}
        if chosen:
            initial["places"] = chosen
        forms[kind] = CertificateIssueForm(prefix=kind, places=_places(decision, kind, awards), initial=initial)
    return forms


def _render(request, decision, *, bound: dict | None = None, void_form=None):
    awards = list(selectors.awards_with_certificates(decision))
    rows = [
        {
            "award": award,
            "certificate": _issued(award) or next(iter(award.certificates.all()), None),
            "planned": services.planned_kind(award),
            "group": award.nomination_name
            or (award.nomination.name if award.nomination else award.category_name or award.size_category),
        }
        for award in awards
    ]
    may_issue = request.user.has_perm("contest.issue_certificates", decision) and not decision.is_void
    chosen = request.GET.get("award", "")
    chosen = f"award-{chosen}" if chosen.isdigit() else ""
    may_void = request.user.has_perm("contest.void_decision", decision)
    context = {
        "decision": decision,
        "rows": rows,
        "issued": sum(1 for row in rows if row["certificate"] and row["certificate"].voided_at is None),
        "missing": sum(1 for row in rows if not row["certificate"]),
        "may_issue": may_issue,
        "forms": _issue_forms(decision, awards, bound=bound, chosen=chosen) if may_issue else {},
        "kind_labels": dict(CertificateKind.choices),
        "kind_short": KIND_SHORT,
        "results_url": _results_url(request, decision),
        "may_void": may_void,
        "void_problems": decisions.void_problems(decision) if may_void else [],
        "void_form": void_form or VoidDecisionForm(),
    }
    return render(request, "contest/documents/decision.html", context)


def _results_url(request, decision) -> str:
    if decision.level == DecisionLevel.REGIONAL:
        return reverse("regional-results")
    url = reverse("municipal-results")
    return (
        f"{url}?municipality={decision.municipality_id}"
        if request.user.has_perm("contest.choose_municipality")
        else url
    )


@login_required
def decision_documents(request, pk: int):
    """A decision's papers: its prize places with their certificates, the forms to issue them, the printable papers."""
    return _render(request, _decision_or_404(request, pk))


@login_required
@require_POST
def certificates_issue(request, pk: int):
    """Number and register the certificates of one kind for the chosen places of the decision."""
    decision = _decision_or_404(request, pk)
    if not request.user.has_perm("contest.issue_certificates", decision):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    if kind not in services.kinds_for(decision):
        messages.error(request, _("Выберите вид награды."))
        return redirect("decision-documents", pk=decision.pk)
    awards = list(selectors.awards_with_certificates(decision))
    form = CertificateIssueForm(request.POST, prefix=kind, places=_places(decision, kind, awards))
    if not form.is_valid():
        return _render(request, decision, bound={kind: form})
    data = form.cleaned_data
    places, award_id = form.selection()
    try:
        issued = services.issue_certificates(
            decision,
            actor=request.user,
            kind=kind,
            signatory=services.Signatory(data["signatory_position"], data["signatory_name"]),
            places=places,
            award_id=award_id,
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _render(request, decision, bound={kind: form})
    if len(issued) == 1:
        messages.success(
            request,
            _("Выдано: %(kind)s № %(number)s — %(name)s.")
            % {
                "kind": issued[0].get_kind_display(),
                "number": issued[0].number,
                "name": issued[0].award.organization_name or issued[0].award.participation.organization,
            },
        )
    elif issued:
        messages.success(
            request,
            _("Выдано: %(n)s, номера %(first)s — %(last)s. Напечатайте их кнопкой «Все грамоты решения».")
            % {"n": len(issued), "first": issued[0].number, "last": issued[-1].number},
        )
    else:
        messages.info(request, _("Всем выбранным призовым местам награды уже выданы; номера в реестре не менялись."))
    return redirect("decision-documents", pk=decision.pk)


@login_required
@require_http_methods(["GET", "POST"])
def certificates_pdf(request, pk: int):
    """Every issued paper of the decision in one PDF, a page each, for printing. Up to DIRECT_PAGES pages it is laid
    out in the request; a bigger batch is prepared by the worker (views.jobs), POST asks for that in any case."""
    decision = _decision_or_404(request, pk)
    certificates = list(
        selectors.certificates_for(request.user).filter(award__decision=decision, voided_at__isnull=True)
    )
    if not certificates:
        messages.error(request, _("По этому решению награды ещё не выданы."))
        return redirect("decision-documents", pk=decision.pk)
    filename = f"gramoty-{decision.contest.year}-{decision.pk}.pdf"
    # Keyed by what it prints: a certificate issued later makes it another document.
    job = {
        "kind": DocumentKind.CERTIFICATES,
        "decision": decision,
        "parameters": {"certificates": documents.fingerprint(certificate.pk for certificate in certificates)},
        "title": _("Все грамоты решения: %(decision)s (%(n)s стр.)") % {"decision": decision, "n": len(certificates)},
    }
    if request.method == "POST":
        return jobs.start(request, filename=filename, **job)
    if len(certificates) <= DIRECT_PAGES:
        return pdf_response(certificate_papers.certificates_pdf(certificates), filename)
    return jobs.offer(request, size=_("%(n)s стр.") % {"n": len(certificates)}, **job)


@login_required
def certificate_pdf(request, pk: int):
    """One paper from the register."""
    certificate = get_object_or_404(selectors.certificates_for(request.user), pk=pk)
    return pdf_response(certificate_papers.certificate_pdf(certificate), f"gramota-{certificate.number}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def protocol_pdf(request, pk: int):
    """The result tables annexed to the protocol, as stored when it was recorded; also for its participants.

    A stored annex, a participant's extract and small tables are served at once; the tables of a big decision not yet
    stored (or of a void one, printed with the mark) are prepared by the worker (views.jobs)."""
    decision = get_object_or_404(selectors.decisions_with_annex_for(request.user), pk=pk)
    own = selectors.own_participation_in(request.user, decision)
    if own is not None:  # a participant reads the extract: its groups, not others' exclusion reasons
        if request.method == "POST":
            return redirect("decision-protocol-pdf", pk=decision.pk)
        return pdf_response(protocol_results_pdf(decision, participation_id=own), f"vypiska-{annex_name(decision)}")
    job = {
        "kind": DocumentKind.ANNEX,
        "decision": decision,
        "parameters": {"void": decision.is_void},
        "title": _("Итоговые таблицы к протоколу: %(decision)s") % {"decision": decision},
    }
    if request.method == "POST":
        if decision.annex and not decision.is_void:  # stored: nothing to prepare
            return redirect("decision-protocol-pdf", pk=decision.pk)
        return jobs.start(request, filename=annex_name(decision), **job)
    rows = annex_rows(decision)
    if (decision.annex and not decision.is_void) or rows <= DIRECT_ROWS:
        return pdf_response(annex_pdf(decision), annex_name(decision))
    return jobs.offer(
        request, size=ngettext("%(n)s строка в таблицах", "%(n)s строки в таблицах", rows) % {"n": rows}, **job
    )


@login_required
@require_POST
def decision_void(request, pk: int):
    """Staff reopen a decision with a reason (its participations unfreeze; a new decision is needed)."""
    decision = _decision_or_404(request, pk)
    if not request.user.has_perm("contest.void_decision", decision):
        raise PermissionDenied
    form = VoidDecisionForm(request.POST)
    if not form.is_valid():
        return _render(request, decision, void_form=form)
    try:
        decisions.void_decision(decision, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        form.add_error(None, error.message)
        return _render(request, decision, void_form=form)
    messages.success(
        request,
        _(
            "%(decision)s отменён. Его победители снова в прежнем состоянии, итоги подводятся заново; нужно новое "
            "решение комиссии."
        )
        % {"decision": decision},
    )
    return redirect("decision-documents", pk=decision.pk)


@login_required
def resolution_pdf(request, pk: int):
    """The draft resolution of the head of the krai; only a regional decision has one."""
    decision = _decision_or_404(request, pk)
    if decision.level != DecisionLevel.REGIONAL:
        messages.error(request, _("Проект постановления готовится по решению краевой комиссии."))
        return redirect("decision-documents", pk=decision.pk)
    if decision.is_void:
        messages.error(
            request, _("Решение отменено: проект постановления готовится по новому решению краевой комиссии.")
        )
        return redirect("decision-documents", pk=decision.pk)
    return pdf_response(resolution_draft_pdf(decision), f"proekt-postanovleniya-{decision.contest.year}.pdf")


@login_required
def certificate_register(request):
    """The register of issued certificates and diplomas: number, kind, organization, for what, who signed, who issued."""
    if not request.user.has_perm("contest.see_certificate_register"):
        raise Http404
    search = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
    paged = paginate(request, selectors.certificates_for(request.user, search=search))
    return render(request, "contest/documents/register.html", {"certificates": paged.rows, "paged": paged, "q": search})
