"""The overview in figures (issue 15, point 9): progress by municipality, the spread of totals, average points per
indicator, Кч and Кт, years — counted in the database from what the cards keep, shown to the people who may see it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contest.enums import Role
from contest.selectors import dashboard as figures
from tests.contest.helpers import card_submitted, organization_in, registered, started, submitted, verified
from tests.factories import UserFactory, municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def region(contest):
    """Краснодар: a draft, a filed application, a registered one, two verified cards (one with more accidents);
    Сочи: a card submitted after the approvals."""
    krd = "Краснодар"
    started(contest, organization_in(contest, krd))
    submitted(contest, organization_in(contest, krd))
    registered(contest, organization_in(contest, krd))
    first, _ = verified(contest, organization_in(contest, krd))  # 240 workers, 1 accident, 12 days
    second, _ = verified(
        contest, organization_in(contest, krd), avg_headcount=160, accidents=2, incapacity_days=30, hazardous_workers=20
    )
    sochi, _ = card_submitted(contest, organization_in(contest, "Сочи"))  # 240, 1, 12
    return {"first": first, "second": second, "sochi": sochi}


def test_progress_counts_every_stage_with_the_ones_that_went_further(contest, region):
    total, by_municipality = figures.progress(contest)
    assert total.started == 6
    assert total.stages == {"applied": 5, "registered": 4, "submitted": 3, "checked": 2}
    assert total.share("checked") == 33
    rows = {item.municipality.name: item for item in by_municipality}
    assert len(rows) == contest.region.municipalities.count()  # every municipality, the ones without anyone too
    assert (rows["Краснодар"].started, rows["Краснодар"].stages) == (
        5,
        {"applied": 4, "registered": 3, "submitted": 2, "checked": 2},
    )
    assert (rows["Сочи"].started, rows["Сочи"].stages["submitted"]) == (1, 1)
    assert (rows["Анапа"].started, rows["Анапа"].stages, rows["Анапа"].share("applied")) == (0, {}, 0)
    only_sochi, [sochi] = figures.progress(contest, [municipality("Сочи").pk])
    assert (only_sochi.started, sochi.municipality.name) == (1, "Сочи")


def test_rates_are_those_of_the_whole_group_not_an_average_of_the_cards(contest, region):
    region_rates, by_municipality = figures.rates(contest)
    # 240 + 160 + 240 workers, 1 + 2 + 1 accidents, 12 + 30 + 12 days.
    assert (region_rates.cards, region_rates.headcount, region_rates.accidents, region_rates.days) == (3, 640, 4, 54)
    assert region_rates.kch == Decimal("6.3")  # 4 × 1000 ÷ 640 = 6.25, not the mean of 4.2, 12.5 and 4.2
    assert region_rates.kt == Decimal("13.5")
    krd = next(item for item in by_municipality if item.municipality.name == "Краснодар")
    assert (krd.kch, krd.kt) == (Decimal("7.5"), Decimal("14.0"))
    # A draft's or a registered card's values don't count; a municipality with no submitted card has no row.
    assert {item.municipality.name for item in by_municipality} == {"Краснодар", "Сочи"}
    nobody, none = figures.rates(contest, [municipality("Анапа").pk])
    assert (nobody.cards, nobody.kch, nobody.kt, none) == (0, None, None, [])


def test_spread_and_indicator_averages_read_the_points_the_cards_keep(contest, region):
    cards = [region[key].card for key in ("first", "second", "sochi")]
    for card in cards:
        card.refresh_from_db()
    totals = [card.verified_total if card.verified_total is not None else card.declared_total for card in cards]
    spread = dict(figures.spread(contest))
    assert sum(spread.values()) == 3
    for total in totals:
        low = int(total // 10) * 10
        assert spread[next(label for label in spread if label.startswith(f"{low}–"))] >= 1
    assert next(iter(spread)) == "0–10"
    assert list(spread)[-1].endswith(str(contest.table.max_total.normalize()).replace(".", ","))
    averages = {item.code: item for item in figures.indicator_averages(contest)}
    assert list(averages) == [indicator.code for indicator in contest.table.indicators]
    k1 = [Decimal((card.verified_points or card.declared_points)["K1/1"]) for card in cards]
    assert averages["K1/1"].average == (sum(k1) / 3).quantize(Decimal("0.1"))
    assert 0 <= averages["K1/1"].share <= 100


def test_years_list_every_contest_of_the_region_up_to_this_one(contest, region):
    [year] = figures.years(contest)
    assert (year.year, year.started, year.counted) == (contest.year, 6, 3)
    assert year.average_total is not None


def test_a_territorial_commission_sees_its_own_municipality_and_no_other(client, contest, region):
    client.force_login(municipal_user(Role.MUNICIPAL_SECRETARY, name="Сочи"))
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="stage-started">1<' in text
    assert 'data-testid="dashboard-scope">Сочи<' in text
    assert client.get(reverse("dashboard"), {"municipality": municipality("Краснодар").pk}).status_code == 404


def test_staff_see_the_region_and_choose_a_municipality_bad_choices_are_404(client, contest, region):
    client.force_login(UserFactory(role=Role.STAFF))
    text = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="stage-started">6<' in text
    assert 'data-testid="progress-table"' in text
    assert "chart-progress-title" in text
    assert 'data-testid="rate-kch">6,3<' in text
    narrowed = client.get(reverse("dashboard"), {"municipality": municipality("Краснодар").pk}).content.decode()
    assert 'data-testid="stage-started">5<' in narrowed
    for query in ({"municipality": "abc"}, {"municipality": "999999"}, {"year": "1999"}, {"year": "20x1"}):
        assert client.get(reverse("dashboard"), query).status_code == 404


def test_an_organization_gets_404_and_an_empty_contest_says_what_comes(client, contest):
    client.force_login(UserFactory(role=Role.STAFF))
    text = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="dashboard-empty"' in text
    assert "Ни одна карта ещё не представлена" in text
    rep = started(contest)[1]
    client.force_login(rep)
    assert client.get(reverse("dashboard")).status_code == 404


def test_the_overview_costs_the_same_queries_for_one_card_and_for_many(client, contest):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = UserFactory(role=Role.STAFF)
    client.force_login(staff)

    def count() -> int:
        client.get(reverse("dashboard"))  # what Django caches per process is not counted
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    verified(contest, organization_in(contest, "Краснодар"))
    one = count()
    for town in ("Краснодар", "Сочи", "Анапа"):
        card_submitted(contest, organization_in(contest, town))
    assert count() == one
    assert one == 17  # the session, the user, their memberships, the header (unread count), the figures
