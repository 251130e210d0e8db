"""Throttling of what anyone may try without an account: whom the portal counts, and how it says «not now».

- Logins: django-axes counts failed logins per username and per client address (settings AXES_*); its refusal is
  the page of contest.views.accounts.locked_out. A successful login forgets that username's failures from that
  address (forget_failures_of), not all the address's failures: else a person with an account of their own could
  clear the count of their guesses at someone else's password by logging in between them.
- Sign-up, activation re-send, password reset and survey answers: django-ratelimit's counters (settings RATE_LIMITS)
  in the «ratelimit» cache, a database table shared by all workers. The views count a request with limit_reached()
  and, over a limit, show its message on the same page with status 429, keeping what was typed.
"""

import ipaddress
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.management import call_command
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

TOO_MANY_REQUESTS = 429


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind the reverse proxy (DJANGO_BEHIND_PROXY) the last address of
    X-Forwarded-For — the one the proxy itself appended; those before it are whatever the client chose to send.
    Without a readable address (a proxy on a Unix socket, not declared) all such clients share 0.0.0.0."""
    candidates = [request.META.get("REMOTE_ADDR") or ""]
    if getattr(settings, "BEHIND_PROXY", False):
        candidates.insert(0, request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return "0.0.0.0"


def limit_reached(request, name: str, *, per: str | None = None) -> str | None:
    """Count this request against RATE_LIMITS[name]: per client address, or per `per` (an e-mail, a survey link and
    address …) when given. Returns the message to show when the limit is reached, None while it is not."""
    key = "ip" if per is None else (lambda group, request: per.strip().lower())
    usage = get_usage(request, group=f"portal.{name}", key=key, rate=settings.RATE_LIMITS[name], increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    minutes = max(1, math.ceil(usage["time_left"] / 60))
    return _("Слишком много запросов за короткое время. Повторите через %(minutes)s мин.") % {"minutes": minutes}


def survey_visitor(request, token: str) -> str:
    """The key of one address answering one survey link (survey answers are limited per link and address)."""
    return f"{token}:{client_ip(request)}"


@receiver(user_logged_in, dispatch_uid="contest.throttling.forget_failures_of")
def forget_failures_of(sender, request, user, **kwargs) -> None:
    """After a successful login, that username's failed attempts from that address no longer count."""
    if request is None:
        return
    AccessAttempt.objects.filter(username=user.get_username(), ip_address=client_ip(request)).delete()


def create_cache_tables(sender, using: str = "default", **kwargs) -> None:
    """After every migrate: the tables of the database caches, the rate-limit counters' among them (Django's
    createcachetable, which leaves a table that exists alone)."""
    call_command("createcachetable", database=using, verbosity=0)
