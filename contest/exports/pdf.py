"""Rendering HTML to PDF with WeasyPrint: one place for every printed document of the portal."""


def render_pdf(html: str) -> bytes:
    """Lay out an HTML document (fonts: the installed DejaVu, embedded) and return the PDF. Nothing is fetched from
    outside: a document that names a URL stops with weasyprint.urls.FatalURLFetchingError instead of reaching for the
    network or the disk."""
    # WeasyPrint is heavy: loaded on the first document, not with the module (DESIGN).
    from weasyprint import HTML  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    fetcher = URLFetcher(allowed_protocols=(), fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
