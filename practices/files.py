"""Checks of a practice's material files: contest.files reads the type from the content; this adds video files.

Photos and documents are limited by PORTAL_MAX_UPLOAD_MB (20 MB by default, as for contest files); video files by
PRACTICE_MAX_VIDEO_MB (100 MB). Larger videos are published elsewhere and given as a link.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from contest.files import DOCX, JPEG, ODT, PDF, PNG, XLSX, FileType, max_upload_bytes, safe_name, sniff

MP4 = FileType("mp4", "MP4", "video/mp4", ".mp4")
WEBM = FileType("webm", "WebM", "video/webm", ".webm")

DOCUMENTS = (PDF, JPEG, PNG, DOCX, ODT, XLSX)
VIDEOS = (MP4, WEBM)
ALLOWED = DOCUMENTS + VIDEOS

# ISO base media brands of video files (not of HEIF/AVIF pictures, which share the container).
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}


def max_video_bytes() -> int:
    return int(getattr(settings, "PRACTICE_MAX_VIDEO_MB", 100)) * 1024 * 1024


def sniff_material(uploaded) -> FileType | None:
    """The type of a material by its content: the contest's documents and pictures, MP4 and WebM video; None if unknown."""
    found = sniff(uploaded)
    if found is not None:
        return found
    uploaded.seek(0)
    head = uploaded.read(64)
    uploaded.seek(0)
    if head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return WEBM
    return None


def check_material(uploaded) -> tuple[FileType, str]:
    """Validate an uploaded material; returns its type and a safe name. Raises ValidationError with a Russian message."""
    if uploaded.size == 0:
        raise ValidationError(_("Файл пустой."), code="empty")
    found = sniff_material(uploaded)
    if found not in ALLOWED:
        raise ValidationError(
            _("Этот вид файла не принимается. Допустимые форматы: %(formats)s.")
            % {"formats": ", ".join(t.label for t in ALLOWED)},
            code="type",
        )
    limit = max_video_bytes() if found in VIDEOS else max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _(
                "Файл слишком большой: %(size)s, допускается не более %(max)s. Видео большего размера опубликуйте на видеохостинге и добавьте ссылку."
            )
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(limit)},
            code="too_large",
        )
    return found, safe_name(uploaded.name or "", found)
