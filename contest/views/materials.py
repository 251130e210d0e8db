"""Methodological materials (п. 3.4): the public page of the current contest's published materials (no sign-in), a
material's file, and for staff and the territorial commissions the management list, the form, publishing and
withdrawing."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from core.paging import paginate
from core.views import run

from .. import selectors
from ..enums import MaterialKind
from ..forms.materials import MaterialFilterForm, MaterialForm, PublicMaterialsForm
from ..services import materials as services
from .access import check, needs

PAGE_SIZE = 20
NOT_SAVED = gettext_lazy(
    "Материал не сохранён: исправьте отмеченное красным. Введённый текст сохранён на странице; файл, если он был, "
    "выберите заново."
)


def by_kind(materials) -> list[tuple[str, list]]:
    """The page's materials grouped by kind, in the order they came (the selectors order them by kind)."""
    return [(MaterialKind(kind).label, list(rows)) for kind, rows in groupby(materials, key=lambda m: m.kind)]


# --- the public page -------------------------------------------------------------------------------------------------


def public(request):
    """The current contest's published materials: the region's, and a chosen municipality's (?municipality=, kept in
    the address; a signed-in organization's own by default)."""
    contest = selectors.current_contest()
    data = request.GET.copy()
    if "municipality" not in data and request.user.is_authenticated and request.user.organization_id:
        data["municipality"] = str(request.user.organization.municipality_id)
    form = PublicMaterialsForm(data)
    municipality = form.cleaned_data["municipality"] if form.is_valid() else None
    paged = paginate(
        request,
        selectors.published_materials(contest, municipality_id=municipality.pk if municipality else None),
        PAGE_SIZE,
    )
    return render(
        request,
        "contest/materials/public.html",
        {
            "contest": contest,
            "form": form,
            "municipality": municipality,
            "paged": paged,
            "groups": by_kind(paged.rows),
            "can_manage": request.user.has_perm("contest.manage_materials"),
        },
    )


def material_file(request, pk: int):
    """A material's file: a published one for anyone, an unpublished one for those who keep it; otherwise 404."""
    material = selectors.material_with_file(request.user, pk)
    if material is None:
        raise Http404
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=material.original_name)
    response["Content-Type"] = material.content_type
    response["Cache-Control"] = "private, no-store"
    return response


# --- staff and the territorial commissions ---------------------------------------------------------------------------


@login_required
@needs("contest.manage_materials")
def manage(request):
    """The current contest's materials the person keeps (in every state) and the ones others published."""
    contest = selectors.current_contest()
    form = MaterialFilterForm(request.GET or None)
    filters = form.filters()
    rows = selectors.managed_materials(request.user, contest, **filters)
    paged = paginate(request, rows, PAGE_SIZE)
    materials = list(paged.rows)
    for material in materials:
        material.editable = request.user.has_perm("contest.edit_material", material)
    return render(
        request,
        "contest/materials/manage.html",
        {
            "contest": contest,
            "form": form,
            "paged": paged,
            "materials": materials,
            "filtered": any(value not in ("", None) for value in filters.values()),
        },
    )


def _form_page(request, form: MaterialForm, contest, material=None, status: int = 200):
    return render(
        request,
        "contest/materials/form.html",
        {"form": form, "contest": contest, "material": material},
        status=status,
    )


@login_required
@needs("contest.manage_materials")
def material_new(request):
    contest = selectors.current_contest()
    if contest is None:
        messages.error(request, _("Смотр-конкурс ещё не объявлен: материалы добавляются к смотру-конкурсу."))
        return redirect("materials-manage")
    form = MaterialForm(request.POST or None, request.FILES or None, user=request.user, contest=contest)
    if request.method == "POST":
        if form.is_valid():
            try:
                material = services.create_material(contest, actor=request.user, **form.service_fields())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                done = _("Материал опубликован.") if material.is_published else _("Материал сохранён, не опубликован.")
                messages.success(request, done)
                return redirect("materials-manage")
        messages.error(request, NOT_SAVED)
    return _form_page(request, form, contest)


def _editable(request, pk: int):
    """A material the person may edit; anyone else's (another municipality's, the region's for a commission) is 404."""
    material = get_object_or_404(selectors.editable_materials(request.user), pk=pk)
    check(request.user, "contest.edit_material", material)
    return material


@login_required
@needs("contest.manage_materials")
def material_edit(request, pk: int):
    material = _editable(request, pk)
    contest = material.contest
    form = MaterialForm(
        request.POST or None, request.FILES or None, user=request.user, contest=contest, material=material
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_material(material, actor=request.user, **form.service_fields())
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Материал сохранён."))
                return redirect("materials-manage")
        messages.error(request, NOT_SAVED)
    return _form_page(request, form, contest, material)


@login_required
@require_POST
@needs("contest.manage_materials")
def material_publish(request, pk: int):
    material = _editable(request, pk)
    run(
        request,
        lambda: services.publish_material(material, actor=request.user),
        _("Материал опубликован: организации видят его на странице «Методические материалы»."),
    )
    return redirect("materials-manage")


@login_required
@require_POST
@needs("contest.manage_materials")
def material_withdraw(request, pk: int):
    material = _editable(request, pk)
    run(
        request,
        lambda: services.withdraw_material(material, actor=request.user),
        _("Материал снят с публикации. Он сохранён, его можно опубликовать снова."),
    )
    return redirect("materials-manage")
