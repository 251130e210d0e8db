"""The contest app's models, one module per aggregate; import them from here."""

from .awards import Award, Certificate, Decision, DecisionQuerySet, TieResolution, decision_path
from .contest import (
    Category,
    Contest,
    Deadline,
    DeadlineExtension,
    Nomination,
    Placement,
    PointTable,
    Sector,
    forget_tables,
    scoring_table_choices,
)
from .documents import DocumentJob, document_job_path
from .materials import MethodMaterial, material_path
from .participation import (
    Application,
    Approval,
    Attachment,
    AuditRecord,
    InfoCard,
    Participation,
    PersonalDataConsent,
    attachment_path,
)
from .people import Membership, Organization, OrganizationJoinRequest, User
from .review import Correction, DocumentRequest

__all__ = [
    "Application",
    "Approval",
    "Attachment",
    "AuditRecord",
    "Award",
    "Category",
    "Certificate",
    "Contest",
    "Correction",
    "Deadline",
    "DeadlineExtension",
    "Decision",
    "DecisionQuerySet",
    "DocumentJob",
    "DocumentRequest",
    "InfoCard",
    "Membership",
    "MethodMaterial",
    "Nomination",
    "Organization",
    "OrganizationJoinRequest",
    "Participation",
    "PersonalDataConsent",
    "Placement",
    "PointTable",
    "Sector",
    "TieResolution",
    "User",
    "attachment_path",
    "decision_path",
    "document_job_path",
    "forget_tables",
    "material_path",
    "scoring_table_choices",
]
