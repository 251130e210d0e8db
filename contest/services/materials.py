"""Methodological materials (п. 3.4): the department writes them for the whole region, a territorial commission for
its municipality; a material is published, withdrawn (kept, unpublished) and published again.

Every write checks `contest.edit_material` on the material (on the new one before it is saved, with its
municipality), validates it (full_clean: at least a text, a file or a link; indicator codes of the contest's point
table) and stores a file under the portal's file rules (contest.files.check_upload) under a random name."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.permissions import require
from regions.models import Municipality

from ..files import DOCX, JPEG, ODT, PDF, PNG, XLSX, check_upload, limits
from ..models import Contest, MethodMaterial, User

MATERIAL_FILE_TYPES = (PDF, DOCX, ODT, XLSX, JPEG, PNG)


def check_material_file(uploaded) -> tuple:
    """The file's type and safe name, or DomainError with the portal's Russian message."""
    try:
        return check_upload(uploaded, allowed=limits(MATERIAL_FILE_TYPES))
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _validated(material: MethodMaterial) -> None:
    try:
        material.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


def _fill(
    material: MethodMaterial, *, kind: str, title: str, text: str, link: str, indicators: list[str]
) -> MethodMaterial:
    material.kind = kind
    material.title = " ".join((title or "").split())
    material.text = (text or "").strip()
    material.link = (link or "").strip()
    material.indicators = list(dict.fromkeys(indicators or []))  # each once, in the order given
    return material


def _store_file(material: MethodMaterial, uploaded) -> None:
    file_type, name = check_material_file(uploaded)
    material.original_name = name
    material.content_type = file_type.content_type
    material.size = uploaded.size
    material.file.save(name, uploaded, save=False)


def _clear_file(material: MethodMaterial) -> None:
    material.file = ""
    material.original_name = material.content_type = ""
    material.size = None


def create_material(
    contest: Contest,
    *,
    actor: User | None,
    municipality: Municipality | None,
    kind: str,
    title: str,
    text: str = "",
    link: str = "",
    indicators: list[str] | None = None,
    uploaded=None,
    publish: bool = False,
) -> MethodMaterial:
    """A new material of the contest: the region's (municipality None, the department) or a municipality's.

    Side effects: the row and its file; published at once when `publish`."""
    material = MethodMaterial(contest=contest, municipality=municipality, created_by=actor)
    require(actor, "contest.edit_material", material)
    _fill(material, kind=kind, title=title, text=text, link=link, indicators=indicators or [])
    if uploaded is not None:
        check_material_file(uploaded)  # a bad file is refused before anything is written
    if publish:
        material.is_published, material.published_at = True, timezone.now()
    with transaction.atomic():
        _save(material, uploaded)
    return material


def _save(material: MethodMaterial, uploaded) -> None:
    """Store the new file (if any), validate the whole material, save it; a refused material leaves no file behind."""
    if uploaded is not None:
        _store_file(material, uploaded)
    try:
        _validated(material)
    except DomainError:
        if uploaded is not None:
            material.file.delete(save=False)
        raise
    material.save()


def update_material(
    material: MethodMaterial,
    *,
    actor: User | None,
    municipality: Municipality | None,
    kind: str,
    title: str,
    text: str = "",
    link: str = "",
    indicators: list[str] | None = None,
    uploaded=None,
    remove_file: bool = False,
) -> MethodMaterial:
    """Change a material: its texts, link, indicators, file (a new one replaces the old; `remove_file` drops it) and
    whose it is (moving it to another municipality or to the region needs the right for both).

    Side effects: the row; the replaced or removed file is deleted after the commit."""
    require(actor, "contest.edit_material", material)
    with transaction.atomic():
        locked = MethodMaterial.objects.select_for_update().select_related("contest").get(pk=material.pk)
        if (municipality.pk if municipality else None) != locked.municipality_id:
            require(actor, "contest.edit_material", MethodMaterial(contest=locked.contest, municipality=municipality))
            locked.municipality = municipality
        _fill(locked, kind=kind, title=title, text=text, link=link, indicators=indicators or [])
        old_file = locked.file.name if locked.file else ""
        if uploaded is not None:
            check_material_file(uploaded)
        if remove_file or uploaded is not None:
            _clear_file(locked)
        _save(locked, uploaded)
        kept = locked.file.name if locked.file else ""
        if old_file and old_file != kept:
            storage = locked.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return locked


def publish_material(material: MethodMaterial, *, actor: User | None) -> MethodMaterial:
    """Show the material on the public page and the card pages. Side effects: the row."""
    require(actor, "contest.edit_material", material)
    with transaction.atomic():
        locked = MethodMaterial.objects.select_for_update().get(pk=material.pk)
        if locked.is_published:
            raise DomainError(_("Материал уже опубликован."))
        locked.is_published, locked.published_at = True, timezone.now()
        locked.save(update_fields=["is_published", "published_at", "updated_at"])
    return locked


def withdraw_material(material: MethodMaterial, *, actor: User | None) -> MethodMaterial:
    """Take the material off the public page and the card pages; it is kept and may be published again.
    Side effects: the row."""
    require(actor, "contest.edit_material", material)
    with transaction.atomic():
        locked = MethodMaterial.objects.select_for_update().get(pk=material.pk)
        if not locked.is_published:
            raise DomainError(_("Материал не опубликован."))
        locked.is_published = False
        locked.save(update_fields=["is_published", "updated_at"])
    return locked
