"""Every write of the contest app goes through here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import DomainError
from core.permissions import require
from regions.models import Region
from scoring.eligibility import Band, band_problems

from ..editions import Edition
from ..enums import SCORED_STATES, SIZE_RULE_CODES, Grouping
from ..models import Category, Contest, InfoCard, Nomination, PointTable, Sector, User
from . import tables

# Why a contest's table cannot change once it is locked (table_locked): change_scoring_table raises it, and the
# staff pages show it beside a locked contest.
TABLE_LOCKED = gettext_lazy(
    "Таблицу показателей сменить нельзя: по ней уже подсчитаны баллы карт этого смотра-конкурса. "
    "Новая таблица — для смотра-конкурса следующего года."
)


def grouping_problems(grouping: str, bands: list[Band]) -> list[str]:
    """What is wrong with a contest's categories under its rule, in Russian: the size rule (R8) needs exactly the
    categories «small» and «medium_large»; headcount bands must cover every headcount once (scoring.band_problems)."""
    codes = sorted(band.code for band in bands)
    if grouping == Grouping.SIZE:
        if codes != sorted(SIZE_RULE_CODES):
            return [
                _("По правилу R8 нужны ровно две группы с кодами «%(codes)s».")
                % {"codes": "», «".join(sorted(SIZE_RULE_CODES))}
            ]
        return []
    if not bands:
        return [_("Задайте группы участников по численности работников.")]
    return band_problems(bands)


@transaction.atomic
def create_contest_from_edition(edition: Edition, *, region: Region | None = None) -> Contest:
    """Create the contest of an edition with its sectors, categories of participants and nominations.

    Side effects: writes one Contest and its Sector, Category and Nomination rows. Raises DomainError when the region
    is missing or already has a contest for that year, or the edition's categories do not fit its rule.
    """
    if region is None:
        region = Region.objects.filter(code=edition.region_code).first()
        if region is None:
            raise DomainError(
                _("Регион «%(code)s» не найден: сначала выполните миграции.") % {"code": edition.region_code}
            )
    if Contest.objects.filter(region=region, year=edition.year).exists():
        raise DomainError(year_taken_message(region, edition.year))
    contest = Contest(
        region=region,
        year=edition.year,
        title=edition.title,
        point_table=tables.built_in(edition.scoring_table),
        application_deadline=edition.application_deadline,
        card_deadline=edition.card_deadline,
        forwarding_deadline=edition.forwarding_deadline,
        grouping=edition.grouping,
        small_max_headcount=edition.size_rule.max_headcount,
        small_max_public_share_pct=edition.size_rule.max_public_share_pct,
        small_kinds=sorted(str(kind) for kind in edition.size_rule.small_kinds),
    )
    problems = grouping_problems(
        edition.grouping, [Band(spec.code, spec.min_headcount, spec.max_headcount) for spec in edition.categories]
    )
    if problems:
        raise DomainError(" ".join(problems))
    contest.full_clean()
    contest.save()
    categories = {}
    for position, spec in enumerate(edition.categories, start=1):
        category = Category(
            contest=contest,
            code=spec.code,
            name=spec.name,
            genitive=spec.genitive,
            position=position,
            min_headcount=spec.min_headcount,
            max_headcount=spec.max_headcount,
        )
        category.full_clean()
        category.save()
        categories[spec.code] = category
    for position, (code, name, includes) in enumerate(edition.sectors, start=1):
        sector = Sector(contest=contest, code=code, name=name, includes=includes, position=position)
        sector.full_clean()
        sector.save()
    for position, spec in enumerate(edition.nominations, start=1):
        nomination = Nomination(
            contest=contest,
            code=spec.code,
            name=spec.name,
            category=categories[spec.category] if spec.category else None,
            per_sector=spec.per_sector,
            places=spec.places,
            position=position,
        )
        nomination.full_clean()
        nomination.save()
    return contest


def year_taken_message(region: Region, year: int) -> str:
    return _("Смотр-конкурс %(year)s года в регионе «%(region)s» уже есть.") % {"year": year, "region": region}


@transaction.atomic
def copy_contest(
    source: Contest,
    *,
    year: int,
    title: str,
    point_table: PointTable,
    application_deadline: date | None,
    card_deadline: date,
    forwarding_deadline: date,
    actor: User | None,
) -> Contest:
    """Next year's edition from ``source``: a new contest of the same region with the given year, title, point table
    and deadlines, the source's rule of categories (grouping and the R8 limits), and copies of its categories of
    participants (codes, names, headcount bounds), sectors and nominations (each pointing at the copied category).

    Nothing of the source's participants, decisions or deadline history is copied. Side effects: writes one Contest
    and its Category, Sector and Nomination rows. Raises DomainError when the actor may not manage editions, the
    region already has a contest of that year, or the new contest is not valid (e.g. its deadlines are out of order).
    """
    require(actor, "contest.manage_editions")
    region = source.region
    if Contest.objects.filter(region=region, year=year).exists():
        raise DomainError(year_taken_message(region, year))
    contest = Contest(
        region=region,
        year=year,
        title=title,
        point_table=point_table,
        application_deadline=application_deadline,
        card_deadline=card_deadline,
        forwarding_deadline=forwarding_deadline,
        grouping=source.grouping,
        small_max_headcount=source.small_max_headcount,
        small_max_public_share_pct=source.small_max_public_share_pct,
        small_kinds=list(source.small_kinds),
    )
    _save_checked(contest)
    categories: dict[int, Category] = {}
    for category in source.categories.all():
        copy = Category(
            contest=contest,
            code=category.code,
            name=category.name,
            genitive=category.genitive,
            position=category.position,
            min_headcount=category.min_headcount,
            max_headcount=category.max_headcount,
        )
        _save_checked(copy)
        categories[category.pk] = copy
    for sector in source.sectors.all():
        _save_checked(
            Sector(
                contest=contest, code=sector.code, name=sector.name, includes=sector.includes, position=sector.position
            )
        )
    for nomination in source.nominations.all():
        _save_checked(
            Nomination(
                contest=contest,
                code=nomination.code,
                name=nomination.name,
                category=categories[nomination.category_id] if nomination.category_id else None,
                per_sector=nomination.per_sector,
                places=nomination.places,
                position=nomination.position,
            )
        )
    return contest


def _save_checked(obj) -> None:
    """full_clean, then save; a ValidationError becomes a DomainError with its messages."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    obj.save()


def table_locked(contest: Contest) -> bool:
    """Whether the contest's point table is fixed: a card of the contest has been scored by it (a complete card, or
    one sent to approval or beyond). Changing the table then would change points already declared and checked."""
    return (
        contest.participations.filter(state__in=SCORED_STATES).exists()
        or InfoCard.objects.filter(participation__contest=contest, declared_total__isnull=False).exists()
    )


def locked_contest_ids(contest_ids) -> set[int]:
    """Of the given contests, those whose table is fixed (table_locked), read in two queries for a list."""
    ids = list(contest_ids)
    if not ids:
        return set()
    scored = InfoCard.objects.filter(participation__contest_id__in=ids, declared_total__isnull=False)
    states = Contest.objects.filter(pk__in=ids, participations__state__in=SCORED_STATES)
    return set(states.values_list("pk", flat=True)) | set(scored.values_list("participation__contest_id", flat=True))


@transaction.atomic
def change_scoring_table(contest: Contest, *, table: PointTable) -> Contest:
    """Choose another point table for the contest, while no card has been scored by the current one.

    Side effects: saves the contest. Raises DomainError once a card has been scored.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.point_table_id == table.pk:
        return contest
    if table_locked(contest):
        raise DomainError(str(TABLE_LOCKED))
    contest.point_table = table
    contest.full_clean()
    contest.save(update_fields=["point_table"])
    return contest
