"""Issue 11, item 10: the audit trail keeps who acted — the name and the role at the time — when the account is renamed
or deleted."""

import pytest
from django.urls import reverse

from contest.enums import Role
from contest.models import AuditRecord
from contest.services import review
from tests.contest.helpers import card_submitted, reload
from tests.factories import UserFactory, municipal_user, open_contest

pytestmark = pytest.mark.django_db


def test_the_history_names_a_deleted_member_and_the_role_they_had(client):
    contest = open_contest()
    participation, _ = card_submitted(contest)
    member = municipal_user(Role.MUNICIPAL_MEMBER, last_name="Кузнецов", first_name="Олег", patronymic="Ильич")
    review.start_review(reload(participation), actor=member)
    member.delete()  # the member left the commission and the account was removed

    record = AuditRecord.objects.get(participation=participation, action="review.started")
    assert record.actor is None
    assert (record.actor_name, record.actor_role) == (
        "Кузнецов Олег Ильич",
        "Член территориальной конкурсной комиссии · Краснодар",
    )
    client.force_login(UserFactory(role=Role.STAFF))
    page = client.get(reverse("commission-card", args=[participation.pk])).content.decode()
    assert "Кузнецов Олег Ильич" in page
    assert "Член территориальной конкурсной комиссии" in page


def test_a_rename_later_does_not_rewrite_who_acted():
    contest = open_contest()
    participation, _ = card_submitted(contest)
    member = municipal_user(Role.MUNICIPAL_MEMBER, last_name="Петрова", first_name="Анна", patronymic="")
    review.start_review(reload(participation), actor=member)
    member.last_name = "Смирнова"
    member.save()
    member.memberships.update(role=Role.MUNICIPAL_SECRETARY)
    record = AuditRecord.objects.get(participation=participation, action="review.started")
    assert (record.actor_name, record.actor_role) == (
        "Петрова Анна",
        "Член территориальной конкурсной комиссии · Краснодар",
    )
