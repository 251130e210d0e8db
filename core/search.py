"""Case-insensitive search of Russian text in the database, on both engines, and the lists' search box.

SQLite's LOWER and LIKE fold only ASCII letters, so «кубань» would not find «Кубань» there. ``Folded(expression)``
is the text case-folded with ё read as е: on PostgreSQL ``REPLACE(LOWER(…), 'ё', 'е')``, on SQLite the function
``portal_fold`` that ``register_sqlite_functions`` gives every new SQLite connection (Python's ``str.casefold``).
Compare it with ``fold(query)`` by ``Contains``.

``by_name_or_inn`` is the search box of every list: an organization by its name (full or short, any part, any case,
ё as е) or its ИНН (the digits typed, from the start: «2309» finds every ИНН beginning with them).
"""

from typing import Any

from django.db.models import Func, Q, TextField
from django.db.models.lookups import Contains

SEARCH_MAX_LENGTH = 200


def fold(text: str) -> str:
    """Text as the search compares it: case-folded, ё as е, single spaces."""
    return " ".join(str(text).casefold().replace("ё", "е").split())


class Folded(Func):
    template = "REPLACE(LOWER(%(expressions)s), 'ё', 'е')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return super().as_sql(compiler, connection, template="portal_fold(%(expressions)s)", **extra_context)


def _fold_or_none(text: Any) -> str | None:
    return None if text is None else fold(text)


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give a new SQLite connection the functions of this module (connected to ``connection_created``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, _fold_or_none, deterministic=True)


def by_name_or_inn(text: str, organization: str = "organization") -> Q:
    """The condition for rows whose organization (the lookup path ``organization``; "" for an organization itself)
    matches ``text``; an empty text matches every row."""
    text = fold(text[:SEARCH_MAX_LENGTH])
    if not text:
        return Q()
    prefix = f"{organization}__" if organization else ""
    found = Q(Contains(Folded(f"{prefix}full_name"), text)) | Q(Contains(Folded(f"{prefix}short_name"), text))
    digits = text.replace(" ", "")
    if digits.isdigit():
        found |= Q(**{f"{prefix}inn__startswith": digits})
    return found
