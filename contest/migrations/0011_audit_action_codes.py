# Each stored sentence becomes its action code and params: the exact sentences the services wrote, with their
# placeholders read back; any other sentence becomes the code "note" with params {"text": sentence}, so nothing is
# lost. The list is frozen here, as the sentences were written up to this migration.

from django.db import migrations

from core.legacy import to_code, to_sentence

KNOWN = [
    ("application.created", "Создан черновик заявки"),
    ("consent.given", "Дано согласие на обработку персональных данных"),
    ("application.submitted", "Заявка подана"),
    ("application.registered", "Заявка зарегистрирована"),
    ("application.returned", "Заявка возвращена"),
    ("card.sent_for_approval", "Карта направлена на согласование"),
    ("card.approved", "Карта согласована: %(body)s"),
    ("card.approval_returned", "Карта возвращена с замечанием: %(body)s"),
    ("card.submitted", "Карта представлена в сектор по труду"),
    ("file.added", "Добавлен файл: %(name)s"),
    ("file.deleted", "Удалён файл: %(name)s"),
    ("file.commission_added", "Комиссия добавила файл: %(name)s"),
    ("file.commission_deleted", "Комиссия удалила файл: %(name)s"),
    ("review.started", "Карта принята на проверку"),
    ("review.value_corrected", "Исправлено значение «%(label)s»: %(old)s → %(new)s; сумма баллов %(total)s"),
    ("review.reopened", "Карта возвращена на проверку после исправления"),
    ("review.verified", "Карта проверена комиссией"),
    ("documents.requested", "Запрошены документы"),
    ("documents.answered", "Организация ответила на запрос"),
    ("review.excluded", "Исключена из смотра-конкурса (п. 4.9)"),
    ("review.disqualified", "Отстранена: недостоверные сведения или неполный пакет документов"),
    ("review.reinstated", "Возвращена к проверке"),
    ("tie.shared", "Решение при равенстве баллов — участники делят место: %(group)s"),
    ("tie.ordered", "Решение при равенстве баллов — порядок мест: %(group)s"),
    ("stage1.winner", "Победитель муниципального этапа: %(group)s; направлен на краевой этап"),
    ("stage2.proposed", "Предложена краевой комиссией: %(group)s, %(place)s место"),
    ("stage2.proposal_revised", "Предложение пересмотрено"),
    ("stage2.proposal_withdrawn", "Предложение краевой комиссии снято: решение муниципальной комиссии отменено"),
    ("stage2.winner", "Победитель смотра-конкурса"),
    ("decision.voided", "Решение отменено департаментом труда: %(decision)s"),
    ("award.issued", "Выдана награда: %(kind)s № %(number)s"),
    ("paper.submitted", "Заявка подана на бумажном носителе"),
    ("paper.approved", "Карта согласована на бумажном носителе"),
    ("paper.entered", "Карта внесена с бумажного носителя"),
    ("paper.updated", "Карта обновлена по бумажному носителю (повторная загрузка)"),
]
NARROW = {'place': '\\d+'}


def to_codes(apps, schema_editor):
    Record = apps.get_model("contest", "auditrecord")
    for record in Record.objects.only("pk", "action", "params").iterator():
        code, params = to_code(record.action, KNOWN, NARROW)
        Record.objects.filter(pk=record.pk).update(action=code, params=params)


def to_sentences(apps, schema_editor):
    Record = apps.get_model("contest", "auditrecord")
    for record in Record.objects.only("pk", "action", "params").iterator():
        Record.objects.filter(pk=record.pk).update(action=to_sentence(record.action, record.params, KNOWN), params={})


class Migration(migrations.Migration):
    dependencies = [("contest", "0010_audit_params")]

    operations = [migrations.RunPython(to_codes, to_sentences)]
