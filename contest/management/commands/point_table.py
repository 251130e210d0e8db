"""Point table documents in and out of the portal: list the tables kept, import a document (a changed one becomes the
key's next version), export one to share with another region."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import scoring
from contest.models import PointTable
from contest.services import tables
from core.exceptions import DomainError


class Command(BaseCommand):
    help = "Таблицы оценочных показателей: список, загрузка документа таблицы (JSON), выгрузка документа."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="Таблицы портала с их редакциями.")
        load = actions.add_parser("import", help="Загрузить документ таблицы; изменённая таблица — новая редакция.")
        load.add_argument("file", help="Файл документа таблицы (JSON, UTF-8).")
        load.add_argument("--note", default="", help="Что изменено (видно в списке редакций).")
        save = actions.add_parser("export", help="Выгрузить документ таблицы.")
        save.add_argument("key", help="Код таблицы, например krasnodar-2011.")
        save.add_argument("--version", type=int, help="Редакция; по умолчанию — последняя.")
        save.add_argument("--output", "-o", help="Файл; по умолчанию — стандартный вывод.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as error:
            raise CommandError(error.message) from error

    def _list(self, **options):
        for key, _title in scoring.available_tables():
            tables.built_in(key)  # the built-in tables are there even before a contest uses them
        for point_table in PointTable.objects.order_by("key", "version"):
            self.stdout.write(f"{point_table.key}\tредакция {point_table.version}\t{point_table.title}")

    def _import(self, *, file, note, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Файл не прочитан: {error.strerror}.") from error
        point_table, new = tables.import_table(data, actor=None, note=note)
        if new:
            self.stdout.write(
                self.style.SUCCESS(f"Загружена таблица {point_table.key}, редакция {point_table.version}.")
            )
        else:
            self.stdout.write(f"Таблица {point_table.key} не изменилась: редакция {point_table.version} уже есть.")

    def _export(self, *, key, version, output, **options):
        rows = PointTable.objects.filter(key=key).order_by("-version")
        point_table = rows.filter(version=version).first() if version else rows.first()
        if point_table is None:
            point_table = tables.built_in(key) if version in (None, 1) else None
        if point_table is None:
            raise CommandError(f"Таблицы {key} в редакции {version} нет.")
        text = tables.document_text(point_table)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Таблица {key}, редакция {point_table.version}: {output}"))
        else:
            self.stdout.write(text, ending="")
