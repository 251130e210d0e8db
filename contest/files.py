"""Checks of uploaded files: the type is read from the content, not from the name; the name is made safe to show.

One check for every upload of the portal, `check_upload(uploaded, allowed=...)`: `allowed` maps the file types a caller
accepts to each one's size limit in bytes (`kind=` is a shorthand for an attachment kind of the contest). Its order is
what keeps a hostile file cheap:

1. the size, before anything is read: no file larger than the largest limit is opened at all;
2. the first bytes (64) tell PDF, JPEG, PNG, MP4, WebM or a zip archive; the size limit of those candidates next;
3. a zip archive (DOCX, XLSX, ODT) is judged by its end record and central directory — what it declares, never by
   unpacking: too many entries, a directory too large, an entry packed more tightly than ZIP_MAX_RATIO, more than
   ZIP_MAX_UNPACKED_BYTES in all or a compression method other than stored/deflated is refused as UnsafeArchive.
   Only then is one entry read, and only its first SNIFF_BYTES: the `mimetype` of an OpenDocument file; an Office
   Open XML file is told by its part names (`[Content_Types].xml`, `word/`, `xl/`). zipfile never unpacks an entry
   past the size its directory declares, so the caps above bound whatever reads the archive later (openpyxl in the
   paper-card import, which adds its own, lower cap).
"""

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .enums import AttachmentKind

KIB = 1024
MIB = 1024 * KIB

HEAD_BYTES = 64  # what the magic numbers need
SNIFF_BYTES = 4 * KIB  # the most read from inside an archive
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_DIRECTORY_BYTES = 1 * MIB
ZIP_MAX_UNPACKED_BYTES = 100 * MIB
ZIP_MAX_RATIO = 100  # unpacked size / packed size of one entry
ZIP_RATIO_FROM_BYTES = 1 * MIB  # smaller entries may be packed tighter: they cannot hurt


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
MP4 = FileType("mp4", "MP4", "video/mp4", ".mp4")
WEBM = FileType("webm", "WebM", "video/webm", ".webm")

ZIP_TYPES = (DOCX, ODT, XLSX)

ALLOWED: dict[str, tuple[FileType, ...]] = {
    AttachmentKind.ANALYTICAL_NOTE: (PDF, DOCX, ODT),
    AttachmentKind.INFO_MATERIALS: (PDF, JPEG, PNG, DOCX, ODT),
    AttachmentKind.SUPPORTING: (PDF, JPEG, PNG, DOCX, ODT, XLSX),
    AttachmentKind.SIGNED_APPLICATION: (PDF, JPEG, PNG),
    AttachmentKind.INVESTIGATION_ACT: (PDF, JPEG, PNG),
    AttachmentKind.SIGNED_CARD: (PDF, JPEG, PNG),
    "decision": (PDF, JPEG, PNG),  # the signed protocol of a commission
}

# ISO base media brands of video files (not of HEIF/AVIF pictures, which share the container).
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}


class UnsafeArchive(ValidationError):
    """A zip archive whose declared contents are absurd for a document (a «zip bomb»); it is never unpacked."""

    def __init__(self):
        super().__init__(
            _(
                "Файл не принят: документ внутри устроен необычно (сжат слишком сильно, распаковывается больше чем "
                "в %(max)s или состоит из слишком многих частей). Сохраните его заново в Word, Excel или LibreOffice "
                "и загрузите снова."
            )
            % {"max": filesizeformat(ZIP_MAX_UNPACKED_BYTES)},
            code="archive",
        )


def max_upload_bytes() -> int:
    return int(getattr(settings, "PORTAL_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def limits(types: Iterable[FileType], max_bytes: int | None = None) -> dict[FileType, int]:
    """`allowed` for check_upload: these types, each up to max_bytes (PORTAL_MAX_UPLOAD_MB by default)."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    return dict.fromkeys(types, limit)


# ---------------------------------------------------------------------------------------------------------------------
# Reading the type


def _head(uploaded) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    return head


def _candidates(head: bytes) -> tuple[FileType, ...]:
    """The types the first bytes allow: one, the zip-based three, or none."""
    if head.startswith(b"%PDF-"):
        return (PDF,)
    if head.startswith(b"\xff\xd8\xff"):
        return (JPEG,)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return (PNG,)
    if head.startswith(b"PK\x03\x04"):
        return ZIP_TYPES
    if head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        return (MP4,)
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return (WEBM,)
    return ()


_END = struct.Struct("<4s4H2LH")  # end of central directory record
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")


def _directory(uploaded, size: int) -> tuple[int, int] | None:
    """The number of entries and the byte size of the central directory that the archive's end record declares, read
    from its last 64 KiB; None when there is no end record (not a zip archive)."""
    tail_size = min(size, _END.size + 0xFFFF)
    uploaded.seek(size - tail_size)
    tail = uploaded.read(tail_size)
    uploaded.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        return None
    *_, entries, directory_size, _offset, _comment = _END.unpack_from(tail, at)
    locator_at = at - _END64_LOCATOR.size
    if locator_at >= 0 and tail[locator_at : locator_at + 4] == b"PK\x06\x07":
        record_at = locator_at - _END64.size  # as zipfile reads it: the zip64 record right before its locator
        if record_at < 0 or tail[record_at : record_at + 4] != b"PK\x06\x06":
            return None
        *_, entries, directory_size, _offset = _END64.unpack_from(tail, record_at)
    return entries, directory_size


def _check_archive(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse (UnsafeArchive) what a document never is, by the sizes each entry declares."""
    if len(infos) > ZIP_MAX_ENTRIES:
        raise UnsafeArchive()
    unpacked = 0
    for info in infos:
        if info.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
            raise UnsafeArchive()  # bzip2 and lzma unpack without a bound on each read
        if info.file_size > ZIP_RATIO_FROM_BYTES and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeArchive()
        unpacked += info.file_size
    if unpacked > ZIP_MAX_UNPACKED_BYTES:
        raise UnsafeArchive()


def _zip_type(uploaded) -> FileType | None:
    """Office documents are zip archives: tell DOCX, XLSX and ODT apart by what is inside, without unpacking it."""
    declared = _directory(uploaded, uploaded.size)
    if declared is None:
        return None
    entries, directory_size = declared
    if entries > ZIP_MAX_ENTRIES or directory_size > ZIP_MAX_DIRECTORY_BYTES:
        raise UnsafeArchive()
    try:
        with zipfile.ZipFile(uploaded) as archive:
            infos = archive.infolist()
            _check_archive(infos)
            names = {info.filename for info in infos}
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(SNIFF_BYTES).decode("ascii", "replace").strip()
                return ODT if mimetype == ODT.content_type else None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    except (zipfile.BadZipFile, zlib.error, struct.error, OSError, EOFError, KeyError, RuntimeError, ValueError):
        return None
    finally:
        uploaded.seek(0)
    return None


def sniff(uploaded) -> FileType | None:
    """The type of a file by its first bytes (and, for office documents, its contents); None if unknown. Raises
    UnsafeArchive for a zip archive that declares absurd contents. Reads at most a few KiB, whatever the file."""
    candidates = _candidates(_head(uploaded))
    if candidates == ZIP_TYPES:
        return _zip_type(uploaded)
    return candidates[0] if candidates else None


# ---------------------------------------------------------------------------------------------------------------------
# The name


def safe_name(name: str, file_type: FileType) -> str:
    """A file name fit to show and to offer for download: no path, no odd characters, the extension of its real type.
    Never fails: a name with nothing usable left (`...pdf`, only dots or signs) becomes «file» with that extension."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    # What django.utils.text.get_valid_filename keeps, without its SuspiciousFileOperation (a bare 400) for «..».
    stem = re.sub(r"(?u)[^-\w.]", "", stem.strip().replace(" ", "_")).strip(".")
    stem = stem[:120].rstrip(".") or "file"
    return f"{stem}{file_type.extension}"


# ---------------------------------------------------------------------------------------------------------------------
# The check


def _too_large(size: int, accepted: Mapping[FileType, int], hint: str) -> ValidationError:
    """The size message; with several limits (documents and video), each with its formats."""
    by_limit: dict[int, list[str]] = {}
    for file_type, limit in accepted.items():
        by_limit.setdefault(limit, []).append(file_type.label)
    if len(by_limit) == 1:
        most = filesizeformat(next(iter(by_limit)))
    else:
        most = ", ".join(f"{filesizeformat(limit)} ({', '.join(labels)})" for limit, labels in sorted(by_limit.items()))
    message = _("Файл слишком большой: %(size)s, допускается не более %(max)s.") % {
        "size": filesizeformat(size),
        "max": most,
    }
    return ValidationError(f"{message} {hint}" if hint else message, code="too_large")


def _not_accepted(allowed: Iterable[FileType]) -> ValidationError:
    return ValidationError(
        _("Этот вид файла не принимается. Допустимые форматы: %(formats)s.")
        % {"formats": ", ".join(t.label for t in allowed)},
        code="type",
    )


def check_upload(
    uploaded,
    *,
    allowed: Mapping[FileType, int] | None = None,
    kind: str | None = None,
    too_large_hint: str = "",
) -> tuple[FileType, str]:
    """Validate an uploaded file; returns its type and a safe name. Raises ValidationError with a Russian message.

    `allowed` maps each accepted type to its size limit in bytes, in the order the message lists them; `kind` (an
    attachment kind or "decision") stands for `limits(ALLOWED[kind])`. `too_large_hint` follows the size message."""
    if allowed is None:
        if kind is None:
            raise TypeError("check_upload needs allowed= or kind=")
        allowed = limits(ALLOWED[kind])
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("Файл пустой."), code="empty")
    if size > max(allowed.values()):  # before a single byte is read
        raise _too_large(size, allowed, too_large_hint)
    candidates = {t: allowed[t] for t in _candidates(_head(uploaded)) if t in allowed}
    if not candidates:
        raise _not_accepted(allowed)
    if size > max(candidates.values()):  # before an archive is opened
        raise _too_large(size, candidates, too_large_hint)
    found = _zip_type(uploaded) if set(candidates) <= set(ZIP_TYPES) else next(iter(candidates))
    if found not in allowed:
        raise _not_accepted(allowed)
    if size > allowed[found]:
        raise _too_large(size, {found: allowed[found]}, too_large_hint)
    return found, safe_name(uploaded.name or "", found)
