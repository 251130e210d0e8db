from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Смотр-конкурс")

    def ready(self) -> None:
        # The system checks and the receiver of logins register themselves on import.
        # The moves and the action codes of the history register with core.workflow and core.audit on import.
        from . import checks, throttling, workflow  # noqa: F401, PLC0415 — Django's place for it: the apps are loaded

        post_migrate.connect(throttling.create_cache_tables, sender=self, dispatch_uid="contest.cache_tables")
