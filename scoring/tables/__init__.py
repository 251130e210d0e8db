"""Registry of point tables.

The built-in tables are the JSON documents next to this module (``*.json``, format "ohs-point-table", see
``scoring.documents``), read when the module is imported: ``krasnodar-2011.json`` first, the others by file name.
A table for another contest year or region is a new document in this folder — no code: the engine, the card
forms and the public "how points are counted" page read everything from it. A broken document stops the import
with TableDocumentError naming every error. Code (and tests) may also ``register`` a Table at run time (e.g. one
read by ``scoring.read_table`` from an uploaded document) or pass a Table object to ``score_card`` directly.
"""

from importlib import resources

from ..documents import read_table
from ..errors import UnknownTable
from ..model import Table

DEFAULT_TABLE = "krasnodar-2011"


def _documents() -> list[str]:
    """The texts of the built-in documents: the default table's first, then by file name."""
    files = [item for item in resources.files(__package__).iterdir() if item.name.endswith(".json")]
    files.sort(key=lambda item: (item.name != f"{DEFAULT_TABLE}.json", item.name))
    return [item.read_text(encoding="utf-8") for item in files]


_BUILT_IN: tuple[Table, ...] = tuple(read_table(text) for text in _documents())

_REGISTRY: dict[str, Table] = {table.key: table for table in _BUILT_IN}


def _built_in(key: str) -> bool:
    return any(table.key == key for table in _BUILT_IN)


def get_table(key: str) -> Table:
    """The table registered under ``key``; UnknownTable (both a KeyError and a ValueError) otherwise."""
    try:
        return _REGISTRY[key]
    except (KeyError, TypeError):
        raise UnknownTable(key) from None


def available_tables() -> list[tuple[str, str]]:
    """(key, Russian title) of every registered table, in registration order (for a choice field)."""
    return [(table.key, table.title) for table in _REGISTRY.values()]


def register(table: Table, *, replace: bool = False) -> Table:
    """Add ``table`` to the registry; a taken key is a ValueError unless ``replace`` is True (never for a built-in)."""
    if not isinstance(table, Table):
        raise TypeError("Регистрируется только объект Table.")
    if table.key in _REGISTRY and (not replace or _built_in(table.key)):
        raise ValueError(f"Таблица «{table.key}» уже зарегистрирована.")
    _REGISTRY[table.key] = table
    return table


def unregister(key: str) -> None:
    """Remove a table registered at run time (built-in tables cannot be removed)."""
    if _built_in(key):
        raise ValueError(f"Встроенную таблицу «{key}» удалить нельзя.")
    if _REGISTRY.pop(key, None) is None:
        raise UnknownTable(key)
