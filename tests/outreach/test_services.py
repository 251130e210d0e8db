"""The services of a question: the thread and its states, the letters, the files, the FAQ without the asker's name."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contest.enums import Role
from core.exceptions import DomainError
from core.links import absolute_url
from outreach import selectors
from outreach.enums import QuestionFilter, QuestionState
from outreach.models import TEXT_MAX_LENGTH, FaqEntry, Question, QuestionMessage
from outreach.services import questions as services
from tests.contest.helpers import pdf
from tests.factories import OrganizationFactory, UserFactory, add_hat, municipal_user, municipality, open_contest

from .helpers import answered, asked, member, representative, visitor_asked

pytestmark = pytest.mark.django_db


def test_a_question_waits_for_the_commission_of_the_organizations_municipality():
    rep = representative(OrganizationFactory(municipality=municipality("Сочи")))
    question = asked(rep)
    assert question.municipality.name == "Сочи"
    assert question.state == QuestionState.WAITING
    assert question.waiting_since is not None
    assert [(m.author, m.text) for m in question.messages.all()] == [("asker", "Какие документы приложить?")]
    assert list(question.records.values_list("action", flat=True)) == ["question.asked"]


def test_a_question_belongs_to_the_current_contest():
    contest = open_contest()
    assert asked().contest == contest


def test_a_new_question_reaches_the_members_and_the_secretary_of_the_municipality(django_capture_on_commit_callbacks):
    krd_member = member("Краснодар", email="m@example.ru")
    secretary = municipal_user(Role.MUNICIPAL_SECRETARY, email="s@example.ru")
    municipal_user(Role.MUNICIPAL_MEMBER, name="Сочи", email="sochi@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        question = asked()
    assert sorted(letter.to[0] for letter in mail.outbox) == [krd_member.email, secretary.email]
    assert absolute_url(f"/consultations/{question.pk}/") in mail.outbox[0].body


def test_the_answer_changes_the_state_and_reaches_the_asker(django_capture_on_commit_callbacks):
    question = asked()
    person = member()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(question, actor=person, text="Приложите акты выдачи СИЗ.")
    question.refresh_from_db()
    assert question.state == QuestionState.ANSWERED
    assert question.waiting_since is None
    assert [letter.to for letter in mail.outbox] == [[question.asked_by.email]]
    assert absolute_url(f"/consultations/{question.pk}/") in mail.outbox[0].body
    assert question.records.filter(action="question.answered", from_state="waiting", to_state="answered").count() == 1


def test_a_second_message_of_the_commission_keeps_the_state_and_is_recorded():
    question = answered()
    services.answer(question, actor=member(), text="И ещё: счета-фактуры.")
    question.refresh_from_db()
    assert question.state == QuestionState.ANSWERED
    assert question.records.filter(action="question.commission_wrote").count() == 1


def test_the_askers_reply_makes_it_wait_again_and_reaches_the_commission(django_capture_on_commit_callbacks):
    question = answered()
    secretary = municipal_user(Role.MUNICIPAL_SECRETARY, email="s@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(question, actor=question.asked_by, text="А если акты на бумаге?")
    question.refresh_from_db()
    assert question.state == QuestionState.WAITING
    assert question.waiting_since is not None
    assert secretary.email in {letter.to[0] for letter in mail.outbox}


def test_another_representative_of_the_organization_may_reply_but_not_one_of_another():
    question = asked()
    colleague = representative(question.organization)
    services.reply(question, actor=colleague, text="Дополню вопрос коллеги.")
    with pytest.raises(DomainError, match="представитель организации"):
        services.reply(question, actor=representative(), text="Чужой вопрос")
    assert question.messages.count() == 2


def test_a_commission_of_another_municipality_may_not_answer():
    question = asked()
    with pytest.raises(DomainError, match="муниципального образования"):
        services.answer(question, actor=member("Сочи"), text="Ответ")
    question.refresh_from_db()
    assert question.state == QuestionState.WAITING
    assert question.messages.count() == 1


@pytest.mark.parametrize("text", ["", "   \n", "ы" * (TEXT_MAX_LENGTH + 1)])
def test_an_empty_or_huge_message_is_refused(text):
    question = asked()
    with pytest.raises(DomainError):
        services.answer(question, actor=member(), text=text)
    assert question.messages.count() == 1


def test_a_file_is_checked_by_its_content_and_a_bad_one_loses_nothing():
    question = asked()
    fake = SimpleUploadedFile("акт.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="PDF"):
        services.answer(question, actor=member(), text="Ответ", uploaded=fake)
    assert question.messages.count() == 1
    message = services.answer(question, actor=member(), text="Ответ с файлом", uploaded=pdf("акт.pdf"))
    assert message.original_name == "акт.pdf"
    assert message.content_type == "application/pdf"
    assert "outreach/questions/" in message.file.name
    assert "акт" not in message.file.name


def test_a_visitor_gets_a_letter_with_a_private_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = visitor_asked()
    token = services.visitor_token(question)
    [letter] = [letter for letter in mail.outbox if letter.to == ["petr@example.ru"]]
    assert f"/consultations/visitor/{token}/" in letter.body
    assert services.question_by_token(token) == question


def test_a_tampered_or_foreign_token_finds_nothing():
    question = visitor_asked()
    token = services.visitor_token(question)
    assert services.question_by_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert services.question_by_token("nonsense") is None
    Question.objects.filter(pk=question.pk).update(visitor_key="another")
    assert services.question_by_token(token) is None


def test_the_visitor_replies_through_the_link_and_gets_the_answer_by_mail(django_capture_on_commit_callbacks):
    question = visitor_asked()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(question, actor=member(), text="Да, ИП участвуют.")
    assert [letter.to for letter in mail.outbox] == [["petr@example.ru"]]
    assert services.visitor_token(question) in mail.outbox[0].body
    services.reply(question, actor=None, text="Спасибо!")
    question.refresh_from_db()
    assert question.state == QuestionState.WAITING
    assert question.messages.last().author_name == "Пётр Сидоров"


def test_a_question_of_an_organization_is_not_replied_without_an_actor():
    with pytest.raises(DomainError):
        services.reply(asked(), actor=None, text="Кто я?")


# --- the flag and the lists ---------------------------------------------------------------------------------------


def _waiting_for(question, days: int) -> None:
    Question.objects.filter(pk=question.pk).update(waiting_since=timezone.now() - timedelta(days=days))


def test_questions_waiting_more_than_two_working_days_are_flagged_and_counted():
    old, fresh, done = asked(), asked(), answered()
    _waiting_for(old, 5)  # five calendar days hold at least three working days
    assert selectors.unanswered_count(old.municipality_id) == (2, 1)
    commission = member()
    overdue = selectors.commission_questions(commission, state=QuestionFilter.OVERDUE)
    assert list(overdue) == [old]
    assert set(selectors.commission_questions(commission, state=QuestionFilter.WAITING)) == {old, fresh}
    assert list(selectors.commission_questions(commission, state=QuestionFilter.ANSWERED)) == [done]


def test_the_commission_finds_a_question_by_organization_inn_or_text():
    rep = representative(OrganizationFactory(short_name="ООО «Ёлочка»", full_name="Общество «Ёлочка»"))
    wanted = asked(rep, subject="Аттестация рабочих мест", text="Сколько лет действует карта СОУТ?")
    asked(subject="Другое", text="Про обучение")
    commission = member()
    assert list(selectors.commission_questions(commission, search=wanted.organization.inn)) == [wanted]
    assert list(selectors.commission_questions(commission, search="соут")) == [wanted]
    assert list(selectors.commission_questions(commission, search="АТТЕСТАЦИЯ")) == [wanted]
    assert list(selectors.commission_questions(commission, search="елочка")) == [wanted]


def test_the_commission_sees_only_its_municipality_and_staff_everything():
    krd, sochi = asked(), visitor_asked("Сочи")
    assert list(selectors.commission_questions(member())) == [krd]
    assert list(selectors.commission_questions(member("Сочи"))) == [sochi]
    assert set(selectors.commission_questions(UserFactory(role=Role.STAFF))) == {krd, sochi}
    assert list(selectors.commission_questions(representative())) == []


def test_my_questions_are_the_organizations():
    question = asked()
    colleague = representative(question.organization)
    asked(representative())
    assert list(selectors.own_questions(colleague)) == [question]


# --- the public FAQ -------------------------------------------------------------------------------------------------


def _named_question():
    organization = OrganizationFactory(full_name="Общество «Кубань-Металл»", short_name="ООО «Кубань-Металл»")
    rep = representative(organization, last_name="Смирнова", first_name="Анна", patronymic="")
    question = asked(rep, text="Мы, ООО «Кубань-Металл», спрашиваем: как считать СИЗ? Смирнова")
    return answered(question, text="Для Кубань-Металл: по ведомости выдачи.")


def test_the_faq_draft_hides_the_askers_names():
    question = _named_question()
    asked_text, answer_text = services.faq_draft(question)
    for text in (asked_text, answer_text):
        assert "Кубань-Металл" not in text
        assert "Смирнова" not in text
    assert "как считать СИЗ?" in asked_text
    assert "по ведомости выдачи" in answer_text


def test_publishing_refuses_a_text_that_names_the_asker():
    open_contest()
    question = _named_question()
    with pytest.raises(DomainError, match="Кубань-Металл"):
        services.publish(question, actor=member(), question_text="Вопрос кубань-металл", answer_text="Ответ")
    with pytest.raises(DomainError, match=question.organization.inn):
        services.publish(
            question, actor=member(), question_text=f"ИНН {question.organization.inn}", answer_text="Ответ"
        )
    assert not FaqEntry.objects.exists()


def test_publish_and_withdraw():
    contest = open_contest()
    question = _named_question()
    entry = services.publish(question, actor=member(), question_text="Как считать СИЗ?", answer_text="По ведомости.")
    assert (entry.contest, entry.municipality, entry.is_published) == (contest, question.municipality, True)
    assert list(selectors.faq(contest)) == [entry]
    assert list(selectors.commission_questions(member(), state=QuestionFilter.PUBLISHED)) == [question]
    services.withdraw(question, actor=member())
    assert list(selectors.faq(contest)) == []
    with pytest.raises(DomainError, match="не опубликован"):
        services.withdraw(question, actor=member())
    again = services.publish(question, actor=member(), question_text="Как считать СИЗ?", answer_text="Иначе.")
    assert again.pk == entry.pk
    assert again.answer_text == "Иначе."
    assert list(question.records.values_list("action", flat=True)[2:]) == [
        "question.published",
        "question.withdrawn",
        "question.published",
    ]


def test_a_question_without_an_answer_is_not_published():
    open_contest()
    with pytest.raises(DomainError, match="ответила"):
        services.publish(asked(), actor=member(), question_text="В", answer_text="О")


def test_a_commission_of_another_municipality_may_not_publish():
    open_contest()
    question = answered()
    with pytest.raises(DomainError):
        services.publish(question, actor=member("Сочи"), question_text="В", answer_text="О")
    with pytest.raises(DomainError):
        services.publish(question, actor=question.asked_by, question_text="В", answer_text="О")


def test_a_labour_office_of_the_municipality_answers_too():
    question = asked()
    office = municipal_user(Role.LABOUR_OFFICE)
    add_hat(office, Role.MUNICIPAL_MEMBER, municipality=municipality("Сочи"))
    services.answer(question, actor=office, text="Ответ сектора по труду")
    assert QuestionMessage.objects.filter(question=question, author="commission").count() == 1
