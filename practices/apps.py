from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Передовой опыт")

    def ready(self) -> None:
        # The moves and the action codes of the history register with core.workflow and core.audit on import.
        from . import workflow  # noqa: F401, PLC0415 — Django's place for it: the apps are loaded
