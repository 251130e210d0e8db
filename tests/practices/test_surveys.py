"""Surveys through the services: who opens them, what an answer keeps, and a proposal turned into a draft report."""

import pytest

from core.exceptions import DomainError
from practices.enums import PracticeKind, ReportState
from practices.models import SurveyAnswer
from practices.services import surveys

from .helpers import current_quarter, district, representative

pytestmark = pytest.mark.django_db


def test_only_a_representative_opens_a_survey_of_their_organization():
    user = representative()
    with pytest.raises(DomainError):
        surveys.start_survey(user.organization, actor=representative(), kind="proposals", title="Опрос")
    with pytest.raises(DomainError):
        surveys.start_survey(user.organization, actor=district(), kind="proposals", title="Опрос")
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title=" Опрос ", training_name="x")
    assert (survey.title, survey.training_name, survey.is_open) == ("Опрос", "", True)


def test_each_survey_gets_its_own_long_random_token():
    user = representative()
    tokens = {surveys.start_survey(user.organization, actor=user, kind="proposals", title="О").token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 32 for token in tokens)


def test_a_training_survey_names_the_training():
    user = representative()
    with pytest.raises(DomainError, match="после какого обучения"):
        surveys.start_survey(user.organization, actor=user, kind="training", title="Опрос")


def test_answers_keep_only_the_fields_of_the_survey_kind():
    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="Опрос")
    with pytest.raises(ValueError, match="usefulness"):
        surveys.answer_survey(survey, proposal="x", usefulness=5)
    with pytest.raises(DomainError, match="Напишите предложение"):
        surveys.answer_survey(survey, proposal="  ")
    answer = surveys.answer_survey(survey, proposal=" Разметка ", department=" Склад ")
    assert (answer.proposal, answer.department) == ("Разметка", "Склад")


def test_a_training_answer_needs_a_rating_from_1_to_5():
    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="training", title="О", training_name="Курс")
    with pytest.raises(DomainError, match="от 1 до 5"):
        surveys.answer_survey(survey, learned="Много")
    with pytest.raises(DomainError):
        surveys.answer_survey(survey, usefulness=6)
    assert not SurveyAnswer.objects.exists()


def test_a_closed_survey_refuses_answers_and_may_be_opened_again():
    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="О")
    surveys.set_survey_open(survey, actor=user, is_open=False)
    with pytest.raises(DomainError, match="Опрос закрыт"):
        surveys.answer_survey(survey, proposal="Поздно")
    with pytest.raises(DomainError):
        surveys.set_survey_open(survey, actor=representative(), is_open=True)
    surveys.set_survey_open(survey, actor=user, is_open=True)
    assert surveys.answer_survey(survey, proposal="Вовремя").pk


def test_a_training_answer_becomes_a_draft_with_what_was_learned():
    user = representative()
    survey = surveys.start_survey(
        user.organization, actor=user, kind="training", title="О", training_name="Первая помощь"
    )
    answer = surveys.answer_survey(survey, usefulness=5, learned="Давящая повязка", proposal="Аптечки в цехах")
    report = surveys.report_from_answer(answer, actor=user)
    assert report.state == ReportState.DRAFT
    assert report.kind == PracticeKind.LABOUR_ORGANIZATION
    assert report.title == "Аптечки в цехах"
    assert report.solution == "Аптечки в цехах\n\nЧто работники узнали на обучении «Первая помощь»: Давящая повязка"
    assert report.period.as_quarter == current_quarter()
    assert report.source_answer == answer


def test_a_long_proposal_gives_a_short_title_cut_at_a_word():
    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="О")
    answer = surveys.answer_survey(survey, proposal="слово " * 40)
    title = surveys.report_from_answer(answer, actor=user).title
    assert len(title) <= 120
    assert title.endswith("слово…")


def test_only_the_organization_turns_its_answers_into_reports():
    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="О")
    answer = surveys.answer_survey(survey, proposal="Разметка")
    with pytest.raises(DomainError):
        surveys.report_from_answer(answer, actor=representative())
    training = surveys.start_survey(user.organization, actor=user, kind="training", title="О", training_name="К")
    empty = surveys.answer_survey(training, usefulness=3)
    with pytest.raises(DomainError, match="нет предложения"):
        surveys.report_from_answer(empty, actor=user)
