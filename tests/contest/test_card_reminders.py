"""Card-deadline reminders (contest.services.reminders, manage.py card_reminders): a week and a day before the card
deadline, to the organizations whose card is not submitted yet, each reminder once; a reminder the mail server never
took is queued again and the command fails."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from contest.enums import ParticipationState as S
from contest.services import participation as participation_services
from contest.services.reminders import due_threshold, send_card_reminders, when
from core.enums import LetterStatus
from core.models import Notification, Reminder
from tests.contest.helpers import card_submitted, in_approval, registered, started
from tests.factories import UserFactory, open_contest
from tests.practices.test_reminders import give_up_letters

pytestmark = pytest.mark.django_db

REFUSING = "tests.practices.test_reminders.RefusingBackend"


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def deadline(contest):
    return contest.card_deadline


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def _send(today, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_card_reminders(today, **kwargs)

    return _send


@pytest.mark.parametrize(("days_left", "expected"), [(8, None), (7, 7), (5, 7), (2, 7), (1, 1), (0, 1), (-1, None)])
def test_the_reminder_due_is_the_nearest_threshold_not_below_the_days_left(days_left, expected):
    assert due_threshold(days_left, (7, 1)) == expected


def test_days_left_in_words_with_russian_plurals():
    assert [when(n) for n in (0, 1, 2, 5, 7, 21)] == [
        "сегодня",
        "завтра",
        "через 2 дня",
        "через 5 дней",
        "через 7 дней",
        "через 21 день",
    ]


def test_a_week_and_a_day_before_the_deadline_each_reminder_goes_once(contest, deadline, send):
    participation, user = registered(contest)
    assert send(deadline - timedelta(days=8)) == []
    [week] = send(deadline - timedelta(days=7))
    assert (week.participation, week.threshold, week.days_left, week.recipients) == (participation, 7, 7, [user.email])
    assert send(deadline - timedelta(days=6)) == []  # the week's reminder went already
    assert send(deadline - timedelta(days=2)) == []
    [day] = send(deadline - timedelta(days=1))
    assert day.threshold == 1
    assert send(deadline) == []
    assert send(deadline + timedelta(days=1)) == []
    assert [letter.to for letter in mail.outbox] == [[user.email], [user.email]]
    assert Reminder.objects.count() == 2


def test_the_letter_says_the_day_and_what_to_do_and_links_to_the_participation(contest, deadline, send):
    participation, user = in_approval(contest)
    send(deadline - timedelta(days=1))
    [letter] = mail.outbox
    day = deadline.strftime("%d.%m.%Y")
    assert letter.subject == f"Информационная карта смотра-конкурса: срок — {day}"
    assert letter.body == (
        f"Напоминаем: информационную карту организации «{participation.organization}» (приложение № 2 к Положению) "
        f"нужно представить не позднее {day} — это завтра. Карта сейчас на согласовании. Когда её согласуют все три "
        "органа, представьте карту с аналитической запиской в сектор по труду на странице участия.\n\n"
        f"Открыть на портале: https://ot.example.ru/participation/{participation.pk}/"
    )
    [entry] = Notification.objects.filter(recipient=user, subject__startswith="Информационная карта смотра-конкурса")
    assert (entry.subject, entry.link) == (letter.subject, f"/participation/{participation.pk}/")


def test_only_cards_not_yet_submitted_are_reminded(contest, deadline, send):
    waiting, _ = registered(contest)
    approving, _ = in_approval(contest)
    card_submitted(contest)
    started(contest)  # an application not even filed: its own deadline has passed by then
    sent = send(deadline - timedelta(days=3))
    assert sorted(item.participation.pk for item in sent) == sorted([waiting.pk, approving.pk])
    assert {item.participation.state for item in sent} == {S.REGISTERED, S.CARD_APPROVAL}


def test_a_person_without_an_address_gets_the_list_entry(contest, deadline, send):
    participation, user = registered(contest)
    user.email = ""
    user.save(update_fields=["email"])
    mail.outbox.clear()
    [item] = send(deadline - timedelta(days=1))
    assert item.recipients == []
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user, subject__contains="срок").count() == 1
    assert send(deadline - timedelta(days=1)) == []  # reminded: the entry is all there is to deliver


def test_an_extended_deadline_starts_a_new_round(contest, deadline, send):
    registered(contest)
    send(deadline - timedelta(days=1))
    staff = UserFactory()
    participation_services.extend_deadline(
        contest, kind="card", new_date=deadline + timedelta(days=10), reason="Продлено приказом", actor=staff
    )
    contest.refresh_from_db()
    assert len(send(contest.card_deadline - timedelta(days=7))) == 1
    assert len(mail.outbox) == 2


def test_the_command_reports_what_it_queued_and_how_they_stand(contest, deadline, django_capture_on_commit_callbacks):
    participation, user = registered(contest)
    day = deadline - timedelta(days=7)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("card_reminders", "--date", day.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        f"Поставлено в очередь напоминаний о сроке карт: 1 (за 7, 1 дн. до срока, на {day:%d.%m.%Y}).",
        f"  {deadline:%d.%m.%Y} (осталось дн.: 7): {participation.organization} — {user.email}",
        # counted before the commit: the worker sends the letter after it
        "Напоминания о ближайших сроках карт: отправлено 0, ждут отправки 1 (письма отправляет фоновый процесс db_worker).",
    ]
    out = StringIO()
    call_command("card_reminders", "--date", day.isoformat(), stdout=out)
    assert out.getvalue().splitlines()[0].startswith("Поставлено в очередь напоминаний о сроке карт: 0")
    assert "отправлено 1, ждут отправки 0" in out.getvalue()
    out = StringIO()
    call_command("card_reminders", "--date", (deadline - timedelta(days=10)).isoformat(), "--days", "10", stdout=out)
    assert "напоминаний о сроке карт: 1 (за 10 дн. до срока" in out.getvalue()


def test_the_command_dry_run_writes_nothing_and_bad_options_are_refused(contest, deadline):
    registered(contest)
    entries, letters = Notification.objects.count(), len(mail.outbox)
    out = StringIO()
    call_command("card_reminders", "--date", (deadline - timedelta(days=1)).isoformat(), "--dry-run", stdout=out)
    assert "Будет поставлено в очередь напоминаний о сроке карт: 1" in out.getvalue()
    assert (Reminder.objects.count(), Notification.objects.count(), len(mail.outbox)) == (0, entries, letters)
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("card_reminders", "--date", "01.02.2027")
    for days in ("неделя", "-1", ""):
        with pytest.raises(CommandError, match="целые числа"):
            call_command("card_reminders", "--days", days)


def test_an_undelivered_reminder_is_queued_again_and_the_command_fails(
    contest, deadline, django_capture_on_commit_callbacks
):
    participation, user = registered(contest)
    mail.outbox.clear()
    day = deadline - timedelta(days=3)
    with override_settings(EMAIL_BACKEND=REFUSING), django_capture_on_commit_callbacks(execute=True):
        call_command("card_reminders", "--date", day.isoformat(), stdout=StringIO())
    out = StringIO()
    call_command("card_reminders", "--date", day.isoformat(), stdout=out)  # still retrying: waiting, not failed
    assert "отправлено 0, ждут отправки 1" in out.getvalue()
    give_up_letters()

    with pytest.raises(CommandError, match="Запуск без --dry-run поставит их в очередь снова"):
        call_command("card_reminders", "--date", day.isoformat(), "--dry-run", stdout=StringIO())
    out = StringIO()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError, match=r"Не доставлено напоминаний: 1 .* Они поставлены в очередь снова"),
    ):
        call_command("card_reminders", "--date", day.isoformat(), stdout=out)
    assert f"{user.email} (повторно: прежние письма не доставлены)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[user.email]]
    reminder = Reminder.objects.get()
    assert sorted(letter.status for letter in reminder.letters.all()) == [LetterStatus.GIVEN_UP, LetterStatus.SENT]
    # the letter again, not a second entry
    assert Notification.objects.filter(recipient=user, subject=reminder.subject).count() == 1
    out = StringIO()
    call_command("card_reminders", "--date", day.isoformat(), stdout=out)  # delivered now: nothing to do, exit 0
    assert "отправлено 1, ждут отправки 0" in out.getvalue()
