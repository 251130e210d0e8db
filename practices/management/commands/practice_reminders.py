"""Remind organizations by e-mail before a quarter's best-practice deadline. Run it daily (cron, systemd timer)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from practices.services.reminders import reminder_days, send_reminders


class Command(BaseCommand):
    help = (
        "Напоминает по почте организациям, не сообщившим о передовом опыте, когда до срока квартала осталось "
        "PRACTICE_REMINDER_DAYS дней или меньше. Каждой организации — одно напоминание за квартал; повторный запуск "
        "ничего не отправляет повторно."
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
        today = self._day(options["date"]) if options["date"] else timezone.localdate()
        sent = send_reminders(today, dry_run=options["dry_run"], site_url=options["site_url"])
        prefix = "Будет отправлено" if options["dry_run"] else "Отправлено"
        self.stdout.write(
            f"{prefix} напоминаний: {len(sent)} (за {reminder_days()} дн. до срока, на {today:%d.%m.%Y})."
        )
        for item in sent:
            self.stdout.write(f"  {item.quarter}: {item.organization} — {', '.join(item.recipients)}")

    @staticmethod
    def _day(value: str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"Дата в формате ГГГГ-ММ-ДД, а не «{value}».") from None
