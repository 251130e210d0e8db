"""The card keeps itself: a representative types half of it with one bad value, reloads, and finds every value and the
message; a save that does not reach the server is kept in the browser and retried; on a phone the total stays in sight
while typing and the page does not scroll sideways."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from contest.models import Organization, Participation, User
from contest.services import participation as services
from contest.services.participation import card_values
from tests.e2e.test_participant_flow import log_in
from tests.factories import FILLED_APPLICATION

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HALF_CARD = {
    "#id_women_count": "120",
    "#id_accidents": "1",
    "#id_incapacity_days": "12",
    "#id_sanitary_pct": "150",  # the bad one: more than 100 %
    "#id_ppe_pct": "99,5",
    "#id_ohs_spending_rub": "7680000",
}


def registered_demo_card(contest) -> Participation:
    """The demo organization «org» with its application registered: its card is open for typing."""
    user = User.objects.get(username="org")
    organization = Organization.objects.get(pk=user.organization_id)
    participation = services.start_participation(organization, contest=contest, actor=user)
    services.update_application(participation.application, actor=user, **FILLED_APPLICATION)
    services.give_consent(participation, user=user, subject_name=user.full_name)
    services.submit_application(participation, actor=user)
    services.register_application(participation, actor=User.objects.get(username="labour"), number="7")
    return participation


def wait_saved(page) -> None:
    """Until everything typed has reached the server (the form's data-autosave) and the page says when."""
    page.locator("#card-form[data-autosave=saved]").wait_for(state="attached")
    assert re.fullmatch(r"Сохранено в \d\d:\d\d", page.get_by_test_id("autosave-status").inner_text())


def test_card_typed_half_way_with_a_bad_value_survives_a_reload(demo, live_server, page, screenshot):
    participation = registered_demo_card(demo)
    log_in(page, live_server.url, "org")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/participation/{participation.pk}/card/")
    for selector, value in HALF_CARD.items():
        page.fill(selector, value)
    wait_saved(page)
    # The message is beside the bad value as soon as it is saved, not only after a reload.
    sanitary = page.locator("#div_id_sanitary_pct")
    assert "Значение должно быть от 0 до 100." in sanitary.inner_text()
    assert page.locator("#id_sanitary_pct").get_attribute("aria-invalid") == "true"
    # K18 asks the total; the figure per worker is shown under it.
    headcount = int(page.input_value("#id_avg_headcount"))
    per_worker = (Decimal(7680000) / headcount).quantize(Decimal(1), ROUND_HALF_UP)
    expected = f"Затраты на одного работника: {per_worker:,}\u00a0руб.".replace(",", "\u00a0")
    assert page.get_by_test_id("derived-spending_per_worker").inner_text() == expected
    assert "Кт: 12,0" in page.get_by_test_id("derived-kt").inner_text()

    page.reload()
    # Saved values come back as the portal shows numbers: a sum grouped by thousands («7 680 000», no-break spaces).
    shown = {**HALF_CARD, "#id_ohs_spending_rub": "7\u00a0680\u00a0000"}
    for selector, value in shown.items():
        assert page.input_value(selector) == value, selector
    assert "Значение должно быть от 0 до 100." in page.locator("#div_id_sanitary_pct").inner_text()
    assert re.fullmatch(r"Сохранено в \d\d:\d\d", page.get_by_test_id("autosave-status").inner_text())
    screenshot("card-autosave-reloaded-1366")

    card = Participation.objects.get(pk=participation.pk).card
    assert card.typed_inputs == {"sanitary_pct": "150"}
    assert card_values(card)["ohs_spending_rub"] == 7680000

    # Sending for approval is refused while the value is wrong, and the message names it.
    page.get_by_role("button", name="Сохранить и направить на согласование").click()
    assert "Исправьте значения, введённые с ошибкой" in page.locator("main").inner_text()
    assert "Обеспеченность санитарно-бытовыми помещениями, %" in page.get_by_role("alert").first.inner_text()
    assert page.input_value("#id_sanitary_pct") == "150"


def test_card_save_without_connection_is_kept_and_retried(demo, live_server, page):
    participation = registered_demo_card(demo)
    log_in(page, live_server.url, "org")
    url = f"{live_server.url}/participation/{participation.pk}/card/"
    page.goto(url)
    page.route("**/card/autosave/", lambda route: route.abort("internetdisconnected"))
    page.fill("#id_teenagers_count", "3")
    page.locator("#card-form[data-autosave=offline]").wait_for(state="attached")
    status = page.get_by_test_id("autosave-status")
    assert status.inner_text() == "Нет связи — изменения сохранятся, когда связь вернётся"
    assert status.get_attribute("aria-live") == "polite"
    assert Participation.objects.get(pk=participation.pk).card.teenagers_count is None

    page.reload()  # still no connection to the autosave: the browser gives back what was typed
    assert page.input_value("#id_teenagers_count") == "3"
    page.unroute("**/card/autosave/")
    wait_saved(page)  # retried once the connection is back
    assert Participation.objects.get(pk=participation.pk).card.teenagers_count == 3


def test_card_on_a_phone_keeps_the_points_in_sight_and_does_not_scroll_sideways(demo, live_server, page, screenshot):
    participation = registered_demo_card(demo)
    log_in(page, live_server.url, "org")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/participation/{participation.pk}/card/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    bar = page.get_by_test_id("points-bar")
    assert bar.is_visible()

    page.locator("#id_ohs_spending_rub").scroll_into_view_if_needed()
    page.fill("#id_ohs_spending_rub", "0")
    page.fill("#id_accidents", "0")
    page.fill("#id_incapacity_days", "0")
    page.locator("#id_has_info_materials_0").scroll_into_view_if_needed()
    wait_saved(page)
    total = page.get_by_test_id("points-total").inner_text().strip()
    box = bar.bounding_box()
    assert box is not None  # on screen, far down the form
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 844
    assert page.get_by_test_id("points-bar-total").inner_text().startswith(total + " из ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot("card-phone-typing-390").with_name("card-phone-typing-390-viewport.png")))
