import pytest

from contest.editions import KRASNODAR_2011
from contest.enums import SizeCategory
from contest.services.contests import create_contest_from_edition
from core.exceptions import DomainError

pytestmark = pytest.mark.django_db


def test_create_contest_from_edition_makes_the_2011_lists():
    contest = create_contest_from_edition(KRASNODAR_2011)
    assert contest.year == 2011
    assert contest.region.name == "Краснодарский край"
    assert contest.point_table.key == "krasnodar-2011"
    assert str(contest.card_deadline) == "2012-02-01"
    assert str(contest.forwarding_deadline) == "2012-02-20"
    assert contest.application_deadline is None
    assert contest.sectors.count() == 12
    assert list(contest.sectors.values_list("name", flat=True)[:2]) == [
        "Обрабатывающие производства",
        "Производство и распределение энергии",
    ]
    assert list(contest.categories.values_list("code", "name", "genitive", "min_headcount", "max_headcount")) == [
        ("medium_large", "средний и крупный бизнес", "среднего и крупного бизнеса", None, None),
        ("small", "малый бизнес", "малого бизнеса", None, None),
    ]
    assert (contest.grouping, contest.small_max_headcount, contest.small_max_public_share_pct) == ("size", 100, 25)
    assert contest.small_kinds == ["commercial", "consumer_cooperative", "individual_entrepreneur", "peasant_farm"]
    nominations = list(contest.nominations.values_list("category__code", "per_sector", "places"))
    assert nominations == [
        (SizeCategory.MEDIUM_LARGE, False, 3),
        (SizeCategory.MEDIUM_LARGE, True, 1),
        (SizeCategory.SMALL, False, 3),
    ]


def test_create_contest_from_edition_twice_is_refused():
    create_contest_from_edition(KRASNODAR_2011)
    with pytest.raises(DomainError) as caught:
        create_contest_from_edition(KRASNODAR_2011)
    assert caught.value.message == "Смотр-конкурс 2011 года в регионе «Краснодарский край» уже есть."
