"""Absolute links to the portal's pages for what leaves it: letters, the QR code of a printed certificate."""

import os

from django.conf import settings


def portal_url() -> str:
    """The portal's address as its users open it, without a trailing slash: settings.PORTAL_URL (the environment's
    PORTAL_URL, e.g. https://ot.example.ru — needed behind nginx), else the address bin/start and bin/serve listen
    on (PORTAL_ADDRESS; on every interface, 0.0.0.0, the machine's name is unknown: localhost).

    Not the request's host: a paper printed by the worker or a letter sent from a command has no request, and the
    address printed on a certificate must be the one people reach, whichever node built it."""
    configured = str(getattr(settings, "PORTAL_URL", "") or "").strip().rstrip("/")
    if configured:
        return configured
    address = os.environ.get("PORTAL_ADDRESS", "127.0.0.1:8000").split(",")[0].strip()
    if address.startswith("unix:") or ":" not in address:
        return "http://localhost"
    host, _sep, port = address.rpartition(":")
    if host in ("0.0.0.0", "", "[::]"):
        host = "localhost"
    return f"http://{host}:{port}"


def absolute_url(path: str) -> str:
    """The address of `path` (a path of this portal, e.g. from reverse()) at the portal's address (portal_url)."""
    if not path.startswith("/"):
        raise ValueError(f"not a path of the portal: {path!r}")
    return f"{portal_url()}{path}"
