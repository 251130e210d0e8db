"""The production settings (config.settings: no DEBUG, the real middleware, sessions, caches and throttles) that
bin/benchmark's gunicorn runs with; only static file names are not looked up in a manifest, so that no collectstatic
(15 s of CPU) precedes a run. A page's `{% static %}` costs the same either way; the benchmark requests no static file."""

import warnings

from config.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no STATIC_ROOT, nothing collected
