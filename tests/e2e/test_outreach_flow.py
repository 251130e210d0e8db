"""The contest's announcement reaches an employer, and the employer comes (п. 3.4), in a real browser.

Краснодар's territorial commission member uploads the labour office's list of employers' addresses: first a file with
a bad e-mail address — the page lists the row and the column to fix and saves nothing —, then the corrected file. The
member writes Краснодар's announcement, publishes it and sends it; the letter to the uploaded address carries the
sign-up link with the address in it and an unsubscribe link. The employer's engineer follows the sign-up link, finds
the address filled in, signs up, confirms the address by the letter, registers the organization with the ИНН of the
list and asks the commission a question. The member answers it and publishes it to the public FAQ, and finds on the
announcement's mailing page and in «Координация» that the employer written to has registered: of the addresses
written to, one was on the portal when the letter went (the demo's bakery), two are now.

Every page is checked by the conftest's AccessibilityWatch (axe-core, no sideways scroll) at 1366 px; the mailing
page once more at 390 px.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from stdnum.ru import inn

from contest.models import Organization
from contest.validators import ogrn_check_digit
from core.enums import LetterStatus
from core.models import Letter
from demo.management.commands.demo import DEMO_PASSWORD
from outreach.models import AnnouncementLetter, EmployerContact, FaqEntry, OptOut, Question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 900}

EMPLOYER = "ООО «Кубанский завод металлоконструкций»"
EMPLOYER_INN = "230812345" + inn.calc_company_check_digit("230812345")
EMPLOYER_OGRN = "102230812345" + ogrn_check_digit("102230812345")
EMAIL = "ot@kzmk.example.ru"
HEADING = "Наименование работодателя;ИНН;Электронная почта"

TITLE = "Краснодар приглашает работодателей на смотр-конкурс по охране труда"
PASSWORD = "Kzmk-ohrana-2011"
SUBJECT = "Нужна ли аналитическая записка малому предприятию"
QUESTION = "У нас 60 работников. Обязательно ли представлять аналитическую записку вместе с информационной картой?"
ANSWER = "Да: аналитическая записка представляется вместе с картой всеми участниками, независимо от численности."


def log_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


def log_out(page) -> None:
    page.get_by_test_id("user-menu").click()  # «Выйти» is in the menu under the name
    page.get_by_role("button", name="Выйти").click()


def employers_menu(page, a11y, item: str) -> None:
    """The commission's menu «Работодатели» in the header: open it, look at it, follow one of its items."""
    page.get_by_test_id("outreach-menu").click()
    a11y.check()
    page.locator("header .dropdown-menu").get_by_role("link", name=item, exact=True).click()


def success(page) -> str:
    return page.locator(".alert-success").inner_text()


def path_of(link: str) -> str:
    """The path and query of a letter's link: the letters name the portal's address, the test runs on the live
    server's."""
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_in(body: str, fragment: str) -> str:
    return next(word for word in body.split() if word.startswith("http") and fragment in word)


def test_an_announced_employer_registers_and_asks(demo, live_server, page, a11y, screenshot, tmp_path):
    base = live_server.url
    page.set_viewport_size(WIDE)
    assert inn.is_valid(EMPLOYER_INN)
    assert not Organization.objects.filter(inn=EMPLOYER_INN).exists()
    assert not Organization.objects.filter(ogrn=EMPLOYER_OGRN).exists()

    # 1. The commission's member uploads the list of addresses: a file with a mistake saves nothing …
    log_in(page, base, "member")
    employers_menu(page, a11y, "Адреса работодателей")
    count_before = page.get_by_test_id("count").inner_text()
    assert count_before == "Адресов в списке: 3"  # the demo's three
    bad = tmp_path / "работодатели с ошибкой.csv"
    bad.write_text(f"{HEADING}\n{EMPLOYER};{EMPLOYER_INN};{EMAIL}\nООО «Вектор»;;vector@@example\n", encoding="utf-8")
    page.get_by_label("Список работодателей").set_input_files(bad)
    page.get_by_role("button", name="Загрузить", exact=True).click()
    assert "Список не загружен: ни одна строка не сохранена" in page.locator(".alert-danger").inner_text()
    problems = page.get_by_test_id("problem")
    assert problems.count() == 1
    cells = problems.first.locator("td").all_inner_texts()
    assert cells == ["3", "Электронная почта", "«vector@@example» — не адрес электронной почты."]
    assert page.get_by_test_id("count").inner_text() == count_before
    assert not page.get_by_test_id("contact").filter(has_text=EMAIL).count()
    assert not EmployerContact.objects.filter(email=EMAIL).exists()
    screenshot("outreach-upload-errors")

    # … the corrected file is saved.
    good = tmp_path / "работодатели.csv"
    good.write_text(f"{HEADING}\n{EMPLOYER};{EMPLOYER_INN};{EMAIL}\n", encoding="utf-8")
    page.get_by_label("Список работодателей").set_input_files(good)
    page.get_by_role("button", name="Загрузить", exact=True).click()
    assert "Список загружен: новых адресов 1, обновлено 0, без изменений 0." in success(page)
    assert page.get_by_test_id("count").inner_text() == "Адресов в списке: 4"
    contact = page.get_by_test_id("contact").filter(has_text=EMAIL)
    assert f"ИНН {EMPLOYER_INN}" in contact.inner_text()
    # An address that does not belong on the list is removed, after a confirmation.
    removed = page.get_by_test_id("contact").filter(has_text="ot@kuban-agro.example.ru")
    page.once("dialog", lambda dialog: dialog.accept())  # «Удалить адрес из списка?»
    removed.get_by_role("button", name="Удалить").click()
    assert "Адрес ot@kuban-agro.example.ru удалён из списка." in success(page)
    assert page.get_by_test_id("count").inner_text() == "Адресов в списке: 3"

    # 2. Краснодар's announcement: prefilled, a title of its own, published, sent.
    employers_menu(page, a11y, "Объявления и рассылка")
    page.get_by_role("link", name="Новое объявление: Краснодар").click()
    title = page.get_by_label("Заголовок")
    assert "приглашаем работодателей — Краснодар" in title.input_value()
    assert "Краснодар" in page.get_by_label("Условия участия").input_value()
    title.fill(TITLE)
    page.get_by_role("button", name="Опубликовать").click()
    assert "Объявление опубликовано" in success(page)
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    send = page.get_by_test_id("send")
    letters = int(send.inner_text().removeprefix("Разослать (").removesuffix(")"))
    assert letters > 1  # the demo's organizations and addresses of Краснодар, and the new one
    assert f"Письмо уйдёт на новые адреса: {letters}." in page.get_by_test_id("plan").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())  # «Разослать объявление? …»
    send.click()
    assert f"Письма поставлены в очередь: {letters}." in success(page)
    # The conftest's tasks run at once (settings_test: the immediate backend), so the letters are sent already.
    assert page.get_by_test_id("sent").inner_text() == str(letters)
    row = page.get_by_test_id("mailing-row").filter(has_text=EMAIL)
    assert EMPLOYER in row.inner_text()
    assert "отправлено" in row.inner_text()
    assert not row.get_by_test_id("row-registered").count()
    screenshot("outreach-mailing-sent")
    page.set_viewport_size(PHONE)  # one look on a phone: the table stacks, nothing scrolls sideways
    a11y.check()
    screenshot("outreach-mailing-390")
    page.set_viewport_size(WIDE)

    letter = Letter.objects.get(recipient=EMAIL, subject=TITLE)
    assert letter.status == LetterStatus.SENT
    assert AnnouncementLetter.objects.filter(announcement__title=TITLE, letter__status=LetterStatus.SENT).count() == (
        letters
    )
    signup_link = link_in(letter.body, "/accounts/signup/")
    assert parse_qs(urlsplit(signup_link).query) == {"email": [EMAIL]}
    unsubscribe_link = link_in(letter.body, "/unsubscribe/")

    # «Координация» counts the addresses written to; of them, the demo's bakery was on the portal already (its letter
    # went to the registered organization), and no one has registered after the letter yet.
    employers_menu(page, a11y, "Координация")
    # every address of Краснодар a letter went to, once: this one's and the demo's announcement's (whose address of
    # «Кубань-Агро», removed from the list above, still counts)
    told = AnnouncementLetter.objects.filter(municipality__name="Краснодар", letter__status=LetterStatus.SENT)
    assert page.get_by_test_id("told").inner_text() == str(told.values("email").distinct().count()) == str(letters + 1)
    assert page.get_by_test_id("known-told").inner_text() == "1"
    assert page.get_by_test_id("registered-told").inner_text() == "0"
    log_out(page)

    # 3. The employer's engineer opens the letter's links: the unsubscribe page names the address, unsubscribes it on
    # the button and subscribes it again on the other; the sign-up form knows the address.
    page.goto(base + path_of(unsubscribe_link))
    assert EMAIL in page.get_by_test_id("unsubscribe").inner_text()
    page.get_by_role("button", name="Не получать больше объявлений").click()
    assert "больше не получает объявлений" in page.get_by_test_id("unsubscribe").inner_text()
    assert OptOut.objects.filter(email=EMAIL).exists()
    page.get_by_role("button", name="Снова получать объявления").click()
    assert "объявления снова будут приходить" in page.get_by_test_id("unsubscribe").inner_text()
    assert not OptOut.objects.filter(email=EMAIL).exists()
    page.goto(base + path_of(signup_link))
    email = page.get_by_label("Адрес электронной почты")
    assert email.input_value() == EMAIL
    page.get_by_label("Фамилия").fill("Лебедева")
    page.get_by_label("Имя*", exact=True).fill("Марина")
    page.get_by_label("Отчество").fill("Викторовна")
    page.get_by_label("Должность").fill("специалист по охране труда")
    page.get_by_label("Телефон").fill("+7 861 277-33-44")
    page.get_by_label("Имя пользователя").fill("lebedeva")
    page.get_by_label("Пароль*", exact=True).fill(PASSWORD)
    page.get_by_label("Подтверждение пароля").fill(PASSWORD)
    screenshot("outreach-signup")
    page.get_by_role("button", name="Зарегистрироваться").click()
    assert EMAIL in page.locator("main").inner_text()

    confirmation = Letter.objects.filter(recipient=EMAIL, body__contains="/accounts/signup/confirm/").get()
    page.goto(base + path_of(link_in(confirmation.body, "/accounts/signup/confirm/")))
    assert "Адрес электронной почты подтверждён" in success(page)
    page.get_by_label("Полное наименование").fill(
        "Общество с ограниченной ответственностью «Кубанский завод металлоконструкций»"
    )
    page.get_by_label("Сокращённое наименование").fill(EMPLOYER)
    page.get_by_label("Организационно-правовая форма").select_option(label="Общество с ограниченной ответственностью")
    page.get_by_label("ИНН", exact=False).first.fill(EMPLOYER_INN)
    page.get_by_label("ОГРН").fill(EMPLOYER_OGRN)
    page.get_by_label("Юридический адрес").fill("350000, г. Краснодар, ул. Уральская, д. 75")
    page.get_by_label("Муниципальное образование").select_option(label="Краснодар")
    page.get_by_label("Отрасль экономики").select_option(label="Обрабатывающие производства")
    page.get_by_label("Телефон").fill("+7 861 277-33-00")
    page.get_by_label("Электронная почта").fill(EMAIL)
    page.get_by_label("Среднесписочная численность работников").fill("60")
    page.get_by_label("Доля государственной").fill("0")
    screenshot("outreach-organization")
    page.get_by_role("button", name="Зарегистрировать организацию").click()
    assert "Организация зарегистрирована" in success(page)
    organization = Organization.objects.get(inn=EMPLOYER_INN)
    assert organization.municipality.name == "Краснодар"

    # 4. The new representative asks the commission.
    page.locator("header").get_by_role("link", name="Вопросы", exact=True).click()
    page.get_by_test_id("ask").click()
    page.get_by_label("об участии в смотре-конкурсе").check()
    page.get_by_label("Тема").fill(SUBJECT)
    page.get_by_label("Вопрос*", exact=True).fill(QUESTION)
    page.get_by_role("button", name="Отправить вопрос").click()
    assert "Вопрос отправлен" in success(page)
    assert page.get_by_test_id("state").inner_text() == "ждёт ответа"
    log_out(page)

    # 5. The member answers and publishes it.
    log_in(page, base, "member")
    employers_menu(page, a11y, "Вопросы организаций")
    page.get_by_role("link", name=SUBJECT).click()
    assert EMPLOYER_INN in page.get_by_test_id("asker").inner_text()
    page.get_by_label("Сообщение").fill(ANSWER)
    page.get_by_role("button", name="Отправить ответ").click()
    assert "Ответ отправлен" in success(page)
    assert page.get_by_test_id("state").inner_text() == "отвечен"
    page.get_by_test_id("publish").click()
    assert "аналитическую записку" in page.get_by_label("Вопрос для публикации").input_value()
    assert page.get_by_label("Ответ для публикации").input_value() == ANSWER
    page.get_by_role("button", name="Опубликовать").click()
    assert "опубликованы" in success(page)
    assert FaqEntry.objects.get(question=Question.objects.get(subject=SUBJECT)).is_published

    # Anyone reads it in the FAQ of Краснодар (the member, from «О смотре-конкурсе»); the organization is not named.
    page.get_by_test_id("contest-menu").click()
    page.locator("header .dropdown-menu").get_by_role("link", name="Вопросы и ответы").click()
    page.get_by_label("Муниципальное образование").select_option(label="Краснодар")
    page.get_by_role("button", name="Показать").click()
    faq = page.locator("#content").inner_text()
    assert "аналитическую записку" in faq
    assert ANSWER in faq
    assert EMPLOYER not in faq

    # 6. The mailing page and «Координация» count the employer written to who registered.
    employers_menu(page, a11y, "Объявления и рассылка")
    page.get_by_role("link", name=TITLE).click()
    row = page.get_by_test_id("mailing-row").filter(has_text=EMAIL)
    assert row.get_by_test_id("row-registered").inner_text() == "зарегистрировался после письма"
    assert page.get_by_test_id("joined").inner_text() == "1"
    screenshot("outreach-mailing-registered")
    employers_menu(page, a11y, "Координация")
    assert page.get_by_test_id("told").inner_text() == str(
        letters + 1
    )  # with «Кубань-Агро», told by the demo's announcement
    assert page.get_by_test_id("known-told").inner_text() == "1"
    assert page.get_by_test_id("registered-told").inner_text() == "1"  # the employer of the list
    screenshot("outreach-coordination")
