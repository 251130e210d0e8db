"""Demo data of the outreach app, called by the `demo` command: the department's announcement of the contest and
Краснодар's, sent to the organizations of Краснодар and to three uploaded employers' addresses; in Краснодар, a
question of the bakery answered and published to the FAQ, a visitor's question waiting for more than two working
days, and a fresh one of the bakery.

Everything goes through the services, as a user would do it; the letters go to the demo's outbox like every other.
Only the waiting question's times are moved back afterwards, so that the demo shows the flag."""

from datetime import timedelta

from django.utils import timezone

from contest.models import Contest, User

from .imports import EmployerList, Row
from .models import Question
from .services import announcements, employers, questions

EMPLOYERS = (
    ("ООО «Кубань-Агро»", "", "ot@kuban-agro.example.ru"),
    ("АО «Краснодарский хлебозавод № 7»", "", "kadry@hleb7.example.ru"),
    ("МУП «Водоканал»", "", "ohrana.truda@vodokanal.example.ru"),
)


def populate(users_by_login: dict[str, User], contest: Contest | None = None) -> None:
    """Needs the demo users «org» (an organization of Краснодар), «member» (Краснодар's commission) and «staff»."""
    org, member = users_by_login.get("org"), users_by_login.get("member")
    if not (org and member and org.organization):
        return
    staff = users_by_login.get("staff")
    if contest is not None and staff is not None:
        _announce(contest, staff=staff, member=member, municipality=org.organization.municipality)
    answered = questions.ask_question(
        org.organization,
        actor=org,
        topic="participation",
        subject="Какие документы подтверждают затраты на средства защиты",
        text=(
            "В информационной карте указываем обеспеченность работников СИЗ. Какие документы приложить, чтобы "
            "комиссия приняла значение при проверке? Достаточно ли личных карточек учёта выдачи СИЗ?"
        ),
    )
    reply = (
        "Достаточно личных карточек учёта выдачи СИЗ за конкурсный год и приказа о нормах выдачи. При проверке "
        "комиссия сверит их с фактическим наличием средств защиты на рабочих местах (п. 4.4.3 Положения); "
        "затраты на СИЗ подтверждаются счетами и товарными накладными в расшифровке аналитической записки (п. 4.4.2)."
    )
    questions.answer(answered, actor=member, text=reply)
    questions.publish(
        answered,
        actor=member,
        question_text=(
            "Какие документы подтверждают обеспеченность работников средствами индивидуальной защиты, указанную "
            "в информационной карте?"
        ),
        answer_text=reply,
    )
    waiting = questions.ask_as_visitor(
        org.organization.municipality,
        name="Сергей Морозов",
        email="morozov@example.ru",
        topic="general",
        subject="Может ли участвовать обособленное подразделение",
        text=(
            "Наш филиал работает в Краснодаре, головная организация зарегистрирована в Ростове-на-Дону. "
            "Может ли филиал участвовать в смотре-конкурсе отдельно?"
        ),
    )
    long_ago = timezone.now() - timedelta(days=6)  # six calendar days hold at least four working days
    Question.objects.filter(pk=waiting.pk).update(created_at=long_ago, waiting_since=long_ago)
    waiting.records.update(created_at=long_ago)
    waiting.messages.update(created_at=long_ago)
    questions.ask_question(
        org.organization,
        actor=org,
        topic="participation",
        subject="Срок представления информационной карты",
        text="Если 1 февраля выпадает на воскресенье, можно ли представить карту в понедельник?",
    )


def _announce(contest: Contest, *, staff: User, member: User, municipality) -> None:
    region = announcements.new_announcement(contest, None)
    region.contacts = (
        "Департамент труда и занятости населения Краснодарского края, управление по труду: "
        "г. Краснодар, ул. Чапаева, 58, тел. (861) 000-00-00, ohrana-truda@example.ru"
    )
    announcements.save_announcement(region, actor=staff, publish=True)
    local = announcements.new_announcement(contest, municipality)
    local.contacts = "Сектор по труду: каб. 12, тел. (861) 000-00-01, пн–пт 9:00–18:00"
    announcements.save_announcement(local, actor=member, publish=True)
    employers.save_list(
        municipality,
        EmployerList(
            rows=[Row(number, name, email, inn) for number, (name, inn, email) in enumerate(EMPLOYERS, start=2)]
        ),
        actor=member,
    )
    announcements.send(local, actor=member)
