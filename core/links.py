"""Absolute links to the portal's pages for what leaves it: letters, the QR code of a printed certificate."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """The address of `path` (a path of this portal, e.g. from reverse()) at settings.PUBLIC_URL (DJANGO_PUBLIC_URL).
    Not the request's host: a paper printed by the worker or a letter sent from a command has no request, and the
    address printed on a certificate must be the one people reach, whichever node built it."""
    if not path.startswith("/"):
        raise ValueError(f"not a path of the portal: {path!r}")
    return f"{settings.PUBLIC_URL}{path}"
