"""Data exchange: the lists of the portal as Excel workbooks, and the import of cards that came on paper.

Each export answers the same people as the page it is downloaded from, with the page's filters, and 404 to everyone
else (anonymous users are sent to log in). The workbook is written into a temporary file and streamed from it.
The import is the labour office's: it checks the whole file and saves nothing from a file with errors.
"""

import tempfile
from collections.abc import Callable
from typing import IO

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.exceptions import DomainError

from .. import imports, rankings, selectors
from ..enums import DocumentKind
from ..exports import excel
from ..forms.exchange import PaperImportForm
from ..forms.office import APPLICATION_FILTER_LABELS, ApplicationFilterForm
from ..forms.results import ForwardedFilterForm
from ..forms.review import CardFilterForm, category_choices
from ..services import decisions
from . import jobs
from .access import check, needs
from .results import _municipal_scope

# A bigger participants workbook is prepared by the worker (views.jobs): a row costs about 0.5 ms.
DIRECT_ROWS = 2000

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(write: Callable[[IO[bytes]], object], filename: str) -> FileResponse:
    """Write a workbook into a temporary file and stream it as an attachment (a Russian name goes as filename*)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it when the download ends
    try:
        write(handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
    response["Cache-Control"] = "private, no-store"
    return response


def _name(*parts) -> str:
    return " — ".join(str(part) for part in parts if part) + ".xlsx"


def _current_contest():
    contest = selectors.current_contest()
    if contest is None:
        raise Http404
    return contest


def _filter_note(form, names) -> str:
    """The valid filters of a list page as a line of the workbook's title: «Отбор: отрасль — …; категория — …»."""
    if not form.is_bound:
        return ""
    form.is_valid()  # cleaned_data keeps the valid fields: an invalid filter filters nothing, as on the page
    shown = []
    for name in names:
        value = form.cleaned_data.get(name)
        if value:
            field = form.fields[name]
            choices = dict(getattr(field, "choices", ()))
            label = choices.get(value, value) if isinstance(value, str) else value
            shown.append(f"{str(field.label).lower()} — {label}")
    return _("Отбор: %(filters)s") % {"filters": "; ".join(shown)} if shown else ""


# ---------------------------------------------------------------------------------------------------------------------
# The territorial commission: the work list, and every participant of the municipality with every value


@login_required
@needs("contest.list_cards_for_review")
def commission_cards_xlsx(request):
    """The commission's list of cards as filtered on the page."""
    contest = _current_contest()
    form = CardFilterForm(request.GET or None, contest=contest)
    rows = selectors.commission_cards(request.user, contest=contest, order=form.ordering(), **form.filters())
    note = _filter_note(form, ["q", "sector", "size_category", "state"])
    scope = selectors.commission_municipality(request.user) or contest.region
    return xlsx_response(
        lambda out: excel.commission_cards_xlsx(rows, out, contest=contest, notes=[str(scope), note]),
        _name(_("Карты участников"), scope, contest.year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def participants_xlsx(request):
    """Every participant of the municipality (its commission and labour office) or of the region (staff; one
    municipality with ?municipality=) with every declared and verified value and all points.

    Up to DIRECT_ROWS rows the workbook is written in the request; a bigger one is prepared by the worker
    (views.jobs), and POST asks for that in any case."""
    user = request.user
    check(user, "contest.export_participants")
    contest = _current_contest()
    municipality = None if user.has_perm("contest.choose_municipality") else selectors.commission_municipality(user)
    raw = request.GET.get("municipality", "")
    if user.has_perm("contest.choose_municipality") and raw:
        if not raw.isdigit():
            raise Http404
        municipality = selectors.municipalities_of(contest).filter(pk=raw).first()
        if municipality is None:
            raise Http404
    elif raw and (municipality is None or raw != str(municipality.pk)):
        raise Http404
    participations = selectors.participations_for(user)
    filename = _name(_("Участники и баллы"), municipality or contest.region, contest.year)
    job = {
        "kind": DocumentKind.PARTICIPANTS,
        "parameters": {"contest": contest.pk, "municipality": municipality.pk if municipality else None},
        "title": _("Участники и баллы: %(scope)s, %(year)s")
        % {"scope": municipality or contest.region, "year": contest.year},
    }
    if request.method == "POST":
        return jobs.start(request, filename=filename, **job)
    rows = excel.participants_queryset(contest, municipality=municipality, participations=participations).count()
    if rows <= DIRECT_ROWS:
        return xlsx_response(
            lambda out: excel.write_participants(
                contest, out, municipality=municipality, participations=participations
            ),
            filename,
        )
    return jobs.offer(request, size=ngettext("%(n)s участник", "%(n)s участника", rows) % {"n": rows}, **job)


# ---------------------------------------------------------------------------------------------------------------------
# Results of both stages


@login_required
def municipal_results_xlsx(request):
    """The municipality's rankings as on its results page (staff: the municipality chosen with ?municipality=)."""
    contest, municipality = _municipal_scope(request)
    if contest is None or municipality is None:
        raise Http404
    decision = selectors.municipal_decision(contest, municipality.pk)
    if decision is not None:  # what the protocol approved, not today's data
        groups = list(decisions.snapshot_of(decision).groups)
    else:
        groups = rankings.municipal_groups(contest, municipality.pk)
    return xlsx_response(
        lambda out: excel.municipal_ranking_xlsx(contest, municipality, out, groups=groups),
        _name(_("Итоги муниципального этапа"), municipality, contest.year),
    )


@login_required
@needs("contest.see_regional_stage")
def regional_results_xlsx(request):
    """The rankings by nomination as on the regional results page, with the regional commission's proposal."""
    contest = _current_contest()
    decision = selectors.regional_decision(contest)
    groups = list(decisions.snapshot_of(decision).groups) if decision else rankings.nomination_groups(contest)
    proposed = None
    if decision is None:
        proposals = list(selectors.regional_proposals(contest))
        if proposals:
            proposed = decisions.proposal_map(proposals)
    return xlsx_response(
        lambda out: excel.regional_ranking_xlsx(contest, out, groups=groups, proposed=proposed),
        _name(_("Итоги краевого этапа"), contest.year),
    )


@login_required
@needs("contest.see_regional_stage")
def forwarded_xlsx(request):
    """The forwarded participations as filtered on the regional commission's page, with every value and all points."""
    contest = _current_contest()
    form = ForwardedFilterForm(
        request.GET or None,
        municipalities=selectors.municipalities_with_forwarded(request.user, contest),
        sectors=contest.sectors.all(),
        categories=category_choices(contest, _("все")),
    )
    participations = selectors.forwarded_participations(request.user, contest, **form.filters())
    note = _filter_note(form, ["q", "municipality", "size_category", "sector"])
    return xlsx_response(
        lambda out: excel.write_participants(
            contest,
            out,
            participations=participations,
            notes=[_("Победители муниципального этапа, направленные на краевой этап"), note],
        ),
        _name(_("Материалы краевого этапа"), contest.year),
    )


# ---------------------------------------------------------------------------------------------------------------------
# The labour office: applications, and cards that came on paper


@login_required
@needs("contest.list_applications")
def applications_xlsx(request):
    """The labour office's applications with the page's filter (?show=)."""
    contest = _current_contest()
    show, search = ApplicationFilterForm(request.GET).values()
    rows = selectors.applications_to_register(request.user, contest=contest, show=show, search=search)
    scope = selectors.commission_municipality(request.user) or contest.region
    shown = str(APPLICATION_FILTER_LABELS[show]).lower()
    if search:
        shown += _("; поиск — «%(text)s»") % {"text": search}
    note = _("Отбор: %(filter)s") % {"filter": shown}
    return xlsx_response(
        lambda out: excel.applications_xlsx(rows, out, contest=contest, notes=[str(scope), note]),
        _name(_("Заявки"), scope, contest.year),
    )


@login_required
@needs("contest.use_paper_template")
def paper_template(request):
    """The workbook to fill with the cards of organizations that submitted on paper."""
    contest = _current_contest()
    municipality = selectors.commission_municipality(request.user)
    return xlsx_response(
        lambda out: excel.paper_template_xlsx(contest, municipality, out),
        _name(_("Шаблон карт на бумажном носителе"), municipality, contest.year),
    )


@login_required
def paper_import(request):
    """The labour office uploads the filled template: every error of every row, or the cards created."""
    user = request.user
    check(user, "contest.import_paper_cards")
    contest = selectors.current_contest()
    form = PaperImportForm(request.POST, request.FILES) if request.method == "POST" else PaperImportForm()
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.import_paper_cards(form.cleaned_data["file"], contest=contest, actor=user)
        except DomainError as error:
            form.add_error("file", error.message)
    return render(
        request,
        "contest/exchange/paper_import.html",
        {"contest": contest, "form": form, "report": report},
    )
