"""E-mail reminders before a quarter's deadline, sent by the `practice_reminders` command (daily, from cron).

An organization is reminded once per quarter, when the deadline is PRACTICE_REMINDER_DAYS days away or less and it has
neither filed a report nor stated that there is nothing new. A PracticeReminder row (unique per quarter and
organization) makes running the command again harmless. Its letters go through the outbox (core.notifications): the
reminder counts as sent once one of them is sent. A reminder whose every letter the mail server refused until the
outbox gave up (about a day of retries) is *undelivered*: the next run reports it and queues new letters for it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.models import Membership, Organization
from core.enums import PENDING, LetterStatus
from core.notifications import notify, send_after_commit

from ..enums import FILED_STATES
from ..models import NothingNewStatement, PracticeReminder, PracticeReport, ReportingPeriod
from ..periods import Quarter
from ..selectors import deadline_of
from .reports import period_for


def reminder_days() -> int:
    return int(getattr(settings, "PRACTICE_REMINDER_DAYS", 7))


def quarters_due(today: date) -> list[Quarter]:
    """Quarters whose deadline is from today to PRACTICE_REMINDER_DAYS days ahead (the current one, or the previous
    one when the deadline falls after the quarter)."""
    current = Quarter.of(today)
    window_end = today + timedelta(days=reminder_days())
    due = []
    for quarter in (current.previous(), current):
        if today <= deadline_of(quarter) <= window_end:
            due.append(quarter)
    return due


def _letters_of_reminder(**filters) -> QuerySet:
    return PracticeReminder.letters.through.objects.filter(practicereminder_id=OuterRef("pk"), **filters)


def undelivered() -> QuerySet:
    """Reminders none of whose letters was sent or is still waiting: the outbox gave each of them up. (A reminder
    recorded before the outbox has no letters: it was sent, or counted as sent.)"""
    return PracticeReminder.objects.filter(
        Exists(_letters_of_reminder(letter__status=LetterStatus.GIVEN_UP)),
        ~Exists(_letters_of_reminder(letter__status__in=[LetterStatus.SENT, *PENDING])),
    )


def organizations_to_remind(quarter: Quarter):
    """Organizations with an active representative that have not reported for the quarter and were not reminded (or
    whose reminder was undelivered: `undelivered`), each with the memberships of its active representatives in
    `representative_memberships`."""
    in_quarter = {"period__year": quarter.year, "period__quarter": quarter.quarter}
    filed = PracticeReport.objects.filter(organization_id=OuterRef("pk"), state__in=FILED_STATES, **in_quarter)
    stated = NothingNewStatement.objects.filter(organization_id=OuterRef("pk"), **in_quarter)
    reminded = PracticeReminder.objects.filter(organization_id=OuterRef("pk"), **in_quarter).exclude(
        pk__in=undelivered().values("pk")
    )
    held = Membership.objects.filter(role=Role.ORGANIZATION, user__is_active=True)
    return (
        Organization.objects.filter(Exists(held.filter(organization_id=OuterRef("pk"))))
        .exclude(Exists(filed))
        .exclude(Exists(stated))
        .exclude(Exists(reminded))
        .annotate(undelivered=Exists(undelivered().filter(organization_id=OuterRef("pk"), **in_quarter)))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=held.select_related("user").order_by("pk"),
                to_attr="representative_memberships",
            )
        )
        .order_by("pk")
    )


@dataclass(frozen=True)
class Sent:
    """A reminder queued (or to be queued, in a dry run); `again` when its earlier letters were all given up."""

    organization: Organization
    quarter: Quarter
    recipients: list[str]
    again: bool = False


def send_reminders(today: date, *, dry_run: bool = False, site_url: str = "") -> list[Sent]:
    """Remind every organization that has not reported for a quarter whose deadline is near.

    Side effects (unless dry_run): the ReportingPeriod on first use, a PracticeReminder per organization and quarter,
    one notification per representative (a letter in the outbox, sent by the worker after the commit, and an entry of
    their list «Уведомления»). A reminder already recorded (also by a command running at the same time) is not queued
    again unless it was undelivered; an organization whose representatives have no e-mail address is not marked
    reminded.
    """
    sent = []
    for quarter in quarters_due(today):
        period = None if dry_run else period_for(quarter)
        for organization in organizations_to_remind(quarter):
            people = [m.user for m in organization.representative_memberships]
            recipients = sorted({person.email for person in people if person.email})
            if not recipients:
                continue
            if period is not None and not _queue(organization, period, people, recipients, site_url):
                continue
            sent.append(Sent(organization, quarter, recipients, again=organization.undelivered))
    return sent


def _queue(
    organization: Organization, period: ReportingPeriod, people: list, recipients: list[str], site_url: str
) -> bool:
    """Record the reminder and notify the representatives (letters and list entries), or queue new letters for the
    undelivered one (no second list entry); False when another run has."""
    try:
        with transaction.atomic():
            reminder = (
                PracticeReminder.objects.select_for_update().filter(organization=organization, period=period).first()
            )
            if reminder is None:
                reminder = PracticeReminder.objects.create(
                    organization=organization, period=period, recipients=", ".join(recipients)
                )
                letters = notify(people, link=reverse("practices:index"), **_letter(organization, period, site_url))
            elif undelivered().filter(pk=reminder.pk).exists():
                reminder.recipients = ", ".join(recipients)
                reminder.save(update_fields=["recipients"])
                letters = send_after_commit(
                    recipients, link=reverse("practices:index"), **_letter(organization, period, site_url)
                )
            else:
                return False
            reminder.letters.add(*letters)
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Delivery:
    """How the reminders of the quarters due stand in the outbox."""

    sent: int
    waiting: int
    undelivered: int


def delivery(today: date) -> Delivery:
    """The reminders of the quarters whose deadline is near: sent (a letter went out, or recorded before the outbox),
    waiting (no letter sent yet, one queued or being retried), undelivered (every letter given up)."""
    quarters = Q(pk__in=[])
    for quarter in quarters_due(today):
        quarters |= Q(period__year=quarter.year, period__quarter=quarter.quarter)
    reminders = PracticeReminder.objects.filter(quarters)
    waiting = reminders.filter(Exists(_letters_of_reminder(letter__status__in=PENDING))).exclude(
        Exists(_letters_of_reminder(letter__status=LetterStatus.SENT))
    )
    total, waiting_count = reminders.count(), waiting.count()
    failed = undelivered().filter(quarters).count()
    return Delivery(sent=total - waiting_count - failed, waiting=waiting_count, undelivered=failed)


def _letter(organization: Organization, period: ReportingPeriod, site_url: str) -> dict[str, str]:
    where = site_url.rstrip("/") + reverse("practices:index") if site_url else _("на портале, раздел «Передовой опыт»")
    return {
        "subject": _("Передовой опыт за %(quarter)s: срок — %(day)s")
        % {
            "quarter": period,
            "day": period.deadline.strftime("%d.%m.%Y"),
        },
        "body": _(
            "Напоминаем: до %(day)s включительно сообщите в администрацию муниципального образования о передовом опыте "
            "в области охраны труда, внедрённом в организации «%(org)s» за %(quarter)s, или отметьте, что нового опыта "
            "нет: %(where)s"
        )
        % {"day": period.deadline.strftime("%d.%m.%Y"), "org": organization, "quarter": period, "where": where},
    }
