# Each stored sentence becomes its action code and params: the exact sentences the services wrote, with their
# placeholders read back; any other sentence becomes the code "note" with params {"text": sentence}, so nothing is
# lost. The list is frozen here, as the sentences were written up to this migration.

from django.db import migrations

from core.legacy import to_code, to_sentence

KNOWN = [
    ("practice.created", "Создан черновик отчёта"),
    ("practice.material_added", "Добавлен материал: %(name)s"),
    ("practice.material_deleted", "Удалён материал: %(name)s"),
    ("practice.submitted", "Отчёт представлен"),
    ("practice.resubmitted", "Отчёт представлен повторно"),
    ("practice.publication_allowed", "Публикация разрешена"),
    ("practice.publication_withdrawn", "Разрешение на публикацию отозвано"),
    ("practice.accepted", "Отчёт принят"),
    ("practice.recommendation_withdrawn", "Рекомендация к распространению снята"),
    ("practice.returned", "Отчёт возвращён с замечаниями"),
    ("practice.recommended", "Рекомендован к распространению"),
]
NARROW = {}


def to_codes(apps, schema_editor):
    Record = apps.get_model("practices", "practiceauditrecord")
    for record in Record.objects.only("pk", "action", "params").iterator():
        code, params = to_code(record.action, KNOWN, NARROW)
        Record.objects.filter(pk=record.pk).update(action=code, params=params)


def to_sentences(apps, schema_editor):
    Record = apps.get_model("practices", "practiceauditrecord")
    for record in Record.objects.only("pk", "action", "params").iterator():
        Record.objects.filter(pk=record.pk).update(action=to_sentence(record.action, record.params, KNOWN), params={})


class Migration(migrations.Migration):
    dependencies = [("practices", "0003_audit_params")]

    operations = [migrations.RunPython(to_codes, to_sentences)]
