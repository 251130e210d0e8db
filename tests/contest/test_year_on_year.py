"""Year on year (issue 13, part 7): a new card is offered the organization's values of its previous contest, marked
«значение прошлого года» until saved or changed; the commission sees each indicator's points against last year's."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.enums import Role
from contest.models import Contest, InfoCard
from contest.services import participation as services
from contest.services import review
from contest.services.participation import card_values, last_year_prefill
from contest.services.tables import import_table
from tests.contest.helpers import organization_in, registered, reload, started, under_review, verified
from tests.factories import COMPLETE_CARD, municipal_user, open_contest
from tests.page_forms import fill

pytestmark = pytest.mark.django_db

BADGE = "значение прошлого года"


def next_contest(contest: Contest, year: int | None = None, point_table=None) -> Contest:
    """A copy of ``contest`` for another year (the next one by default): the same fields, point table, sectors and
    categories; open deadlines as ``contest`` has them."""
    copy = Contest.objects.create(
        region=contest.region,
        year=year or contest.year + 1,
        title=f"{contest.title} ({year or contest.year + 1})",
        point_table=point_table or contest.point_table,
        application_deadline=contest.application_deadline,
        card_deadline=contest.card_deadline,
        forwarding_deadline=contest.forwarding_deadline,
        grouping=contest.grouping,
        small_max_headcount=contest.small_max_headcount,
        small_max_public_share_pct=contest.small_max_public_share_pct,
        small_kinds=contest.small_kinds,
    )
    for sector in contest.sectors.all():
        copy.sectors.create(code=sector.code, name=sector.name, includes=sector.includes, position=sector.position)
    for category in contest.categories.all():
        copy.categories.create(
            code=category.code,
            name=category.name,
            genitive=category.genitive,
            position=category.position,
            min_headcount=category.min_headcount,
            max_headcount=category.max_headcount,
        )
    return copy


def table_with_office_count():
    """The 2011 table with «кабинет по охране труда» asked as a number of offices (int), not yes/no: same key, other kind."""
    document = json.loads(Path("scoring/tables/krasnodar-2011.json").read_text(encoding="utf-8"))
    document.update(key="test-yoy-office-count", title="Тест: кабинеты по охране труда числом", samples=[])
    for spec in document["inputs"]:
        if spec["key"] == "has_ohs_office":
            spec.update(kind="int", min=0, max=10)
    for indicator in document["indicators"]:
        if indicator["source"] == "has_ohs_office":
            indicator["rules"] = [
                {"type": "bracket", "label": "1 и более", "points": "5", "low": "1"},
                {"type": "bracket", "label": "нет", "points": "0", "high": "1", "high_inclusive": False},
            ]
    table, _ = import_table(document, actor=None)
    return table


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def member():
    return municipal_user(Role.MUNICIPAL_MEMBER)


def last_year_verified(contest, organization, member):
    """The organization's 2011 card checked by the commission, with the PPE share corrected from 100 to 90 %."""
    participation, user = under_review(contest, organization)
    review.correct_value(participation, actor=member, key="ppe_pct", value=Decimal("90"), reason="Акт проверки")
    review.mark_verified(reload(participation), actor=member)
    return reload(participation)


# ---------------------------------------------------------------------------------------------------------------------
# What a new card is offered


def test_prefill_offers_the_verified_values_of_last_year_and_saves_nothing(contest, member):
    organization = organization_in(contest)
    last_year_verified(contest, organization, member)
    participation, _user = started(next_contest(contest), organization)

    prefill = last_year_prefill(participation)

    assert prefill.year == 2011
    expected = {key: value for key, value in COMPLETE_CARD.items() if key != "avg_headcount"}
    expected["ppe_pct"] = Decimal("90")  # the commission's correction, not the declared 100
    assert prefill.values == expected
    # Offered only: the new card keeps what start_participation put there (the profile's headcount), no more.
    assert reload(participation).card.values == {"avg_headcount": 150}


def test_prefill_takes_the_declared_values_of_a_card_never_checked(contest):
    organization = organization_in(contest)
    last, user = registered(contest, organization)
    services.update_card(last.card, actor=user, values={"accidents": 2, "ppe_pct": Decimal("97.5")})
    participation, _user = started(next_contest(contest), organization)

    assert last_year_prefill(participation).values == {"accidents": 2, "ppe_pct": Decimal("97.5")}


def test_prefill_comes_only_from_the_same_organization(contest, member):
    last_year_verified(contest, organization_in(contest), member)
    participation, _user = started(next_contest(contest), organization_in(contest))

    assert last_year_prefill(participation) is None


def test_prefill_comes_from_the_latest_earlier_contest_with_values(contest):
    organization = organization_in(contest)
    cards = {}
    for year, accidents in ((2009, 9), (2010, 3), (2012, 7)):
        cards[year], user = registered(next_contest(contest, year), organization)
        services.update_card(cards[year].card, actor=user, values={"accidents": accidents})
    # 2011's card has no values: the latest earlier year with values is 2010; 2012 is later, never offered to 2011.
    empty_2011, _user = registered(contest, organization)
    participation_2013, _user = started(next_contest(contest, 2013), organization)

    assert last_year_prefill(empty_2011).values == {"accidents": 3}
    assert last_year_prefill(empty_2011).year == 2010
    assert last_year_prefill(participation_2013).values == {"accidents": 7}


def test_prefill_skips_a_key_whose_kind_differs(contest):
    organization = organization_in(contest)
    last, user = registered(contest, organization)
    services.update_card(last.card, actor=user, values={"has_ohs_office": True, "has_ohs_corners": True})
    participation, _user = started(next_contest(contest, point_table=table_with_office_count()), organization)

    assert last_year_prefill(participation).values == {"has_ohs_corners": True}  # a yes/no is not a number of offices


def test_prefill_stops_once_the_card_has_values_of_its_own(contest):
    organization = organization_in(contest)
    last, user = registered(contest, organization)
    services.update_card(last.card, actor=user, values={"accidents": 2, "sanitary_pct": Decimal("80")})
    participation, user = registered(next_contest(contest), organization)
    services.update_card(participation.card, actor=user, values={"accidents": 0})

    assert last_year_prefill(reload(participation)) is None


# ---------------------------------------------------------------------------------------------------------------------
# The card form


def field_block(content: str, name: str) -> str:
    """The crispy wrapper of one field of the card form."""
    return re.search(rf'<div id="div_id_{name}".*?(?=<div id="div_id_|</section>)', content, re.S).group(0)


def test_card_form_shows_last_years_values_marked_until_saved(client, contest, member):
    organization = organization_in(contest)
    last_year_verified(contest, organization, member)
    participation, user = registered(next_contest(contest), organization)
    client.force_login(user)
    url = reverse("card-edit", args=[participation.pk])

    page = client.get(url).content.decode()

    assert 'data-testid="last-year-notice"' in page
    assert "смотре-конкурсе 2011 года" in page
    ppe = field_block(page, "ppe_pct")
    assert 'value="90"' in ppe
    assert BADGE in ppe
    # The mark is the field's description: its help text, which the input names in aria-describedby.
    assert 'aria-describedby="id_ppe_pct_helptext"' in ppe
    assert re.search(r'id="id_ppe_pct_helptext"[^>]*>.*?' + BADGE, ppe, re.S)
    assert BADGE not in field_block(page, "avg_headcount")  # the card's own value (from the profile) stays unmarked
    assert BADGE in field_block(page, "has_ohs_office")
    assert re.search(r'data-testid="points-total">\s*\d+', page)  # the points of what the form shows
    assert "card-last-year.js" in page

    # The user keeps last year's values but changes one, and saves the draft: all of it is the card's now.
    post = {**fill(page, ppe_pct="95"), "action": "save"}  # the button pressed
    response = client.post(url, post)

    assert response["Location"] == url
    card = reload(participation).card
    values = card_values(card)
    assert values["ppe_pct"] == Decimal("95")
    assert values["sanitary_pct"] == Decimal("95")  # last year's value, saved with the draft
    assert values["has_ohs_office"] is True
    assert card.women_count == 120
    page = client.get(url).content.decode()
    assert BADGE not in page
    assert 'data-testid="last-year-notice"' not in page


def test_card_form_with_an_error_keeps_the_draft_and_last_years_offer_ends(client, contest):
    organization = organization_in(contest)
    last, user = registered(contest, organization)
    services.update_card(last.card, actor=user, values={"accidents": 2, "sanitary_pct": Decimal("80")})
    participation, user = registered(next_contest(contest), organization)
    client.force_login(user)
    url = reverse("card-edit", args=[participation.pk])
    assert BADGE in field_block(client.get(url).content.decode(), "accidents")

    response = client.post(
        url, {"accidents": "2", "sanitary_pct": "150", "fatal_accidents": "0", "fatal_transport_no_fault": "0"}
    )

    assert response["Location"] == url
    card = reload(participation).card
    assert card.values == {"accidents": 2}  # what was typed right (the headcount was not sent: emptied)
    assert card.typed_inputs == {"sanitary_pct": "150"}  # what was typed wrongly, as typed
    page = client.get(url).content.decode()
    assert BADGE not in page  # the card has values of its own now: nothing more is offered
    assert 'name="sanitary_pct" value="150"' in field_block(page, "sanitary_pct")
    assert "Значение должно быть от 0 до 100." in field_block(page, "sanitary_pct")


def test_card_form_of_a_first_year_has_no_mark(client, contest):
    participation, user = registered(next_contest(contest))
    client.force_login(user)

    page = client.get(reverse("card-edit", args=[participation.pk])).content.decode()

    assert BADGE not in page
    assert "card-last-year.js" not in page


# ---------------------------------------------------------------------------------------------------------------------
# The review page


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def last_year_cell(content: str, code: str) -> str:
    block = re.search(rf'<tbody data-code="{re.escape(code)}">(.*?)</tbody>', content, re.S).group(1)
    return text(re.search(r'<td[^>]*? class="[^"]*\bline-last-year\b[^"]*">(.*?)</td>', block, re.S).group(1))


def test_review_page_shows_each_indicators_change_since_last_year(client, contest, member):
    organization = organization_in(contest)
    last = verified(contest, organization)[0]
    # Last year: K3 counted 3 (now 5), K4 counted 5 (now 5), K2 counted 9 (now less); K19 had no such indicator.
    card = last.card
    points = dict(card.verified_points)
    points.update({"K3": "3", "K4": "5", "K2": "9"})
    del points["K19"]
    InfoCard.objects.filter(pk=card.pk).update(verified_points=points, verified_total=Decimal("80"))
    participation = under_review(next_contest(contest), organization)[0]
    now = participation.card.verified_points
    assert (now["K3"], now["K4"]) == ("5", "5")
    assert Decimal(now["K2"]) < 9
    client.force_login(member)

    page = client.get(reverse("commission-card", args=[participation.pk])).content.decode()

    assert 'data-testid="last-year-heading"' in page
    assert "2011 г." in page
    assert last_year_cell(page, "K3") == "3 ↑ +2 , в этом году больше на 2"
    assert last_year_cell(page, "K4") == "5 = , в этом году столько же"
    fewer = 9 - Decimal(now["K2"])
    assert last_year_cell(page, "K2") == f"9 ↓ −{fewer:f} , в этом году меньше на {fewer:f}".replace(".", ",")
    assert last_year_cell(page, "K19") == "новый показатель"
    assert 'aria-hidden="true">↑ +2</span>' in page  # the arrow is for the eye; the words are for screen readers


def test_review_page_without_a_previous_card_has_no_last_year_column(client, contest, member):
    participation = under_review(contest, organization_in(contest))[0]
    client.force_login(member)

    page = client.get(reverse("commission-card", args=[participation.pk])).content.decode()

    assert 'data-testid="last-year-heading"' not in page
    assert "line-last-year" not in page


def test_review_page_reads_last_year_in_one_query(client, contest, member):
    first_year = under_review(contest, organization_in(contest))[0]
    organization = organization_in(contest)
    verified(contest, organization)
    participation = under_review(next_contest(contest), organization)[0]
    client.force_login(member)

    def queries(p) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("commission-card", args=[p.pk])).status_code == 200
        return len(captured)

    # The same page with last year's column costs what the page without it costs: the read is one query either way.
    assert queries(participation) == queries(first_year)
