"""Reads of the outreach app, already limited to what the user may see."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.enums import (
    APPLICATION_REGISTERED_STATES,
    APPLIED_STATES,
    CHECKED_STATES,
    COMMISSION_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    SCORED_STATES,
    Role,
)
from contest.enums import ParticipationState as S
from contest.models import Membership, Organization, Participation
from core.enums import LetterStatus
from core.search import SEARCH_MAX_LENGTH, Folded, by_name_or_inn, fold
from regions.models import Municipality

from .enums import MailingFilter, QuestionFilter, QuestionState
from .models import (
    Announcement,
    AnnouncementLetter,
    EmployerContact,
    FaqEntry,
    Question,
    QuestionMessage,
    QuestionRecord,
)
from .workdays import working_days_before

# Who owes the next step of a participation that waits, and the contest's deadline for it.
NEXT_STEP: dict[str, tuple[Any, str]] = {
    S.DRAFT: (_("организация: подать заявку"), "application_deadline"),
    S.RETURNED: (_("организация: исправить заявку"), "application_deadline"),
    S.SUBMITTED: (_("сектор по труду: зарегистрировать заявку"), "application_deadline"),
    S.REGISTERED: (_("организация: заполнить карту и отправить на согласование"), "card_deadline"),
    S.CARD_APPROVAL: (_("согласующие органы: согласовать карту"), "card_deadline"),
    S.CARD_SUBMITTED: (_("комиссия: проверить карту"), "forwarding_deadline"),
    S.UNDER_REVIEW: (_("комиссия: завершить проверку"), "forwarding_deadline"),
    S.DOCUMENTS_REQUESTED: (_("организация: представить документы (п. 5.2)"), "forwarding_deadline"),
}
STUCK_AFTER_DAYS = 7

OVERDUE_AFTER_WORKING_DAYS = 2


def overdue_cutoff(now: datetime | None = None) -> datetime:
    """A question waiting since before this moment has had no answer for more than two working days."""
    return working_days_before(now or timezone.now(), OVERDUE_AFTER_WORKING_DAYS)


def _base() -> QuerySet[Question]:
    return Question.objects.select_related("municipality", "organization", "asked_by", "faq")


def questions_for(user) -> QuerySet[Question]:
    """The questions the user may open: the organization's own, the commission's municipalities', all for staff."""
    if not user.is_authenticated:
        return Question.objects.none()
    if user.is_staff_member:
        return _base()
    seen = Q(municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))
    if user.organization_id:
        seen |= Q(organization_id=user.organization_id)
    return _base().filter(seen)


def own_questions(user) -> QuerySet[Question]:
    """«Мои вопросы»: every question of the representative's organization, by any of its representatives."""
    if not user.is_authenticated or not user.organization_id:
        return Question.objects.none()
    return _base().filter(organization_id=user.organization_id).order_by("-created_at", "-pk")


def commission_questions(user, *, search: str = "", state: str = "", now: datetime | None = None) -> QuerySet[Question]:
    """The commission's list: the questions of its municipalities (all for staff), waiting ones first, found by the
    organization's name or ИНН, the visitor's name or address, or a word of the subject or of a message."""
    if not user.is_authenticated:
        return Question.objects.none()
    questions = _base()
    if not user.is_staff_member:
        questions = questions.filter(municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))
    text = fold(search[:SEARCH_MAX_LENGTH])
    if text:
        in_messages = QuestionMessage.objects.filter(Contains(Folded("text"), text), question=OuterRef("pk"))
        questions = questions.filter(
            by_name_or_inn(text, "organization")
            | Q(Contains(Folded("subject"), text))
            | Q(Contains(Folded("visitor_name"), text))
            | Q(Contains(Folded("visitor_email"), text))
            | Q(Exists(in_messages))
        )
    if state == QuestionFilter.WAITING:
        questions = questions.filter(state=QuestionState.WAITING)
    elif state == QuestionFilter.OVERDUE:
        questions = questions.filter(state=QuestionState.WAITING, waiting_since__lt=overdue_cutoff(now))
    elif state == QuestionFilter.ANSWERED:
        questions = questions.filter(state=QuestionState.ANSWERED)
    elif state == QuestionFilter.PUBLISHED:
        questions = questions.filter(faq__is_published=True)
    return questions.order_by("-state", "waiting_since", "-created_at", "-pk")


def unanswered_count(municipality_id: int | None) -> tuple[int, int]:
    """The questions of a municipality waiting for the commission's answer, and how many of them for more than two
    working days (the start page's panel)."""
    counts = Question.objects.filter(municipality_id=municipality_id, state=QuestionState.WAITING).aggregate(
        waiting=Count("pk"), overdue=Count("pk", filter=Q(waiting_since__lt=overdue_cutoff()))
    )
    return counts["waiting"], counts["overdue"]


def thread(question: Question) -> QuerySet[QuestionMessage]:
    return question.messages.select_related("written_by").order_by("created_at", "pk")


def history(question: Question) -> QuerySet[QuestionRecord]:
    return question.records.select_related("actor").order_by("created_at", "pk")


def message_for(user, pk: int) -> QuestionMessage | None:
    """A message with a file of a question the user may open."""
    return (
        QuestionMessage.objects.select_related("question")
        .filter(pk=pk, question__in=questions_for(user))
        .exclude(file="")
        .first()
    )


def faq(contest, *, municipality_id: int | None = None) -> QuerySet[FaqEntry]:
    """The published questions and answers of a contest, newest first; of one municipality when given."""
    if contest is None:
        return FaqEntry.objects.none()
    entries = FaqEntry.objects.select_related("municipality").filter(contest=contest, is_published=True)
    if municipality_id is not None:
        entries = entries.filter(municipality_id=municipality_id)
    return entries.order_by("-published_at", "-pk")


# --- announcements, the employers' addresses and the coordination figures (п. 3.4) -----------------------------------


def published_announcements(contest, *, municipality_id: int | None = None) -> QuerySet[Announcement]:
    """The contest's published announcements: the region's, and the given municipality's (every municipality's when
    none is given), the region's first, then the newest."""
    if contest is None:
        return Announcement.objects.none()
    announcements = Announcement.objects.select_related("municipality", "contest").filter(
        contest=contest, published_at__isnull=False
    )
    if municipality_id is not None:
        announcements = announcements.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
    return announcements.order_by(F("municipality").asc(nulls_first=True), "-published_at", "-pk")


def announcements_for(user, contest) -> QuerySet[Announcement]:
    """The announcements the user writes or reads on the management page: staff every one of the contest, a
    territorial commission the region's and its municipalities'."""
    if contest is None or not user.is_authenticated:
        return Announcement.objects.none()
    announcements = Announcement.objects.select_related("municipality").filter(contest=contest)
    if not user.is_staff_member:
        announcements = announcements.filter(
            Q(municipality__isnull=True) | Q(municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))
        )
    return announcements.annotate(sent=Count("letters", filter=Q(letters__letter__isnull=False))).order_by(
        F("municipality").asc(nulls_first=True), "-created_at", "-pk"
    )


def visible_announcement(user, pk: int) -> Announcement | None:
    """A published announcement, or a draft for those who may edit it."""
    announcement = (
        Announcement.objects.select_related("municipality", "contest", "contest__region").filter(pk=pk).first()
    )
    if announcement is None:
        return None
    if announcement.is_published or user.has_perm("outreach.edit_announcement", announcement):
        return announcement
    return None


def regulation_of(announcement) -> Announcement | None:
    """The announcement whose file is the Положение its page offers: its own, or the region's published one for a
    municipality's without a file of its own."""
    if announcement.document:
        return announcement
    if announcement.municipality_id is None:
        return None
    return (
        Announcement.objects.filter(
            contest_id=announcement.contest_id, municipality__isnull=True, published_at__isnull=False
        )
        .exclude(document="")
        .order_by("-published_at", "-pk")
        .first()
    )


def municipalities_of(user) -> QuerySet[Municipality]:
    """The municipalities whose employers and figures the user keeps: all for staff, the commission's own."""
    municipalities = Municipality.objects.order_by("position", "name")
    if user.is_staff_member:
        return municipalities
    return municipalities.filter(pk__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))


def employer_contacts(municipality, *, search: str = "") -> QuerySet[EmployerContact]:
    contacts = EmployerContact.objects.filter(municipality=municipality)
    text = fold(search[:SEARCH_MAX_LENGTH])
    if text:
        contacts = contacts.filter(
            Q(Contains(Folded("name"), text)) | Q(inn__startswith=text) | Q(email__contains=text)
        )
    return contacts.order_by("name", "pk")


def _organization_of_row() -> Any:
    """The organization an announcement's row leads to now: the one it was sent to, or one registered since with the
    row's ИНН, or one a representative with the row's address registered."""
    by_inn = Organization.objects.filter(inn=OuterRef("inn")).exclude(inn="").values("pk")[:1]
    by_email = Membership.objects.filter(
        role=Role.ORGANIZATION, organization__isnull=False, user__email__iexact=OuterRef("email")
    ).values("organization_id")[:1]
    return Coalesce(F("organization_id"), Subquery(by_inn), Subquery(by_email), output_field=BigIntegerField())


def mailing_rows(announcement, *, search: str = "", status: str = "") -> QuerySet[AnnouncementLetter]:
    """The announcement's table for the commission: one row per address written to, with the letter's state and
    whether the employer has registered (`now_organization`) and applied to the contest (`applied`) since."""
    rows = (
        AnnouncementLetter.objects.filter(announcement=announcement)
        .select_related("letter", "municipality")
        .annotate(now_organization=_organization_of_row())
    )
    applied = Participation.objects.filter(
        contest_id=announcement.contest_id, organization_id=OuterRef("now_organization"), state__in=APPLIED_STATES
    )
    rows = rows.annotate(applied=Exists(applied))
    text = fold(search[:SEARCH_MAX_LENGTH])
    if text:
        rows = rows.filter(Q(Contains(Folded("name"), text)) | Q(inn__startswith=text) | Q(email__contains=text))
    if status == MailingFilter.NOT_SENT:
        rows = rows.filter(Q(opted_out=True) | ~Q(letter__status=LetterStatus.SENT))
    elif status == MailingFilter.REGISTERED:
        rows = rows.filter(now_organization__isnull=False)
    elif status == MailingFilter.NOT_REGISTERED:
        rows = rows.filter(now_organization__isnull=True)
    elif status == MailingFilter.APPLIED:
        rows = rows.filter(applied=True)
    return rows.order_by("name", "pk")


def mailing_summary(announcement) -> dict[str, int]:
    """The counts above the announcement's table: one query reading four values a row (an aggregate over the
    annotations would lose the subqueries' outer references on SQLite)."""
    keys = ("total", "sent", "waiting", "failed", "opted_out", "known", "registered", "joined", "applied")
    summary = dict.fromkeys(keys, 0)
    rows = mailing_rows(announcement).values_list(
        "letter__status", "opted_out", "organization_id", "now_organization", "applied"
    )
    for status, opted_out, known, organization, applied in rows.order_by():
        summary["total"] += 1
        if opted_out:
            summary["opted_out"] += 1
        elif status == LetterStatus.SENT:
            summary["sent"] += 1
        elif status == LetterStatus.GIVEN_UP:
            summary["failed"] += 1
        elif status is not None:
            summary["waiting"] += 1
        summary["known"] += known is not None
        summary["registered"] += organization is not None
        summary["joined"] += known is None and organization is not None
        summary["applied"] += bool(applied)
    return summary


@dataclass(frozen=True)
class Figures:
    """A municipality's way from the announcement to the verified card, for one contest: each figure counts the
    ones that went further too (a verified card was filed too)."""

    told: int  # addresses an announcement's letter went out to
    queued: int  # addresses whose letter waits in the outbox (the worker sends it in a few minutes)
    undelivered: int  # addresses whose letter the mail server never took
    opted_out: int
    known_told: int  # of them, organizations on the portal when the letter went out
    registered_told: int  # of them, employers that registered on the portal after the letter
    organizations: int  # organizations of the municipality on the portal
    applied: int
    registered: int  # applications registered by the labour office
    cards: int  # cards filed (sent for approvals or further)
    approved: int  # cards with every approval, submitted to the commission
    verified: int
    waiting_questions: int
    overdue_questions: int


@dataclass(frozen=True)
class Stuck:
    """A participation that waits for someone: who owes the next step, by which deadline, since when it has not
    moved."""

    participation: Participation
    owes: str
    deadline: date | None
    idle_days: int

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - timezone.localdate()).days

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def coordination(contest, municipality) -> Figures:
    """The figures of «Координация» for a municipality."""
    return coordination_by_municipality(contest, [municipality.pk])[municipality.pk]


def coordination_by_municipality(contest, municipality_ids) -> dict[int, Figures]:
    """The figures of «Координация» for each of the municipalities, four queries whatever their number and size:
    an address written to by several announcements counts once."""
    ids = list(municipality_ids)
    addresses: dict[int, dict[str, set[str]]] = {
        pk: {key: set() for key in ("told", "known", "joined", "queued", "undelivered", "opted_out")} for pk in ids
    }
    letters = (
        AnnouncementLetter.objects.filter(municipality_id__in=ids, announcement__contest=contest)
        .annotate(now_organization=_organization_of_row())
        .values_list("municipality_id", "email", "opted_out", "organization_id", "now_organization", "letter__status")
        .order_by()
    )
    for municipality_id, email, opted_out, known, now, status in letters:
        sets = addresses[municipality_id]
        if opted_out:
            sets["opted_out"].add(email)
        elif status == LetterStatus.SENT:
            sets["told"].add(email)
            if known is not None:
                sets["known"].add(email)
            elif now is not None:
                sets["joined"].add(email)
        elif status == LetterStatus.GIVEN_UP:
            sets["undelivered"].add(email)
        elif status is not None:
            sets["queued"].add(email)
    states: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for municipality_id, state, n in (
        Participation.objects.filter(contest=contest, organization__municipality_id__in=ids)
        .values_list("organization__municipality_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        states[municipality_id][state] = n
    organizations = dict(
        Organization.objects.filter(municipality_id__in=ids)
        .values_list("municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    questions = {
        row["municipality_id"]: row
        for row in Question.objects.filter(municipality_id__in=ids, state=QuestionState.WAITING)
        .values("municipality_id")
        .annotate(waiting=Count("pk"), overdue=Count("pk", filter=Q(waiting_since__lt=overdue_cutoff())))
        .order_by()
    }

    def figures(pk: int) -> Figures:
        sets, counted = addresses[pk], states[pk]

        def reached(group: frozenset[str]) -> int:
            return sum(n for state, n in counted.items() if state in group)

        asked = questions.get(pk, {})
        return Figures(
            told=len(sets["told"]),
            queued=len(sets["queued"] - sets["told"]),
            undelivered=len(sets["undelivered"] - sets["told"] - sets["queued"]),
            opted_out=len(sets["opted_out"]),
            known_told=len(sets["known"]),
            registered_told=len(sets["joined"] - sets["known"]),
            organizations=organizations.get(pk, 0),
            applied=reached(APPLIED_STATES),
            registered=reached(APPLICATION_REGISTERED_STATES),
            cards=reached(SCORED_STATES),
            approved=reached(COMMISSION_STATES),
            verified=reached(CHECKED_STATES),
            waiting_questions=asked.get("waiting", 0),
            overdue_questions=asked.get("overdue", 0),
        )

    return {pk: figures(pk) for pk in ids}


def total(rows: list[Figures]) -> Figures:
    """The region's line of the table: the sum of the municipalities' figures."""
    names = [name for name in Figures.__dataclass_fields__]
    return Figures(**{name: sum(getattr(row, name) for row in rows) for name in names})


def stuck_participations(contest, municipality, *, idle_after_days: int = STUCK_AFTER_DAYS) -> list[Stuck]:
    """The municipality's participations that wait for a step, those stuck first: the deadline of the step passed or
    within `idle_after_days`, or no move for that long; then by the deadline. One query."""
    today = timezone.localdate()
    rows = (
        Participation.objects.filter(
            contest=contest, organization__municipality=municipality, state__in=list(NEXT_STEP)
        )
        .select_related("organization")
        .order_by("organization__full_name", "pk")
    )
    result = []
    for participation in rows:
        owes, deadline_field = NEXT_STEP[participation.state]
        deadline = getattr(contest, deadline_field)
        idle = (today - timezone.localdate(participation.updated_at)).days
        result.append(Stuck(participation, str(owes), deadline, idle))
    soon = today + timedelta(days=idle_after_days)
    stuck = [item for item in result if item.idle_days >= idle_after_days or (item.deadline and item.deadline <= soon)]
    return sorted(stuck, key=lambda item: (item.deadline or date.max, -item.idle_days, item.participation.pk))
