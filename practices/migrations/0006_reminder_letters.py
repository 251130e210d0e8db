# A reminder's letters are rows of the outbox: it counts as sent when one of them is (sent_at becomes created_at, the
# time it was queued).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_outbox"),
        ("practices", "0005_audit_action_short"),
    ]

    operations = [
        migrations.RenameField(model_name="practicereminder", old_name="sent_at", new_name="created_at"),
        migrations.AlterField(
            model_name="practicereminder",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="поставлено в очередь"),
        ),
        migrations.AlterModelOptions(
            name="practicereminder",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "напоминание о сроке",
                "verbose_name_plural": "напоминания о сроке",
            },
        ),
        migrations.AddField(
            model_name="practicereminder",
            name="letters",
            field=models.ManyToManyField(blank=True, related_name="+", to="core.letter", verbose_name="письма"),
        ),
    ]
