"""Rendering HTML to PDF with WeasyPrint: one place for every printed document of the portal."""

from typing import Any


def render_pdf(html: str) -> bytes:
    """Lay out an HTML document (fonts: the installed DejaVu, embedded) and return the PDF. Nothing is fetched from
    outside: a document that names a URL fails instead of reaching for the network."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict:
    raise ValueError(f"Документы портала не загружают внешние ресурсы: {url}")
