"""A representative types a sum the way Russians write it — «1 250 000», with spaces — into the card's money field,
and the card takes it: the live points count it, the draft is saved, the field shows it back grouped (issue 15)."""

import pytest

from contest.services.participation import card_values
from tests.contest.helpers import registered

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


def test_a_sum_typed_with_spaces_is_taken_by_the_card(demo, live_server, page, screenshot):
    participation, user = registered(demo)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "secret-pass-123")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/participation/{participation.pk}/card/")
    headcount = page.locator("#id_avg_headcount")
    headcount.fill("")  # the organization's headcount is offered; the person types another over it
    headcount.press_sequentially("1 250")
    money = page.locator("#id_ohs_spending_rub")
    money.click()
    money.press_sequentially("1 250 000")  # typed key by key, spaces included, as a person types it
    money.press("Tab")
    # The live points take it too: 1 250 000 руб. on 1 250 workers is 1000 руб. per worker.
    page.get_by_test_id("points-K18").filter(has_text="1000").wait_for()
    assert "Введите число" not in page.get_by_test_id("points-K18").inner_text()
    screenshot("card-money-typed-with-spaces")

    page.get_by_role("button", name="Сохранить черновик").click()
    assert "Черновик карты сохранён." in page.locator("body").inner_text()
    participation.card.refresh_from_db()
    values = card_values(participation.card)
    assert values["ohs_spending_rub"] == 1250000
    assert values["avg_headcount"] == 1250
    assert money.input_value() == f"1{NBSP}250{NBSP}000"  # shown back the Russian way
    assert page.locator(".invalid-feedback:visible").count() == 0
