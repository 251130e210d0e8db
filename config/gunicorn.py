"""Settings of gunicorn, the production server: bin/serve runs `gunicorn -c config/gunicorn.py config.wsgi`.

PORTAL_ADDRESS   where to listen: 127.0.0.1:8000 (the default; nginx in front), 0.0.0.0:8000, unix:/run/portal/web.sock;
                 several separated by commas
PORTAL_WORKERS   worker processes: 2 × cores + 1 by default, at most 8 (each holds its own copy of the portal in memory)
GUNICORN_CMD_ARGS any other option of gunicorn, read by gunicorn itself over these ones: "--timeout 60"
DJANGO_LOG_FORMAT=json  gunicorn's own lines (start, workers, the access log) are JSON like the portal's (core/logging.py)
"""

import os
from pathlib import Path

from gunicorn import glogging

from core.logging import JsonFormatter

MAX_DEFAULT_WORKERS = 8


def cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


bind = [address.strip() for address in os.environ.get("PORTAL_ADDRESS", "127.0.0.1:8000").split(",") if address.strip()]
workers = int(os.environ.get("PORTAL_WORKERS") or min(2 * cores() + 1, MAX_DEFAULT_WORKERS))

# A request silent for 30 s gets its worker restarted (the user sees 502 from nginx); a restart or a stop lets
# requests in flight finish for 30 s. Slow documents belong to the background worker, not to a request.
timeout = 30
graceful_timeout = 30
# Each worker is replaced after about a thousand requests (the jitter keeps them from restarting all at once), so
# memory a long-lived process gathers (WeasyPrint's fonts, openpyxl's workbooks) is given back.
max_requests = 1000
max_requests_jitter = 100

# The access log to stdout, gunicorn's own messages to stderr (the portal's log goes there too: config/settings.py).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# The heartbeat of the workers in memory, not on a disk that may stall under load.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn ≥ 25.1 opens a control socket in the user's home by default: two servers of one user (two nodes, a test
# beside a running portal) would share it. The portal does not use it.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Each worker reads the point tables of the contests before its first request. A process builds a table once and
    keeps it (contest.models: _TABLES), so otherwise the first request of each new worker that scores or shows a
    card made one query more than the next ones — a page's query count depended on which worker answered it. A
    database not ready yet only leaves the tables to the first request."""
    # Inside the hook: gunicorn reads this file before the worker has set Django up.
    from django.db import DatabaseError, connections  # noqa: PLC0415

    from contest.models import PointTable  # noqa: PLC0415

    try:
        for point_table in PointTable.objects.filter(contests__isnull=False).distinct():
            point_table.table  # noqa: B018 (read and kept by the process)
    except DatabaseError as error:
        worker.log.warning("point tables not read before the first request: %s", error)
    finally:
        connections.close_all()


class JsonLogger(glogging.Logger):
    """gunicorn's logger with each line as JSON (DJANGO_LOG_FORMAT=json)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())


if (os.environ.get("DJANGO_LOG_FORMAT") or "").strip().lower() == "json":
    logger_class = JsonLogger
