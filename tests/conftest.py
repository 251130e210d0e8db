import os

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory

# Property tests: no per-example deadline and no "too slow" health check — these machines are shared and their speed
# varies; CI runs more examples. HYPOTHESIS_PROFILE=ci|dev chooses one by hand.
hypothesis_settings.register_profile(
    "dev", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def login(client: Client):
    """Log a user in on the test client and return the client."""

    def _login(user) -> Client:
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def fresh_tables():
    """A test's point tables are read anew: a pk rolled back by an earlier test may come again with another table."""
    from contest.models import forget_tables

    forget_tables()
    yield
    forget_tables()


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files of each test go to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def migrations_undone(transactional_db):
    """For a test that migrates the database back and forth: its data is committed and flushed after it, and the flush
    also empties the tables migrations fill. pytest-django runs such tests after all the others; the municipalities a
    previous one flushed are put back here, before the test."""
    import importlib

    from django.apps import apps

    from regions.models import Region

    if not Region.objects.exists():
        importlib.import_module("regions.migrations.0002_krasnodar_municipalities").add_krasnodar(apps, None)


@pytest.fixture(autouse=True)
def portal_url(settings):
    """The portal's address the letters' links are built from (core.notifications.portal_url), the same whatever
    PORTAL_ADDRESS the machine running the tests has."""
    settings.PORTAL_URL = "https://ot.example.ru"
    return settings.PORTAL_URL
