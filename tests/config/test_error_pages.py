"""Error pages (issue 11, item 9): with DEBUG off, 400, 403, 404 and the CSRF refusal are Russian pages in the portal's
layout saying what happened and where to go; the 500 page is static and renders without the database."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path
from django.views.defaults import server_error

from tests.factories import organization_user

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def forbidden(request):
    raise PermissionDenied


def bad_request(request):
    raise SuspiciousOperation("a request the portal cannot read")


def broken(request):
    raise RuntimeError("the portal failed")


# This module is the URLconf of the tests below: the portal's URLs and three views that fail on purpose.
urlpatterns = [
    path("test-errors/403/", forbidden),
    path("test-errors/400/", bad_request),
    path("test-errors/500/", broken),
    path("", include("config.urls")),
]

errors = override_settings(ROOT_URLCONF=__name__, DEBUG=False)


def assert_portal_page(response, status: int, heading: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert '<html lang="ru">' in content
    assert 'class="portal-header"' in content  # the portal's header and footer around it
    assert 'class="portal-footer' in content
    assert f'<h1 id="error-heading" class="h3 mt-2">{heading}</h1>' in content
    assert 'href="/"' in content  # where to go: the start page
    for english in ("Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification failed"):
        assert english not in content
    assert "script-src 'self'" in response["Content-Security-Policy"]
    return content


@errors
def test_404_is_russian_in_the_layout(client):
    content = assert_portal_page(client.get("/net-takoy-stranicy/"), 404, "Страница не найдена")
    assert "По этому адресу ничего нет" in content
    assert 'href="/accounts/login/?next=/net-takoy-stranicy/"' in content  # anonymous: sign in, then come back


@errors
def test_404_shows_the_signed_in_user_in_the_header(client):
    user = organization_user()
    client.force_login(user)
    content = assert_portal_page(client.get("/net-takoy-stranicy/"), 404, "Страница не найдена")
    assert user.full_name in content
    assert "Выйти" in content


@errors
def test_403_is_russian_in_the_layout(client):
    content = assert_portal_page(client.get("/test-errors/403/"), 403, "Доступ запрещён")
    assert "Войдите под своей учётной записью" in content

    user = organization_user()
    client.force_login(user)
    content = assert_portal_page(client.get("/test-errors/403/"), 403, "Доступ запрещён")
    assert user.role_label in content
    assert "Ничего не изменено" in content


@errors
def test_400_is_russian_in_the_layout(client):
    content = assert_portal_page(client.get("/test-errors/400/"), 400, "Неверный запрос")
    assert "a request the portal cannot read" not in content  # the reason stays in the log
    assert "Ничего не сохранено" in content


@errors
def test_400_for_a_foreign_host_renders_before_anyone_is_signed_in(client):
    # DisallowedHost is raised before the authentication middleware has run: the page must not need request.user.
    content = assert_portal_page(client.get("/", HTTP_HOST="evil.example"), 400, "Неверный запрос")
    assert "Войти" in content


@errors
def test_csrf_refusal_is_russian_in_the_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "org", "password": "x"})
    content = assert_portal_page(response, 403, "Форма не отправлена")
    assert "обновите её и отправьте форму ещё раз" in content


@errors
def test_500_is_the_static_russian_page():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/")
    assert response.status_code == 500
    content = response.content.decode()
    assert '<html lang="ru">' in content
    assert "Ошибка на сервере" in content
    assert 'class="portal-header"' in content
    assert 'href="/static/css/portal.css"' in content
    assert 'href="/"' in content
    assert "Server Error" not in content


def test_500_renders_without_the_database_or_a_request(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Ошибка на сервере" in response.content.decode()


def test_500_template_uses_no_tag_that_needs_the_database_the_request_or_the_urls():
    text = (TEMPLATES / "500.html").read_text(encoding="utf-8")
    tags = re.findall(r"\{%\s*(.*?)\s*%\}", text)
    assert tags == ["load static", "get_static_prefix", "get_static_prefix", "get_static_prefix"]
    assert "{{" not in text
    # Inline-free like every other page: the stylesheets are linked.
    assert "<style" not in text
    assert "style=" not in text
    assert "<script" not in text
