"""Exceptions of the scoring module."""

from collections.abc import Iterable, Mapping


class InvalidCard(ValueError):
    """The card's values cannot be scored.

    ``errors`` maps every bad key (input key, or an unknown key as given) to a Russian message;
    all problems of the card are reported at once, in the table's input order, unknown keys last.
    """

    def __init__(self, errors: Mapping[object, str]):
        self.errors: dict[object, str] = dict(errors)
        details = "; ".join(f"{key}: {message}" for key, message in self.errors.items())
        super().__init__(f"Информационная карта заполнена с ошибками — {details}")


class UnknownTable(KeyError, ValueError):
    """No point table is registered under this key (catch it as KeyError or ValueError)."""

    def __init__(self, key: object):
        self.key = key
        super().__init__(f"Таблица оценочных показателей «{key}» не зарегистрирована.")

    def __str__(self) -> str:
        return str(self.args[0])


class TableError(ValueError):
    """A point table's data is inconsistent (a mistake in a data module, not in a card)."""


class TableDocumentError(TableError):
    """A point table document cannot be read; ``errors``: every problem found, in Russian, each with its place."""

    def __init__(self, errors: Iterable[str]):
        self.errors: tuple[str, ...] = tuple(errors)
        lines = "\n".join(f"— {error}" for error in self.errors)
        super().__init__(f"В документе таблицы показателей ошибки ({len(self.errors)}):\n{lines}")
