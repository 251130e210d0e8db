"""Health of the portal for a load balancer or a monitor: GET /healthz.

200 {"status": "ok", "checks": {"database": "ok", …}} when every check passes; 503 with "error" beside each failing
check otherwise (the reason goes to the log, not to the answer: the address is public). A check is a function that
raises when its part does not work; `register` adds one under a name (the background worker's check will be one).
A check registered outside this module must be imported at start-up (from an AppConfig.ready()).

The view touches no session, sets no cookie and is never cached; it answers GET (and HEAD) only.
"""

import logging
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .outbox import orphans

logger = logging.getLogger(__name__)

Check = Callable[[], None]

CHECKS: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    """Add a check under `name` (a decorator); a later one under the same name replaces it."""

    def add(check: Check) -> Check:
        CHECKS[name] = check
        return check

    return add


@register("database")
def database() -> None:
    """The default database answers a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


@register("worker")
def worker() -> None:
    """The background worker runs: no letter waits for it longer than a lost run would (core.outbox.orphans).
    A portal whose worker is stopped answers 503, so that a monitor says so before users miss their letters."""
    overdue = orphans(timezone.now()).count()
    if overdue:
        raise RuntimeError(f"Писем ждут фоновый процесс дольше положенного: {overdue}")


def run_checks() -> dict[str, str]:
    """Every check's outcome by name: "ok" or "error"."""
    outcomes = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Проверка работоспособности «%s» не прошла", name)
            outcomes[name] = "error"
        else:
            outcomes[name] = "ok"
    return outcomes


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(outcome == "ok" for outcome in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
