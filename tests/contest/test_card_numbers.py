"""The card takes numbers as Russians type them, and says each error in one wording: under the field as in the points
panel (issue 15, «Numbers»)."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from contest.services.participation import card_values
from tests.contest.helpers import registered, reload
from tests.contest.test_participant_views import card_post
from tests.factories import open_contest

NBSP, NNBSP = "\u00a0", "\u202f"

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


@pytest.mark.parametrize(
    "typed", ["1 250 000", f"1{NBSP}250{NBSP}000", f"1{NNBSP}250{NNBSP}000", "1250000,5", "1 250 000.5"]
)
def test_card_takes_a_sum_typed_with_spaces_and_a_comma(client, contest, typed):
    participation, user = registered(contest)
    client.force_login(user)
    response = client.post(
        reverse("card-edit", args=[participation.pk]), card_post({"avg_headcount": "1 250", "ohs_spending_rub": typed})
    )
    assert response.status_code == 302
    values = card_values(reload(participation).card)
    assert values["ohs_spending_rub"] == Decimal(
        typed.replace(",", ".").replace(" ", "").replace(NBSP, "").replace(NNBSP, "")
    )
    assert values["avg_headcount"] == 1250


def test_card_shows_a_saved_sum_grouped_in_its_field(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    url = reverse("card-edit", args=[participation.pk])
    client.post(url, card_post({"ohs_spending_rub": "1250000,5"}))
    content = client.get(url).content.decode()
    assert re.search(rf'name="ohs_spending_rub" value="1{NBSP}250{NBSP}000,5"', unescape(content))


def _field_errors(content: str, name: str) -> list[str]:
    """The messages under one field of the card page (crispy's block with the field's error id)."""
    match = re.search(rf'<div id="id_{name}_error" class="invalid-feedback">(.*?)</div>', content, re.S)
    return [unescape(text) for text in re.findall(r"<strong>(.*?)</strong>", match.group(1))] if match else []


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("sanitary_pct", "abc", "Введите число."),
        ("sanitary_pct", "150", "Значение должно быть от 0 до 100."),
        ("ppe_pct", "12 5", "Введите число."),  # a space that does not separate thousands
        ("avg_headcount", "12,5", "Введите целое число."),
        ("avg_headcount", "много", "Введите число."),
        ("avg_headcount", "0", "Значение должно быть не меньше 1."),
        ("ohs_spending_rub", "-1", "Значение должно быть не меньше 0."),
    ],
)
def test_an_error_is_worded_alike_under_the_field_and_in_the_points_panel(client, contest, name, typed, message):
    participation, user = registered(contest)
    client.force_login(user)
    data = card_post({"avg_headcount": "240", name: typed})
    url = reverse("card-edit", args=[participation.pk])
    client.post(url, data)  # the draft keeps the value as typed; the page shows it with its message
    page = client.get(url).content.decode()
    panel = unescape(client.post(reverse("card-points", args=[participation.pk]), data).content.decode())
    assert _field_errors(page, name) == [message]
    assert message in panel  # the pending line of the indicator says the same
