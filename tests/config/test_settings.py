"""Settings come from the environment: production refuses to start without a key and passes the deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", "--deploy", DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    server = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"], cwd=BASE_DIR, env=clean, capture_output=True, text=True
    )
    assert server.returncode != 0
    assert "DJANGO_SECRET_KEY" in server.stderr


def test_a_bare_checkout_can_check_its_migrations_without_a_key():
    result = run_manage("makemigrations", "--check", "--dry-run", DJANGO_SETTINGS_MODULE="config.settings")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_starts_without_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_passes_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="k7#Qv9!rT2$wXz8@pL4^mN6&bJ1*hF3(gD5)sA0-eC7+uY9=iO2_lK4~jH6",
        DJANGO_ALLOWED_HOSTS="ot.example.ru",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_language_and_time_zone_are_russian(settings):
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"
    assert settings.USE_I18N is True


def test_database_url_selects_postgresql():
    config = dj_database_url.parse("postgres://portal:secret@localhost:5432/portal")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "portal"


def test_default_database_is_sqlite_in_data_dir():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])",
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(BASE_DIR / "var" / "portal.sqlite3")
