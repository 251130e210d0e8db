"""The organization profile's headcount is «headcount», not the 2011 point table's input key (issue 13: no code names
a table's inputs; a card's headcount is whatever input plays the table's «headcount» role)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contest", "0016_categories")]

    operations = [
        migrations.RemoveConstraint(model_name="organization", name="organization_headcount_positive"),
        migrations.RenameField(model_name="organization", old_name="avg_headcount", new_name="headcount"),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="organization_headcount_positive"
            ),
        ),
    ]
