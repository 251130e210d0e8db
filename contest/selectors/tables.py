"""Reads of point tables: the public page «how points are counted» shows any of them."""

import scoring

from ..models import PointTable


def point_table(key: str) -> scoring.Table | None:
    """The latest version of the table kept under ``key``, else the built-in table of that key, else None."""
    kept = PointTable.objects.filter(key=key).order_by("-version").first()
    if kept is not None:
        return kept.table
    try:
        return scoring.get_table(key)
    except scoring.UnknownTable:
        return None
