"""Structured logs: one JSON object a line, for a log collector (DJANGO_LOG_FORMAT=json, config/settings.py LOGGING).

Every record gives time (UTC, ISO 8601), level, logger and message; a request's record (django.request,
django.security.*) adds its method, path and the status answered; gunicorn's access log (config/gunicorn.py) adds
method, path, status, duration and the client's address; an exception adds its traceback (exc_info). Standard
library only.
"""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Django's request loggers pass the request and the status they answered (django.utils.log.log_response);
        # runserver's django.server passes its socket as «request», which has no path.
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            entry["method"] = getattr(request, "method", None)
            entry["path"] = path
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(access_fields(record.args))
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def access_fields(atoms: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a gunicorn access line from its atoms: m method, U path, s status, D microseconds, h client."""
    fields: dict[str, Any] = {"method": atoms.get("m"), "path": atoms.get("U")}
    status, microseconds = str(atoms.get("s", "")), str(atoms.get("D", ""))
    if status.isdigit():
        fields["status"] = int(status)
    if microseconds.isdigit():
        fields["duration_ms"] = round(int(microseconds) / 1000, 1)
    fields["client"] = atoms.get("h")
    return fields
