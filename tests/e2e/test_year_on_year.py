"""Year on year in a real browser: the next year's card form offers last year's values, marked until the user changes
one; the commission's review page shows each indicator's points against last year's. Screenshots at 1366 and 390 px."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contest.enums import Role
from contest.services import review
from tests.contest.helpers import organization_in, registered, reload, under_review, verified
from tests.contest.test_year_on_year import next_contest
from tests.factories import municipal_user, open_contest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{base}/")


@pytest.fixture
def two_years(transactional_db):
    from django.apps import apps

    from regions.models import Region

    if not Region.objects.exists():
        import importlib

        importlib.import_module("regions.migrations.0002_krasnodar_municipalities").add_krasnodar(apps, None)
    contest = open_contest()
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    filling = organization_in(contest, full_name="ООО «Кубанский хлеб»", short_name="ООО «Кубанский хлеб»")
    reviewed = organization_in(contest, full_name="АО «Краснодарский завод»", short_name="АО «Краснодарский завод»")
    last, _user = under_review(contest, filling)
    review.correct_value(last, actor=member, key="ppe_pct", value=Decimal("90"), reason="Акт проверки")
    review.mark_verified(reload(last), actor=member)
    # Last year: fewer PPE, no OHS office, but an OHS certification — arrows up and down on this year's review page.
    verified(
        contest,
        reviewed,
        accidents=3,
        incapacity_days=40,
        ppe_pct=Decimal("96"),
        has_ohs_office=False,
        has_ohs_certification=True,
    )
    next_year = next_contest(contest)
    card_of, user = registered(next_year, filling)
    reviewed_now, _user = under_review(next_year, reviewed)
    return {"card": card_of, "user": user, "member": member, "review": reviewed_now}


def test_next_years_card_offers_last_years_values_and_the_review_shows_the_change(
    two_years, live_server, page, screenshot
):
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, two_years["user"].username)
    page.goto(base + reverse("card-edit", args=[two_years["card"].pk]))
    ppe = page.locator("#id_ppe_pct")
    assert ppe.input_value() == "90"
    assert "значение прошлого года" in page.locator("#id_ppe_pct_helptext").inner_text()
    assert ppe.get_attribute("aria-describedby") == "id_ppe_pct_helptext"
    screenshot("year-on-year-card-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("year-on-year-card-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    ppe.fill("95")  # the user changes last year's value: it is theirs now, the mark goes
    assert page.locator("[data-last-year-for=ppe_pct]").count() == 0
    assert page.locator("[data-last-year-for=sanitary_pct]").count() == 1
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_selector(".alert-success")
    assert page.locator(".last-year-badge").count() == 0
    assert page.locator("#id_ppe_pct").input_value() == "95"
    assert page.locator("#id_sanitary_pct").input_value() == "95"

    page.context.clear_cookies()
    log_in(page, base, two_years["member"].username)
    page.goto(base + reverse("commission-card", args=[two_years["review"].pk]))
    assert page.locator("[data-testid=last-year-heading]").inner_text().startswith("2011 г.")
    k1 = page.locator('tbody[data-code="K1/1"] .line-last-year')
    assert k1.count() == 1
    screenshot("year-on-year-review-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("year-on-year-review-390")
    lines = page.locator("[data-testid=review-lines]").locator("xpath=..")
    lines.evaluate("box => { box.scrollLeft = box.scrollWidth; }")  # a phone scrolls the table to the last column
    lines.screenshot(path=str(screenshot("year-on-year-review-390").parent / "year-on-year-review-390-table.png"))
