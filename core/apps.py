from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from .search import register_sqlite_functions


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Общее")

    def ready(self) -> None:
        # SQLite folds only ASCII letters: the lists' search needs the portal's own function there (core/search.py).
        connection_created.connect(register_sqlite_functions, dispatch_uid="core.search")
