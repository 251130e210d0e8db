"""The pages of the consultations do what they say: a representative asks and reads the answer, a visitor asks and
writes through the private link, the commission answers, filters and publishes; bad input is told in Russian next to
the field with what was typed kept, a bad link or another's question answers 404, never 500."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from outreach.enums import QuestionState
from outreach.models import TEXT_MAX_LENGTH, FaqEntry, Question
from outreach.services import questions as services
from outreach.views.visitor import SESSION_SENT
from tests.contest.helpers import PDF_BYTES, pdf
from tests.factories import OrganizationFactory, municipality, open_contest
from tests.page_forms import _FormParser, fill

from .helpers import answered, asked, member, representative, visitor_asked

pytestmark = pytest.mark.django_db

BAD_FILE = b"MZ\x90\x00 an executable, not a document"


def rendered_form(html: str, field: str) -> dict:
    """What the page's POST form with `field` sends untouched (the texts it was prefilled with)."""
    parser = _FormParser()
    parser.feed(html)
    form = next(form for form in parser.forms if form["method"] == "post" and field in form["names"])
    return dict(form["sent"])


def test_a_representative_asks_through_the_form_and_sees_it_in_my_questions(client, django_capture_on_commit_callbacks):
    rep = representative()
    commission = member(email="member@example.ru")
    client.force_login(rep)
    page = client.get(reverse("outreach:ask"))
    data = fill(page.content.decode(), subject="Сроки карты", text="До какого числа представить карту?")
    data["file"] = pdf("письмо.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:ask"), data)
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:question", args=[question.pk])
    assert question.messages.get().original_name == "письмо.pdf"
    assert [letter.to for letter in mail.outbox] == [[commission.email]]
    listing = client.get(reverse("outreach:my-questions")).content.decode()
    assert "Сроки карты" in listing
    assert "ждёт ответа" in listing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Напишите текст сообщения."),
        ("я" * (TEXT_MAX_LENGTH + 1), "Текст длиннее 10000 знаков"),
    ],
)
def test_an_empty_or_huge_question_is_told_and_the_typed_subject_kept(client, text, message):
    client.force_login(representative())
    response = client.post(reverse("outreach:ask"), {"topic": "general", "subject": "Моя тема", "text": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Моя тема"' in page
    assert not Question.objects.exists()


def test_a_bad_file_is_refused_with_a_message_and_the_text_kept(client):
    client.force_login(representative())
    bad = SimpleUploadedFile("акт.pdf", BAD_FILE, content_type="application/pdf")
    response = client.post(
        reverse("outreach:ask"), {"topic": "general", "subject": "Тема", "text": "Мой длинный вопрос", "file": bad}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Этот вид файла не принимается. Допустимые форматы: PDF, JPEG, PNG, DOCX, ODT, XLSX." in page
    assert "Мой длинный вопрос" in page
    assert not Question.objects.exists()


def test_the_commission_answers_and_the_representative_reads_it(client, django_capture_on_commit_callbacks):
    question = asked()
    commission = member()
    client.force_login(commission)
    page = client.get(reverse("outreach:question", args=[question.pk])).content.decode()
    assert question.organization.inn in page  # the commission sees who asks
    data = fill(page, text="Приложите акты выдачи СИЗ.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:question-reply", args=[question.pk]), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == QuestionState.ANSWERED
    assert [letter.to for letter in mail.outbox] == [[question.asked_by.email]]
    client.force_login(question.asked_by)
    thread = client.get(reverse("outreach:question", args=[question.pk])).content.decode()
    assert "Приложите акты выдачи СИЗ." in thread
    assert "История" not in thread  # the history is the commission's


def test_an_empty_answer_is_told_and_nothing_saved(client):
    question = asked()
    client.force_login(member())
    response = client.post(reverse("outreach:question-reply", args=[question.pk]), {"text": "  "})
    assert response.status_code == 200
    assert "Напишите текст сообщения." in response.content.decode()
    assert question.messages.count() == 1


def test_another_organization_and_another_commission_get_404(client):
    question = asked()
    for outsider in (representative(), member("Сочи")):
        client.force_login(outsider)
        assert client.get(reverse("outreach:question", args=[question.pk])).status_code == 404
        assert client.post(reverse("outreach:question-reply", args=[question.pk]), {"text": "x"}).status_code == 404
    assert question.messages.count() == 1


def test_a_colleague_of_the_organization_sees_the_question_and_its_file(client):
    rep = representative()
    question = asked(rep, uploaded=pdf("вопрос.pdf"))
    colleague = representative(rep.organization)
    client.force_login(colleague)
    assert "Как подтвердить затраты на СИЗ" in client.get(reverse("outreach:my-questions")).content.decode()
    message = question.messages.get()
    response = client.get(reverse("outreach:attachment", args=[message.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(representative())
    assert client.get(reverse("outreach:attachment", args=[message.pk])).status_code == 404


def test_the_commission_list_filters_searches_and_flags(client):
    old = asked(subject="Старый вопрос")
    Question.objects.filter(pk=old.pk).update(waiting_since=timezone.now() - timedelta(days=6))
    asked(subject="Свежий вопрос")
    answered(asked(subject="Отвеченный вопрос"))
    visitor_asked("Сочи", subject="Вопрос из Сочи")
    client.force_login(member())
    url = reverse("outreach:commission-questions")
    page = client.get(url).content.decode()
    assert page.count('data-testid="question-row"') == 3
    assert "Вопрос из Сочи" not in page
    assert page.count('data-testid="overdue"') == 1
    assert "Без ответа больше двух рабочих дней" in page
    overdue = client.get(url, {"state": "overdue"}).content.decode()
    assert "Старый вопрос" in overdue
    assert "Свежий вопрос" not in overdue
    answered_only = client.get(url, {"state": "answered"}).content.decode()
    assert "Отвеченный вопрос" in answered_only
    assert "Старый вопрос" not in answered_only
    found = client.get(url, {"q": "СВЕЖИЙ"}).content.decode()
    assert "Свежий вопрос" in found
    assert "Старый вопрос" not in found


def test_a_bad_filter_or_page_shows_the_list_not_an_error(client):
    asked()
    client.force_login(member())
    url = reverse("outreach:commission-questions")
    response = client.get(url, {"state": "nonsense", "page": "x", "q": "я" * 500})
    assert response.status_code == 200
    assert "Нет такого отбора" in response.content.decode()


def test_the_start_page_of_the_commission_counts_the_unanswered(client):
    question = asked()
    Question.objects.filter(pk=question.pk).update(waiting_since=timezone.now() - timedelta(days=6))
    asked()
    answered()
    client.force_login(member())
    page = client.get(reverse("home")).content.decode()
    assert "Вопросов, ждущих ответа комиссии: 2." in page
    assert "без ответа больше двух рабочих дней: 1" in page


# --- the FAQ --------------------------------------------------------------------------------------------------------


def test_the_commission_publishes_without_the_asker_and_withdraws(client):
    contest = open_contest()
    organization = OrganizationFactory(short_name="ООО «Ромашка»", full_name="Общество «Ромашка»")
    question = answered(
        asked(representative(organization), text="Мы, ООО «Ромашка», спрашиваем про СИЗ."), text="Ответ про СИЗ."
    )
    client.force_login(member())
    form = client.get(reverse("outreach:question-publish", args=[question.pk])).content.decode()
    assert "Ромашка" not in form.split('data-testid="publish-form"')[1]  # the prefilled texts hide the name
    data = rendered_form(form, "question_text")  # the prefilled texts, sent as they are
    assert data["question_text"].strip() == "Мы, …, спрашиваем про СИЗ."
    response = client.post(reverse("outreach:question-publish", args=[question.pk]), data)
    assert response.status_code == 302
    faq = client.get(reverse("outreach:faq")).content.decode()
    assert "спрашиваем про СИЗ" in faq
    assert "Ответ про СИЗ." in faq
    assert "Ромашка" not in faq
    assert FaqEntry.objects.get().contest == contest
    response = client.post(reverse("outreach:question-withdraw", args=[question.pk]))
    assert response.status_code == 302
    assert "спрашиваем про СИЗ" not in client.get(reverse("outreach:faq")).content.decode()


def test_a_text_naming_the_asker_is_not_published_and_is_kept(client):
    open_contest()
    organization = OrganizationFactory(short_name="ООО «Ромашка»", full_name="Общество «Ромашка»")
    question = answered(asked(representative(organization)))
    client.force_login(member())
    response = client.post(
        reverse("outreach:question-publish", args=[question.pk]),
        {"question_text": "Вопрос от Ромашки: ромашка", "answer_text": "Ответ"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Уберите из текстов то, что называет спрашивающего" in page
    assert "Вопрос от Ромашки: ромашка" in page
    assert not FaqEntry.objects.exists()


def test_the_faq_is_filtered_by_municipality_and_a_bad_filter_shows_all(client):
    open_contest()
    for town in ("Краснодар", "Сочи"):
        question = answered(visitor_asked(town, subject=town), by=member(town))
        services.publish(question, actor=member(town), question_text=f"Вопрос в {town}", answer_text="Ответ")
    url = reverse("outreach:faq")
    sochi = client.get(url, {"municipality": municipality("Сочи").pk}).content.decode()
    assert "Вопрос в Сочи" in sochi
    assert "Вопрос в Краснодар" not in sochi
    everything = client.get(url, {"municipality": "abc"})
    assert everything.status_code == 200
    assert "Вопрос в Краснодар" in everything.content.decode()
    assert "Вопрос в Сочи" in everything.content.decode()


def test_the_footer_links_the_faq_and_the_faq_links_asking(client):
    page = client.get(reverse("outreach:faq")).content.decode()
    assert f'href="{reverse("outreach:faq")}"' in page
    assert f'href="{reverse("outreach:ask-visitor")}"' in page
    assert f'href="{reverse("outreach:my-questions")}"' not in page
    client.force_login(representative())
    page = client.get(reverse("outreach:faq")).content.decode()
    assert f'href="{reverse("outreach:ask")}"' in page
    assert f'href="{reverse("outreach:my-questions")}"' in page


# --- the visitor ----------------------------------------------------------------------------------------------------


def visitor_form(client) -> dict:
    page = client.get(reverse("outreach:ask-visitor")).content.decode()
    return fill(
        page,
        name="Анна Белова",
        email="anna@example.ru",
        municipality=str(municipality("Краснодар").pk),
        subject="Можно ли участвовать",
        text="Нас пятеро. Можно?",
        consent="on",
    )


def test_a_visitor_asks_gets_a_link_and_replies_through_it(client, django_capture_on_commit_callbacks):
    commission = member(email="member@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:ask-visitor"), visitor_form(client))
    assert response.status_code == 302
    sent = client.get(response["Location"]).content.decode()
    assert "anna@example.ru" in sent
    question = Question.objects.get()
    link = reverse("outreach:visitor-thread", args=[services.visitor_token(question)])
    to_visitor = next(letter for letter in mail.outbox if letter.to == ["anna@example.ru"])
    assert link in to_visitor.body
    assert any(letter.to == [commission.email] for letter in mail.outbox)
    thread = client.get(link)
    assert thread.status_code == 200
    assert thread["Referrer-Policy"] == "no-referrer"
    assert "Нас пятеро. Можно?" in thread.content.decode()
    response = client.post(link, fill(thread.content.decode(), text="И ещё вопрос"))
    assert response.status_code == 302
    assert question.messages.count() == 2


def test_the_visitor_form_tells_each_mistake_and_keeps_the_rest(client):
    data = visitor_form(client)
    data.update(email="not-an-address", consent="")
    response = client.post(reverse("outreach:ask-visitor"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Проверьте адрес электронной почты" in page
    assert "Без согласия на обработку" in page
    assert "Нас пятеро. Можно?" in page
    assert not Question.objects.exists()


def test_a_bot_filling_the_hidden_field_is_turned_away(client):
    data = visitor_form(client)
    data["website"] = "http://spam.example"
    response = client.post(reverse("outreach:ask-visitor"), data)
    assert response.status_code == 200
    assert "Вопрос не принят." in response.content.decode()
    assert not Question.objects.exists()


def test_the_visitor_form_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "consultation_email": "2/h"}
    for _ in range(2):
        assert client.post(reverse("outreach:ask-visitor"), visitor_form(client)).status_code == 302
    response = client.post(reverse("outreach:ask-visitor"), visitor_form(client))
    assert response.status_code == 429
    assert "Слишком много запросов" in response.content.decode()
    assert "Нас пятеро. Можно?" in response.content.decode()
    assert Question.objects.count() == 2


@pytest.mark.parametrize("token", ["garbage", "WzEsIngiXQ:1abcde:forged-signature", "a" * 300])
def test_a_bad_link_answers_404(client, token):
    visitor_asked()
    assert client.get(reverse("outreach:visitor-thread", args=[token])).status_code == 404
    assert client.post(reverse("outreach:visitor-thread", args=[token]), {"text": "x"}).status_code == 404


def test_a_link_does_not_open_a_file_of_another_question(client):
    mine, other = visitor_asked(), visitor_asked(uploaded=pdf())
    token = services.visitor_token(mine)
    other_file = other.messages.get()
    assert client.get(reverse("outreach:visitor-attachment", args=[token, other_file.pk])).status_code == 404
    own = services.visitor_token(other)
    assert client.get(reverse("outreach:visitor-attachment", args=[own, other_file.pk])).status_code == 200


def test_a_representative_is_sent_from_the_visitor_form_to_the_organizations(client):
    client.force_login(representative())
    response = client.get(reverse("outreach:ask-visitor"))
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:ask")


def test_the_sent_page_without_a_session_still_reads_well(client):
    response = client.get(reverse("outreach:ask-visitor") + "?sent=1")
    assert response.status_code == 200
    assert "На указанный адрес отправлено письмо" in response.content.decode()
    assert SESSION_SENT not in client.session
