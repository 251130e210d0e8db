"""Editions of the contest as data: the sectors, categories of participants and nominations a regulation sets, and its
deadlines.

A new year's regulation is a new entry here (or a contest set up by staff in the admin); nothing else changes.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from scoring.eligibility import SMALL_BUSINESS_KINDS, SMALL_MAX_HEADCOUNT, SMALL_MAX_PUBLIC_SHARE_PCT, OrgKind

from .enums import Grouping, SizeCategory


@dataclass(frozen=True)
class CategorySpec:
    """A category of participants (группа участников); headcount bounds inclusive, for the headcount rule only."""

    code: str
    name: str
    genitive: str  # after «среди организаций», as a certificate prints it
    min_headcount: int | None = None
    max_headcount: int | None = None


@dataclass(frozen=True)
class NominationSpec:
    code: str
    name: str
    category: str  # the code of one of the edition's categories; "" for all of them
    per_sector: bool
    places: int


@dataclass(frozen=True)
class SizeRule:
    """Reading R8's limits (inclusive) and the kinds of organization that may be small business."""

    max_headcount: int = SMALL_MAX_HEADCOUNT
    max_public_share_pct: Decimal = SMALL_MAX_PUBLIC_SHARE_PCT
    small_kinds: frozenset[OrgKind] = SMALL_BUSINESS_KINDS


# Section 4.11 of the 2011 Положение and reading R8: the codes are SizeCategory's.
SIZE_RULE_CATEGORIES = (
    CategorySpec(SizeCategory.MEDIUM_LARGE, "средний и крупный бизнес", "среднего и крупного бизнеса"),
    CategorySpec(SizeCategory.SMALL, "малый бизнес", "малого бизнеса"),
)


@dataclass(frozen=True)
class Edition:
    key: str
    region_code: str
    year: int
    title: str
    scoring_table: str
    application_deadline: date | None
    card_deadline: date
    forwarding_deadline: date
    sectors: tuple[tuple[str, str, str], ...]  # code, name, what it includes
    nominations: tuple[NominationSpec, ...]
    grouping: Grouping = Grouping.SIZE
    categories: tuple[CategorySpec, ...] = SIZE_RULE_CATEGORIES
    size_rule: SizeRule = field(default_factory=SizeRule)


KRASNODAR_2011 = Edition(
    key="krasnodar-2011",
    region_code="krasnodar",
    year=2011,
    title="Смотр-конкурс на лучшую организацию работы в области охраны труда в организациях Краснодарского края в 2011 году",
    scoring_table="krasnodar-2011",
    # The Положение sets no date for applications (п. 4.3); cards are due not later than 1 February 2012 (п. 4.4),
    # the winners' materials by 20 February 2012 (п. 4.7).
    application_deadline=None,
    card_deadline=date(2012, 2, 1),
    forwarding_deadline=date(2012, 2, 20),
    # Section 5.1.
    sectors=(
        (
            "manufacturing",
            "Обрабатывающие производства",
            "производство пищевых продуктов, включая напитки, и табака; производство одежды, выделка и крашение меха; производство древесины и изделий из дерева; производство кирпича, черепицы и прочих строительных изделий; производство цемента, извести, гипса; производство изделий из бетона, гипса и цемента; производство машин и оборудования; прочие производства; добыча сырой нефти и природного газа, предоставление услуг в этих областях; добыча полезных ископаемых, кроме топливно-энергетических",
        ),
        (
            "energy",
            "Производство и распределение энергии",
            "производство, передача и распределение электроэнергии; производство и распределение газообразного топлива; производство, передача и распределение пара и горячей воды",
        ),
        (
            "construction",
            "Строительство",
            "строительство зданий; строительство дорог; монтаж инженерного оборудования зданий и сооружений; производство отделочных работ",
        ),
        ("transport", "Транспорт", ""),
        ("communications", "Связь", ""),
        ("housing_utilities", "Жилищно-коммунальное хозяйство", ""),
        (
            "agriculture",
            "Сельское хозяйство",
            "сельское хозяйство, охота и предоставление услуг в этих областях, в т.ч. растениеводство, животноводство, охота и разведение диких животных; лесное хозяйство и предоставление услуг в этой области; рыболовство",
        ),
        ("healthcare", "Здравоохранение", ""),
        ("social_protection", "Социальная защита", ""),
        ("consumer_services", "Потребительская сфера", ""),
        ("education", "Образование", ""),
        ("culture", "Культура", ""),
    ),
    # Section 4.11.
    nominations=(
        NominationSpec(
            code="best-medium-large",
            name="Три лучшие организации среднего и крупного бизнеса в крае",
            category=SizeCategory.MEDIUM_LARGE,
            per_sector=False,
            places=3,
        ),
        NominationSpec(
            code="best-medium-large-in-sector",
            name="Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края",
            category=SizeCategory.MEDIUM_LARGE,
            per_sector=True,
            places=1,
        ),
        NominationSpec(
            code="best-small",
            name="Три лучшие организации малого бизнеса в крае",
            category=SizeCategory.SMALL,
            per_sector=False,
            places=3,
        ),
    ),
)


def _per_band(code: str, genitive: str) -> tuple[NominationSpec, ...]:
    return (
        NominationSpec(
            code=f"best-in-sector-{code}",
            name=f"Лучшая организация в каждой отрасли среди организаций {genitive}",
            category=code,
            per_sector=True,
            places=1,
        ),
        NominationSpec(
            code=f"best-three-{code}",
            name=f"Три лучшие организации среди организаций {genitive}",
            category=code,
            per_sector=False,
            places=3,
        ),
    )


BANDS = (
    CategorySpec("to-50", "до 50 человек", "с численностью работников до 50 человек", None, 50),
    CategorySpec("51-1000", "от 51 до 1000 человек", "с численностью работников от 51 до 1000 человек", 51, 1000),
    CategorySpec("over-1000", "свыше 1000 человек", "с численностью работников свыше 1000 человек", 1001, None),
)

# An example of a Положение that groups participants by headcount, as other regions do: in each band the best
# organization of each sector, and the three best of the band.
EXAMPLE_BANDS = Edition(
    key="example-bands",
    region_code="krasnodar",
    year=2026,
    title="Пример: номинации по численности работников",
    scoring_table="krasnodar-2011",
    application_deadline=None,
    card_deadline=date(2027, 2, 1),
    forwarding_deadline=date(2027, 2, 20),
    sectors=KRASNODAR_2011.sectors,
    grouping=Grouping.HEADCOUNT,
    categories=BANDS,
    nominations=tuple(spec for band in BANDS for spec in _per_band(band.code, band.genitive)),
)

# The 2011 Положение's sectors, groups and nominations with the example point table under current law (СОУТ instead of
# attestation, occupational risks, micro-injuries, spending under order № 771н): for a department to adapt.
EXAMPLE_MODERN = replace(
    KRASNODAR_2011,
    key="example-2026",
    year=2027,
    title="Пример: смотр-конкурс с таблицей показателей по действующему законодательству",
    scoring_table="example-2026",
    application_deadline=None,
    card_deadline=date(2028, 2, 1),
    forwarding_deadline=date(2028, 2, 20),
)

EDITIONS = {edition.key: edition for edition in (KRASNODAR_2011, EXAMPLE_BANDS, EXAMPLE_MODERN)}
