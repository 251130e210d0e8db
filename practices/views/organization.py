"""The organization's pages: its quarters, reports with materials, filing, "nothing new"; the report page is shared
with the district administration and staff (they see the review form there)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.views.access import check, needs
from core.paging import PAGE_SIZE, paginate

from .. import selectors
from ..enums import EDITABLE_STATES, FILED_STATES
from ..forms import MaterialForm, NothingNewForm, ReportForm, ReviewForm
from ..models import PracticeReport
from ..periods import Quarter, open_quarters
from ..services import reports as services
from . import run, serve_material


def _own(request, pk: int) -> PracticeReport:
    """A report of the user's organization, or 404 — also for every other role."""
    check(request.user, "practices.file_reports")
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    if not request.user.has_perm("practices.edit_report", report):
        raise Http404
    return report


@login_required
@needs("practices.file_reports")
def index(request):
    """The organization's quarters: what is filed and due, its reports (one page at a time), "nothing new", the
    surveys."""
    user = request.user
    today = timezone.localdate()
    open_ones = list(open_quarters(today))
    # Only the open quarters' filed reports are read for the table of quarters; the list below is paged.
    within = Q()
    for quarter in open_ones:
        within |= Q(period__year=quarter.year, period__quarter=quarter.quarter)
    filed_reports = list(selectors.own_reports(user).filter(within, state__in=FILED_STATES)) if open_ones else []
    statements = {s.period.key: s for s in selectors.own_statements(user)}
    quarters = []
    for quarter in open_ones:
        filed = [r for r in filed_reports if r.period.key == quarter.key]
        deadline = selectors.deadline_of(quarter)
        quarters.append(
            {
                "quarter": quarter,
                "deadline": deadline,
                "passed": today > deadline,
                "filed": filed,
                "statement": statements.get(quarter.key),
                "current": quarter == Quarter.of(today),
            }
        )
    paged = paginate(request, selectors.own_reports(user), PAGE_SIZE)
    context = {
        "quarters": quarters,
        "paged": paged,
        "reports": paged.rows,
        "nothing_new_form": NothingNewForm(),
        "surveys_count": selectors.surveys_for(user).count(),
    }
    return render(request, "practices/organization/index.html", context)


@login_required
@needs("practices.file_reports")
def report_new(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            report = None

            def action():
                nonlocal report
                report = services.create_report(request.user.organization, actor=request.user, **form.service_fields())

            if run(request, action, _("Черновик сохранён. Добавьте материалы и представьте отчёт.")):
                return redirect("practices:report", pk=report.pk)
        else:
            messages.error(request, _("Отчёт не сохранён: исправьте отмеченное красным. Введённое не потеряно."))
    return render(request, "practices/organization/report_form.html", {"form": form, "report": None})


@login_required
def report_edit(request, pk: int):
    report = _own(request, pk)
    if report.state not in EDITABLE_STATES:
        messages.info(request, _("Отчёт представлен — изменить его можно, если администрация вернёт его."))
        return redirect("practices:report", pk=report.pk)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        if form.is_valid():
            fields = form.service_fields()
            if run(request, lambda: services.update_report(report, actor=request.user, **fields), _("Отчёт сохранён.")):
                return redirect("practices:report", pk=report.pk)
        else:
            messages.error(request, _("Отчёт не сохранён: исправьте отмеченное красным. Введённое не потеряно."))
    return render(request, "practices/organization/report_form.html", {"form": form, "report": report})


def detail_context(request, report: PracticeReport, **forms) -> dict:
    """What the report page shows to whoever may see it: the owner's actions or the administration's review form."""
    user = request.user
    owner = user.has_perm("practices.edit_report", report)
    reviewer = user.has_perm("practices.review_report", report)
    context = {
        "report": report,
        "materials": report.materials.select_related("uploaded_by"),
        "history": selectors.history(report),
        "is_owner": owner,
        "is_reviewer": reviewer,
        "can_edit": owner and report.state in EDITABLE_STATES,
        "problems": services.report_problems(report) if owner and report.state in EDITABLE_STATES else [],
    }
    if context["can_edit"]:
        context["material_form"] = forms.get("material_form") or MaterialForm()
    if reviewer and report.state in FILED_STATES:
        context["review_form"] = forms.get("review_form") or ReviewForm()
    return context


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    if not request.user.has_perm("practices.see_report", report):
        raise Http404
    return render(request, "practices/report.html", detail_context(request, report))


@login_required
@require_POST
def report_submit(request, pk: int):
    report = _own(request, pk)
    success = _("Отчёт представлен в администрацию муниципального образования.")
    if report.period.is_late(report.first_submitted_at or timezone.now()):
        success += " " + _("Срок квартала прошёл: отчёт принят с отметкой о представлении после срока.")
    run(request, lambda: services.submit_report(report, actor=request.user), success)
    return redirect("practices:report", pk=report.pk)


@login_required
@require_POST
def report_delete(request, pk: int):
    report = _own(request, pk)
    if run(request, lambda: services.delete_draft(report, actor=request.user), _("Черновик удалён.")):
        return redirect("practices:index")
    return redirect("practices:report", pk=report.pk)


@login_required
@require_POST
def report_publication(request, pk: int):
    report = _own(request, pk)
    allowed = request.POST.get("allowed") == "1"
    run(
        request,
        lambda: services.set_publication(report, actor=request.user, allowed=allowed),
        _("Публикация разрешена.") if allowed else _("Разрешение на публикацию отозвано."),
    )
    return redirect("practices:report", pk=report.pk)


@login_required
@require_POST
def material_add(request, pk: int):
    report = _own(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if run(
            request,
            lambda: services.add_material(
                report,
                actor=request.user,
                uploaded=data["file"],
                url=data["url"],
                title=data["title"],
                public=data["public"],
            ),
            _("Материал добавлен."),
        ):
            return redirect("practices:report", pk=report.pk)
    return render(request, "practices/report.html", detail_context(request, report, material_form=form))


@login_required
def material_download(request, pk: int):
    """A material file for whoever may see its report; everyone else gets 404."""
    material = get_object_or_404(selectors.materials_for(request.user), pk=pk)
    return serve_material(material)


@login_required
@require_POST
@needs("practices.file_reports")
def material_delete(request, pk: int):
    material = get_object_or_404(selectors.materials_for(request.user), pk=pk)
    report_pk = material.report_id
    run(request, lambda: services.delete_material(material, actor=request.user), _("Материал удалён."))
    return redirect("practices:report", pk=report_pk)


@login_required
@require_POST
@needs("practices.file_reports")
def nothing_new(request):
    form = NothingNewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите квартал из списка."))
        return redirect("practices:index")
    quarter = form.cleaned_data["quarter"]
    run(
        request,
        lambda: services.state_nothing_new(
            request.user.organization, actor=request.user, quarter=quarter, comment=form.cleaned_data["comment"]
        ),
        _("Записано: за %(quarter)s нового передового опыта нет.") % {"quarter": quarter},
    )
    return redirect("practices:index")
