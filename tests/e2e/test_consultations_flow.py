"""Consultations in a real browser: a representative asks Краснодар's territorial commission from the FAQ page, the
commission's member answers from the start page and publishes the question, the public FAQ shows it without the
organization's name, and the representative reads the answer through the link of the letter. Every page is checked
by axe-core at 1366 and 390 px, and none may scroll sideways on a phone."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from core.models import Letter
from demo.management.commands.demo import DEMO_PASSWORD
from outreach.enums import QuestionState
from outreach.models import FaqEntry, Question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBJECT = "Учёт спецодежды в показателе обеспеченности СИЗ"
QUESTION = "ООО «Кубанский хлебозавод» выдаёт спецодежду по сезонам. Как считать обеспеченность СИЗ в карте?"
ANSWER = "Считайте по нормам выдачи на конец конкурсного года: сезонная одежда, выданная по сроку, учитывается."
ORGANIZATION = "Кубанский хлебозавод"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def log_out(page) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_test_id("user-menu").click()  # «Выйти» is in the menu under the name
    page.get_by_role("button", name="Выйти").click()


def checked(page, screenshot, name: str) -> None:
    """axe-core finds no violation in the page's content at 1366 and at 390 px; on a phone it does not scroll
    sideways. A screenshot of each width for a person to look at."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        results = Axe().run(page, context={"include": [["#content"]]})
        assert results.violations_count == 0, f"{name} at {width} px:\n{results.generate_report()}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width} px"
        screenshot(f"consultations-{name}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_question_is_answered_published_and_read(demo, live_server, page, screenshot):
    base = live_server.url

    # The representative finds the FAQ in the footer and asks from there.
    log_in(page, base, "org")
    page.locator("footer").get_by_role("link", name="Вопросы и ответы").click()
    checked(page, screenshot, "faq-before")
    page.get_by_test_id("ask").click()
    page.get_by_label("об участии в смотре-конкурсе").check()
    page.get_by_label("Тема").fill(SUBJECT)
    page.get_by_label("Вопрос*", exact=True).fill(QUESTION)
    checked(page, screenshot, "ask")
    page.get_by_role("button", name="Отправить вопрос").click()
    assert "Вопрос отправлен" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("state").inner_text() == "ждёт ответа"
    log_out(page)

    # The commission's member sees it counted on the start page and answers it.
    log_in(page, base, "member")
    panel = page.get_by_test_id("questions-panel")
    assert "Вопросов, ждущих ответа комиссии: 3." in panel.inner_text()  # with the demo's two
    panel.get_by_role("link", name="Открыть вопросы").click()
    checked(page, screenshot, "commission-list")
    page.get_by_role("link", name=SUBJECT).click()
    assert ORGANIZATION in page.get_by_test_id("asker").inner_text()
    page.get_by_label("Сообщение").fill(ANSWER)
    checked(page, screenshot, "thread-commission")
    page.get_by_role("button", name="Отправить ответ").click()
    assert "Ответ отправлен" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("state").inner_text() == "отвечен"

    # … and publishes it: the texts come prefilled without the organization's name.
    page.get_by_test_id("publish").click()
    question_text = page.get_by_label("Вопрос для публикации")
    assert ORGANIZATION not in question_text.input_value()
    assert "выдаёт спецодежду по сезонам" in question_text.input_value()
    assert page.get_by_label("Ответ для публикации").input_value() == ANSWER
    checked(page, screenshot, "publish")
    page.get_by_role("button", name="Опубликовать").click()
    assert "опубликованы" in page.locator(".alert-success").inner_text()
    log_out(page)

    # A visitor reads it in the public FAQ, filtered by the municipality; the organization is not named.
    page.goto(f"{base}/")
    page.locator("footer").get_by_role("link", name="Вопросы и ответы").click()
    page.get_by_label("Муниципальное образование").select_option(label="Краснодар")
    page.get_by_role("button", name="Показать").click()
    entries = page.get_by_test_id("faq-entry")
    assert entries.count() == 2  # with the demo's published one
    faq_text = page.locator("#content").inner_text()
    assert "выдаёт спецодежду по сезонам" in faq_text
    assert ANSWER in faq_text
    assert ORGANIZATION not in faq_text
    checked(page, screenshot, "faq-after")

    # The representative follows the link of the letter and reads the answer.
    question = Question.objects.get(subject=SUBJECT)
    assert question.state == QuestionState.ANSWERED
    assert FaqEntry.objects.get(question=question).is_published
    letter = Letter.objects.filter(recipient="org@example.ru", subject__contains=SUBJECT).get()
    link = next(word for word in letter.body.split() if word.startswith("http"))
    log_in(page, base, "org")
    page.goto(base + urlsplit(link).path)
    thread = page.get_by_test_id("thread")
    assert ANSWER in thread.inner_text()
    assert page.get_by_test_id("state").inner_text() == "отвечен"
    checked(page, screenshot, "thread-representative")
    page.get_by_role("link", name="← Мои вопросы").click()
    assert (
        page.get_by_test_id("question-row").filter(has_text=SUBJECT).get_by_test_id("state").inner_text() == "отвечен"
    )
    checked(page, screenshot, "my-questions")
