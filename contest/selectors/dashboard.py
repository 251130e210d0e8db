"""The overview of a contest for a municipality or the whole region: how far the participations have come, the spread of
the totals, the average points of each indicator, the injury rates Кч and Кт, and the years before.

Figures only, no names: the regional commission sees the region's figures without seeing the organizations it has not
been sent. Every figure is an aggregate in the database (a few queries whatever the size of the region); nothing is
scored here: the points are the ones the cards keep (declared, or verified once the commission has checked them).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Floor
from django.utils.translation import gettext_lazy as _

from core.numbers import number_text
from regions.models import Municipality

from ..enums import APPLICATION_REGISTERED_STATES, APPLIED_STATES, CHECKED_STATES, COMMISSION_STATES
from ..models import Contest, Participation

STAGES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("applied", _("Заявка подана"), APPLIED_STATES),
    ("registered", _("Заявка зарегистрирована"), APPLICATION_REGISTERED_STATES),
    ("submitted", _("Карта согласована и представлена"), COMMISSION_STATES),
    ("checked", _("Проверка комиссией завершена"), CHECKED_STATES),
)
# The cards whose figures count: submitted after the approvals (a draft's values may still change).
COUNTED = COMMISSION_STATES
BIN = 10  # points per column of the spread of totals
TENTH = Decimal("0.1")  # rates and averages to a tenth, half up as the regulation rounds Кч and Кт (R1)


@dataclass
class Progress:
    """One municipality's participations by stage (each stage counts the ones that went further too)."""

    municipality: Municipality | None  # None: the whole region
    started: int = 0  # every participation, a draft included
    stages: dict[str, int] = field(default_factory=dict)

    def share(self, stage: str) -> int:
        """Per cent of the started ones that reached the stage."""
        return round(self.stages.get(stage, 0) * 100 / self.started) if self.started else 0


@dataclass(frozen=True)
class Rates:
    """Injuries of the submitted cards, as the region's statistics compute them: Кч = Σ accidents × 1000 ÷ Σ headcount,
    Кт = Σ days of incapacity ÷ Σ accidents (the rates of the whole group, not an average of the cards' rates)."""

    municipality: Municipality | None
    cards: int
    headcount: Decimal
    accidents: Decimal
    days: Decimal

    @property
    def kch(self) -> Decimal | None:
        return (self.accidents * 1000 / self.headcount).quantize(TENTH, ROUND_HALF_UP) if self.headcount else None

    @property
    def kt(self) -> Decimal | None:
        return (self.days / self.accidents).quantize(TENTH, ROUND_HALF_UP) if self.accidents else None


@dataclass(frozen=True)
class IndicatorAverage:
    code: str
    title: str
    average: Decimal | None
    max_points: Decimal

    @property
    def share(self) -> int:
        return round(self.average * 100 / self.max_points) if self.average is not None and self.max_points else 0


@dataclass(frozen=True)
class Year:
    year: int
    started: int
    counted: int
    average_total: Decimal | None


def participations(contest: Contest, municipality_ids: Iterable[int] | None = None) -> QuerySet[Participation]:
    queryset = Participation.objects.filter(contest=contest)
    if municipality_ids is not None:
        queryset = queryset.filter(organization__municipality_id__in=list(municipality_ids))
    return queryset


def progress(contest: Contest, municipality_ids: Iterable[int] | None = None) -> tuple[Progress, list[Progress]]:
    """The region's (or the given municipalities') progress in total and by municipality, in the region's order;
    municipalities without a participation are listed with zeros, so that «no one has applied» shows. One query for
    the counts, one for the municipalities."""
    ids = None if municipality_ids is None else list(municipality_ids)
    counts = (
        participations(contest, ids).values("organization__municipality_id", "state").annotate(n=Count("pk")).order_by()
    )
    by_municipality: dict[int, Progress] = {}
    municipalities = Municipality.objects.filter(region_id=contest.region_id).order_by("position", "name")
    if ids is not None:
        municipalities = municipalities.filter(pk__in=ids)
    for municipality in municipalities:
        by_municipality[municipality.pk] = Progress(municipality)
    total = Progress(None)
    for row in counts:
        item = by_municipality.get(row["organization__municipality_id"])
        for target in (item, total) if item is not None else (total,):
            target.started += row["n"]
            for key, _label, states in STAGES:
                if row["state"] in states:
                    target.stages[key] = target.stages.get(key, 0) + row["n"]
    return total, list(by_municipality.values())


def _total():
    """The card's total as the ranking reads it: verified once the commission checked it, declared before."""
    return Coalesce(F("card__verified_total"), F("card__declared_total"))


def spread(contest: Contest, municipality_ids: Iterable[int] | None = None) -> list[tuple[str, int]]:
    """How many submitted cards have a total of 0–10, 10–20 … points (the last column ends at the table's maximum);
    a total on a boundary counts in the column it starts (10 in 10–20)."""
    top = contest.table.max_total
    rows = (
        participations(contest, municipality_ids)
        .filter(state__in=COUNTED)
        .annotate(total=_total())
        .filter(total__isnull=False)
        .annotate(bin=Floor(F("total") / BIN))
        .values("bin")
        .annotate(n=Count("pk"))
        .order_by()
    )
    last = max(int(top // BIN) - (1 if top % BIN == 0 else 0), 0)
    counts = dict.fromkeys(range(last + 1), 0)
    for row in rows:
        counts[min(int(row["bin"]), last)] += row["n"]
    labels = []
    for number in counts:
        high = top if number == last else (number + 1) * BIN
        labels.append((f"{number * BIN}–{number_text(high)}", counts[number]))
    return labels


def indicator_averages(contest: Contest, municipality_ids: Iterable[int] | None = None) -> list[IndicatorAverage]:
    """The average points of each indicator over the submitted cards (verified points where checked). One query."""
    table = contest.table
    aggregates = {
        f"i{number}": Avg(
            Cast(
                Coalesce(
                    KeyTextTransform(indicator.code, "card__verified_points"),
                    KeyTextTransform(indicator.code, "card__declared_points"),
                ),
                FloatField(),
            )
        )
        for number, indicator in enumerate(table.indicators)
    }
    averages = participations(contest, municipality_ids).filter(state__in=COUNTED).aggregate(**aggregates)
    return [
        IndicatorAverage(
            code=indicator.code,
            title=indicator.title,
            average=None
            if averages[f"i{number}"] is None
            else Decimal(str(averages[f"i{number}"])).quantize(TENTH, ROUND_HALF_UP),
            max_points=indicator.max_points,
        )
        for number, indicator in enumerate(table.indicators)
    ]


def _sum_of(keys: Iterable[str]):
    expression = None
    for key in keys:
        term = Coalesce(Sum(Cast(KeyTextTransform(key, "card__values"), FloatField())), 0.0, output_field=FloatField())
        expression = term if expression is None else expression + term
    return expression


def rates(contest: Contest, municipality_ids: Iterable[int] | None = None) -> tuple[Rates, list[Rates]]:
    """Кч and Кт of the submitted cards: of the region (or the given municipalities) and of each municipality that
    has such cards. The keys come from the contest's point table (its derived values Кч and Кт); a table without
    them gives no rates. One query."""
    table = contest.table
    derived = {item.key: item for item in table.derived}
    kch, kt = derived.get("kch"), derived.get("kt")
    if kch is None or kt is None:
        return Rates(None, 0, Decimal(0), Decimal(0), Decimal(0)), []
    rows = (
        participations(contest, municipality_ids)
        .filter(state__in=COUNTED)
        .values("organization__municipality_id")
        .annotate(
            cards=Count("pk"),
            headcount=_sum_of(kch.denominator),
            accidents=_sum_of(kch.numerator),
            days=_sum_of(kt.numerator),
        )
        .order_by()
    )
    municipalities = Municipality.objects.in_bulk([row["organization__municipality_id"] for row in rows])
    items = [
        Rates(
            municipalities[row["organization__municipality_id"]],
            row["cards"],
            _decimal(row["headcount"]),
            _decimal(row["accidents"]),
            _decimal(row["days"]),
        )
        for row in rows
    ]
    items.sort(key=lambda item: (item.municipality.position, item.municipality.name) if item.municipality else (0, ""))
    region = Rates(
        None,
        sum(item.cards for item in items),
        sum((item.headcount for item in items), Decimal(0)),
        sum((item.accidents for item in items), Decimal(0)),
        sum((item.days for item in items), Decimal(0)),
    )
    return region, items


def years(contest: Contest, municipality_ids: Iterable[int] | None = None) -> list[Year]:
    """Every contest of the region up to this one, a year without participants too: participations, submitted cards,
    their average total. Two queries."""
    queryset = Participation.objects.filter(contest__region_id=contest.region_id, contest__year__lte=contest.year)
    if municipality_ids is not None:
        queryset = queryset.filter(organization__municipality_id__in=list(municipality_ids))
    rows = {
        row["contest__year"]: row
        for row in queryset.values("contest__year")
        .annotate(
            started=Count("pk"),
            counted=Count("pk", filter=Q(state__in=COUNTED)),
            average=Avg(_total(), filter=Q(state__in=COUNTED)),
        )
        .order_by()
    }
    held = Contest.objects.filter(region_id=contest.region_id, year__lte=contest.year).order_by("year")
    items = []
    for year in held.values_list("year", flat=True).distinct():
        row = rows.get(year, {})
        average = row.get("average")
        items.append(
            Year(
                year=year,
                started=row.get("started", 0),
                counted=row.get("counted", 0),
                average_total=None if average is None else Decimal(str(average)).quantize(TENTH, ROUND_HALF_UP),
            )
        )
    return items


def _decimal(value) -> Decimal:
    return Decimal(str(value or 0)).normalize() if value else Decimal(0)
