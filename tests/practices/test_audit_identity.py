"""Issue 11, item 10 for best practice: the report's history keeps the actor's name and role."""

import pytest

from practices.models import PracticeAuditRecord
from tests.practices.helpers import district, submitted

pytestmark = pytest.mark.django_db


def test_the_reviewers_name_and_role_stay_when_the_account_is_deleted():
    from practices.services import reports as services

    report = submitted()
    reviewer = district(report.organization.municipality.name, last_name="Орлова", first_name="Вера", patronymic="")
    services.recommend_report(report, actor=reviewer)
    reviewer.delete()
    record = PracticeAuditRecord.objects.filter(report=report).order_by("-pk").first()
    assert record.actor is None
    assert (record.actor_name, record.actor_role) == (
        "Орлова Вера",
        "Администрация муниципального образования (передовой опыт) · Краснодар",
    )
