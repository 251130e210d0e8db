import pytest
from django.test import Client

from tests.factories import UserFactory


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
def private_files(settings, tmp_path):
    """Uploaded files of each test go to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT
