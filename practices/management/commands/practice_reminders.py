"""Remind organizations by e-mail before a quarter's best-practice deadline. Run it daily (cron, systemd timer).

The command only queues letters: the worker (`manage.py db_worker`) sends them, retrying for about a day while the mail
server refuses. So it says what it queued and how this quarter's reminders stand (sent, waiting), and it fails (exit
status 1) when it found reminders undelivered — every letter of theirs given up by the outbox; it queues those again.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.reminders import command_day, fail_if_undelivered
from practices.services.reminders import delivery, reminder_days, send_reminders


class Command(BaseCommand):
    help = (
        "Напоминает по почте организациям, не сообщившим о передовом опыте, когда до срока квартала осталось "
        "PRACTICE_REMINDER_DAYS дней или меньше. Каждой организации — одно напоминание за квартал; повторный запуск "
        "ничего не отправляет повторно. Письма отправляет фоновый процесс (db_worker); напоминание, ни одно письмо "
        "которого почтовый сервер так и не принял, ставится в очередь снова, а команда завершается с ошибкой."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Считать сегодняшней эту дату (ГГГГ-ММ-ДД), например чтобы наверстать пропуск."
        )
        parser.add_argument("--dry-run", action="store_true", help="Только показать, кому ушли бы напоминания.")
        parser.add_argument(
            "--site-url", default="", help="Адрес портала для ссылки в письме, например https://ot.example.ru"
        )

    def handle(self, *args, **options):
        today = command_day(options["date"]) if options["date"] else timezone.localdate()
        dry_run = options["dry_run"]
        queued = send_reminders(today, dry_run=dry_run, site_url=options["site_url"])
        prefix = "Будет поставлено в очередь" if dry_run else "Поставлено в очередь"
        self.stdout.write(
            f"{prefix} напоминаний: {len(queued)} (за {reminder_days()} дн. до срока, на {today:%d.%m.%Y})."
        )
        for item in queued:
            again = " (повторно: прежние письма не доставлены)" if item.again else ""
            self.stdout.write(f"  {item.quarter}: {item.organization} — {', '.join(item.recipients)}{again}")
        status = delivery(today)
        self.stdout.write(
            f"Напоминания за эти кварталы: отправлено {status.sent}, ждут отправки {status.waiting}"
            f" (письма отправляет фоновый процесс db_worker)."
        )
        fail_if_undelivered(queued, dry_run=dry_run)
