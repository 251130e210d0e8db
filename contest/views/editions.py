"""Staff set up next year's edition: the kept point tables (list, upload, a table with its sample cards, its document
to download), a contest's table chosen while no card is scored by it, and a contest copied to a new year.

Every page needs contest.manage_editions; anyone else, and an unknown table or contest, gets 404.
"""

import calendar
import copy
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import scoring
from core.exceptions import DomainError

from .. import selectors
from ..forms.editions import ChooseTableForm, CopyContestForm, TableUploadForm
from ..forms.table_editor import IndicatorForm, TableTextsForm
from ..models import Contest, PointTable
from ..services import contests as contest_services
from ..services import tables as table_services
from .access import needs

PERMISSION = "contest.manage_editions"


@dataclass(frozen=True)
class ContestUse:
    """A contest that scores by a table, and whether its table is fixed."""

    contest: Contest
    locked: bool


def _uses(contests, locked: set[int]) -> list[ContestUse]:
    return [ContestUse(contest, contest.pk in locked) for contest in contests]


def _tables_page(request, form: TableUploadForm, errors: list[str] | None = None):
    kept = list(selectors.kept_tables(request.user))
    locked = contest_services.locked_contest_ids(c.pk for row in kept for c in row.contests.all())
    rows = [{"table": row, "uses": _uses(row.contests.all(), locked)} for row in kept]
    context = {
        "rows": rows,
        "built_in": selectors.built_in_tables_not_kept(),
        "contests": selectors.managed_contests(request.user).select_related("point_table"),
        "form": form,
        "errors": errors or [],
    }
    return render(request, "contest/staff/tables.html", context)


@login_required
@needs(PERMISSION)
def tables(request):
    """The kept point tables (each version, the contests that use it, whether it is locked), the built-in ones not
    kept yet, the contests to copy, and the form to upload a document."""
    return _tables_page(request, TableUploadForm())


@login_required
@require_POST
@needs(PERMISSION)
def table_upload(request):
    """Keep an uploaded document as its key's next version; a broken one is listed error by error, nothing saved."""
    form = TableUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _tables_page(request, form)
    try:
        point_table, new = table_services.import_table(
            form.cleaned_data["document"], actor=request.user, note=form.cleaned_data["note"]
        )
    except DomainError as error:
        return _tables_page(request, form, errors=error.message.splitlines())
    if new:
        messages.success(
            request,
            _("Таблица «%(key)s» сохранена как редакция %(version)s.")
            % {"key": point_table.key, "version": point_table.version},
        )
    else:
        messages.info(
            request,
            _("Документ совпадает с редакцией %(version)s таблицы «%(key)s»: новая редакция не создана.")
            % {"key": point_table.key, "version": point_table.version},
        )
    return redirect("staff-table", pk=point_table.pk)


@login_required
@require_POST
@needs(PERMISSION)
def table_keep_built_in(request, key: str):
    """Keep a built-in table as version 1 of its key, so that it can be opened, downloaded and chosen."""
    try:
        point_table = table_services.built_in(key)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("staff-tables")
    return redirect("staff-table", pk=point_table.pk)


@dataclass(frozen=True)
class SampleTable:
    """The table's sample cards scored: their titles, per indicator the points of each, and their totals."""

    titles: list[str]
    rows: list[tuple[scoring.Indicator, list]]
    totals: list


def _samples(table: scoring.Table) -> SampleTable:
    results = [scoring.score_card(sample.values, table=table) for sample in table.samples]
    rows = [(indicator, [result.points[indicator.code] for result in results]) for indicator in table.indicators]
    return SampleTable([sample.title for sample in table.samples], rows, [result.total for result in results])


@login_required
@needs(PERMISSION)
def table_detail(request, pk: int):
    """One kept table as the public page shows it, its sample cards scored, its document, and the contests it may
    be chosen for (a locked contest says why it cannot change)."""
    point_table = get_object_or_404(selectors.kept_tables(request.user), pk=pk)
    contests = selectors.managed_contests(request.user).select_related("point_table")
    form = ChooseTableForm(contests=contests)
    return _table_page(request, point_table, form)


def _table_page(request, point_table: PointTable, form: ChooseTableForm):
    table = point_table.table
    contests = list(form.fields["contest"].queryset)
    locked = contest_services.locked_contest_ids(contest.pk for contest in contests)
    context = {
        "point_table": point_table,
        "table": table,
        "samples": _samples(table),
        "uses": _uses([c for c in contests if c.point_table_id == point_table.pk], locked),
        "choices": _uses(contests, locked),
        "locked_reason": contest_services.TABLE_LOCKED,
        "form": form,
        "versions": PointTable.objects.filter(key=point_table.key).order_by("-version"),
        "latest": selectors.latest_version(point_table),
    }
    return render(request, "contest/staff/table.html", context)


@login_required
@needs(PERMISSION)
def table_edit_texts(request, pk: int):
    """Change the table's texts (title, description, the card's fields, derived values, readings) in a form."""
    return _edit(request, pk, None)


@login_required
@needs(PERMISSION)
def table_edit_indicator(request, pk: int, number: int):
    """Change one indicator (the ``number``-th of the table): its titles, brackets, points and labels."""
    return _edit(request, pk, number)


def _edit(request, pk: int, number: int | None):
    """The editor's page: GET shows the form filled from the table; a valid POST keeps the changed document as the
    key's next version and opens it; errors of the form or of the whole table are shown with everything typed kept.
    An older version opens the latest one: changes are always made to the newest version."""
    point_table = get_object_or_404(selectors.kept_tables(request.user), pk=pk)
    latest = selectors.latest_version(point_table)
    if request.method != "POST" and latest.pk != point_table.pk:
        messages.info(
            request,
            _("Открыта последняя редакция (%(version)s): изменения вносятся в неё.") % {"version": latest.version},
        )
        args = [latest.pk] if number is None else [latest.pk, number]
        return redirect(request.resolver_match.url_name, *args)
    document = table_services.document_of(point_table)
    if number is not None and not 1 <= number <= len(document["indicators"]):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form: IndicatorForm | TableTextsForm
    if number is None:
        form = TableTextsForm(data, document=document)
        note = _("Изменены тексты таблицы")
    else:
        form = IndicatorForm(data, document=document, position=number - 1)
        note = _("Изменён показатель %(code)s") % {"code": form.indicator["code"]}
    errors: list[str] = []
    if data is not None and form.is_valid():
        changed = copy.deepcopy(document)
        form.apply(changed)
        try:
            kept, new = table_services.import_table(
                changed, actor=request.user, note=form.cleaned_data["note"] or note, based_on=point_table
            )
        except DomainError as error:
            errors = error.message.splitlines()
        else:
            if new:
                messages.success(
                    request,
                    _(
                        "Сохранено как редакция %(version)s. Проверьте примеры карт и публичную страницу; чтобы "
                        "смотр-конкурс считал по ней, выберите его на этой странице."
                    )
                    % {"version": kept.version},
                )
            else:
                messages.info(request, _("Изменений нет: новая редакция не создана."))
            return redirect("staff-table", pk=kept.pk)
    context = {
        "point_table": point_table,
        "form": form,
        "groups": form.groups(),
        "errors": errors,
        "indicator": None if number is None else form.indicator,
        "number": number,
        "count": len(document["indicators"]),
        "used": point_table.contests.exists(),
    }
    return render(request, "contest/staff/table_edit.html", context)


@login_required
@require_POST
@needs(PERMISSION)
def table_choose(request, pk: int):
    """Score a contest by this table, while no card of the contest has been scored by its current one."""
    point_table = get_object_or_404(selectors.kept_tables(request.user), pk=pk)
    contests = selectors.managed_contests(request.user).select_related("point_table")
    form = ChooseTableForm(request.POST, contests=contests)
    if not form.is_valid():
        return _table_page(request, point_table, form)
    contest = form.cleaned_data["contest"]
    try:
        contest_services.change_scoring_table(contest, table=point_table)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Смотр-конкурс «%(contest)s» считает баллы по таблице «%(table)s».")
            % {"contest": contest, "table": point_table},
        )
    return redirect("staff-table", pk=point_table.pk)


@login_required
@needs(PERMISSION)
def table_document(request, pk: int):
    """The table's document as a JSON file (<key>-v<version>.json), to change and upload again or to share."""
    point_table = get_object_or_404(selectors.kept_tables(request.user), pk=pk)
    response = HttpResponse(table_services.document_text(point_table), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{point_table.key}-v{point_table.version}.json"'
    return response


def shift_years(day: date | None, years: int) -> date | None:
    """The same day ``years`` later (29 February becomes 28 February in a common year)."""
    if day is None:
        return None
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def copy_initial(source: Contest) -> dict:
    """The copy form filled for the year after the source: the title with its year replaced, the deadlines a year
    later, the source's table."""
    year = source.year + 1
    return {
        "year": year,
        "title": source.title.replace(str(source.year), str(year)),
        "point_table": source.point_table_id,
        "application_deadline": shift_years(source.application_deadline, 1),
        "card_deadline": shift_years(source.card_deadline, 1),
        "forwarding_deadline": shift_years(source.forwarding_deadline, 1),
    }


@login_required
@needs(PERMISSION)
def contest_copy(request, pk: int):
    """Copy a contest to a new year: the form says what will be copied; POST creates the contest."""
    source = get_object_or_404(selectors.managed_contests(request.user), pk=pk)
    form = CopyContestForm(request.POST or None, initial=copy_initial(source))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contest = contest_services.copy_contest(
                source,
                year=data["year"],
                title=data["title"],
                point_table=data["point_table"],
                application_deadline=data["application_deadline"],
                card_deadline=data["card_deadline"],
                forwarding_deadline=data["forwarding_deadline"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Смотр-конкурс %(year)s года создан. Проверьте его сроки.") % {"year": contest.year}
            )
            return redirect("staff-deadlines", pk=contest.pk)
    context = {
        "source": source,
        "form": form,
        "categories": list(source.categories.all()),
        "sectors": list(source.sectors.all()),
        "nominations": list(source.nominations.all()),
    }
    return render(request, "contest/staff/contest_copy.html", context)
