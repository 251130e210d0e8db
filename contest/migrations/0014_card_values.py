"""The card's values as data (issue 13): every value the 2011 point table asks moves from its own column into
InfoCard.values, keyed by the table's input key, and the points of the declared and of the verified values are kept.
Nothing is lost: the way back puts every value into its column again."""

from decimal import Decimal

from django.db import migrations, models

import scoring

# The 2011 inputs that had a column of their own; section 1's women, teenagers, hazardous women and public share stay.
COLUMNS = (
    "accidents",
    "agreement_done_pct",
    "assessment_pct",
    "avg_headcount",
    "has_agreement_section",
    "has_info_materials",
    "has_joint_committee",
    "has_legal_acts",
    "has_ohs_certification",
    "has_ohs_corners",
    "has_ohs_office",
    "has_ohs_records",
    "has_ohs_regulation",
    "has_ohs_service",
    "has_union_representative",
    "hazardous_workers",
    "incapacity_days",
    "medical_exams_pct",
    "ohs_spending_rub",
    "ppe_pct",
    "sanitary_pct",
    "training_committee_pct",
    "training_managers_pct",
)
FLAGS = {name for name in COLUMNS if name.startswith("has_")}
INTS = {"avg_headcount", "hazardous_workers", "accidents", "incapacity_days"}


def encode(value):
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        return format(value, "f")
    return value


def decode(name, stored):
    if stored is None or name in FLAGS or name in INTS:
        return stored
    return Decimal(str(stored))


def points(table_key, values):
    """Indicator code -> points as text, {} and None when the card does not score (or the table is unknown)."""
    try:
        result = scoring.score_card(values, table=table_key)
    except (scoring.InvalidCard, scoring.UnknownTable):
        return {}, None
    return {code: encode(p) for code, p in result.points.items()}, result.total


def verified(card, declared, Correction):
    values = dict(declared)
    for key, text in (
        Correction.objects.filter(participation_id=card.participation_id)
        .order_by("created_at", "pk")
        .values_list("key", "value")
    ):
        if key in values:
            if key in FLAGS:
                values[key] = {"true": True, "false": False}.get(text.strip().lower())
            else:
                values[key] = text or None
    return values


def forwards(apps, schema_editor):
    InfoCard = apps.get_model("contest", "InfoCard")
    Correction = apps.get_model("contest", "Correction")
    for card in InfoCard.objects.select_related("participation__contest").iterator(chunk_size=500):
        card.values = {name: encode(getattr(card, name)) for name in COLUMNS if getattr(card, name) is not None}
        table = card.participation.contest.scoring_table
        declared = {name: getattr(card, name) for name in COLUMNS}
        card.declared_points, _ = points(table, declared)
        card.verified_points, _ = points(table, verified(card, declared, Correction))
        card.save(update_fields=["values", "declared_points", "verified_points"])


def backwards(apps, schema_editor):
    InfoCard = apps.get_model("contest", "InfoCard")
    for card in InfoCard.objects.iterator(chunk_size=500):
        for name in COLUMNS:
            setattr(card, name, decode(name, card.values.get(name)))
        card.save(update_fields=list(COLUMNS))


class Migration(migrations.Migration):
    dependencies = [
        ("contest", "0013_memberships"),
    ]

    operations = [
        migrations.AddField(
            model_name="infocard",
            name="declared_points",
            field=models.JSONField(blank=True, default=dict, verbose_name="баллы (заявлено)"),
        ),
        migrations.AddField(
            model_name="infocard",
            name="values",
            field=models.JSONField(blank=True, default=dict, verbose_name="значения показателей (заявлено)"),
        ),
        migrations.AddField(
            model_name="infocard",
            name="verified_points",
            field=models.JSONField(blank=True, default=dict, verbose_name="баллы (после проверки)"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.RemoveField(model_name="infocard", name="accidents"),
        migrations.RemoveField(model_name="infocard", name="agreement_done_pct"),
        migrations.RemoveField(model_name="infocard", name="assessment_pct"),
        migrations.RemoveField(model_name="infocard", name="avg_headcount"),
        migrations.RemoveField(model_name="infocard", name="has_agreement_section"),
        migrations.RemoveField(model_name="infocard", name="has_info_materials"),
        migrations.RemoveField(model_name="infocard", name="has_joint_committee"),
        migrations.RemoveField(model_name="infocard", name="has_legal_acts"),
        migrations.RemoveField(model_name="infocard", name="has_ohs_certification"),
        migrations.RemoveField(model_name="infocard", name="has_ohs_corners"),
        migrations.RemoveField(model_name="infocard", name="has_ohs_office"),
        migrations.RemoveField(model_name="infocard", name="has_ohs_records"),
        migrations.RemoveField(model_name="infocard", name="has_ohs_regulation"),
        migrations.RemoveField(model_name="infocard", name="has_ohs_service"),
        migrations.RemoveField(model_name="infocard", name="has_union_representative"),
        migrations.RemoveField(model_name="infocard", name="hazardous_workers"),
        migrations.RemoveField(model_name="infocard", name="incapacity_days"),
        migrations.RemoveField(model_name="infocard", name="medical_exams_pct"),
        migrations.RemoveField(model_name="infocard", name="ohs_spending_rub"),
        migrations.RemoveField(model_name="infocard", name="ppe_pct"),
        migrations.RemoveField(model_name="infocard", name="sanitary_pct"),
        migrations.RemoveField(model_name="infocard", name="training_committee_pct"),
        migrations.RemoveField(model_name="infocard", name="training_managers_pct"),
        migrations.AlterField(
            model_name="attachment",
            name="kind",
            field=models.CharField(
                choices=[
                    ("analytical_note", "Аналитическая записка (п. 4.4.2)"),
                    ("info_materials", "Информационно-аналитические материалы, фотографии"),
                    ("supporting", "Подтверждающий документ"),
                    ("signed_application", "Скан подписанной заявки"),
                    ("investigation_act", "Акт расследования несчастного случая (п. 4.9)"),
                    ("signed_card", "Скан подписанной информационной карты"),
                ],
                max_length=30,
                verbose_name="вид",
            ),
        ),
    ]
