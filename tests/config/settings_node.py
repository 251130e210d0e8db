"""The production settings of an app node in tests/config/test_nodes.py, but for the static files: served from the apps'
folders as in development, so that no node waits for collectstatic (20 s here), which is each node's own business and
has nothing to share."""

from config.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
