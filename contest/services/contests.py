"""Every write of the contest app goes through here."""

from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Region

from ..editions import Edition
from ..exceptions import DomainError
from ..models import Contest, Nomination, Sector


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
        scoring_table=edition.scoring_table,
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
