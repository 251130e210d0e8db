"""Rendering HTML to PDF with WeasyPrint: one place for every printed document of the portal."""

from collections.abc import Sequence
from typing import Any


def render_pdf(html: str) -> bytes:
    """Lay out an HTML document (fonts: the installed DejaVu, embedded) and return the PDF. Nothing is fetched from
    outside: a document that names a URL stops with weasyprint.urls.FatalURLFetchingError instead of reaching for the
    network or the disk."""
    # WeasyPrint is heavy: loaded on the first document, not with the module (DESIGN).
    from weasyprint import HTML  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols=(), fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def render_pages(html: str) -> Any:
    """Lay out an HTML document and return WeasyPrint's laid-out document (its `pages`), to be written with others
    by merge_pdf: a long batch is laid out in chunks so that the worker can tell how far it is."""
    from weasyprint import HTML  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols=(), fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).render()


def merge_pdf(documents: Sequence[Any]) -> bytes:
    """Write the pages of laid-out documents (render_pages), in order, as one PDF."""
    if not documents:
        raise ValueError("Нет страниц")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
