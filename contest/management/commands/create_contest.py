"""Announce a contest from an edition the portal knows (its sectors, nominations, deadlines and point table)."""

from django.core.management.base import BaseCommand, CommandError

from contest.editions import EDITIONS
from contest.services.contests import create_contest_from_edition
from core.exceptions import DomainError


class Command(BaseCommand):
    help = "Создаёт смотр-конкурс по известной порталу редакции положения (отрасли, номинации, сроки, таблица баллов)."

    def add_arguments(self, parser):
        parser.add_argument("edition", choices=sorted(EDITIONS), help="Редакция положения, например krasnodar-2011.")

    def handle(self, *args, edition, **options):
        try:
            contest = create_contest_from_edition(EDITIONS[edition])
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Создан смотр-конкурс: {contest.title}"))
