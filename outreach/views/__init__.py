"""Views of the outreach app, one module per kind of user: asker (a representative), commission, visitor (the
signed link, no account), public (the FAQ)."""

from django.http import FileResponse, Http404

from core.views import run

from ..models import QuestionMessage

__all__ = ["file_response", "run", "serve_attachment"]


def file_response(file, *, name: str, content_type: str) -> FileResponse:
    """A stored file as a download under its user's name; 404 when there is none or it is gone from the storage."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    return response


def serve_attachment(message: QuestionMessage) -> FileResponse:
    """The file of a message, as a download, never cached by a shared cache."""
    response = file_response(message.file, name=message.original_name, content_type=message.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
