"""Checks of a practice's material files: contest.files.check_upload, the portal's one upload check, with video files.

Photos and documents are limited by PORTAL_MAX_UPLOAD_MB (20 MB by default, as for contest files); video files by
PRACTICE_MAX_VIDEO_MB (100 MB). Larger videos are published elsewhere and given as a link.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from contest.files import DOCX, JPEG, MP4, ODT, PDF, PNG, WEBM, XLSX, FileType, check_upload, limits

DOCUMENTS = (PDF, JPEG, PNG, DOCX, ODT, XLSX)
VIDEOS = (MP4, WEBM)
ALLOWED = DOCUMENTS + VIDEOS


def max_video_bytes() -> int:
    return int(getattr(settings, "PRACTICE_MAX_VIDEO_MB", 100)) * 1024 * 1024


def material_limits() -> dict[FileType, int]:
    """The types a material may be, each with its size limit: documents and pictures as contest files, video larger."""
    return {**limits(DOCUMENTS), **limits(VIDEOS, max_video_bytes())}


def check_material(uploaded) -> tuple[FileType, str]:
    """Validate an uploaded material; returns its type and a safe name. Raises ValidationError with a Russian message."""
    return check_upload(
        uploaded,
        allowed=material_limits(),
        too_large_hint=_("Видео большего размера опубликуйте на видеохостинге и добавьте ссылку."),
    )
