"""Each demo user signs in through the real login form and lands on the start page of their role."""

import pytest

from contest.models import User
from demo.management.commands.demo import DEMO_PASSWORD, USERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What each start page says that no other says.
START_PAGE_TEXT = {
    "organization": "Участие в смотре-конкурсе",
    "labour_office": "зарегистрируйте поступившие заявки",
    "municipal_member": "проверьте их соответствие фактическому состоянию охраны труда",
    "municipal_secretary": "проверьте их соответствие фактическому состоянию охраны труда",
    "approver_inspectorate": "согласуйте каждую или верните с замечанием",
    "approver_sector_body": "согласуйте каждую или верните с замечанием",
    "approver_unions": "согласуйте каждую или верните с замечанием",
    "district_administration": "передовом опыте",
    "regional_member": "определите по три лучших организации",
    "regional_secretary": "определите по три лучших организации",
    "staff": "Объявите смотр-конкурс",
}


@pytest.mark.parametrize("username", [row[0] for row in USERS])
def test_demo_user_logs_in_and_sees_their_start_page(demo, live_server, page, screenshot, username):
    user = User.objects.get(username=username)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Войти").first.click()
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()

    page.wait_for_url(f"{live_server.url}/")
    for role in user.roles:
        assert START_PAGE_TEXT[role] in page.locator("main").inner_text()
    screenshot(f"start-{username}")

    # The header names the person in one line; their name opens the menu with their full name, roles and «Выйти».
    assert page.locator("header").bounding_box()["height"] < 110
    assert not page.get_by_test_id("user-hat").first.is_visible()
    page.get_by_test_id("user-menu").click()
    menu = page.get_by_test_id("current-user").locator(".dropdown-menu")
    assert menu.inner_text().splitlines()[0] == user.full_name
    assert page.get_by_test_id("user-hat").all_inner_texts() == user.hat_labels
    assert menu.get_by_role("link", name="Сменить пароль").is_visible()
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Войти").first.is_visible()


def test_wrong_password_is_refused_in_russian(demo, live_server, page, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("org")
    page.get_by_label("Пароль").fill("не тот пароль")
    page.get_by_role("button", name="Войти").click()
    assert "введите правильные имя пользователя и пароль" in page.locator("main").inner_text()
    screenshot("login-error")
