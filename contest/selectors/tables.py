"""Reads of point tables: the public page «how points are counted» shows any of them; staff list and open the kept
ones."""

from django.db.models import Prefetch, QuerySet

import scoring

from ..models import Contest, PointTable


def point_table(key: str, version: int | None = None) -> scoring.Table | None:
    """The table kept under ``key`` (its latest version, or ``version``), else the built-in table of that key (when
    no version is asked for, or version 1), else None."""
    kept = PointTable.objects.filter(key=key)
    kept = kept.filter(version=version) if version is not None else kept.order_by("-version")
    row = kept.first()
    if row is not None:
        return row.table
    if version not in (None, 1):
        return None
    try:
        return scoring.get_table(key)
    except scoring.UnknownTable:
        return None


def kept_tables(user) -> QuerySet[PointTable]:
    """Every kept point table with the contests that use it (region read with them) and who uploaded it, for staff;
    none for anyone else."""
    if not user.is_authenticated or not user.is_staff_member:
        return PointTable.objects.none()
    contests = Contest.objects.select_related("region").order_by("-year")
    return PointTable.objects.select_related("created_by").prefetch_related(Prefetch("contests", queryset=contests))


def latest_version(point_table: PointTable) -> PointTable:
    """The newest kept version of the table's key: the one the editor's forms change."""
    return PointTable.objects.filter(key=point_table.key).order_by("-version").first() or point_table


def built_in_tables_not_kept() -> list[tuple[str, str]]:
    """The built-in tables (key, title) no kept row holds yet: the first contest that uses one saves it."""
    kept = set(PointTable.objects.filter(version=1).values_list("key", flat=True))
    return [(key, title) for key, title in scoring.available_tables() if key not in kept]
