# Audit entries store an action code and its params (core.audit); this adds the params.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contest", "0009_user_holding")]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="параметры действия"),
        ),
    ]
