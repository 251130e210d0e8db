"""The example edition with the point table under current law (example-2026: СОУТ, occupational risks,
micro-injuries, spending under order № 771н, its own input keys) runs end to end through the same services as 2011:
card with live points → approvals → review with a correction → ranking → municipal and regional decisions →
certificate. Nothing in the portal names its inputs: the card's values come from the table's own samples."""

from decimal import Decimal

import pytest
from django.urls import reverse

import scoring
from contest import rankings
from contest.editions import EXAMPLE_MODERN
from contest.enums import APPROVER_ROLE_BODY, AttachmentKind, CertificateKind, Role
from contest.enums import ParticipationState as S
from contest.models import Approval, Award
from contest.services import awards, review
from contest.services import participation as services
from tests.contest.helpers import organization_in, pdf, registered, reload
from tests.contest.test_decisions import SIGNATORY, decide_regional
from tests.contest.test_results_services import forward, staff
from tests.factories import municipal_user, open_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def modern():
    return open_edition(EXAMPLE_MODERN)


def filed(contest, values, name):
    """An organization of Krasnodar with a card of ``values`` (section 1 added), approved, submitted, in review."""
    table = contest.table
    organization = organization_in(
        contest, headcount=values[table.role("headcount")], full_name=f"ООО «{name}»", short_name=f"ООО «{name}»"
    )
    participation, user = registered(contest, organization)
    services.update_card(participation.card, actor=user, values={**values, "women_count": 10})
    services.send_card_for_approval(participation, actor=user)
    for role, body in APPROVER_ROLE_BODY.items():
        services.decide_approval(
            Approval.objects.get(participation=participation, body=body), actor=municipal_user(role), approve=True
        )
    services.add_attachment(participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=pdf())
    if values.get(table.role("info_materials")):
        services.add_attachment(participation, actor=user, kind=AttachmentKind.INFO_MATERIALS, uploaded=pdf())
    services.submit_card(reload(participation), actor=user)
    review.start_review(reload(participation), actor=municipal_user(Role.MUNICIPAL_MEMBER))
    return reload(participation), user


def test_the_modern_edition_runs_from_card_to_certificate(modern, client):
    table = modern.table
    assert table.key == "example-2026"
    assert "assessment_pct" not in {spec.key for spec in table.inputs}  # СОУТ has its own key
    first = dict(table.samples[0].values)
    bakery, user = filed(modern, first, "Хлебозавод")
    other, _ = filed(modern, {**first, "sout_pct": "80"}, "Пекарня")

    # Live points on the card page are the table's.
    client.force_login(user)
    page = client.get(reverse("card-edit", args=[bakery.pk])).content.decode()
    expected = scoring.score_card(first, table)
    assert bakery.card.declared_total == expected.total
    assert dict(bakery.card.declared_points) == {code: format(p, "f") for code, p in expected.points.items()}
    assert table.input_spec("sout_pct").label in page

    # The commission corrects the СОУТ share of the first card: the verified points follow, the declared stay.
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    review.correct_value(bakery, actor=member, key="sout_pct", value="60", reason="Отчёт о СОУТ")
    corrected = scoring.score_card({**first, "sout_pct": "60"}, table)
    bakery = reload(bakery)
    assert (bakery.card.declared_total, bakery.card.verified_total) == (expected.total, corrected.total)
    review.mark_verified(bakery, actor=member)
    review.mark_verified(other, actor=member)

    # Stage 1 ranks by the verified totals; the municipal decision forwards the first place.
    [group] = rankings.municipal_groups(modern, bakery.organization.municipality_id)
    totals = [entry.total for entry in group.entries]
    assert totals == sorted(totals, reverse=True)
    winner = group.entries[0].participation
    forward(modern)
    assert reload(winner).state == S.MUNICIPAL_WINNER

    # Stage 2 and the regional decision name the winner; its diploma is issued.
    decision = decide_regional(modern)
    won = Award.objects.filter(decision=decision).order_by("nomination__position", "place")
    assert [(a.nomination.code, a.participation_id, a.place) for a in won] == [
        ("best-medium-large", winner.pk, 1),  # only the municipal winner goes on to stage 2
        ("best-medium-large-in-sector", winner.pk, 1),
    ]
    papers = awards.issue_certificates(
        decision, actor=staff(), kind=CertificateKind.DIPLOMA, signatory=SIGNATORY, places=awards.PLACES_ALL
    )
    assert sorted(paper.award_id for paper in papers) == sorted(a.pk for a in won)
    assert Decimal(0) < corrected.total < expected.total
