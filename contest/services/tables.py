"""Point tables as the portal keeps them (PointTable): the built-in documents, a document a department uploads, the
text to download and share with another region. A row never changes; a changed document is the key's next version."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

import scoring
from core.exceptions import DomainError

from ..models import PointTable, User


def built_in(key: str) -> PointTable:
    """Version 1 of a built-in table (scoring/tables/*.json), saved the first time a contest asks for it.

    Side effects: may write one PointTable. DomainError for a key no built-in table has.
    """
    try:
        table = scoring.get_table(key)
    except scoring.UnknownTable:
        raise DomainError(_("Встроенной таблицы «%(key)s» нет.") % {"key": key}) from None
    point_table = PointTable.objects.filter(key=key, version=1).first()
    if point_table is None:
        point_table = _save(table, version=1, actor=None, note=_("встроенная таблица портала"))
    return point_table


def read_document(data: bytes | str | Mapping[str, Any]) -> scoring.Table:
    """The table of an uploaded document; DomainError listing every error of the document, one per line."""
    try:
        return scoring.load_table(data) if isinstance(data, Mapping) else scoring.read_table(data)
    except scoring.TableDocumentError as error:
        raise DomainError("\n".join(error.errors)) from None


@transaction.atomic
def import_table(
    data: bytes | str | Mapping[str, Any],
    *,
    actor: User | None,
    note: str = "",
    based_on: PointTable | None = None,
) -> tuple[PointTable, bool]:
    """Keep an uploaded table document: as the next version of its key when it differs from the latest one.

    ``based_on``: the version a change in the editor's forms started from; if another version of the key was kept
    meanwhile, nothing is saved (the change would silently undo it). Returns (the PointTable, whether it is new).
    Side effects: writes a PointTable unless the latest version of the key is the same table. DomainError naming
    every error of a broken document, or the newer version.
    """
    table = read_document(data)
    latest = PointTable.objects.select_for_update().filter(key=table.key).order_by("-version").first()
    if based_on is not None and (latest is None or latest.pk != based_on.pk or table.key != based_on.key):
        raise DomainError(
            _(
                "Пока вы редактировали, сохранена редакция %(version)s таблицы «%(key)s». Откройте её и повторите "
                "изменения: иначе они отменили бы то, что в ней изменено."
            )
            % {"version": latest.version if latest else "?", "key": table.key}
        )
    if latest is not None and latest.table == table:
        return latest, False
    version = 1 if latest is None else latest.version + 1
    return _save(table, version=version, actor=actor, note=note), True


def document_of(point_table: PointTable) -> dict[str, Any]:
    """The document of a kept table, to change in the editor's forms and keep again with ``import_table``."""
    return scoring.dump_table(point_table.table)


def document_text(point_table: PointTable) -> str:
    """The document of a table as a file to download (UTF-8 JSON, laid out to be read)."""
    return scoring.write_table(point_table.table)


def _save(table: scoring.Table, *, version: int, actor: User | None, note: str) -> PointTable:
    point_table = PointTable(
        key=table.key,
        version=version,
        title=table.title,
        document=scoring.dump_table(table),
        created_by=actor,
        note=note,
    )
    point_table.full_clean()
    point_table.save()
    return point_table
