"""The department's and the territorial commissions' pages of п. 3.4: writing the contest's announcement, the
employers' addresses it is sent to, the letters and what became of them, and the municipality's coordination
figures. Staff see every municipality (chosen by ?municipality=), a commission its own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from contest import selectors as contest_selectors
from contest.imports import FileProblem
from contest.views.access import check, needs
from core.exceptions import DomainError
from core.paging import paginate

from .. import selectors
from ..forms import AnnouncementForm, EmployerListForm, EmployerSearchForm, MailingFilterForm
from ..imports import read_employer_list, template_xlsx
from ..models import Announcement, EmployerContact
from ..services import announcements as services
from ..services import employers as employer_services
from . import run

PAGE_SIZE = 50
NOT_SAVED = gettext_lazy(
    "Объявление не сохранено: исправьте отмеченное красным. Введённый текст остался на странице, файл Положения "
    "выберите заново."
)


def _contest_or_404():
    contest = contest_selectors.current_contest()
    if contest is None:
        raise Http404
    return contest


def _municipality(request, perm: str):
    """The municipality the page is about: ?municipality= among the user's, else the first of them."""
    municipalities = selectors.municipalities_of(request.user)
    raw = request.POST.get("municipality") or request.GET.get("municipality")
    if raw:
        if not raw.isdigit():
            raise Http404
        municipality = municipalities.filter(pk=int(raw)).first()
    else:
        municipality = municipalities.first()
    if municipality is None:
        raise Http404
    check(request.user, perm, municipality)
    return municipality, municipalities


# --- the announcements ------------------------------------------------------------------------------------------------


@login_required
@needs("outreach.list_announcements")
def manage(request):
    """The contest's announcements the user writes (and the region's, which a commission reads)."""
    contest = contest_selectors.current_contest()
    announcements = list(selectors.announcements_for(request.user, contest))
    for announcement in announcements:
        announcement.editable = request.user.has_perm("outreach.edit_announcement", announcement)
    municipalities = selectors.municipalities_of(request.user) if not request.user.is_staff_member else None
    return render(
        request,
        "outreach/announcements/manage.html",
        {
            "contest": contest,
            "announcements": announcements,
            "municipalities": municipalities,
            "region_allowed": request.user.has_perm("outreach.announce_for_region"),
        },
    )


def _editable(request, pk: int) -> Announcement:
    announcement = get_object_or_404(
        selectors.announcements_for(request.user, contest_selectors.current_contest()), pk=pk
    )
    check(request.user, "outreach.edit_announcement", announcement)
    return announcement


def _form_page(request, announcement: Announcement):
    form = AnnouncementForm(request.POST or None, request.FILES or None, instance=announcement)
    if request.method == "POST":
        if form.is_valid():
            publish = "publish" in request.POST
            try:
                services.save_announcement(
                    form.instance, actor=request.user, document=form.cleaned_data["document"], publish=publish
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if form.instance.is_published:
                    messages.success(
                        request,
                        _("Объявление опубликовано. Теперь его можно разослать работодателям.")
                        if publish
                        else _("Изменения сохранены: они уже видны на странице объявления."),
                    )
                    return redirect("outreach:announcement-mailing", pk=form.instance.pk)
                messages.success(request, _("Черновик сохранён. Его видите только вы и ваша комиссия."))
                return redirect("outreach:announcement-edit", pk=form.instance.pk)
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "outreach/announcements/form.html",
        {"form": form, "announcement": announcement, "contest": announcement.contest},
    )


@login_required
@needs("outreach.list_announcements")
def new(request):
    """A new announcement: the region's (?municipality= empty, staff only) or a municipality's."""
    contest = _contest_or_404()
    raw = request.GET.get("municipality", "")
    if raw == "" and request.user.has_perm("outreach.announce_for_region"):
        municipality = None
    else:
        municipality, _municipalities = _municipality(request, "outreach.manage_employers")
    announcement = services.new_announcement(contest, municipality)
    check(
        request.user,
        "outreach.announce_for_region" if municipality is None else "outreach.edit_announcement",
        announcement,
    )
    return _form_page(request, announcement)


@login_required
def edit(request, pk: int):
    return _form_page(request, _editable(request, pk))


@login_required
@require_POST
def publication(request, pk: int):
    """Publish a draft or take an announcement off the public pages."""
    announcement = _editable(request, pk)
    published = request.POST.get("published") == "1"
    run(
        request,
        lambda: services.set_published(announcement, actor=request.user, published=published),
        _("Объявление опубликовано.") if published else _("Объявление снято с публикации: на сайте его больше нет."),
    )
    return redirect("outreach:announcement-mailing" if published else "outreach:announcement-edit", pk=pk)


@login_required
def mailing(request, pk: int):
    """The announcement's letters: what sending would do now, and for each address whether the letter went out and
    whether the employer has registered and applied since."""
    announcement = _editable(request, pk)
    form = MailingFilterForm(request.GET or None)
    filters = form.filters()
    paged = paginate(request, selectors.mailing_rows(announcement, **filters), PAGE_SIZE)
    return render(
        request,
        "outreach/announcements/mailing.html",
        {
            "announcement": announcement,
            "plan": services.plan(announcement),
            "summary": selectors.mailing_summary(announcement),
            "form": form,
            "filtered": any(filters.values()),
            "paged": paged,
            "rows": paged.rows,
        },
    )


@login_required
@require_POST
def send(request, pk: int):
    announcement = _editable(request, pk)
    try:
        sent = services.send(announcement, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if sent.letters:
            text = _("Письма поставлены в очередь: %(n)s. Они уйдут в ближайшие минуты.") % {"n": sent.letters}
        else:
            text = _("Новых адресов нет: всем работодателям из списка объявление уже отправлено.")
        if sent.opted_out:
            text += " " + _("Не отправлено отказавшимся от рассылки: %(n)s.") % {"n": sent.opted_out}
        messages.success(request, text)
    return redirect("outreach:announcement-mailing", pk=pk)


# --- the employers' addresses -----------------------------------------------------------------------------------------


@login_required
@needs("outreach.list_announcements")
def employers(request):
    """The municipality's employers' addresses, and the upload of a list: checked row by row, saved only whole."""
    municipality, municipalities = _municipality(request, "outreach.manage_employers")
    upload = EmployerListForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST":
        if upload.is_valid():
            try:
                report = read_employer_list(upload.cleaned_data["file"])
            except FileProblem as problem:
                upload.add_error("file", problem.message)
            else:
                if report.ok:
                    try:
                        saved = employer_services.save_list(municipality, report, actor=request.user)
                    except DomainError as error:
                        upload.add_error("file", error.message)
                    else:
                        messages.success(
                            request,
                            _(
                                "Список загружен: новых адресов %(created)s, обновлено %(updated)s, без изменений %(unchanged)s."
                            )
                            % {"created": saved.created, "updated": saved.updated, "unchanged": saved.unchanged},
                        )
                        return redirect(
                            reverse("outreach:employers") + "?" + urlencode({"municipality": municipality.pk})
                        )
        messages.error(
            request, _("Список не загружен: ни одна строка не сохранена. Исправьте файл и загрузите его снова.")
        )
    search = EmployerSearchForm(request.GET or None)
    paged = paginate(request, selectors.employer_contacts(municipality, search=search.search()), PAGE_SIZE)
    return render(
        request,
        "outreach/employers.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "upload": upload,
            "report": report,
            "search": search,
            "paged": paged,
            "contacts": paged.rows,
        },
        status=400 if report is not None and not report.ok else 200,
    )


@login_required
@needs("outreach.list_announcements")
def employers_template(request):
    response = HttpResponse(
        template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="employers.xlsx"'
    return response


@login_required
@require_POST
def employer_delete(request, pk: int):
    contact = get_object_or_404(
        EmployerContact.objects.select_related("municipality").filter(
            municipality__in=selectors.municipalities_of(request.user)
        ),
        pk=pk,
    )
    check(request.user, "outreach.manage_employers", contact.municipality)
    run(
        request,
        lambda: employer_services.remove(contact, actor=request.user),
        _("Адрес %(email)s удалён из списка.") % {"email": contact.email},
    )
    return redirect(reverse("outreach:employers") + "?" + urlencode({"municipality": contact.municipality_id}))


# --- coordination -----------------------------------------------------------------------------------------------------


@login_required
@needs("outreach.list_announcements")
def coordination(request):
    """«Координация»: how many employers of the municipality were told, registered, applied, filed cards, got the
    approvals, were verified; and the participations that wait, with the deadline of their next step. Someone who
    keeps several municipalities (staff: the region) first sees them side by side (?municipality=all)."""
    contest = contest_selectors.current_contest()
    municipalities = selectors.municipalities_of(request.user)
    raw = request.GET.get("municipality", "")
    several = municipalities.count() > 1
    if raw == "all" and not several:
        return redirect("outreach:coordination")
    if several and raw in ("", "all"):
        rows = []
        if contest is not None:
            listed = list(municipalities)
            figures = selectors.coordination_by_municipality(contest, [item.pk for item in listed])
            rows = [(item, figures[item.pk]) for item in listed]
        return render(
            request,
            "outreach/coordination_all.html",
            {
                "contest": contest,
                "municipalities": municipalities,
                "rows": rows,
                "total": selectors.total([row for _item, row in rows]) if rows else None,
            },
        )
    municipality, municipalities = _municipality(request, "outreach.see_coordination")
    figures = selectors.coordination(contest, municipality) if contest else None
    stuck = selectors.stuck_participations(contest, municipality) if contest else []
    return render(
        request,
        "outreach/coordination.html",
        {
            "contest": contest,
            "municipality": municipality,
            "municipalities": municipalities,
            "figures": figures,
            "stuck": stuck,
            "idle_after": selectors.STUCK_AFTER_DAYS,
            "several": several,
        },
    )
