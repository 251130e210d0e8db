"""The same organization's points in its previous contest, which the commission compares this year's with (year on
year). What a new card is prefilled from is services.participation.last_year_prefill."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from ..models import InfoCard, Participation


@dataclass(frozen=True)
class LastYearPoints:
    """The points of the organization's card in its previous contest: the verified ones where the commission counted
    them, else the declared ones (indicator code -> points)."""

    year: int
    points: dict[str, Decimal]
    total: Decimal | None


def last_year_points(participation: Participation) -> LastYearPoints | None:
    """The organization's points in the latest earlier contest year in which its card has points; one query."""
    row = (
        InfoCard.objects.filter(
            participation__organization_id=participation.organization_id,
            participation__contest__year__lt=participation.contest.year,
        )
        .exclude(Q(declared_points={}) & Q(verified_points={}))
        .order_by("-participation__contest__year", "-pk")
        .values(
            "participation__contest__year", "declared_points", "verified_points", "declared_total", "verified_total"
        )
        .first()
    )
    if row is None:
        return None
    verified = bool(row["verified_points"])
    points = row["verified_points"] if verified else row["declared_points"]
    return LastYearPoints(
        year=row["participation__contest__year"],
        points={code: Decimal(str(value)) for code, value in points.items()},
        total=row["verified_total"] if verified else row["declared_total"],
    )
