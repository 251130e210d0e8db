# Audit entries store an action code and its params (core.audit); this adds the params.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_audit_actor_identity")]

    operations = [
        migrations.AddField(
            model_name="practiceauditrecord",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="параметры действия"),
        ),
    ]
