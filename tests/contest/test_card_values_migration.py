"""The data migration that moved a card's values from their columns into InfoCard.values (contest 0014): every value
of every card is there after it, with the declared and verified points, and back in its column after the way back."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import scoring
from tests.factories import COMPLETE_CARD

BEFORE = [("contest", "0013_memberships")]
AFTER = [("contest", "0014_card_values")]
SECTION_1 = {"women_count", "teenagers_count", "hazardous_women"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaf():
    executor = MigrationExecutor(connection)
    return [(app, name) for app, name in executor.loader.graph.leaf_nodes() if app == "contest"]


def test_every_card_value_moves_into_values_with_its_points_and_back(migrations_undone):
    old = migrate(BEFORE)
    Region = old.get_model("regions", "Region")
    Municipality = old.get_model("regions", "Municipality")
    Contest = old.get_model("contest", "Contest")
    Sector = old.get_model("contest", "Sector")
    Organization = old.get_model("contest", "Organization")
    Participation = old.get_model("contest", "Participation")
    InfoCard = old.get_model("contest", "InfoCard")
    User = old.get_model("contest", "User")
    Correction = old.get_model("contest", "Correction")
    contest = Contest.objects.create(
        year=2099,
        title="Смотр-конкурс",
        region=Region.objects.first(),
        scoring_table="krasnodar-2011",
        card_deadline=date(2100, 2, 1),
        forwarding_deadline=date(2100, 2, 20),
    )
    sector = Sector.objects.create(contest=contest, code="x", name="Отрасль", position=1)
    town = Municipality.objects.get(name="Сочи")
    cards = {}
    for n, values in enumerate(
        [
            dict(COMPLETE_CARD),  # complete: scored
            {"avg_headcount": 12, "women_count": 3, "has_ohs_office": False, "sanitary_pct": Decimal("99.50")},
            {},  # nothing typed yet
        ]
    ):
        organization = Organization.objects.create(
            full_name=f"ООО «Ромашка {n}»",
            inn=["2310031475", "7707083893", "7728168971"][n],
            ogrn=["1022301598549", "1027700132195", "1027700067328"][n],
            municipality=town,
            sector=sector,
            avg_headcount=10,
        )
        participation = Participation.objects.create(
            contest=contest, organization=organization, sector=sector, size_category="medium_large"
        )
        cards[n] = InfoCard.objects.create(participation=participation, **values).pk
    member = User.objects.create(username="member")
    complete = InfoCard.objects.get(pk=cards[0])
    Correction.objects.create(
        participation_id=complete.participation_id,
        key="ppe_pct",
        declared="100",
        value="90",
        reason="Акт проверки",
        corrected_by=member,
    )

    new = migrate(AFTER)
    moved = {card.pk: card for card in new.get_model("contest", "InfoCard").objects.all()}
    expected = {key: value for key, value in COMPLETE_CARD.items() if key not in SECTION_1}
    expected = {key: format(v, "f") if isinstance(v, Decimal) else v for key, v in expected.items()}
    assert moved[cards[0]].values == expected
    assert (moved[cards[0]].women_count, moved[cards[0]].hazardous_women) == (120, 10)
    table = scoring.get_table("krasnodar-2011")
    values = {spec.key: COMPLETE_CARD[spec.key] for spec in table.inputs}
    result = scoring.score_card(values, table)
    verified = scoring.score_card({**values, "ppe_pct": Decimal(90)}, table)
    assert moved[cards[0]].declared_points == {code: format(p, "f") for code, p in result.points.items()}
    assert moved[cards[0]].verified_points["K3"] == "0"  # 90 % of the norm: below 95 %
    assert sum(Decimal(p) for p in moved[cards[0]].verified_points.values()) == verified.total
    assert moved[cards[1]].values == {"avg_headcount": 12, "has_ohs_office": False, "sanitary_pct": "99.5"}
    assert (moved[cards[1]].declared_points, moved[cards[1]].verified_points) == ({}, {})
    assert moved[cards[2]].values == {}

    back = migrate(BEFORE)
    restored = {card.pk: card for card in back.get_model("contest", "InfoCard").objects.all()}
    for key, value in COMPLETE_CARD.items():
        assert getattr(restored[cards[0]], key) == value, key
    assert (restored[cards[1]].sanitary_pct, restored[cards[1]].has_ohs_office) == (Decimal("99.5"), False)
    assert restored[cards[1]].accidents is None
    migrate(leaf())
