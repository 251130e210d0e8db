"""Categories of participants as a contest's data (issue 13, part 5): R8's two for 2011, headcount bands for an
edition that groups by headcount; stage 1 ranks per category × sector, stage 2 per nomination; the migration keeps
the 2011 codes."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contest import rankings
from contest.editions import EXAMPLE_BANDS, KRASNODAR_2011, CategorySpec, Edition
from contest.enums import Grouping, LegalForm
from contest.models import Award, Category, Contest
from contest.services import awards, decisions
from contest.services.categories import placement
from contest.services.contests import create_contest_from_edition, grouping_problems
from core.exceptions import DomainError
from scoring.eligibility import Band
from tests.contest.helpers import organization_in, reload, started, verified
from tests.contest.test_results_services import TOTALS, forward
from tests.factories import OrganizationFactory, municipality, open_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def bands():
    """The example edition grouped by headcount, with its deadlines still open today."""
    return open_edition(EXAMPLE_BANDS)


def member(contest, total: str, name: str, headcount: int, *, town: str = "Краснодар", sector: str = "manufacturing"):
    organization = organization_in(
        contest, town, sector, headcount=headcount, full_name=f"ООО «{name}»", short_name=f"ООО «{name}»"
    )
    participation, _ = verified(contest, organization, **TOTALS[Decimal(total)])
    assert participation.card.verified_total == Decimal(total)
    return participation


def test_the_bands_edition_creates_its_categories_and_nominations(bands):
    assert bands.grouping == Grouping.HEADCOUNT
    assert bands.title == "Пример: номинации по численности работников"
    assert list(bands.categories.values_list("position", "code", "name", "min_headcount", "max_headcount")) == [
        (1, "to-50", "до 50 человек", None, 50),
        (2, "51-1000", "от 51 до 1000 человек", 51, 1000),
        (3, "over-1000", "свыше 1000 человек", 1001, None),
    ]
    assert list(bands.nominations.values_list("code", "category__code", "per_sector", "places")) == [
        ("best-in-sector-to-50", "to-50", True, 1),
        ("best-three-to-50", "to-50", False, 3),
        ("best-in-sector-51-1000", "51-1000", True, 1),
        ("best-three-51-1000", "51-1000", False, 3),
        ("best-in-sector-over-1000", "over-1000", True, 1),
        ("best-three-over-1000", "over-1000", False, 3),
    ]
    assert bands.nominations.first().name == (
        "Лучшая организация в каждой отрасли среди организаций с численностью работников до 50 человек"
    )


@pytest.mark.parametrize(("headcount", "code"), [(1, "to-50"), (50, "to-50"), (51, "51-1000"), (1001, "over-1000")])
def test_an_application_falls_into_the_band_of_its_headcount(bands, headcount, code):
    organization = OrganizationFactory(sector=bands.sectors.get(code="manufacturing"), headcount=headcount)
    participation, _ = started(bands, organization)
    assert participation.size_category == code


def test_the_placement_names_the_band_and_why():
    contest = create_contest_from_edition(EXAMPLE_BANDS)
    organization = OrganizationFactory(headcount=700)
    found = placement(contest, organization)
    assert (found.code, found.label, found.reasons) == (
        "51-1000",
        "от 51 до 1000 человек",
        ("среднесписочная численность 700 человек — от 51 до 1000 человек",),
    )


def test_the_placement_of_the_2011_contest_is_r8_with_the_contests_limits():
    contest = create_contest_from_edition(KRASNODAR_2011)
    organization = OrganizationFactory(legal_form=LegalForm.OOO, headcount=150, public_share_pct=0)
    assert placement(contest, organization).code == "medium_large"
    contest.small_max_headcount = 200
    assert placement(contest, organization).label == "малый бизнес"
    assert placement(None, organization).reasons[1] == "среднесписочная численность 150 > 100"


def test_a_placement_the_bands_cannot_make_is_a_domain_error(bands):
    bands.categories.filter(code="over-1000").update(min_headcount=2000)
    with pytest.raises(DomainError) as caught:
        placement(bands, OrganizationFactory(headcount=10))
    assert caught.value.message == (
        "Группу участников определить нельзя: Между группами пропущена численность от 1001 до 1999 человек. "
        "Сообщите в департамент труда."
    )


def test_grouping_problems_for_each_rule():
    assert grouping_problems(Grouping.SIZE, [Band("small", None, None), Band("medium_large", None, None)]) == []
    assert grouping_problems(Grouping.SIZE, [Band("small", None, None)]) == [
        "По правилу R8 нужны ровно две группы с кодами «medium_large», «small»."
    ]
    assert grouping_problems(Grouping.HEADCOUNT, []) == ["Задайте группы участников по численности работников."]
    assert grouping_problems(Grouping.HEADCOUNT, [Band("a", 0, 50), Band("b", 52, None)]) == [
        "Между группами пропущена численность от 51 до 51 человек."
    ]


def test_an_edition_with_bands_that_leave_a_gap_is_refused():
    edition = Edition(
        **{
            **EXAMPLE_BANDS.__dict__,
            "categories": (CategorySpec("a", "до 50", "до 50", None, 50), CategorySpec("b", "от 60", "от 60", 60)),
            "nominations": (),
        }
    )
    with pytest.raises(DomainError) as caught:
        create_contest_from_edition(edition)
    assert caught.value.message == "Между группами пропущена численность от 51 до 59 человек."
    assert not Contest.objects.filter(year=edition.year).exists()


def test_stage_1_ranks_per_band_and_sector_in_the_order_of_the_bands(bands):
    big = member(bands, "98", "Большая", 1500)
    middle_second = member(bands, "98", "Средняя-2", 300)
    middle_first = member(bands, "108", "Средняя-1", 60)
    small_energy = member(bands, "93", "Малая", 20, sector="energy")
    groups = rankings.municipal_groups(bands, municipality("Краснодар").pk)
    assert [
        (g.title, g.key.split(":")[2], [(e.participation, e.place, e.prize) for e in g.entries]) for g in groups
    ] == [
        ("до 50 человек · Производство и распределение энергии", "to-50", [(small_energy, 1, True)]),
        (
            "от 51 до 1000 человек · Обрабатывающие производства",
            "51-1000",
            [(middle_first, 1, True), (middle_second, 2, False)],
        ),
        ("свыше 1000 человек · Обрабатывающие производства", "over-1000", [(big, 1, True)]),
    ]


def test_stage_2_ranks_per_nomination_and_certificates_name_the_band(bands):
    krd = member(bands, "113", "Краснодарская", 60)
    sochi = member(bands, "108", "Сочинская", 70, town="Сочи")
    energy = member(bands, "98", "Энергетики", 80, town="Новороссийск", sector="energy")
    small = member(bands, "103", "Малая", 10, town="Новороссийск")
    for town in ("Краснодар", "Сочи", "Новороссийск"):
        forward(bands, town)
    [krd, sochi, energy, small] = [reload(p) for p in (krd, sochi, energy, small)]
    groups = rankings.nomination_groups(bands)
    assert [(g.title, g.places, [(e.participation, e.place, e.prize) for e in g.entries]) for g in groups] == [
        (
            "Лучшая организация в каждой отрасли среди организаций с численностью работников до 50 человек: "
            "Обрабатывающие производства",
            1,
            [(small, 1, True)],
        ),
        ("Три лучшие организации среди организаций с численностью работников до 50 человек", 3, [(small, 1, True)]),
        (
            "Лучшая организация в каждой отрасли среди организаций с численностью работников от 51 до 1000 человек: "
            "Обрабатывающие производства",
            1,
            [(krd, 1, True), (sochi, 2, False)],
        ),
        (
            "Лучшая организация в каждой отрасли среди организаций с численностью работников от 51 до 1000 человек: "
            "Производство и распределение энергии",
            1,
            [(energy, 1, True)],
        ),
        (
            "Три лучшие организации среди организаций с численностью работников от 51 до 1000 человек",
            3,
            [(krd, 1, True), (sochi, 2, True), (energy, 3, True)],
        ),
        ("Три лучшие организации среди организаций с численностью работников свыше 1000 человек", 3, []),
    ]
    award = Award.objects.get(participation=small, level="municipal")
    assert (award.size_category, award.category_name) == ("to-50", "до 50 человек")
    assert awards.award_reason(award) == (
        f"за первое место в муниципальном этапе смотра-конкурса на лучшую организацию работы в области охраны труда "
        f"{bands.year} года в отрасли «Обрабатывающие производства» среди организаций с численностью работников "
        "до 50 человек"
    )
    decision = bands.decisions.get(municipality__name="Новороссийск")
    snapshot = decisions.snapshot_of(decision)
    assert [(g.size_category, g.category) for g in snapshot.groups] == [
        ("to-50", "до 50 человек"),
        ("51-1000", "от 51 до 1000 человек"),
    ]


def test_a_nomination_over_all_categories_ranks_every_forwarded_winner(bands):
    everyone = bands.nominations.create(code="best-in-sector", name="Лучшая в каждой отрасли", per_sector=True)
    krd = member(bands, "113", "Краснодарская", 60)
    small = member(bands, "103", "Малая", 10, town="Сочи")
    for town in ("Краснодар", "Сочи"):
        forward(bands, town)
    [group] = [g for g in rankings.nomination_groups(bands) if g.nomination_id == everyone.pk]
    assert (group.title, group.size_category, group.category_name) == (
        "Лучшая в каждой отрасли: Обрабатывающие производства",
        "",
        "",
    )
    assert [(e.participation, e.place, e.prize) for e in group.entries] == [
        (reload(krd), 1, True),
        (reload(small), 2, False),
    ]


def test_a_nomination_takes_a_category_of_its_own_contest_only(bands):
    other = create_contest_from_edition(KRASNODAR_2011)
    nomination = bands.nominations.first()
    nomination.category = other.categories.first()
    with pytest.raises(ValidationError) as caught:
        nomination.full_clean()
    assert caught.value.message_dict == {"category": ["Выберите группу участников этого смотра-конкурса."]}


def test_bounds_of_a_category_are_ordered_in_the_database(bands):
    category = Category(contest=bands, code="x", name="x", genitive="x", min_headcount=10, max_headcount=5)
    with pytest.raises(ValidationError) as caught:
        category.full_clean()
    assert caught.value.messages == ["Наибольшая численность группы не может быть меньше наименьшей."]


# ---------------------------------------------------------------------------------------------------------------------
# The migration


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_migration_gives_existing_contests_r8_categories_and_keeps_the_codes(migrations_undone):
    old = migrate([("contest", "0013_memberships")])
    Contest_ = old.get_model("contest", "Contest")
    Region = old.get_model("regions", "Region")
    Sector = old.get_model("contest", "Sector")
    Nomination = old.get_model("contest", "Nomination")
    Organization = old.get_model("contest", "Organization")
    Participation = old.get_model("contest", "Participation")
    Award_ = old.get_model("contest", "Award")
    Municipality = old.get_model("regions", "Municipality")
    contest = Contest_.objects.create(
        year=2099,
        title="Смотр-конкурс",
        region=Region.objects.first(),
        card_deadline=date(2100, 2, 1),
        forwarding_deadline=date(2100, 2, 20),
    )
    sector = Sector.objects.create(contest=contest, code="x", name="Отрасль", position=1)
    small = Nomination.objects.create(contest=contest, code="s", name="Малые", size_category="small", places=3)
    large = Nomination.objects.create(contest=contest, code="l", name="Крупные", size_category="medium_large")
    organization = Organization.objects.create(
        full_name="ООО «Ромашка»",
        inn="2310031475",
        ogrn="1022301598549",
        municipality=Municipality.objects.get(name="Сочи"),
        sector=sector,
        avg_headcount=10,
    )
    participation = Participation.objects.create(
        contest=contest, organization=organization, sector=sector, size_category="small"
    )
    Award_.objects.create(
        contest=contest,
        participation=participation,
        level="municipal",
        sector=sector,
        size_category="small",
        place=1,
        total=Decimal(98),
    )

    new = migrate([("contest", "0016_categories")])
    Category_ = new.get_model("contest", "Category")
    assert list(
        Category_.objects.filter(contest_id=contest.pk).values_list("position", "code", "name", "genitive")
    ) == [
        (1, "medium_large", "средний и крупный бизнес", "среднего и крупного бизнеса"),
        (2, "small", "малый бизнес", "малого бизнеса"),
    ]
    NewNomination = new.get_model("contest", "Nomination")
    assert {n.code: n.category.code for n in NewNomination.objects.filter(contest_id=contest.pk)} == {
        "s": "small",
        "l": "medium_large",
    }
    assert new.get_model("contest", "Participation").objects.get(pk=participation.pk).size_category == "small"
    award = new.get_model("contest", "Award").objects.get(participation_id=participation.pk)
    assert (award.size_category, award.category_name, award.category_genitive) == (
        "small",
        "малый бизнес",
        "малого бизнеса",
    )

    back = migrate([("contest", "0013_memberships")])
    assert dict(back.get_model("contest", "Nomination").objects.values_list("pk", "size_category")) == {
        small.pk: "small",
        large.pk: "medium_large",
    }
    migrate([("contest", max_leaf())])


def max_leaf() -> str:
    executor = MigrationExecutor(connection)
    return next(name for app, name in executor.loader.graph.leaf_nodes() if app == "contest")


def test_the_create_contest_command_announces_the_bands_example(capsys):
    from django.core.management import call_command

    call_command("create_contest", "example-bands")
    contest = Contest.objects.get(title="Пример: номинации по численности работников")
    assert (contest.categories.count(), contest.nominations.count(), contest.sectors.count()) == (3, 6, 12)
    assert "Создан смотр-конкурс: Пример: номинации по численности работников" in capsys.readouterr().out
