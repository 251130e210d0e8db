"""The models of the best-practice app, a module per aggregate: quarterly reports with their materials, history,
statements, reminders and surveys (reports); explanatory events with their registrations and materials (events).
Everything is imported from here: ``from practices.models import …``."""

from .events import EventMaterial, EventRegistration, ExplanatoryEvent, event_material_path
from .reports import (
    NothingNewStatement,
    PracticeAuditRecord,
    PracticeMaterial,
    PracticeReminder,
    PracticeReport,
    ReportingPeriod,
    Survey,
    SurveyAnswer,
    material_path,
    new_token,
)

__all__ = [
    "EventMaterial",
    "EventRegistration",
    "ExplanatoryEvent",
    "NothingNewStatement",
    "PracticeAuditRecord",
    "PracticeMaterial",
    "PracticeReminder",
    "PracticeReport",
    "ReportingPeriod",
    "Survey",
    "SurveyAnswer",
    "event_material_path",
    "material_path",
    "new_token",
]
