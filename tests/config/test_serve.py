"""The production server: gunicorn with config/gunicorn.py answers /healthz on a fresh database; bin/serve refuses to
start without what production needs, in Russian, and otherwise migrates, collects the static files and serves."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SERVE = BASE_DIR / "bin" / "serve"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production(tmp_path: Path, **env: str) -> dict[str, str]:
    """The environment of a production server on a throwaway SQLite database, without the suite's settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_")) and k != "DATABASE_URL"}
    (tmp_path / "static").mkdir(exist_ok=True)
    clean.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="serve-test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        DJANGO_ALLOWED_HOSTS="ot.example.ru",
        DJANGO_DATA_DIR=str(tmp_path),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        PORTAL_WORKERS="1",
    )
    clean.update(env)
    return clean


def get_health(port: int) -> tuple[int, dict]:
    # The balancer names the site (ALLOWED_HOSTS stays strict) and asks over plain HTTP: no redirect to HTTPS.
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "ot.example.ru"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_for_health(server: subprocess.Popen, port: int, seconds: float) -> tuple[int, dict]:
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            output, errors = server.communicate()
            pytest.fail(f"the server stopped with {server.returncode}:\n{output}\n{errors}")
        try:
            return get_health(port)
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(server: subprocess.Popen) -> tuple[str, str]:
    """SIGTERM, as systemd stops it: gunicorn finishes its requests and exits 0."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    try:
        output, errors = server.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        output, errors = server.communicate()
    return output, errors


def test_gunicorn_serves_healthz_with_the_portals_settings(tmp_path):
    pytest.importorskip("gunicorn")
    port = free_port()
    env = production(tmp_path, PORTAL_ADDRESS=f"127.0.0.1:{port}", DJANGO_LOG_FORMAT="json")
    # The worker's check reads the outbox: its table, at least, must exist (bin/serve migrates everything).
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "core", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        status, body = wait_for_health(server, port, seconds=10)
    finally:
        output, errors = stop(server)
    assert (status, body) == (200, {"status": "ok", "checks": {"database": "ok", "worker": "ok"}})
    assert server.returncode == 0, errors
    # The access log on stdout, one JSON object a line.
    access = [json.loads(line) for line in output.splitlines()]
    assert [(line["logger"], line["path"], line["status"]) for line in access] == [("gunicorn.access", "/healthz", 200)]
    started = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    assert any(line["message"].startswith("Listening at: http://127.0.0.1:") for line in started)


def run_serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SERVE)], env=production(tmp_path, **env), capture_output=True, text=True, timeout=30
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "bin/serve: не задан DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "bin/serve: не задан DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "1"}, "bin/serve: задан DJANGO_DEBUG — это режим разработки (bin/start)."),
        ({"PORTAL_WORKERS": "много"}, "bin/serve: PORTAL_WORKERS=много — нужно целое число процессов больше нуля."),
    ],
    ids=["no secret key", "no allowed hosts", "debug", "workers not a number"],
)
def test_serve_refuses_to_start_without_what_production_needs(tmp_path, env, message):
    result = run_serve(tmp_path, **env)
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert not (tmp_path / "portal.sqlite3").exists()  # refused before migrating anything


def test_serve_migrates_collects_static_files_and_serves(tmp_path):
    if not (BASE_DIR / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip("bin/serve runs .venv/bin/gunicorn: bin/setup has not installed it here")
    port = free_port()
    env = production(tmp_path, PORTAL_ADDRESS=f"127.0.0.1:{port}", DJANGO_BEHIND_PROXY="1")
    server = subprocess.Popen(
        ["bash", str(SERVE)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        status, body = wait_for_health(server, port, seconds=90)
    finally:
        output, errors = stop(server)
    assert (status, body) == (200, {"status": "ok", "checks": {"database": "ok", "worker": "ok"}})
    assert server.returncode == 0, errors
    assert (tmp_path / "static" / "staticfiles.json").exists()  # the manifest WhiteNoise serves by
    assert "Applying contest.0001_initial... OK" in output
