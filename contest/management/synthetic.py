"""The synthetic region of bin/benchmark, in bulk: 44 municipalities, N organizations with verified cards, every tenth
with a commission correction, the municipal winners forwarded, the decisions and certificates, and the people who
look at the pages (a few of each role, to be signed in once by the benchmark and then reused)."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from stdnum.ru import inn

import scoring
from core import codec
from regions.models import Municipality

from .. import rankings, samples
from ..editions import KRASNODAR_2011
from ..enums import CertificateKind, DecisionLevel, LegalForm, Role, SizeCategory
from ..enums import ParticipationState as S
from ..models import (
    Application,
    Award,
    Certificate,
    Correction,
    Decision,
    InfoCard,
    Membership,
    Organization,
    Participation,
    User,
)
from ..services import decisions as decision_services
from ..services.contests import create_contest_from_edition
from ..services.participation.cards import fill_card
from ..validators import ogrn_check_digit


def _inn(serial: int) -> str:
    """A ten-digit organization ИНН of the krai with a valid check digit."""
    body = f"23{serial:07d}"
    return body + inn.calc_company_check_digit(body)


def _card(rng: random.Random, table: scoring.Table, headcount: int) -> dict:
    """A random valid card: the table's inputs, and section 1 within the headcounts."""
    values = samples.random_card(table, rng, headcount=headcount)
    hazardous = values.get(table.role("hazardous_headcount") or "", 0)
    women = rng.randint(0, headcount)
    return {
        **values,
        "women_count": women,
        "teenagers_count": 0,
        "hazardous_women": rng.randint(0, min(women, hazardous)),
    }


def build_region(rng: random.Random, *, organizations: int) -> dict:
    """A contest with `organizations` verified cards in every municipality; every tenth with a commission correction;
    the best of each municipality's groups forwarded to stage 2; users to look at the pages."""
    contest = create_contest_from_edition(KRASNODAR_2011)
    today = timezone.localdate()
    contest.application_deadline = today + timedelta(days=30)
    contest.card_deadline = today + timedelta(days=60)
    contest.forwarding_deadline = today + timedelta(days=90)
    contest.save()
    table = contest.table
    municipalities = list(Municipality.objects.filter(region=contest.region))
    sectors = list(contest.sectors.all())
    # A big city and small districts, as in life: Krasnodar gets a fifth of the organizations.
    weights = [len(municipalities) * 0.25] + [1] * (len(municipalities) - 1)
    orgs = []
    for serial in range(organizations):
        municipality = rng.choices(municipalities, weights)[0]
        headcount = rng.choice([rng.randint(15, 100), rng.randint(101, 3000)])
        orgs.append(
            Organization(
                full_name=f"Общество с ограниченной ответственностью «Синтетика-{serial:05d}»",
                short_name=f"ООО «Синтетика-{serial:05d}»",
                legal_form=LegalForm.OOO,
                inn=_inn(serial),
                ogrn=f"10223{serial:07d}" + ogrn_check_digit(f"10223{serial:07d}"),
                municipality=municipality,
                sector=rng.choice(sectors),
                headcount=headcount,
                public_share_pct=Decimal(0),
            )
        )
    Organization.objects.bulk_create(orgs, batch_size=2000)
    orgs = list(Organization.objects.order_by("pk"))
    participations = [
        Participation(
            contest=contest,
            organization=org,
            state=S.VERIFIED,
            sector_id=org.sector_id,
            size_category=SizeCategory.SMALL if org.headcount <= 100 else SizeCategory.MEDIUM_LARGE,
        )
        for org in orgs
    ]
    Participation.objects.bulk_create(participations, batch_size=2000)
    participations = list(Participation.objects.filter(contest=contest).select_related("organization").order_by("pk"))
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                participation=p,
                full_name=p.organization.full_name,
                head_name="Иванов Иван Иванович",
                head_position="директор",
                agrees_with_regulation=True,
                data_complete_and_true=True,
                aware_of_exclusion=True,
                joint_decision=True,
                submitted_at=now,
                registered_at=now,
            )
            for p in participations
        ],
        batch_size=2000,
    )
    staff = _person("bench-staff", Role.STAFF, first_name="Сотрудник", last_name="Департамента")
    cards, corrections, totals = [], [], {}
    keys = [spec.key for spec in table.inputs]
    # Every tenth card gets the commission's correction of its first percentage: ten points less.
    checked = next(spec for spec in table.inputs if spec.kind == "decimal" and spec.max is not None)
    for index, participation in enumerate(participations):
        values = _card(rng, table, participation.organization.headcount)
        card = fill_card(InfoCard(participation=participation), values, table)
        card.verified_points, card.verified_total = card.declared_points, card.declared_total
        if index % 10 == 0:
            lowered = max(checked.min or Decimal(0), values[checked.key] - 10)
            result = scoring.score_card({**{key: values[key] for key in keys}, checked.key: lowered}, table)
            card.verified_points = {code: codec.value_text(p) for code, p in result.points.items()}
            card.verified_total = result.total
            corrections.append(
                Correction(
                    participation=participation,
                    key=checked.key,
                    declared=codec.value_text(values[checked.key]),
                    value=codec.value_text(lowered),
                    reason="Акт проверки",
                    corrected_by=staff,
                )
            )
        totals[participation.pk] = card.verified_total
        cards.append(card)
    InfoCard.objects.bulk_create(cards, batch_size=2000)
    Correction.objects.bulk_create(corrections, batch_size=2000)
    # Stage 2: the best of each municipality, size category and sector goes on.
    best: dict[tuple, Participation] = {}
    for participation in participations:
        key = (participation.organization.municipality_id, participation.size_category, participation.sector_id)
        if key not in best or totals[participation.pk] > totals[best[key].pk]:
            best[key] = participation
    Participation.objects.filter(pk__in=[p.pk for p in best.values()]).update(state=S.MUNICIPAL_WINNER)
    biggest = max(municipalities, key=lambda m: sum(1 for o in orgs if o.municipality_id == m.pk))
    member = _person("bench-member", Role.MUNICIPAL_MEMBER, municipality=biggest)
    labour = _person("bench-labour", Role.LABOUR_OFFICE, municipality=biggest)
    regional = _person("bench-regional", Role.REGIONAL_MEMBER)
    return {
        "contest": contest,
        "biggest": biggest,
        "municipalities": len(municipalities),
        "organizations": len(participations),
        "corrections": len(corrections),
        "winners": list(best.values()),
        "totals": totals,
        "member": member,
        "labour": labour,
        "regional": regional,
        "staff": staff,
    }


def issue_synthetic_certificates(region: dict, rng: random.Random, *, count: int) -> list[Certificate]:
    """Municipal decisions for every municipality with winners, their awards, and `count` registered papers (the
    winners first, then more places as if more decisions had been taken)."""
    contest, staff = region["contest"], region["staff"]
    decisions = {}
    for participation in region["winners"]:
        municipality_id = participation.organization.municipality_id
        if municipality_id not in decisions:
            decisions[municipality_id] = Decision.objects.create(
                contest=contest,
                level=DecisionLevel.MUNICIPAL,
                municipality_id=municipality_id,
                number=f"{len(decisions) + 1}",
                date=timezone.localdate(),
                recorded_by=staff,
            )
    # The regional decision makes the results public; its snapshot is what the regional results page shows.
    municipal = Decision.objects.filter(pk__in=[d.pk for d in decisions.values()]).select_related("municipality")
    groups = [group for group in rankings.nomination_groups(contest) if group.entries]
    Decision.objects.create(
        contest=contest,
        level=DecisionLevel.REGIONAL,
        number="К-1",
        date=timezone.localdate(),
        recorded_by=staff,
        snapshot=decision_services.build_snapshot(
            contest, level=DecisionLevel.REGIONAL, groups=groups, municipal_decisions=municipal
        ),
    )
    chosen = region["winners"][:count]
    awards = Award.objects.bulk_create(
        [
            Award(
                contest=contest,
                participation=participation,
                level=DecisionLevel.MUNICIPAL,
                sector_id=participation.sector_id,
                size_category=participation.size_category,
                place=1,
                total=region["totals"][participation.pk],
                decision=decisions[participation.organization.municipality_id],
            )
            for participation in chosen
        ]
    )
    return Certificate.objects.bulk_create(
        [
            Certificate(
                award=award,
                kind=CertificateKind.MUNICIPAL,
                number=f"{contest.year}-Б-{index:04d}",
                signatory_position="Глава муниципального образования",
                signatory_name="И. И. Иванов",
                issued_by=staff,
            )
            for index, award in enumerate(awards, start=1)
        ]
    )


def _person(username: str, role: str, *, municipality=None, **names) -> User:
    """A user of the benchmark with one membership."""
    user = User.objects.create(username=username, **names)
    Membership.objects.create(user=user, role=role, municipality=municipality)
    return user


def load_people(region: dict, *, per_role: int) -> dict[str, list[User]]:
    """Up to `per_role` people of each role the load signs in: representatives of the biggest municipality's first
    organizations (each of their own), and the biggest municipality's commission (the heaviest lists of the region)."""
    biggest = region["biggest"]
    people: dict[str, list[User]] = {
        "organization": [],
        "member": [region["member"]],
        "secretary": [],
        "labour": [region["labour"]],
        "regional": [region["regional"]],
        "staff": [region["staff"]],
    }
    own = Participation.objects.filter(contest=region["contest"], organization__municipality=biggest).order_by("pk")
    for index, participation in enumerate(own.select_related("organization")[:per_role]):
        user = User.objects.create(username=f"bench-rep-{index}", first_name="Представитель")
        Membership.objects.create(user=user, role=Role.ORGANIZATION, organization=participation.organization)
        user.benchmark_participation = participation  # the pages the benchmark opens as them
        people["organization"].append(user)
    roles = {
        "member": (Role.MUNICIPAL_MEMBER, biggest),
        "secretary": (Role.MUNICIPAL_SECRETARY, biggest),
        "labour": (Role.LABOUR_OFFICE, biggest),
        "regional": (Role.REGIONAL_MEMBER, None),
        "staff": (Role.STAFF, None),
    }
    for key, (role, municipality) in roles.items():
        while len(people[key]) < per_role:
            people[key].append(_person(f"bench-{key}-{len(people[key])}", role, municipality=municipality))
    return people
