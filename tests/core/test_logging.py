"""DJANGO_LOG_FORMAT=json: every record is one line of JSON with its time, level, logger and message, a request's path
and status, an exception's traceback."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from core.logging import JsonFormatter

BASE_DIR = Path(__file__).resolve().parents[2]


def record(
    name: str = "core.notifications", level: int = logging.INFO, msg: str = "Письмо %s", args=("ушло",), **extra
):
    made = logging.LogRecord(name, level, __file__, 10, msg, args, None)
    made.__dict__.update(extra)
    return made


def test_json_formatter_writes_time_level_logger_and_message():
    line = JsonFormatter().format(record(created=1_700_000_000.5))
    assert "\n" not in line
    assert json.loads(line) == {
        "time": "2023-11-14T22:13:20.500+00:00",
        "level": "INFO",
        "logger": "core.notifications",
        "message": "Письмо ушло",
    }


def test_json_formatter_keeps_russian_readable():
    assert "Письмо ушло" in JsonFormatter().format(record())


def test_json_formatter_adds_a_requests_method_path_and_status():
    request = RequestFactory().post("/cards/7/?page=2")
    entry = json.loads(
        JsonFormatter().format(
            record("django.request", logging.WARNING, "Forbidden: %s", ("/cards/7/",), request=request, status_code=403)
        )
    )
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Forbidden: /cards/7/"
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/cards/7/", 403)


def test_json_formatter_leaves_out_a_request_that_is_a_socket():
    # runserver's django.server logs its socket as «request».
    entry = json.loads(JsonFormatter().format(record("django.server", request=object(), status_code=200)))
    assert "path" not in entry
    assert entry["status"] == 200


def test_json_formatter_adds_the_traceback_of_an_exception():
    try:
        raise ValueError("нет такой карты")
    except ValueError:
        failed = logging.LogRecord("django.request", logging.ERROR, __file__, 10, "Ошибка", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(failed))
    assert entry["level"] == "ERROR"
    assert entry["exc_info"].startswith("Traceback (most recent call last):")
    assert entry["exc_info"].endswith("ValueError: нет такой карты")


def test_json_formatter_reads_gunicorns_access_atoms():
    atoms = {"h": "10.0.0.5", "m": "GET", "U": "/healthz", "s": "200", "D": "1534", "r": "GET /healthz HTTP/1.1"}
    entry = json.loads(JsonFormatter().format(record("gunicorn.access", msg="%(r)s %(s)s", args=(atoms,))))
    assert entry["message"] == "GET /healthz HTTP/1.1 200"
    assert (entry["method"], entry["path"], entry["status"], entry["duration_ms"], entry["client"]) == (
        "GET",
        "/healthz",
        200,
        1.5,
        "10.0.0.5",
    )


def test_json_formatter_writes_what_json_cannot_hold_as_text():
    entry = json.loads(JsonFormatter().format(record(msg="%s", args=(object(),), status_code="200")))
    assert entry["message"].startswith("<object object")
    assert "status" not in entry


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_SECRET_KEY="logging-test-key", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


CODE = (
    "import logging; logging.getLogger('django.request').error('Ошибка сервера'); "
    "logging.getLogger('contest.exports.papers').warning('Строка 3'); logging.getLogger().info('Корень')"
)


def test_production_logs_one_json_object_a_line_with_django_log_format_json():
    result = run_manage("shell", "--no-imports", "-c", CODE, DJANGO_LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(entry["logger"], entry["level"], entry["message"]) for entry in entries] == [
        ("django.request", "ERROR", "Ошибка сервера"),
        ("contest.exports.papers", "WARNING", "Строка 3"),
        ("root", "INFO", "Корень"),
    ]


def test_logs_stay_readable_lines_by_default():
    result = run_manage("shell", "--no-imports", "-c", CODE)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["Ошибка сервера", "Строка 3", "Корень"]


def test_an_unknown_log_format_is_refused_in_russian():
    result = run_manage("check", DJANGO_LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT: «xml» — допустимы text и json." in result.stderr
