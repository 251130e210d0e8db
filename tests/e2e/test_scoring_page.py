"""The public page «how points are counted» renders the whole table from the scoring module's data."""

import re

import pytest

import scoring

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_scoring_page_shows_every_indicator_reading_and_the_maximum(demo, live_server, page, screenshot):
    table = scoring.get_table(scoring.DEFAULT_TABLE)
    page.goto(f"{live_server.url}/scoring/")

    assert page.get_by_role("heading", name="Как считаются баллы", exact=True).is_visible()
    codes = page.locator("th.indicator-code").all_inner_texts()
    assert codes == [indicator.code for indicator in table.indicators]
    assert page.get_by_test_id("max-total").inner_text().strip() == "148"
    assert page.locator("article.reading").count() == 9

    # Readings are named in words, not by the portal's codes (issue 15: plain words for organizations).
    page.get_by_role("link", name="Затраты свыше 5000 руб. на одного работника").first.click()
    assert page.url.endswith("#reading-R6")
    assert page.locator("#reading-R6").is_visible()
    text = page.locator("main").inner_text()
    assert not re.search(r"\bR[1-9]\b", text)
    assert "в источнике" not in text
    screenshot("scoring-rules")
