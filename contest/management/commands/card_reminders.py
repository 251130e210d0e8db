"""Remind organizations whose information card is not submitted yet before the contest's card deadline. Run it daily
(cron, systemd timer), like practice_reminders.

The command only queues the notifications (letters and entries of the list «Уведомления»): the worker (`manage.py
db_worker`) sends the letters, retrying for about a day while the mail server refuses. So it says what it queued and
how the reminders of the near deadlines stand (sent, waiting), and it fails (exit status 1) when it found reminders
undelivered — every letter of theirs given up by the outbox; it queues those again.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contest.services.reminders import DEFAULT_DAYS, delivery, send_card_reminders
from core.reminders import command_day, fail_if_undelivered


class Command(BaseCommand):
    help = (
        "Напоминает организациям, ещё не представившим информационную карту, о сроке представления карт смотра-конкурса "
        "за 7 дней и за 1 день до него (--days). Каждое напоминание — один раз; повторный запуск ничего не отправляет "
        "повторно. Письма отправляет фоновый процесс (db_worker); напоминание, ни одно письмо которого почтовый сервер "
        "так и не принял, ставится в очередь снова, а команда завершается с ошибкой."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Считать сегодняшней эту дату (ГГГГ-ММ-ДД), например чтобы наверстать пропуск."
        )
        parser.add_argument(
            "--days",
            default=",".join(str(n) for n in DEFAULT_DAYS),
            help="За сколько дней до срока напоминать, через запятую (по умолчанию 7,1).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Только показать, кому ушли бы напоминания.")

    def handle(self, *args, **options):
        today = command_day(options["date"]) if options["date"] else timezone.localdate()
        days = self._days(options["days"])
        dry_run = options["dry_run"]
        queued = send_card_reminders(today, days=days, dry_run=dry_run)
        prefix = "Будет поставлено в очередь" if dry_run else "Поставлено в очередь"
        listed = ", ".join(str(n) for n in days)
        self.stdout.write(
            f"{prefix} напоминаний о сроке карт: {len(queued)} (за {listed} дн. до срока, на {today:%d.%m.%Y})."
        )
        for item in queued:
            again = " (повторно: прежние письма не доставлены)" if item.again else ""
            whom = ", ".join(item.recipients) or "без адреса — только уведомление на портале"
            self.stdout.write(
                f"  {item.participation.contest.card_deadline:%d.%m.%Y} (осталось дн.: {item.days_left}): "
                f"{item.participation.organization} — {whom}{again}"
            )
        status = delivery(today, days=days)
        self.stdout.write(
            f"Напоминания о ближайших сроках карт: отправлено {status.sent}, ждут отправки {status.waiting}"
            f" (письма отправляет фоновый процесс db_worker)."
        )
        fail_if_undelivered(queued, dry_run=dry_run)

    @staticmethod
    def _days(value: str) -> tuple[int, ...]:
        try:
            days = tuple(sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True))
        except ValueError:
            days = ()
        if not days or min(days) < 0:
            raise CommandError(f"Дни до срока — целые числа не меньше 0 через запятую, например 7,1, а не «{value}».")
        return days
