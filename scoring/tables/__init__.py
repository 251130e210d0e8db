"""Registry of point tables.

A table for another contest year is a new data module next to ``krasnodar_2011`` plus one line in
``_BUILT_IN``; the engine does not change. Code (and tests) may also ``register`` a Table at run time
or pass a Table object to ``score_card`` directly.
"""

from ..errors import UnknownTable
from ..model import Table
from . import krasnodar_2011

DEFAULT_TABLE = "krasnodar-2011"

_BUILT_IN: tuple[Table, ...] = (
    krasnodar_2011.TABLE,
    # a new year: its_module.TABLE,
)

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
