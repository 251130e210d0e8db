"""Card-deadline reminders, sent by the `card_reminders` command (daily, from cron), like the best-practice ones.

An organization whose card is not submitted yet — its application registered (the card being filled in) or its card
with the approving bodies — is reminded N days before the contest's card deadline (DEFAULT_DAYS: a week and a day),
each reminder once: the smallest N not below the days left is the one due, so a command that missed a day still sends
the week's reminder, and never two at once. The reminder log is core.reminders (key: the deadline, the participation,
N): running the command again is harmless, a deadline moved by staff starts a new round, and a reminder whose every
letter the mail server refused is queued again by the next run.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import reminders
from core.models import Reminder

from ..enums import ParticipationState
from ..models import Contest, Participation
from ..workflow import organization, participation_page

S = ParticipationState

DEFAULT_DAYS = (7, 1)
# The card is the organization's to finish: filled in after registration, or waiting for the approving bodies.
WAITING_FOR_CARD = (S.REGISTERED, S.CARD_APPROVAL)


def due_threshold(days_left: int, days: Sequence[int]) -> int | None:
    """The reminder due with `days_left` days to the deadline: the smallest of `days` not below it (None before the
    first or after the deadline)."""
    if days_left < 0:
        return None
    fitting = [n for n in days if n >= days_left]
    return min(fitting) if fitting else None


def reminder_key(deadline: date, participation: Participation, threshold: int) -> str:
    return f"card:{deadline.isoformat()}:{participation.pk}:{threshold}"


def contests_due(today: date, days: Sequence[int]) -> list[Contest]:
    """Contests whose card deadline is from today to the largest of `days` ahead."""
    return list(
        Contest.objects.filter(card_deadline__gte=today, card_deadline__lte=today + timedelta(days=max(days))).order_by(
            "card_deadline", "pk"
        )
    )


@dataclass(frozen=True)
class Sent:
    """A reminder queued (or to be queued, in a dry run); `again` when its earlier letters were all given up."""

    participation: Participation
    days_left: int
    threshold: int
    recipients: list[str]
    again: bool = False


def send_card_reminders(today: date, *, days: Sequence[int] = DEFAULT_DAYS, dry_run: bool = False) -> list[Sent]:
    """Remind every organization whose card is not submitted yet of a card deadline that is near.

    Side effects (unless dry_run): per participation and reminder due, a core Reminder and the notifications of the
    organization's representatives (letters and list entries), or new letters for an undelivered one. An organization
    without an active representative is not reminded."""
    sent = []
    for contest in contests_due(today, days):
        deadline = contest.card_deadline
        threshold = due_threshold((deadline - today).days, days)
        if threshold is None:
            continue
        participations = (
            Participation.objects.filter(contest=contest, state__in=WAITING_FOR_CARD)
            .select_related("organization", "contest")
            .order_by("pk")
        )
        for participation in participations:
            people = list(organization(participation).order_by("pk"))
            if not people:
                continue
            key = reminder_key(deadline, participation, threshold)
            addresses = sorted({person.email for person in people if person.email})
            days_left = (deadline - today).days
            if dry_run:
                recorded = Reminder.objects.filter(key=key).first()
                again = recorded is not None and reminders.undelivered().filter(pk=recorded.pk).exists()
                if recorded is None or again:
                    sent.append(Sent(participation, days_left, threshold, addresses, again))
                continue
            queued = reminders.remind(
                key, people, link=participation_page(participation), **_letter(participation, today)
            )
            if queued is not None:
                sent.append(Sent(participation, days_left, threshold, addresses, queued.again))
    return sent


def delivery(today: date, *, days: Sequence[int] = DEFAULT_DAYS) -> reminders.Delivery:
    """How the reminders of the card deadlines that are near stand in the outbox."""
    deadlines = Q(pk__in=[])
    for contest in contests_due(today, days):
        deadlines |= Q(key__startswith=f"card:{contest.card_deadline.isoformat()}:")
    return reminders.delivery(Reminder.objects.filter(deadlines))


def when(days_left: int) -> str:
    """«сегодня», «завтра», «через 7 дней»."""
    if days_left == 0:
        return _("сегодня")
    if days_left == 1:
        return _("завтра")
    return ngettext("через %(n)s день", "через %(n)s дня", days_left) % {"n": days_left}


def _letter(participation: Participation, today: date) -> dict[str, str]:
    deadline = participation.contest.card_deadline
    values = {
        "org": participation.organization,
        "day": deadline.strftime("%d.%m.%Y"),
        "when": when((deadline - today).days),
    }
    if participation.state == S.CARD_APPROVAL:
        step = _(
            "Карта сейчас на согласовании. Когда её согласуют все три органа, представьте карту с аналитической "
            "запиской в сектор по труду на странице участия."
        )
    else:
        step = _(
            "Заполните карту, направьте её на согласование и, когда её согласуют, представьте с аналитической "
            "запиской в сектор по труду."
        )
    return {
        "subject": _("Информационная карта смотра-конкурса: срок — %(day)s") % values,
        "body": _(
            "Напоминаем: информационную карту организации «%(org)s» (приложение № 2 к Положению) нужно представить не "
            "позднее %(day)s — это %(when)s. "
        )
        % values
        + step,
    }
