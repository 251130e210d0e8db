"""Views of the best-practice app, one module per kind of user: organization, surveys, review, events, library."""

from django.http import FileResponse, Http404

from core.views import run

from ..models import EventMaterial, PracticeMaterial

__all__ = ["run", "serve_material"]


def serve_material(material: PracticeMaterial | EventMaterial, *, public: bool = False) -> FileResponse:
    """A stored material file (of a report or of an event): pictures inline (pages show them), everything else as a download."""
    if not material.file:
        raise Http404
    try:
        handle = material.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not material.is_image, filename=material.original_name)
    response["Content-Type"] = material.content_type
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
