"""The demo's consultations: one answered and published, one waiting for more than two working days."""

import pytest

from outreach import demo, selectors
from outreach.enums import QuestionFilter
from outreach.models import FaqEntry
from tests.factories import open_contest

from .helpers import member, representative

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_answer_and_an_overdue_question():
    contest = open_contest()
    org, commission = representative(), member()
    demo.populate({"org": org, "member": commission})
    [entry] = FaqEntry.objects.filter(contest=contest, is_published=True)
    assert str(org.organization) not in entry.question_text + entry.answer_text
    assert selectors.unanswered_count(org.organization.municipality_id) == (2, 1)
    [overdue] = selectors.commission_questions(commission, state=QuestionFilter.OVERDUE)
    assert overdue.is_visitor


def test_the_demo_adds_nothing_without_its_users():
    demo.populate({})
    assert not FaqEntry.objects.exists()
