"""Views of the outreach app, one module per kind of user: asker (a representative), commission, visitor (the
signed link, no account), public (the FAQ)."""

from django.http import FileResponse, Http404

from core.views import run

from ..models import QuestionMessage

__all__ = ["run", "serve_attachment"]


def serve_attachment(message: QuestionMessage) -> FileResponse:
    """The file of a message, as a download, never cached by a shared cache."""
    if not message.file:
        raise Http404
    try:
        handle = message.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=message.original_name)
    response["Content-Type"] = message.content_type
    response["Cache-Control"] = "private, no-store"
    return response
