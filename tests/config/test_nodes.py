"""Two app nodes on one database and one storage, and a worker node: the web tier keeps no state of its own.

Node A and node B are two gunicorn servers with the production settings, the same DATABASE_URL, the same S3 bucket
(moto's local server; a shared folder where moto is not installed) and the same key. A session begun on A is valid on
B, a file uploaded through A downloads through B, and a document asked for on A is built by `db_worker --batch` (a third
process, the worker node) and downloaded through B.

The database: with DATABASE_URL on PostgreSQL (as .ci/run runs the suite) a throwaway database beside the suite's;
otherwise one SQLite file for all three processes, which SQLite supports on one machine (WAL, a write lock with a
timeout: config/settings.py), though not across machines — the README says PostgreSQL for several nodes.
"""

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import dj_database_url
import pytest

from tests import s3
from tests.config.test_serve import free_port, production, stop, wait_for_health

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "ot.example.ru"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

SEED = """
import json
from tests.contest.helpers import started
from tests.factories import UserFactory, open_contest

participation, organization = started(open_contest())
staff = UserFactory(is_staff=True, is_superuser=True)
print(json.dumps({"organization": organization.username, "staff": staff.username, "participation": participation.pk}))
"""
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor's cookies, sent to whichever node it asks, as nginx would pass them on (HTTPS, the client's address)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    def request(
        self, port: int, path: str, data: bytes | None = None, content_type: str = ""
    ) -> tuple[int, dict, bytes]:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if data is not None:
            headers.update(
                {"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{path}", "Content-Type": content_type}
            )
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, value = header.split(";", 1)[0].split("=", 1)
                self.cookies[name.strip()] = value.strip()
            return response.status, dict(response.headers), body

    def get(self, port: int, path: str) -> tuple[int, dict, bytes]:
        return self.request(port, path)

    def csrf(self, port: int, path: str) -> str:
        """The CSRF secret, from its cookie (set by the first form this visitor opened, renewed at sign-in)."""
        if "csrftoken" not in self.cookies:
            status, _, _ = self.get(port, path)
            assert status == 200, (path, status)
        return self.cookies["csrftoken"]

    def post(self, port: int, path: str, fields: dict[str, str], files: dict | None = None) -> tuple[int, dict, bytes]:
        fields = {"csrfmiddlewaretoken": self.csrf(port, path), **fields}
        if not files:
            return self.request(
                port, path, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
            )
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        for name, (filename, content, kind) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {kind}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(port, path, body, f"multipart/form-data; boundary={boundary}")

    def sign_in(self, port: int, username: str) -> None:
        status, headers, _ = self.post(port, "/accounts/login/", {"username": username, "password": PASSWORD})
        assert status == 302, status
        assert "sessionid" in self.cookies


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[str]:
    """The nodes' DATABASE_URL: a throwaway PostgreSQL database where the suite runs on PostgreSQL, else a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'portal.sqlite3'}"
        return
    import psycopg2

    config = dj_database_url.parse(url)
    name = f"portal_nodes_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(
        dbname=config["NAME"],
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urllib.parse.urlparse(url)._replace(path=f"/{name}").geturl()
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


@contextmanager
def shared_storage(tmp_path: Path) -> Iterator[tuple[dict[str, str], s3.Bucket | None]]:
    """The nodes' storage: a bucket on moto's local S3 server, or one folder where moto is not installed."""
    try:
        import moto.server  # noqa: F401
        import storages.backends.s3  # noqa: F401
    except ImportError:
        yield {"DJANGO_MEDIA_ROOT": str(tmp_path / "files")}, None
        return
    with s3.moto_server() as endpoint:
        bucket = s3.new_bucket(endpoint)
        yield bucket.env(), bucket


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def start_node(env: dict[str, str], port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "config.wsgi"],
        cwd=BASE_DIR,
        env={**env, "PORTAL_ADDRESS": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def report(node: subprocess.Popen) -> None:
    """Stop a node; its log goes to the test's output (pytest shows it when the test fails)."""
    output, errors = stop(node)
    sys.stderr.write(errors)


def job_status(browser: Browser, port: int, job: int) -> dict:
    status, _, body = browser.get(port, f"/documents/{job}/status.json")
    assert status == 200, status
    return json.loads(body)


def test_two_app_nodes_share_sessions_files_and_the_worker(tmp_path):
    pytest.importorskip("gunicorn")
    with ExitStack() as stack:
        database_url = stack.enter_context(shared_database(tmp_path))
        storage, bucket = stack.enter_context(shared_storage(tmp_path))
        env = production(
            tmp_path,
            DATABASE_URL=database_url,
            DJANGO_SETTINGS_MODULE="tests.config.settings_node",
            DJANGO_BEHIND_PROXY="1",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            **storage,
        )
        manage(env, "migrate", "--noinput", "-v0")  # one node migrates (bin/serve; the others: PORTAL_MIGRATE=0)
        seeded = json.loads(manage(env, "shell", "--no-imports", "-c", SEED).strip().splitlines()[-1])

        a, b = free_port(), free_port()
        nodes = {port: start_node(env, port) for port in (a, b)}
        for node in nodes.values():
            stack.callback(report, node)
        for port, node in nodes.items():
            assert wait_for_health(node, port, seconds=60)[0] == 200

        # A session begun on A is valid on B: sessions are rows of the one database.
        organization = Browser()
        organization.sign_in(a, seeded["organization"])
        files = f"/participation/{seeded['participation']}/files/"
        assert organization.get(b, files)[0] == 200

        # A file uploaded through A is downloaded through B: the storage is shared.
        status, headers, _ = organization.post(
            a,
            files,
            {"kind": "analytical_note", "comment": ""},
            files={"file": ("Записка.pdf", PDF_BYTES, "application/pdf")},
        )
        assert (status, headers.get("Location")) == (302, files)
        _, _, page = organization.get(b, files)
        attachment = re.search(rb'href="/files/(\d+)/"', page).group(1).decode()
        status, headers, body = organization.get(b, f"/files/{attachment}/")
        assert (status, body) == (200, PDF_BYTES)
        assert headers["Cache-Control"] == "private, no-store"
        if bucket is not None:
            assert [key.split("/")[0] for key in bucket.names()] == ["participations"]
        assert Browser().get(b, f"/files/{attachment}/")[0] == 302  # to the login page: never public

        # A document asked for on A waits for the worker node, which builds it; B hands it out.
        staff = Browser()
        staff.sign_in(a, seeded["staff"])
        status, headers, _ = staff.post(a, "/export/participants.xlsx", {})
        assert status == 302
        job = int(re.fullmatch(r"/documents/(\d+)/", headers["Location"]).group(1))
        assert job_status(staff, b, job)["status"] == "queued"
        manage(env, "db_worker", "--batch")  # the worker node
        done = job_status(staff, b, job)
        assert done["status"] == "done", done
        status, _, workbook = staff.get(b, done["download_url"])
        assert status == 200
        assert workbook.startswith(b"PK")
        if bucket is not None:
            assert sorted({key.split("/")[0] for key in bucket.names()}) == ["documents", "participations"]
        letters = list((tmp_path / "mail").glob("*.log"))
        assert len(letters) == 1  # «Документ готов», sent by the worker after it
