"""
WSGI config for config project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# The server refuses to start without a key of its own (DEBUG has a development key).
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from contest.checks import NO_SECRET_KEY, secret_key_missing  # noqa: E402

if secret_key_missing():
    raise ImproperlyConfigured(NO_SECRET_KEY)
