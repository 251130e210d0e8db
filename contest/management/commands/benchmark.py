"""Benchmark: a synthetic region in a throwaway database, the production server under load, and issue 14's targets.

    .venv/bin/python manage.py benchmark            # 10 000 organizations (and 1 000 for the query counts), 50 users
    .venv/bin/python manage.py benchmark --quick    # a smoke test: 400 and 133 organizations, 5 users for 10 s

It never touches the portal's own data. It migrates a database of its own (PostgreSQL when DATABASE_URL names a
server: databases «bench_<pid>_…» created and dropped here, the role needs CREATEDB; otherwise SQLite files in a
temporary directory), copies it for two sizes of the region, and for each size builds the region, starts gunicorn on
a free port (production settings, workers = cores) and opens every list and card page sequentially: the server reports
each request's queries and its worker's CPU time (contest/management/measured_wsgi.py). The query counts must be equal
at the two sizes. At the full size locust then drives the server (signed-in users of mixed roles, sessions made here
before the run, 1–3 s think time; contest/management/locustfile.py), and the participants export and the certificates
are measured in this process. A table prints each figure beside its target; the exit status is 1 when one is missed
(--no-fail: 0 all the same).
"""

import io
import json
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from ... import rankings
from ...enums import DecisionLevel
from ...exports.certificates import certificates_pdf_in_chunks
from ...exports.excel import write_participants
from ...forms.participant import InfoCardForm
from ...models import Decision, Participation
from ...selectors import certificates_for
from ...services import decisions as decision_services
from .. import synthetic

BASE_DIR = Path(settings.BASE_DIR)
# The headers measured_wsgi adds to each answer (not imported from it: importing it builds the portal's WSGI application).
QUERIES_HEADER = "X-Bench-Queries"
CPU_HEADER = "X-Bench-CPU-Microseconds"

# Issue 14, point 2 (and issue 5's decision).
TARGET_DECISION_SECONDS = 2
TARGET_PAGE_CPU_MS = 150
TARGET_P95_MS = 200
TARGET_POINTS_MS = 50
TARGET_EXPORT_SECONDS = 3.0
TARGET_EXPORT_MIB = 100.0
TARGET_PAGES_PER_SECOND = 30.0

OWN = "{own}"  # in an address: the participation of the session's representative

# Who the load is made of: role → weight (of the simulated users).
WEIGHTS = {"organization": 3, "member": 2, "secretary": 1, "labour": 1, "regional": 1, "staff": 1, "public": 2}


@dataclass
class Page:
    role: str
    name: str
    url: str
    method: str = "GET"
    data: dict = field(default_factory=dict)
    kind: str = "page"  # "page" (a list or card page) or "points" (the live points panel)


@dataclass
class Figure:
    name: str
    target: str
    result: str
    ok: bool


class Command(BaseCommand):
    help = "Строит синтетический регион во временной базе, нагружает gunicorn через locust и сверяет цифры с целями."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, help="организаций в полном регионе (10 000)")
        parser.add_argument("--small", type=int, help="организаций в малом регионе, для сравнения запросов (1/10)")
        parser.add_argument("--certificates", type=int, help="грамот одним файлом (500)")
        parser.add_argument("--users", type=int, help="одновременных пользователей locust (50)")
        parser.add_argument("--spawn-rate", type=float, default=10)
        parser.add_argument("--duration", type=int, help="секунд нагрузки (60)")
        parser.add_argument("--samples", type=int, help="последовательных запросов каждой страницы (10)")
        parser.add_argument("--workers", type=int, help="процессов gunicorn (по числу ядер)")
        parser.add_argument("--seed", type=int, default=2011)
        parser.add_argument(
            "--quick", action="store_true", help="проверка: 400 и 133 организации, 5 пользователей, 10 с"
        )
        parser.add_argument("--no-fail", action="store_true", help="код выхода 0, даже если цель не достигнута")

    def handle(self, *args, **options):
        quick = options["quick"]
        defaults = {
            "organizations": 400 if quick else 10_000,
            "certificates": 20 if quick else 500,
            "users": 5 if quick else 50,
            "duration": 10 if quick else 60,
            "samples": 3 if quick else 10,
            "workers": _cores(),
        }
        for key, value in defaults.items():
            if options[key] is None:
                options[key] = value
        if options["small"] is None:
            options["small"] = options["organizations"] // (3 if quick else 10)
        self.options = options
        self.figures: list[Figure] = []
        self.cpu: dict[str, tuple[float, int]] = {}  # page → its median CPU time (ms) at the full size, its status
        self.tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        databases = Throwaway(self.tmp)
        started = time.perf_counter()
        try:
            databases.create("base")
            sizes = {"small": options["small"], "full": options["organizations"]}
            counts: dict[str, dict[str, str]] = {}
            for label, organizations in sizes.items():
                databases.clone("base", label)
                counts[label] = self._size(databases, label, organizations, full=label == "full")
                databases.drop(label)
            self._compare_counts(counts, sizes, self.pages)
        finally:
            databases.drop_all()
            shutil.rmtree(self.tmp, ignore_errors=True)
        self._table(time.perf_counter() - started)
        missed = [figure for figure in self.figures if not figure.ok]
        if missed and not options["no_fail"]:
            raise CommandError(f"целей не достигнуто: {len(missed)} из {len(self.figures)}", returncode=1)

    # -----------------------------------------------------------------------------------------------------------------

    def _size(self, databases: "Throwaway", label: str, organizations: int, *, full: bool) -> dict[str, str]:
        """One size of the region: build it, serve it, measure its pages (and at the full size the load, the export
        and the certificates). Returns the query count of each page."""
        options = self.options
        rng = random.Random(options["seed"])
        began = time.perf_counter()
        region = synthetic.build_region(rng, organizations=organizations)
        certificates = synthetic.issue_synthetic_certificates(region, rng, count=options["certificates"])
        people = synthetic.load_people(region, per_role=10 if full else 2)
        self._say(
            f"[{label}] регион: {region['municipalities']} МО, {region['organizations']} организаций, крупнейшее МО — "
            f"{region['biggest'].name}; построен за {time.perf_counter() - began:.0f} с ({connection.vendor})"
        )
        pages = self.pages = self._pages(region, people)
        sessions = {role: [_session(user) for user in users] for role, users in people.items()}
        sessions["public"] = [{"cookies": {}, "own": None}]
        connection.close()  # the server writes too (sessions, the rate-limit cache): no open transaction of ours
        with Server(databases.url(label), self.tmp / f"gunicorn-{label}.log", workers=options["workers"]) as server:
            counts = self._sequential(server, pages, sessions, label, record=full)
            if full:
                self._load(server, pages, sessions)
        if full:
            self._decision(region)
            self._export(region)
            self._certificates(region, certificates)
        return counts

    def _pages(self, region: dict, people: dict) -> list[Page]:
        """The list and card pages of each role (tests/test_list_queries.py has every list), as the people of
        synthetic.load_people see them: the biggest municipality's commission, its organizations."""
        contest, biggest = region["contest"], region["biggest"]
        own = people["organization"][0].benchmark_participation
        in_town = Participation.objects.filter(contest=contest, organization__municipality=biggest).order_by("pk")
        forwarded = in_town.filter(state="municipal_winner").first()
        decision = Decision.objects.filter(contest=contest, level=DecisionLevel.MUNICIPAL, municipality=biggest).first()
        form = InfoCardForm(participation=own, card=own.card)
        card = {name: _form_value(form[name].value()) for name in form.fields}
        card = {name: value for name, value in card.items() if value is not None}
        return [
            Page("organization", "участник: главная", reverse("home")),
            Page("organization", "участник: участие", _own(reverse("participation", args=[own.pk]), own)),
            Page("organization", "участник: карта (форма)", _own(reverse("card-edit", args=[own.pk]), own)),
            Page("organization", "участник: файлы", _own(reverse("attachments", args=[own.pk]), own)),
            Page("organization", "участник: лучшие практики", reverse("practices:index")),
            Page(
                "organization",
                "живой подсчёт баллов",
                _own(reverse("card-points", args=[own.pk]), own),
                "POST",
                card,
                "points",
            ),
            Page("member", "комиссия: карты", reverse("commission-cards")),
            Page("member", "комиссия: карты, малый бизнес", reverse("commission-cards") + "?size_category=small"),
            Page("member", "комиссия: карта", reverse("commission-card", args=[in_town.last().pk])),
            Page("member", "комиссия: рейтинг МО", reverse("municipal-results")),
            Page("secretary", "секретарь: рейтинг МО", reverse("municipal-results")),
            Page("secretary", "секретарь: документы решения", reverse("decision-documents", args=[decision.pk])),
            Page("secretary", "секретарь: реестр грамот", reverse("certificate-register")),
            Page("labour", "сектор по труду: заявки", reverse("office-applications") + "?show=all"),
            Page("labour", "сектор по труду: заявка", reverse("office-application", args=[in_town.first().pk])),
            Page("regional", "краевая: материалы", reverse("regional-participants")),
            Page("regional", "краевая: участник", reverse("regional-participant", args=[forwarded.pk])),
            Page("regional", "краевая: рейтинги", reverse("regional-results")),
            Page("staff", "департамент: реестр грамот", reverse("certificate-register")),
            Page("staff", "департамент: таблицы баллов", reverse("staff-tables")),
            Page("staff", "департамент: почта", reverse("staff-outbox")),
            Page("public", "гость: главная", reverse("home")),
            Page("public", "гость: итоги", reverse("public-results")),
            Page("public", "гость: итоги года", reverse("public-results-year", args=[contest.year])),
            Page("public", "гость: библиотека практик", reverse("practices:library")),
        ]

    def _sequential(self, server: "Server", pages: list[Page], sessions: dict, label: str, *, record: bool):
        """Each page opened `samples` times in a row after a warm-up: its queries, and its worker's CPU time (median).
        Returns the query count of each page; at the full size the CPU times become figures."""
        counts = {}
        self._say(f"[{label}] страницы по очереди, по {self.options['samples']} запросов:")
        for page in pages:
            session = sessions[page.role][0]
            # Warm every worker (the socket hands requests to whichever accepts first): templates, and what Django
            # caches per process (content types), so that the counted requests find them as a running portal does.
            for _ in range(3 * self.options["workers"]):
                status, _, _ = server.request(page, session)
            queries, cpu, wall = set(), [], []
            for _ in range(self.options["samples"]):
                status, headers, seconds = server.request(page, session)
                queries.add(int(headers.get(QUERIES_HEADER, -1)))
                cpu.append(int(headers.get(CPU_HEADER, 0)) / 1000)
                wall.append(seconds * 1000)
            counts[page.name] = "/".join(map(str, sorted(queries))) if status == 200 else f"ответ {status}"
            self._say(
                f"   {page.name:<38} {status} {'/'.join(map(str, sorted(queries))):>5} запросов, "
                f"CPU {statistics.median(cpu):6.1f} мс, время {statistics.median(wall):6.0f} мс"
            )
            if record:
                self.cpu[page.name] = (statistics.median(cpu), status)
        return counts

    def _compare_counts(self, counts: dict, sizes: dict, pages: list[Page]) -> None:
        """Each page's figure: its worker's CPU time at the full size, and its queries at both sizes (equal, and the
        same on every request: «13/14» when they varied)."""
        small, full = counts["small"], counts["full"]
        for page in pages:
            cpu, status = self.cpu[page.name]
            target = TARGET_POINTS_MS if page.kind == "points" else TARGET_PAGE_CPU_MS
            same = small.get(page.name) == full[page.name] and full[page.name].isdigit()
            result = f"{cpu:.0f} мс; {small.get(page.name)} {'=' if same else '≠'} {full[page.name]}"
            self.figures.append(
                Figure(
                    page.name,
                    f"CPU ≤ {target} мс; запросов: {sizes['small']} орг. = {sizes['full']} орг.",
                    result + ("" if status == 200 else f" (ответ {status})"),
                    status == 200 and cpu <= target and same,
                )
            )

    def _load(self, server: "Server", pages: list[Page], sessions: dict) -> None:
        options = self.options
        plan = {
            "roles": {
                role: {
                    "weight": weight,
                    "sessions": sessions[role],
                    "pages": [vars(page) for page in pages if page.role == role],
                }
                for role, weight in WEIGHTS.items()
            }
        }
        plan_path, samples_path = self.tmp / "plan.json", self.tmp / "samples.json"
        plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        users, duration = options["users"], options["duration"]
        self._say(f"[full] нагрузка: locust, {users} пользователей, {duration} с, пауза 1–3 с…")
        cpu_before, locust_before, machine_before = server.cpu_seconds(), _children_cpu(), _machine_cpu()
        subprocess.run(
            [
                *_tool("locust"),
                "-f",
                str(Path(__file__).resolve().parent.parent / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(options["spawn_rate"]),
                "--run-time",
                f"{duration}s",
                "--host",
                server.address,
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            env={**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_SAMPLES": str(samples_path)},
            stdout=subprocess.DEVNULL,
            stderr=open(self.tmp / "locust.log", "w"),  # noqa: SIM115 (closed with the process)
            check=True,
            timeout=duration + 120,
        )
        cpu = server.cpu_seconds() - cpu_before
        locust_cpu = _children_cpu() - locust_before  # locust has exited (gunicorn, still running, is not counted)
        machine = [after - before for after, before in zip(_machine_cpu(), machine_before, strict=True)]
        samples = json.loads(samples_path.read_text(encoding="utf-8"))
        kinds = {page.name: page.kind for page in pages}
        views = [ms for name, ms, _ in samples if kinds.get(name) == "page"]
        failed = [(name, status) for name, _, status in samples if status != 200]
        for page in pages:
            times = [ms for name, ms, _ in samples if name == page.name]
            if times:
                self._say(
                    f"   {page.name:<38} {len(times):>5} запросов, p50 {_percentile(times, 50):6.0f} мс, "
                    f"p95 {_percentile(times, 95):6.0f} мс"
                )
        p95 = _percentile(views, 95) if views else float("inf")
        self.figures.append(
            Figure(
                f"p95 просмотров страниц, {users} польз. ({len(views)} запросов, p50 {_percentile(views, 50):.0f} мс)",
                f"≤ {TARGET_P95_MS} мс",
                f"{p95:.0f} мс",
                p95 <= TARGET_P95_MS,
            )
        )
        self.figures.append(
            Figure(
                "ответы с ошибкой под нагрузкой", "0", f"{len(failed)} из {len(samples)}", bool(samples) and not failed
            )
        )
        if samples:
            self._say(
                f"   CPU рабочих процессов gunicorn за нагрузку: {cpu:.1f} с, {cpu / len(samples) * 1000:.0f} мс "
                f"на запрос, {len(samples) / duration:.1f} запросов/с"
            )
        # Where the cores went meanwhile: the server, the load tool on the same cores, everything else on the machine.
        busy, total = machine
        self.load_cpu = (
            f"CPU за нагрузку ({total:.0f} с процессорного времени машины): gunicorn {cpu:.1f} с, locust "
            f"{locust_cpu:.1f} с, прочие процессы машины {max(busy - cpu - locust_cpu, 0):.1f} с, простой "
            f"{total - busy:.1f} с"
        )
        self._say(f"   {self.load_cpu}")

    def _decision(self, region: dict) -> None:
        """What recording the biggest municipality's decision costs in its request beyond its writes: the ranking and
        the snapshot (issue 5: ≤ 2 s). Its result tables are printed later, from the snapshot."""
        contest, municipality = region["contest"], region["biggest"]
        cpu, wall = time.process_time(), time.perf_counter()
        groups = rankings.municipal_groups(contest, municipality.pk)
        decision_services.build_snapshot(contest, level=DecisionLevel.MUNICIPAL, groups=groups)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        entries = sum(len(group.entries) for group in groups)
        self.figures.append(
            Figure(
                f"решение МО: рейтинг и снимок, {entries} карт, CPU (время {wall:.2f} с)",
                f"≤ {TARGET_DECISION_SECONDS} с",
                f"{cpu:.2f} с",
                cpu <= TARGET_DECISION_SECONDS,
            )
        )

    def _export(self, region: dict) -> None:
        contest = region["contest"]
        out = io.BytesIO()
        cpu, wall = time.process_time(), time.perf_counter()
        rows = write_participants(contest, out)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        self.figures.append(
            Figure(
                f"выгрузка участников, {rows} строк ({len(out.getvalue()) / 2**20:.1f} МиБ), CPU (время {wall:.1f} с)",
                f"≤ {TARGET_EXPORT_SECONDS:.0f} с",
                f"{cpu:.2f} с",
                cpu <= TARGET_EXPORT_SECONDS,
            )
        )
        tracemalloc.start()
        write_participants(contest, io.BytesIO())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak_mib = peak / 2**20
        self.figures.append(
            Figure(
                "выгрузка участников, пик памяти Python (tracemalloc)",
                f"≤ +{TARGET_EXPORT_MIB:.0f} МиБ",
                f"+{peak_mib:.1f} МиБ",
                peak_mib <= TARGET_EXPORT_MIB,
            )
        )

    def _certificates(self, region: dict, certificates: list) -> None:
        """The renderer the document worker runs (contest.tasks: exports.certificates in chunks of 50 pages), called
        directly on `certificates` papers: the job's bookkeeping (its progress rows) is not measured."""
        papers = list(certificates_for(region["staff"]).filter(pk__in=[c.pk for c in certificates]).order_by("number"))
        cpu, wall = time.process_time(), time.perf_counter()
        data = certificates_pdf_in_chunks(papers, progress=lambda pages: None)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        rate = len(papers) / cpu if cpu else float("inf")
        self.figures.append(
            Figure(
                f"{len(papers)} грамот одним PDF ({len(data) / 2**20:.1f} МиБ), по CPU (по времени {len(papers) / wall:.0f})",
                f"≥ {TARGET_PAGES_PER_SECOND:.0f} стр./с",
                f"{rate:.0f} стр./с",
                rate >= TARGET_PAGES_PER_SECOND,
            )
        )

    # -----------------------------------------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _table(self, seconds: float) -> None:
        width = max(len(figure.name) for figure in self.figures)
        target_width = max(len(figure.target) for figure in self.figures)
        result_width = max(len(figure.result) for figure in self.figures)
        load = os.getloadavg()
        self._say("")
        self._say(
            f"Итог ({connection.vendor}, {self.options['workers']} процесса gunicorn, ядер {_cores()}, "
            f"нагрузка машины {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, прогон {seconds / 60:.1f} мин):"
        )
        self._say(f"  {'что':<{width}}  {'цель':<{target_width}}  {'результат':<{result_width}}")
        for figure in self.figures:
            mark = self.style.SUCCESS("✓") if figure.ok else self.style.ERROR("✗")
            self._say(
                f"  {figure.name:<{width}}  {figure.target:<{target_width}}  {figure.result:<{result_width}}  {mark}"
            )
        missed = sum(1 for figure in self.figures if not figure.ok)
        self._say(f"Целей достигнуто: {len(self.figures) - missed} из {len(self.figures)}.")
        if getattr(self, "load_cpu", ""):
            self._say(f"{self.load_cpu}.")  # under the table: whether the machine or the portal was busy


# ---------------------------------------------------------------------------------------------------------------------


class Throwaway:
    """The benchmark's own databases: «bench_<pid>_<label>» on the PostgreSQL server of DATABASE_URL (a copy made with
    CREATE DATABASE … TEMPLATE), or SQLite files in the temporary directory (a copy of the file)."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.settings = connection.settings_dict
        self.original = self.settings["NAME"]
        self.postgres = connection.vendor == "postgresql"
        self.made: list[str] = []

    def name(self, label: str) -> str:
        return f"bench_{os.getpid()}_{label}" if self.postgres else str(self.tmp / f"{label}.sqlite3")

    def create(self, label: str) -> None:
        """A migrated database, with the cache table of the rate limits."""
        connection.close()
        if self.postgres:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name(label)}"')
        self.made.append(label)
        self.use(label)
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)

    def clone(self, source: str, label: str) -> None:
        if not self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        if self.postgres:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name(label)}" TEMPLATE "{self.name(source)}"')
        else:
            shutil.copyfile(self.name(source), self.name(label))
        self.made.append(label)
        self.use(label)

    def use(self, label: str) -> None:
        connection.close()
        self.settings["NAME"] = self.name(label)

    def url(self, label: str) -> str:
        """DATABASE_URL of the server: the same server and role, the benchmark's database."""
        if not self.postgres:
            return f"sqlite:///{self.name(label)}"
        parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        return urllib.parse.urlunsplit(parts._replace(path=f"/{self.name(label)}"))

    def drop(self, label: str) -> None:
        connection.close()
        self.settings["NAME"] = self.original
        if label in self.made:
            self.made.remove(label)
            if self.postgres:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{self.name(label)}" WITH (FORCE)')
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(self.name(label) + suffix).unlink(missing_ok=True)

    def drop_all(self) -> None:
        for label in list(self.made):
            self.drop(label)
        self.settings["NAME"] = self.original


class Server:
    """gunicorn with the production settings (contest/management/benchmark_settings.py) on a free port of 127.0.0.1,
    serving the portal through measured_wsgi; its log goes to a file of the temporary directory."""

    def __init__(self, database_url: str, log: Path, *, workers: int):
        self.port = _free_port()
        self.address = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "contest.management.benchmark_settings",
            "DATABASE_URL": database_url,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "0",
            "PORTAL_ADDRESS": f"127.0.0.1:{self.port}",
            "PORTAL_WORKERS": str(workers),
            "DJANGO_STATIC_ROOT": str(log.parent / "static"),
        }
        self.env.pop("DJANGO_DEBUG", None)
        self.env.pop("GUNICORN_CMD_ARGS", None)

    def __enter__(self):
        self.out = open(self.log, "w")
        self.process = subprocess.Popen(
            [*_tool("gunicorn"), "--config", "config/gunicorn.py", "contest.management.measured_wsgi:application"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn не запустился:\n{self.log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.address + "/healthz", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (503 «worker»: no db_worker runs here, which the benchmark does not need)
            except OSError:
                time.sleep(0.3)
        else:
            raise CommandError("gunicorn не ответил за 60 с")
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.out.close()

    def request(self, page: Page, session: dict) -> tuple[int, dict, float]:
        cookies = session["cookies"]
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
        body = None
        if page.method == "POST":
            body = urllib.parse.urlencode(page.data).encode()
            headers["X-CSRFToken"] = cookies.get("csrftoken", "")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        url = page.url.replace(OWN, str(session["own"]))
        request = urllib.request.Request(self.address + url, data=body, headers=headers, method=page.method)
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                status, answer = response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            error.read()
            status, answer = error.code, dict(error.headers)
        return status, answer, time.perf_counter() - began

    def cpu_seconds(self) -> float:
        """User and system CPU time of the workers alive now (from /proc; a worker replaced meanwhile is not counted)."""
        total = 0
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split() if children.exists() else []:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")


def _session(user) -> dict:
    """The cookies of `user` signed in once (Django's login, as the sign-in form does it) and a CSRF cookie."""
    client = Client()
    client.force_login(user)
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: _get_new_csrf_string(),
    }
    participation = getattr(user, "benchmark_participation", None)
    return {"cookies": cookies, "own": participation.pk if participation else None}


def _own(url: str, participation) -> str:
    """The address with the representative's own participation left to fill in: each signed-in representative opens
    their own (the load gives each simulated user one of the sessions)."""
    return url.replace(f"/{participation.pk}/", f"/{OWN}/")


def _form_value(value):
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    return str(value)


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _children_cpu() -> float:
    """User and system CPU time of this process's children that have exited (locust, once it has)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _machine_cpu() -> tuple[float, float]:
    """The machine's busy and total CPU seconds since boot, over all its cores (/proc/stat; zeros where there is none)."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields) - idle) / tick, sum(fields) / tick


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tool(name: str) -> list[str]:
    """A console script of the virtual environment this command runs in."""
    script = Path(sys.executable).parent / name
    if not script.exists():
        raise CommandError(f"нет {script}: установите тестовые зависимости (bin/setup)")
    return [str(script)]
