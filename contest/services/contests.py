"""Every write of the contest app goes through here."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from regions.models import Region

from ..editions import Edition
from ..enums import SCORED_STATES
from ..models import Contest, InfoCard, Nomination, PointTable, Sector
from . import tables


@transaction.atomic
def create_contest_from_edition(edition: Edition, *, region: Region | None = None) -> Contest:
    """Create the contest of an edition with its sectors and nominations.

    Side effects: writes one Contest and its Sector and Nomination rows. Raises DomainError when the region
    is missing or already has a contest for that year.
    """
    if region is None:
        region = Region.objects.filter(code=edition.region_code).first()
        if region is None:
            raise DomainError(
                _("Регион «%(code)s» не найден: сначала выполните миграции.") % {"code": edition.region_code}
            )
    if Contest.objects.filter(region=region, year=edition.year).exists():
        raise DomainError(
            _("Смотр-конкурс %(year)s года в регионе «%(region)s» уже есть.") % {"year": edition.year, "region": region}
        )
    contest = Contest(
        region=region,
        year=edition.year,
        title=edition.title,
        point_table=tables.built_in(edition.scoring_table),
        application_deadline=edition.application_deadline,
        card_deadline=edition.card_deadline,
        forwarding_deadline=edition.forwarding_deadline,
    )
    contest.full_clean()
    contest.save()
    for position, (code, name, includes) in enumerate(edition.sectors, start=1):
        sector = Sector(contest=contest, code=code, name=name, includes=includes, position=position)
        sector.full_clean()
        sector.save()
    for position, spec in enumerate(edition.nominations, start=1):
        nomination = Nomination(
            contest=contest,
            code=spec.code,
            name=spec.name,
            size_category=spec.size_category,
            per_sector=spec.per_sector,
            places=spec.places,
            position=position,
        )
        nomination.full_clean()
        nomination.save()
    return contest


def table_locked(contest: Contest) -> bool:
    """Whether the contest's point table is fixed: a card of the contest has been scored by it (a complete card, or
    one sent to approval or beyond). Changing the table then would change points already declared and checked."""
    return (
        contest.participations.filter(state__in=SCORED_STATES).exists()
        or InfoCard.objects.filter(participation__contest=contest, declared_total__isnull=False).exists()
    )


@transaction.atomic
def change_scoring_table(contest: Contest, *, table: PointTable) -> Contest:
    """Choose another point table for the contest, while no card has been scored by the current one.

    Side effects: saves the contest. Raises DomainError once a card has been scored.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.point_table_id == table.pk:
        return contest
    if table_locked(contest):
        raise DomainError(
            _(
                "Таблицу показателей сменить нельзя: по ней уже подсчитаны баллы карт этого смотра-конкурса. "
                "Новая таблица — для смотра-конкурса следующего года."
            )
        )
    contest.point_table = table
    contest.full_clean()
    contest.save(update_fields=["point_table"])
    return contest
