"""require(): the one question a service asks, answered by the rules."""

import pytest

from contest.enums import Role
from core.exceptions import DomainError
from core.permissions import require
from tests.factories import UserFactory, municipal_user

pytestmark = pytest.mark.django_db


def test_require_passes_the_allowed_and_the_system():
    require(UserFactory(role=Role.STAFF), "contest.extend_deadline")
    require(None, "contest.extend_deadline")


def test_require_refuses_with_the_permissions_message():
    with pytest.raises(DomainError) as refused:
        require(municipal_user(Role.LABOUR_OFFICE), "contest.extend_deadline")
    assert refused.value.message == "Продлевать сроки могут только сотрудники департамента труда."


def test_a_permission_without_its_own_message_gets_the_general_one():
    with pytest.raises(DomainError) as refused:
        require(municipal_user(Role.LABOUR_OFFICE), "contest.manage_contests")
    assert refused.value.message == "У вас нет права на это действие."
