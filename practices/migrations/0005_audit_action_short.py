# The action column holds a code now: short and indexed. The states lose their choices here (core.models.AuditEntry
# shows their labels through the subclass's STATES).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_audit_action_codes")]

    operations = [
        migrations.AlterField(
            model_name="practiceauditrecord",
            name="action",
            field=models.CharField(db_index=True, max_length=64, verbose_name="действие"),
        ),
        migrations.AlterField(
            model_name="practiceauditrecord",
            name="from_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="из состояния"),
        ),
        migrations.AlterField(
            model_name="practiceauditrecord",
            name="to_state",
            field=models.CharField(blank=True, max_length=30, verbose_name="в состояние"),
        ),
    ]
