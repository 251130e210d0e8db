"""Reads of the methodological materials: the published ones anyone sees (the region's and a municipality's), the
ones a person keeps (staff: all; a territorial commission: its municipality's), and the card page's in one query."""

from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.lookups import Contains

from core.search import SEARCH_MAX_LENGTH, Folded, fold

from ..enums import MUNICIPAL_COMMISSION_ROLES, MaterialKind
from ..models import Contest, MethodMaterial

KIND_ORDER = Case(
    *(When(kind=kind, then=Value(position)) for position, kind in enumerate(MaterialKind.values)),
    default=Value(len(MaterialKind.values)),
    output_field=IntegerField(),
)


def _ordered(materials: QuerySet[MethodMaterial]) -> QuerySet[MethodMaterial]:
    """By kind in the order of MaterialKind, the region's before a municipality's, then by title."""
    return materials.order_by(
        KIND_ORDER, F("municipality__position").asc(nulls_first=True), "municipality__name", "title", "pk"
    )


def published_materials(contest: Contest | None, *, municipality_id: int | None = None) -> QuerySet[MethodMaterial]:
    """The public page: the contest's published materials of the region, and of one municipality when given."""
    if contest is None:
        return MethodMaterial.objects.none()
    where = Q(municipality__isnull=True)
    if municipality_id is not None:
        where |= Q(municipality_id=municipality_id)
    return _ordered(
        MethodMaterial.objects.select_related("municipality").filter(where, contest=contest, is_published=True)
    )


def editable_materials(user) -> QuerySet[MethodMaterial]:
    """What the person may edit, publish and withdraw: everything for staff, its municipalities' for a territorial
    commission (never the region's)."""
    materials = MethodMaterial.objects.select_related("municipality", "contest", "created_by")
    if not user.is_authenticated:
        return materials.none()
    if user.is_staff_member:
        return materials
    return materials.filter(municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))


def managed_materials(
    user,
    contest: Contest | None,
    *,
    kind: str = "",
    state: str = "",
    search: str = "",
    municipality_id: int | None = None,
) -> QuerySet[MethodMaterial]:
    """The management list of a contest: what the person keeps, in every state, and what the others published
    (a commission sees the region's and the other municipalities' published materials)."""
    if contest is None or not user.is_authenticated:
        return MethodMaterial.objects.none()
    materials = MethodMaterial.objects.select_related("municipality", "created_by").filter(contest=contest)
    if not user.is_staff_member:
        own = user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES)
        materials = materials.filter(Q(municipality_id__in=own) | Q(is_published=True))
    if kind:
        materials = materials.filter(kind=kind)
    if state == "published":
        materials = materials.filter(is_published=True)
    elif state == "draft":
        materials = materials.filter(is_published=False)
    if municipality_id == 0:
        materials = materials.filter(municipality__isnull=True)
    elif municipality_id is not None:
        materials = materials.filter(municipality_id=municipality_id)
    text = fold(search[:SEARCH_MAX_LENGTH])
    if text:
        materials = materials.filter(Q(Contains(Folded("title"), text)) | Q(Contains(Folded("text"), text)))
    return _ordered(materials)


def material_with_file(user, pk: int) -> MethodMaterial | None:
    """A material with a file the person may download: a published one for anyone, an unpublished one for those who
    keep it."""
    with_file = MethodMaterial.objects.exclude(file="").filter(pk=pk)
    published = with_file.filter(is_published=True).first()
    if published is not None:
        return published
    return editable_materials(user).exclude(file="").filter(pk=pk).first()


def materials_for_card(contest: Contest, municipality_id: int | None) -> list[MethodMaterial]:
    """The published materials an organization of the municipality reads while filling its card: the region's and
    its municipality's, of the card's contest, in one query (the card page links them beside their indicators)."""
    return list(published_materials(contest, municipality_id=municipality_id))


def by_indicator_groups(materials: Iterable[MethodMaterial], groups: Iterable[Iterable[str]]) -> list[list]:
    """For each group of indicator codes (the card's groups), the materials that explain one of its indicators, each
    once, in the materials' order."""
    materials = list(materials)
    found = []
    for codes in groups:
        wanted = set(codes)
        found.append([material for material in materials if wanted.intersection(material.indicators or [])])
    return found


def published_of_kind(contest: Contest, municipality_id: int | None, kind: str) -> list[MethodMaterial]:
    """The published materials of one kind for an organization of the municipality (the region's and its own): the
    sample analytical note beside the upload of the note, the list of documents (п. 5.2) beside a request for them."""
    return list(published_materials(contest, municipality_id=municipality_id).filter(kind=kind))
