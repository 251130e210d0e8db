"""Security headers (issue 11, item 8): a Content-Security-Policy without inline script, a Permissions-Policy, and the
headers Django already sent (HSTS, frames, referrer, nosniff) kept; templates carry no inline code the policy refuses."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from config.middleware import ContentSecurityPolicyMiddleware, PermissionsPolicyMiddleware

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# HTML that WeasyPrint lays out into PDFs: never shown by a browser, so never under the policy.
PDF_TEMPLATES = TEMPLATES / "contest" / "pdf"


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_pages_carry_the_content_security_policy_and_the_other_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response.status_code == 200

    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]  # no inline styles either: sizes are classes in portal.css
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]

    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions

    # What Django's SecurityMiddleware and XFrameOptionsMiddleware sent before stays.
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client):
    content = client.get("/").content.decode()
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", content)
    assert match, "base.html sets htmx's config in a meta tag"
    assert '"includeIndicatorStyles": false' in match.group(1)
    assert '"allowEval": false' in match.group(1)


def test_printed_forms_are_shown_without_the_policy_that_would_blank_chromiums_pdf_viewer():
    request = RequestFactory().get("/participation/1/card.pdf")
    pdf = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(b"%PDF-1.4", content_type="application/pdf"))(request)
    assert "Content-Security-Policy" not in pdf
    page = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(b"<p>", content_type="text/html"))(request)
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "camera=()" in PermissionsPolicyMiddleware(lambda r: HttpResponse())(request)["Permissions-Policy"]


class InlineCode(HTMLParser):
    """What the policy refuses in a template: <script> without src, <style>, style="", on…= handlers, javascript: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower(): value for name, value in attrs}
        line = self.getpos()[0]
        if tag == "script" and not names.get("src"):
            self.found.append(f"{line}: <script> without src")
        if tag == "style":
            self.found.append(f"{line}: <style> element")
        for name, value in attrs:
            if value is None:
                continue
            inline_style = name == "style"
            handler = re.fullmatch(r"on[a-z]+", name) or name.startswith(("hx-on", "data-hx-on"))
            script_url = name in {"href", "src", "action", "formaction"} and value.lower().lstrip().startswith(
                "javascript:"
            )
            if inline_style or handler or script_url:
                self.found.append(f"{line}: {name}={value!r}")


def without_template_comments(text: str) -> str:
    return re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.DOTALL)


def browser_templates() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*.html") if PDF_TEMPLATES not in path.parents)


def test_the_scan_finds_what_the_policy_would_refuse():
    scan = InlineCode()
    scan.feed(
        '<form onsubmit="return confirm(\'?\')"><script>alert(1)</script><div style="width: 1rem"></div>'
        '<style>p{}</style><a href="javascript:void(0)" hx-on:click="x()">'
        '<script src="/static/js/portal.js"></script>'
    )
    assert len(scan.found) == 6


@pytest.mark.parametrize("path", browser_templates(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_no_template_has_inline_scripts_handlers_or_styles(path):
    scan = InlineCode()
    scan.feed(without_template_comments(path.read_text(encoding="utf-8")))
    scan.close()
    assert scan.found == [], "move them to static/js/ (data-confirm, data-print…) or static/css/portal.css"


def test_inline_templates_are_all_scanned():
    names = {str(path.relative_to(TEMPLATES)) for path in browser_templates()}
    assert {"base.html", "contest/commission/card.html", "contest/participant/card.html", "500.html"} <= names
    assert not any(name.startswith("contest/pdf/") for name in names)
