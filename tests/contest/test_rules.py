"""Who may see and change an organization: own only, municipality's for municipal roles, all for staff."""

import pytest

from contest import selectors
from contest.enums import Role
from tests.factories import OrganizationFactory, UserFactory, municipal_user, organization_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def krasnodar_org():
    return OrganizationFactory()


@pytest.fixture
def sochi_org():
    from tests.factories import municipality

    return OrganizationFactory(municipality=municipality("Сочи"))


def test_representative_sees_and_edits_only_own_organization(krasnodar_org, sochi_org):
    user = organization_user(krasnodar_org)
    assert user.has_perm("contest.see_organization", krasnodar_org)
    assert user.has_perm("contest.edit_organization", krasnodar_org)
    assert not user.has_perm("contest.see_organization", sochi_org)
    assert not user.has_perm("contest.edit_organization", sochi_org)
    assert list(selectors.organizations_for(user)) == [krasnodar_org]


@pytest.mark.parametrize("role", [Role.LABOUR_OFFICE, Role.MUNICIPAL_MEMBER, Role.APPROVER_UNIONS])
def test_municipal_user_sees_only_own_municipality(role, krasnodar_org, sochi_org):
    user = municipal_user(role=role)
    assert user.has_perm("contest.see_organization", krasnodar_org)
    assert not user.has_perm("contest.see_organization", sochi_org)
    assert not user.has_perm("contest.edit_organization", krasnodar_org)
    assert list(selectors.organizations_for(user)) == [krasnodar_org]


def test_regional_commission_sees_no_organization_before_forwarding(krasnodar_org):
    user = UserFactory(role=Role.REGIONAL_MEMBER)
    assert not user.has_perm("contest.see_organization", krasnodar_org)
    assert list(selectors.organizations_for(user)) == []


def test_staff_sees_and_edits_everything(krasnodar_org, sochi_org):
    user = UserFactory(role=Role.STAFF)
    assert user.has_perm("contest.edit_organization", sochi_org)
    assert user.has_perm("contest.manage_contests")
    assert set(selectors.organizations_for(user)) == {krasnodar_org, sochi_org}


def test_anonymous_sees_nothing(krasnodar_org):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not anonymous.has_perm("contest.see_organization", krasnodar_org)
    assert list(selectors.organizations_for(anonymous)) == []


def test_representative_without_organization_sees_nothing(krasnodar_org):
    user = UserFactory(role=Role.ORGANIZATION)
    assert list(selectors.organizations_for(user)) == []
    assert not user.has_perm("contest.see_organization", krasnodar_org)
