"""Reads of quarterly best-practice reports, statements, surveys and the public library, already limited to what the
user may see."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from contest.enums import Role
from contest.models import Membership, Organization, Sector
from core.search import by_name_or_inn
from regions.models import Municipality

from ..enums import FILED_STATES, PracticeKind, ReportState, legal_forms_of
from ..models import (
    NothingNewStatement,
    PracticeAuditRecord,
    PracticeMaterial,
    PracticeReport,
    ReportingPeriod,
    Survey,
    SurveyAnswer,
)
from ..periods import Quarter


def reports_for(user) -> QuerySet[PracticeReport]:
    """Reports the user may see: the own organization's for a representative, the municipality's filed ones for its
    district administration, all for staff, none for anyone else (the public sees the library only)."""
    queryset = PracticeReport.objects.select_related("organization__municipality", "organization__sector", "period")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_staff_member:
        return queryset
    seen = Q(organization_id__in=[user.organization_id] if user.organization_id else [])
    # A draft is the organization's working copy: the administration sees a report once it is filed.
    administered = user.municipality_ids(Role.DISTRICT_ADMINISTRATION)
    if administered:
        seen |= Q(organization__municipality_id__in=administered) & ~Q(state=ReportState.DRAFT)
    return queryset.filter(seen)


def materials_for(user) -> QuerySet[PracticeMaterial]:
    """Materials of the reports the user may see."""
    return PracticeMaterial.objects.select_related("report").filter(report__in=reports_for(user).values("pk"))


def history(report: PracticeReport) -> QuerySet[PracticeAuditRecord]:
    return report.audit_records.select_related("actor").order_by("created_at", "pk")


def period_of(quarter: Quarter) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(year=quarter.year, quarter=quarter.quarter).first()


def deadline_of(quarter: Quarter):
    """The deadline in force: the stored period's (staff may have moved it), else the one the settings give."""
    period = period_of(quarter)
    return period.deadline if period is not None else quarter.deadline()


# --- the organization ----------------------------------------------------------------------------------------------


def own_reports(user) -> QuerySet[PracticeReport]:
    """The user's organization's reports, newest quarter first, with their material counts."""
    return (
        reports_for(user)
        .annotate(materials_count=Count("materials"))
        .order_by("-period__year", "-period__quarter", "-created_at", "-pk")
    )


def own_statements(user) -> QuerySet[NothingNewStatement]:
    if not (user.is_authenticated and user.organization_id):
        return NothingNewStatement.objects.none()
    return NothingNewStatement.objects.select_related("period").filter(organization_id=user.organization_id)


def statement_of(organization_id: int, quarter: Quarter) -> NothingNewStatement | None:
    return (
        NothingNewStatement.objects.select_related("period", "submitted_by")
        .filter(organization_id=organization_id, period__year=quarter.year, period__quarter=quarter.quarter)
        .first()
    )


def surveys_for(user) -> QuerySet[Survey]:
    """The user's organization's surveys with their answer counts; none for anyone else."""
    if not (user.is_authenticated and user.organization_id):
        return Survey.objects.none()
    return Survey.objects.filter(organization_id=user.organization_id).annotate(answers_count=Count("answers"))


def open_survey(token: str) -> Survey | None:
    """The survey behind a shared link (open or closed), for the anonymous answer page."""
    return Survey.objects.select_related("organization").filter(token=token).first()


def answers_of(survey: Survey) -> QuerySet[SurveyAnswer]:
    """A survey's answers, newest first, with the reports made from them."""
    return survey.answers.prefetch_related(
        Prefetch("reports", queryset=PracticeReport.objects.only("pk", "title", "source_answer_id"))
    ).order_by("-answered_on", "-pk")


def answers_for(user) -> QuerySet[SurveyAnswer]:
    if not (user.is_authenticated and user.organization_id):
        return SurveyAnswer.objects.none()
    return SurveyAnswer.objects.select_related("survey").filter(survey__organization_id=user.organization_id)


# --- the district administration -------------------------------------------------------------------------------------


# The review list's orders: a value in the address → the ordering; anything else is the default (the first).
REVIEW_ORDERS: dict[str, tuple[str, ...]] = {
    "quarter": ("-period__year", "-period__quarter", "organization__full_name", "pk"),
    "waiting": ("first_submitted_at", "pk"),
    "submitted": ("-first_submitted_at", "-pk"),
    "organization": ("organization__full_name", "-period__year", "-period__quarter", "pk"),
}


def reports_to_review(
    user, *, quarter: Quarter | None = None, state: str = "", text: str = "", sort: str = ""
) -> QuerySet[PracticeReport]:
    """Filed reports of the user's municipality (all for staff) matching the filters and the search by organization
    (name or ИНН), in the order asked for (REVIEW_ORDERS; the newest quarter first, by organization, by default)."""
    queryset = reports_for(user).filter(state__in=FILED_STATES)
    if quarter is not None:
        queryset = queryset.filter(period__year=quarter.year, period__quarter=quarter.quarter)
    if state:
        queryset = queryset.filter(state=state)
    queryset = queryset.filter(by_name_or_inn(text))
    order = REVIEW_ORDERS.get(sort) or REVIEW_ORDERS["quarter"]
    return queryset.annotate(materials_count=Count("materials")).order_by(*order)


def waiting_count(user) -> int:
    """How many reports wait for the user's decision (start page)."""
    return reports_to_review(user, state=ReportState.SUBMITTED).count()


def municipalities_for(user) -> QuerySet[Municipality]:
    """Municipalities whose summary the user may see: their own for the district administration, all for staff."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_staff_member:
        return Municipality.objects.select_related("region")
    return Municipality.objects.select_related("region").filter(
        pk__in=user.municipality_ids(Role.DISTRICT_ADMINISTRATION)
    )


@dataclass
class SummaryRow:
    """One organization of the municipality in a quarter: its filed reports, its statement, and its representatives."""

    organization: Organization
    reports: list[PracticeReport] = field(default_factory=list)
    statement: NothingNewStatement | None = None
    has_representative: bool = False
    deadline: date | None = None

    @property
    def status(self) -> str:
        if self.reports:
            return "reported"
        if self.statement is not None:
            return "nothing_new"
        return "missing"

    @property
    def is_late(self) -> bool:
        """The organization's first filing of the quarter (a report or the statement) came after the deadline."""
        first = self.first_filed_at
        return first is not None and self.deadline is not None and timezone.localdate(first) > self.deadline

    @property
    def first_filed_at(self):
        moments = [r.first_submitted_at for r in self.reports]
        if self.statement is not None:
            moments.append(self.statement.submitted_at)
        return min(moments) if moments else None

    def kinds(self) -> dict[str, int]:
        counts = dict.fromkeys(PracticeKind.values, 0)
        for report in self.reports:
            counts[report.kind] += 1
        return counts


SUMMARY_STATUSES = ("reported", "nothing_new", "missing")


@dataclass
class Summary:
    """A municipality's quarter: the organizations matching the search and the status filter (a queryset, ordered by
    name), their counts and the reports by kind counted by the database, and the rows read — one page's on the page,
    every matching organization's in the workbook."""

    municipality: Municipality
    quarter: Quarter
    deadline: date
    organizations: QuerySet[Organization]
    counts: dict[str, int]
    kinds: list[tuple[str, str, int, int]]
    rows: list[SummaryRow] = field(default_factory=list)
    text: str = ""
    status: str = ""

    @property
    def filtered(self) -> bool:
        return bool(self.text or self.status)

    def by_kind(self) -> list[tuple[str, str, int, int]]:
        """(kind, label, reports, of them recommended) for every kind, in the letter's order."""
        return self.kinds

    @property
    def reports_count(self) -> int:
        return sum(count for _kind, _label, count, _recommended in self.kinds)

    def with_rows(self, organizations) -> "Summary":
        """The summary with the rows of these organizations (a page of ``organizations``): two more queries."""
        return replace(self, rows=_summary_rows(self, list(organizations), [o.pk for o in organizations]))


def _quarter_reports(quarter: Quarter) -> QuerySet[PracticeReport]:
    return PracticeReport.objects.filter(
        period__year=quarter.year, period__quarter=quarter.quarter, state__in=FILED_STATES
    )


def _quarter_statements(quarter: Quarter) -> QuerySet[NothingNewStatement]:
    return NothingNewStatement.objects.filter(period__year=quarter.year, period__quarter=quarter.quarter)


def _summary_rows(summary: Summary, organizations: list[Organization], ids) -> list[SummaryRow]:
    reports = (
        _quarter_reports(summary.quarter)
        .select_related("period")
        .filter(organization_id__in=ids)
        .order_by("first_submitted_at", "pk")
    )
    statements = _quarter_statements(summary.quarter).select_related("period").filter(organization_id__in=ids)
    rows = {
        o.pk: SummaryRow(organization=o, has_representative=o.has_representative, deadline=summary.deadline)
        for o in organizations
    }
    for report in reports:
        rows[report.organization_id].reports.append(report)
    for statement in statements:
        rows[statement.organization_id].statement = statement
    return list(rows.values())


def summary(
    municipality: Municipality, quarter: Quarter, *, text: str = "", status: str = "", rows: bool = True
) -> Summary:
    """Who of the municipality reported for the quarter, who said there was nothing new, who did not report.

    Expected to report: every organization of the municipality registered on the portal (the letter is addressed to
    all organizations). Those without an active representative are flagged: they cannot report here, and the
    administration has to reach them otherwise. The search (name or ИНН) and the status narrow the organizations;
    the counts and the reports by kind are of the narrowed ones, counted by the database. With ``rows`` every
    matching organization's row is read (the workbook); without, none (the page reads one page: ``with_rows``).
    """
    deadline = deadline_of(quarter)
    filed = _quarter_reports(quarter).filter(organization=OuterRef("pk"))
    first_report = Subquery(filed.order_by("first_submitted_at").values("first_submitted_at")[:1])
    stated_at = Subquery(_quarter_statements(quarter).filter(organization=OuterRef("pk")).values("submitted_at")[:1])
    organizations = (
        Organization.objects.filter(municipality=municipality)
        .annotate(first_report=first_report, stated_at=stated_at)
        .annotate(
            summary_status=Case(
                When(first_report__isnull=False, then=Value("reported")),
                When(stated_at__isnull=False, then=Value("nothing_new")),
                default=Value("missing"),
            ),
            first_filed=Case(
                When(first_report__isnull=True, then=F("stated_at")),
                When(stated_at__isnull=True, then=F("first_report")),
                When(first_report__lt=F("stated_at"), then=F("first_report")),
                default=F("stated_at"),
            ),
        )
    )
    organizations = organizations.filter(by_name_or_inn(text, organization=""))
    if status in SUMMARY_STATUSES:
        organizations = organizations.filter(summary_status=status)
    else:
        status = ""
    # Late: the first filing fell on a day after the deadline (Moscow time), i.e. at or after the next midnight.
    after_deadline = timezone.make_aware(datetime.combine(deadline + timedelta(days=1), time.min))
    counts = organizations.aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=Q(summary_status=name)) for name in SUMMARY_STATUSES},
        late=Count("pk", filter=Q(first_filed__gte=after_deadline)),
    )
    reports = _quarter_reports(quarter).filter(organization__municipality=municipality)
    if text or status:
        reports = reports.filter(organization__in=organizations.values("pk"))
    totals = reports.aggregate(
        **{f"n_{kind.value}": Count("pk", filter=Q(kind=kind)) for kind in PracticeKind},
        **{f"r_{kind.value}": Count("pk", filter=Q(kind=kind, state=ReportState.RECOMMENDED)) for kind in PracticeKind},
    )
    kinds = [(kind.value, kind.label, totals[f"n_{kind.value}"], totals[f"r_{kind.value}"]) for kind in PracticeKind]
    active = Membership.objects.filter(organization=OuterRef("pk"), role=Role.ORGANIZATION, user__is_active=True)
    organizations = (
        organizations.select_related("sector").annotate(has_representative=Exists(active)).order_by("full_name", "pk")
    )
    found = Summary(
        municipality=municipality,
        quarter=quarter,
        deadline=deadline,
        organizations=organizations,
        counts=counts,
        kinds=kinds,
        text=text,
        status=status,
    )
    if rows:
        found = replace(found, rows=_summary_rows(found, list(organizations), organizations.values("pk")))
    return found


# --- the public library ------------------------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Case-folded text with ё as е and single spaces: what the library stores and searches."""
    return " ".join(text.casefold().replace("ё", "е").split())


# Common Russian inflectional endings, longest first: a query word is searched by its stem, so that «крышки» finds
# «крышку» and «ленточного» finds «ленточный». A light stemmer: good enough for a library of short texts.
_ENDINGS = (
    *("иями",),
    *("ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "иях"),
    *("ах", "ях", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ов", "ев", "ом", "ем"),
    *("ам", "ям", "ия", "ья", "ию", "ью"),
    *("а", "я", "о", "е", "и", "ы", "у", "ю", "ь"),
)


def search_words(text: str) -> list[str]:
    """The words of a library query, normalized and cut to their stems (a stem keeps at least three letters)."""
    words = []
    for word in normalize(text).split()[:10]:
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        words.append(word)
    return words


def published() -> QuerySet[PracticeReport]:
    """Practices the district administration recommended and their organization allowed to publish."""
    return PracticeReport.objects.filter(state=ReportState.RECOMMENDED, publication_allowed=True).select_related(
        "organization__municipality", "organization__sector", "period"
    )


def library(
    *, text: str = "", kind: str = "", sector: str = "", municipality: Municipality | None = None, finance: str = ""
) -> QuerySet[PracticeReport]:
    """Published practices matching every word of the text and the filters, the newest first."""
    queryset = published()
    for word in search_words(text):
        queryset = queryset.filter(search_text__contains=word)
    if kind:
        queryset = queryset.filter(kind=kind)
    if sector:
        queryset = queryset.filter(organization__sector__code=sector)
    if municipality is not None:
        queryset = queryset.filter(organization__municipality=municipality)
    if finance:
        queryset = queryset.filter(organization__legal_form__in=legal_forms_of(finance))
    return queryset.order_by("-period__year", "-period__quarter", "-reviewed_at", "-pk")


def library_sectors() -> list[tuple[str, str]]:
    """Sectors of the organizations with published practices (code, name), one per code: each contest has its own
    list, so the code stands for the sector across contests."""
    rows = (
        Sector.objects.filter(pk__in=published().values("organization__sector_id"))
        .order_by("position", "name", "pk")
        .values_list("code", "name")
    )
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return list(seen.items())


def library_municipalities() -> QuerySet[Municipality]:
    """Municipalities with published practices."""
    return Municipality.objects.filter(pk__in=published().values("organization__municipality_id"))


def public_materials(report: PracticeReport) -> QuerySet[PracticeMaterial]:
    return report.materials.filter(public=True).order_by("uploaded_at", "pk")


def public_material(pk: int) -> PracticeMaterial | None:
    """A material anyone may download: marked public, of a published practice."""
    return (
        PracticeMaterial.objects.select_related("report")
        .filter(pk=pk, public=True, report__in=published().values("pk"))
        .exclude(file="")
        .first()
    )
