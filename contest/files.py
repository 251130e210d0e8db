"""Checks of uploaded files: the type is read from the content, not from the name; the name is made safe to show."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .enums import AttachmentKind


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    content_type: str
    extension: str


PDF = FileType("pdf", "PDF", "application/pdf", ".pdf")
JPEG = FileType("jpeg", "JPEG", "image/jpeg", ".jpg")
PNG = FileType("png", "PNG", "image/png", ".png")
DOCX = FileType("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
ODT = FileType("odt", "ODT", "application/vnd.oasis.opendocument.text", ".odt")
XLSX = FileType("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")

ALLOWED: dict[str, tuple[FileType, ...]] = {
    AttachmentKind.ANALYTICAL_NOTE: (PDF, DOCX, ODT),
    AttachmentKind.INFO_MATERIALS: (PDF, JPEG, PNG, DOCX, ODT),
    AttachmentKind.SUPPORTING: (PDF, JPEG, PNG, DOCX, ODT, XLSX),
    AttachmentKind.SIGNED_APPLICATION: (PDF, JPEG, PNG),
    AttachmentKind.INVESTIGATION_ACT: (PDF, JPEG, PNG),
    AttachmentKind.SIGNED_CARD: (PDF, JPEG, PNG),
    "decision": (PDF, JPEG, PNG),  # the signed protocol of a commission
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "PORTAL_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _zip_type(uploaded) -> FileType | None:
    """Office documents are zip archives: tell DOCX, XLSX and ODT apart by what is inside."""
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODT if mimetype == ODT.content_type else None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def sniff(uploaded) -> FileType | None:
    """The type of a file by its first bytes (and, for office documents, its contents); None if unknown."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        found = _zip_type(uploaded)
        uploaded.seek(0)
        return found
    return None


def safe_name(name: str, file_type: FileType) -> str:
    """A file name fit to show and to offer for download: no path, no odd characters, the extension of its real type."""
    stem = PurePath(name.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = get_valid_filename(stem.strip()) if stem.strip() else ""
    stem = stem[:120] or "file"
    return f"{stem}{file_type.extension}"


def check_upload(uploaded, *, kind: str) -> tuple[FileType, str]:
    """Validate an uploaded file for an attachment kind; returns its type and a safe name. Raises ValidationError."""
    allowed = ALLOWED[kind]
    if uploaded.size == 0:
        raise ValidationError(_("Файл пустой."), code="empty")
    if uploaded.size > max_upload_bytes():
        raise ValidationError(
            _("Файл слишком большой: %(size)s, допускается не более %(max)s.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_upload_bytes())},
            code="too_large",
        )
    found = sniff(uploaded)
    if found not in allowed:
        raise ValidationError(
            _("Этот вид файла не принимается. Допустимые форматы: %(formats)s.")
            % {"formats": ", ".join(t.label for t in allowed)},
            code="type",
        )
    return found, safe_name(uploaded.name or "", found)
