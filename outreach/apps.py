from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """The territorial commission's work with employers (п. 3.4 of the Положение): consultations and the public FAQ
    today; announcements, methodological materials and explanatory events belong here too (issue 16)."""

    name = "outreach"
    verbose_name = _("Работа с работодателями")

    def ready(self) -> None:
        # The moves and the action codes of the history register with core.workflow and core.audit on import.
        from . import workflow  # noqa: F401, PLC0415 — Django's place for it: the apps are loaded
