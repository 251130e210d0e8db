"""Reports in each state, made through the services, for the best-practice tests."""

from datetime import datetime, time
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contest.enums import Role
from practices.demo import _picture as picture
from practices.enums import PracticeKind
from practices.models import PracticeReport
from practices.periods import Quarter
from practices.services import reports as services
from tests.factories import OrganizationFactory, municipal_user, organization_user

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = picture(24, 16)  # a real picture: the browser test looks at it
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 32

FILLED = {
    "kind": PracticeKind.TECHNIQUE,
    "title": "Ограждение приводов конвейера",
    "problem": "Затягивание рук в приводы ленточного конвейера — главная причина травм.",
    "solution": "Установлены сетчатые ограждения с блокировкой и аварийные тросовые выключатели.",
    "results": "Травм у конвейера нет восемь месяцев.",
    "injuries_before": 2,
    "injuries_after": 0,
    "economic_effect_rub": Decimal("250000"),
    "investment_rub": Decimal("120000.50"),
    "publication_allowed": True,
}


def current_quarter() -> Quarter:
    return Quarter.of(timezone.localdate())


def pdf(name: str = "акт.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "фото.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def representative(organization=None, **kwargs):
    return organization_user(organization or OrganizationFactory(), **kwargs)


def district(name: str = "Краснодар", **kwargs):
    return municipal_user(Role.DISTRICT_ADMINISTRATION, name=name, **kwargs)


def draft(user=None, *, quarter: Quarter | None = None, **fields) -> PracticeReport:
    user = user or representative()
    return services.create_report(
        user.organization, actor=user, quarter=quarter or current_quarter(), **{**FILLED, **fields}
    )


def submitted(user=None, **fields) -> PracticeReport:
    report = draft(user, **fields)
    return services.submit_report(report, actor=report.created_by)


def recommended(user=None, **fields) -> PracticeReport:
    report = submitted(user, **fields)
    reviewer = district(report.organization.municipality.name)
    return services.recommend_report(report, actor=reviewer)


def filed_at(report: PracticeReport, day) -> PracticeReport:
    """Move a report's filing to noon of a given day (Moscow time)."""
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    PracticeReport.objects.filter(pk=report.pk).update(first_submitted_at=moment, submitted_at=moment)
    return PracticeReport.objects.get(pk=report.pk)


def reload(report: PracticeReport) -> PracticeReport:
    return PracticeReport.objects.select_related("period", "organization").get(pk=report.pk)
