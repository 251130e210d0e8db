"""Settings for the test suite: production settings with a throwaway key, fast hashing and plain HTTP."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789abcdef")
os.environ.setdefault("DJANGO_HTTPS", "0")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, inside the on-commit callback that enqueues them: a test that runs the callbacks
# (django_capture_on_commit_callbacks(execute=True)) finds the letters in mail.outbox, as before the outbox. The tests of
# retries switch to the database backend and run its worker (tests/core/test_outbox.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = DATA_DIR / "test-files"  # noqa: F405
# Serve static files from the apps' folders, as in development: no collectstatic before the tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
