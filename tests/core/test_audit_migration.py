"""The data migration that turns the stored audit sentences into action codes: old rows read as before."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contest.models import AuditRecord
from practices.models import PracticeAuditRecord
from tests.contest.helpers import started
from tests.factories import open_contest

BEFORE = [("contest", "0009_user_holding"), ("practices", "0002_audit_actor_identity")]

OLD_CONTEST = [
    ("Заявка подана", "application.submitted", {}),
    ("Заявка подана на бумажном носителе", "paper.submitted", {}),
    ("Карта согласована: Государственная инспекция труда в Краснодарском крае", "card.approved",
     {"body": "Государственная инспекция труда в Краснодарском крае"}),
    ("Исправлено значение «Оборудованный кабинет по охране труда»: да → нет; сумма баллов 93", "review.value_corrected",
     {"label": "Оборудованный кабинет по охране труда", "old": "да", "new": "нет", "total": "93"}),
    ("Предложена краевой комиссией: малый бизнес, Строительство, 2 место", "stage2.proposed",
     {"group": "малый бизнес, Строительство", "place": "2"}),
    ("Карта внесена с бумажного носителя", "paper.entered", {}),
    ("Архив смотра-конкурса 2010 года: карта проверена комиссией", "note",
     {"text": "Архив смотра-конкурса 2010 года: карта проверена комиссией"}),
]  # fmt: skip
OLD_PRACTICES = [
    ("Добавлен материал: Акт_внедрения.pdf", "practice.material_added", {"name": "Акт_внедрения.pdf"}),
    ("Отчёт представлен повторно", "practice.resubmitted", {}),
    ("Что-то, чего сервисы не писали", "note", {"text": "Что-то, чего сервисы не писали"}),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_sentences_become_codes_with_params_and_read_as_before(migrations_undone):
    from tests.practices.helpers import submitted

    participation, _ = started(open_contest())
    report = submitted()
    latest = [
        key for key in MigrationExecutor(connection).loader.graph.leaf_nodes() if key[0] in {"contest", "practices"}
    ]
    old_apps = _migrate(BEFORE)
    try:
        Record = old_apps.get_model("contest", "AuditRecord")
        PracticeRecord = old_apps.get_model("practices", "PracticeAuditRecord")
        contest_ids = [
            Record.objects.create(participation_id=participation.pk, action=sentence).pk for sentence, *_ in OLD_CONTEST
        ]
        practice_ids = [
            PracticeRecord.objects.create(report_id=report.pk, action=sentence).pk for sentence, *_ in OLD_PRACTICES
        ]
    finally:
        _migrate(latest)

    # The rows written with codes went back to sentences and came back to the same codes.
    assert list(AuditRecord.objects.exclude(pk__in=contest_ids).values_list("action", "params")) == [
        ("application.created", {})
    ]
    for pk, (sentence, code, params) in zip(contest_ids, OLD_CONTEST, strict=True):
        entry = AuditRecord.objects.get(pk=pk)
        assert (entry.action, entry.params, entry.text) == (code, params, sentence)
    for pk, (sentence, code, params) in zip(practice_ids, OLD_PRACTICES, strict=True):
        entry = PracticeAuditRecord.objects.get(pk=pk)
        assert (entry.action, entry.params, entry.text) == (code, params, sentence)
