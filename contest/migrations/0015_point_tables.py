"""Point tables as documents the portal keeps (issue 13): every contest's table, named until now by a key of the
scoring module's registry, becomes version 1 of a PointTable holding its document; the contest points at it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import scoring


def forwards(apps, schema_editor):
    Contest = apps.get_model("contest", "Contest")
    PointTable = apps.get_model("contest", "PointTable")
    for key in Contest.objects.values_list("scoring_table", flat=True).distinct():
        table = scoring.get_table(key)
        point_table = PointTable.objects.create(
            key=key, version=1, title=table.title, document=scoring.dump_table(table), note="встроенная таблица портала"
        )
        Contest.objects.filter(scoring_table=key).update(point_table=point_table)


def backwards(apps, schema_editor):
    Contest = apps.get_model("contest", "Contest")
    for contest in Contest.objects.select_related("point_table"):
        contest.scoring_table = contest.point_table.key
        contest.save(update_fields=["scoring_table"])


class Migration(migrations.Migration):
    dependencies = [
        ("contest", "0014_card_values"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PointTable",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(max_length=60, verbose_name="код таблицы")),
                ("version", models.PositiveSmallIntegerField(default=1, verbose_name="редакция")),
                ("title", models.CharField(max_length=300, verbose_name="наименование")),
                ("document", models.JSONField(verbose_name="документ таблицы")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="что изменено")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="загружена")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="кто загрузил",
                    ),
                ),
            ],
            options={
                "verbose_name": "таблица оценочных показателей",
                "verbose_name_plural": "таблицы оценочных показателей",
                "ordering": ["key", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("key", "version"), name="point_table_one_row_per_version"),
                    models.CheckConstraint(condition=models.Q(version__gte=1), name="point_table_version_positive"),
                ],
            },
        ),
        migrations.AddField(
            model_name="contest",
            name="point_table",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contests",
                to="contest.pointtable",
                verbose_name="таблица оценочных показателей",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.AlterField(
            model_name="contest",
            name="point_table",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contests",
                to="contest.pointtable",
                verbose_name="таблица оценочных показателей",
            ),
        ),
        migrations.RemoveField(model_name="contest", name="scoring_table"),
    ]
