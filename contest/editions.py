"""Editions of the contest as data: the sectors and nominations a regulation sets, and its deadlines.

A new year's regulation is a new entry here (or a contest set up by staff in the admin); nothing else changes.
"""

from dataclasses import dataclass
from datetime import date

from .enums import SizeCategory


@dataclass(frozen=True)
class NominationSpec:
    code: str
    name: str
    size_category: SizeCategory
    per_sector: bool
    places: int


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
            size_category=SizeCategory.MEDIUM_LARGE,
            per_sector=False,
            places=3,
        ),
        NominationSpec(
            code="best-medium-large-in-sector",
            name="Лучшие организации среднего и крупного бизнеса в основных отраслях экономики края",
            size_category=SizeCategory.MEDIUM_LARGE,
            per_sector=True,
            places=1,
        ),
        NominationSpec(
            code="best-small",
            name="Три лучшие организации малого бизнеса в крае",
            size_category=SizeCategory.SMALL,
            per_sector=False,
            places=3,
        ),
    ),
)

EDITIONS = {edition.key: edition for edition in (KRASNODAR_2011,)}
