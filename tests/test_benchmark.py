"""bin/benchmark's smoke test: `manage.py benchmark --quick --no-fail` on a tiny region in SQLite builds it, serves
it with gunicorn, drives it with locust and prints the table with every figure and a mark beside each — it had no test
and broke silently before. What the figures are is not asserted (a loaded machine may miss a target): that they all
are there, and that --no-fail exits 0. About 30 s."""

import os
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]

# The figures that are not pages (the pages are counted below).
FIGURES = (
    "p95 просмотров страниц",
    "ответы с ошибкой под нагрузкой",
    "выгрузка участников, 150 строк",
    "выгрузка участников, пик памяти Python",
    "5 грамот одним PDF",
    "решение МО: рейтинг и снимок",
    "живой подсчёт баллов",
    "комиссия: карты",
    "гость: итоги",
)


def test_quick_benchmark_prints_every_figure_beside_its_target(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_")) and k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="benchmark-test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_HTTPS="0",
        DJANGO_DATA_DIR=str(tmp_path),
    )
    tiny = ["--organizations", "150", "--small", "60", "--certificates", "5", "--users", "3", "--duration", "4"]
    run = subprocess.run(
        [sys.executable, "manage.py", "benchmark", "--quick", "--no-fail", *tiny, "--samples", "1"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    table = run.stdout.split("\nИтог (", 1)[1]
    rows = [line for line in table.splitlines()[2:] if line.startswith("  ")]
    assert all(line.rstrip().endswith(("✓", "✗")) for line in rows), table
    done = re.search(r"Целей достигнуто: (\d+) из (\d+)\.", table)
    assert done, table
    assert int(done[2]) == len(rows), table
    missing = [name for name in FIGURES if not any(line.strip().startswith(name) for line in rows)]
    assert not missing, table
    assert len(rows) >= 25 + 6, table  # every page of every role, and the six of load, decision, export, certificates
    assert "запросов: 60 орг. = 150 орг." in table
    # Where the cores went during the load, under the table: the server, locust, the rest of the machine.
    assert re.search(r"^CPU за нагрузку \(.*\): gunicorn [\d.]+ с, locust [\d.]+ с, прочие процессы", table, re.M), (
        table
    )
    # The server's measuring headers reached the benchmark: each page's line has its queries and a CPU time.
    pages = re.findall(r"^ {3}\S.* (\d{3}) +([\d/-]+) запросов, CPU +([\d.]+) мс", run.stdout, re.MULTILINE)
    assert len(pages) >= 2 * 25, run.stdout  # every page at both sizes
    assert all(status == "200" and "-" not in queries and float(cpu) > 0 for status, queries, cpu in pages), run.stdout
