"""Remove finished document jobs and their files after a while (run daily, e.g. from cron or a systemd timer)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from contest.services.documents import KEEP_FINISHED, prune_jobs


class Command(BaseCommand):
    help = "Удаляет построенные фоновым процессом документы (и их файлы), законченные больше N дней назад."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=KEEP_FINISHED.days,
            help=f"сколько дней хранить законченные документы (по умолчанию {KEEP_FINISHED.days})",
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days: число дней не может быть отрицательным.")
        removed = prune_jobs(older_than=timedelta(days=days))
        self.stdout.write(f"Удалено документов: {removed}.")
