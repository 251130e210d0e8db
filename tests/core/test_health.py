"""GET /healthz: 200 when the database answers, 503 naming the failing check when it does not; no session, no cache."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from core import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_answers(client: Client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok", "worker": "ok"}}


def test_healthz_answers_503_naming_the_database_when_it_does_not_answer(client: Client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # The database is the outside boundary here: its cursor refuses, as a stopped server would.
    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    # The worker's check reads the outbox: it fails with the database.
    assert json.loads(response.content) == {"status": "error", "checks": {"database": "error", "worker": "error"}}


def test_healthz_does_not_tell_the_reason_of_a_failure(client: Client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server at db.internal:5432")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get("/healthz")
    assert b"db.internal" not in response.content


def test_healthz_sets_no_cookie_and_is_never_cached(client: Client):
    response = client.get("/healthz")
    assert "Set-Cookie" not in response
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_healthz_sets_no_cookie_for_a_signed_in_person(client: Client, django_user_model):
    client.force_login(django_user_model.objects.create_user("healthz-user"))
    client.cookies.pop("csrftoken", None)
    response = client.get("/healthz")
    assert not response.cookies


def test_healthz_answers_get_only(client: Client):
    assert client.post("/healthz").status_code == 405
    assert client.put("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_healthz_runs_every_registered_check(client: Client, monkeypatch):
    monkeypatch.setattr(health, "CHECKS", dict(health.CHECKS))

    @health.register("worker")
    def worker() -> None:
        raise RuntimeError("no worker")

    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "checks": {"database": "ok", "worker": "error"}}


def test_healthz_answers_503_naming_the_worker_when_a_letter_waits_for_it_too_long(client: Client):
    from datetime import timedelta

    from django.utils import timezone

    from core import outbox

    [letter] = outbox.write(["a@example.ru"], subject="Тема", body="Текст")
    assert client.get("/healthz").status_code == 200  # due now: the worker has it in hand
    letter.next_attempt_at = timezone.now() - outbox.ORPHANED_AFTER - timedelta(minutes=1)
    letter.save(update_fields=["next_attempt_at"])

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "ok", "worker": "error"}


def test_healthz_is_not_redirected_to_https(client: Client, settings):
    # Production redirects plain HTTP to HTTPS; a load balancer asks the server itself, over HTTP.
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert client.get("/").status_code == 301
