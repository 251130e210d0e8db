"""Decisions recorded before decisions covered their participations (0006) cover, from now on, what they decided:
the municipality's ranked, forwarded and removed participations, or every forwarded one for the regional decision.
Their snapshot is taken from the data on first reading (services.decisions.snapshot_of); from this migration on
that data is frozen."""

from django.db import migrations

MUNICIPAL = [
    "under_review",
    "documents_requested",
    "verified",
    "excluded",
    "disqualified",
    "municipal_winner",
    "regional_shortlist",
    "regional_winner",
]
REGIONAL = ["municipal_winner", "regional_shortlist", "regional_winner"]


def cover(apps, schema_editor):
    Decision = apps.get_model("contest", "Decision")
    Participation = apps.get_model("contest", "Participation")
    for decision in Decision.objects.filter(voided_at__isnull=True, participations__isnull=True):
        covered = Participation.objects.filter(contest_id=decision.contest_id)
        if decision.level == "municipal":
            covered = covered.filter(organization__municipality_id=decision.municipality_id, state__in=MUNICIPAL)
        else:
            covered = covered.filter(state__in=REGIONAL)
        decision.participations.set(covered)


class Migration(migrations.Migration):
    dependencies = [("contest", "0007_audit_actor_identity")]

    operations = [migrations.RunPython(cover, migrations.RunPython.noop)]
