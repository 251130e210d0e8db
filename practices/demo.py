"""Demo data of the best-practice app, called by contest's `demo` command: reports of the last two quarters in every
state (one of them recommended and published with a photo), a "nothing new" statement, two surveys with answers, and
two explanatory events (an upcoming one with a registration, a held one with its materials in the library).

Everything goes through the services, as a user would do it, but without the e-mails (notify=False); only the filing
times of the previous quarter are moved back into that quarter afterwards, so that the demo shows one report on time
and one late.
"""

import struct
import zlib
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contest.models import User

from .enums import PracticeKind, SurveyKind
from .models import ExplanatoryEvent, PracticeReport
from .periods import Quarter
from .services import events, reports, surveys


def populate(contest, users_by_login: dict[str, User]) -> None:
    """Add the demo's best practice. Needs the demo users «org», «org-small», «district» and «staff»; the contest is
    not used (best practice does not belong to a contest)."""
    org, small = users_by_login.get("org"), users_by_login.get("org-small")
    district, staff = users_by_login.get("district"), users_by_login.get("staff")
    if not (org and small and district and staff):
        return
    current = Quarter.of(timezone.localdate())
    previous = current.previous()

    proposals = surveys.start_survey(
        org.organization,
        actor=org,
        kind=SurveyKind.PROPOSALS,
        title="Ваши предложения по охране труда",
        intro="Что мешает работать безопасно? Предложите, что изменить в цехе, на складе, в экспедиции.",
    )
    answers = [
        surveys.answer_survey(
            proposals,
            department="Цех № 2",
            proposal="Ввести ежедневную пятиминутку мастера с разбором опасных ситуаций прошлой смены и отмечать "
            "лучшую смену по итогам месяца.",
            problem="Травмы рук у тестомесильных машин из-за спешки в конце смены.",
        ),
        surveys.answer_survey(
            proposals,
            department="Экспедиция",
            proposal="Разметить пути движения погрузчиков и пешеходов на складе готовой продукции.",
            problem="Погрузчики и кладовщики ходят одними проходами.",
        ),
        surveys.answer_survey(proposals, proposal="Поставить второй фонтанчик с водой в жаркий цех."),
    ]
    training = surveys.start_survey(
        org.organization,
        actor=org,
        kind=SurveyKind.TRAINING,
        title="Экспресс-опрос после обучения по оказанию первой помощи",
        training_name="Оказание первой помощи пострадавшим на производстве",
        training_date=timezone.localdate() - timedelta(days=10),
    )
    surveys.answer_survey(
        training,
        usefulness=5,
        learned="Как накладывать давящую повязку при травме кисти.",
        proposal="Аптечки в каждом цехе.",
    )
    surveys.answer_survey(
        training,
        usefulness=4,
        learned="Порядок действий при ожоге паром.",
        unclear="Сердечно-лёгочная реанимация — мало практики.",
    )

    # Previous quarter: a practice recommended for dissemination and published, with a photo.
    guards = reports.create_report(
        org.organization,
        actor=org,
        quarter=previous,
        kind=PracticeKind.TECHNIQUE,
        title="Блокировка крышек тестомесильных машин",
        problem="Самая частая причина травм в организации — попадание рук в движущиеся части тестомесильных машин при "
        "открытой крышке: три случая за прошлый год.",
        solution="На все восемь тестомесильных машин установлены концевые выключатели крышек: машина не включается и "
        "останавливается, если крышку открыть. Работы выполнила собственная служба главного механика за два месяца; "
        "операторов обучили и провели внеплановый инструктаж.",
        results="Ни одной травмы у машин за полгода; время остановки на чистку сократилось — крышку больше не "
        "фиксируют подручными средствами.",
        injuries_before=3,
        injuries_after=0,
        violations_before=11,
        violations_after=2,
        productivity_change_pct=Decimal("4.5"),
        economic_effect_rub=Decimal("640000"),
        investment_rub=Decimal("184000"),
        publication_allowed=True,
    )
    reports.add_material(
        guards,
        actor=org,
        uploaded=SimpleUploadedFile("blokirovka.png", _picture(), content_type="image/png"),
        title="Схема установки концевого выключателя",
        public=True,
    )
    reports.submit_report(guards, actor=org, notify=False)
    reports.recommend_report(guards, actor=district, comment="Подходит всем хлебозаводам и кондитерским.", notify=False)

    audits = reports.create_report(
        org.organization,
        actor=org,
        quarter=previous,
        kind=PracticeKind.LABOUR_ORGANIZATION,
        title="Поведенческие аудиты безопасности",
        problem="Нарушения трудовой дисциплины: работа без СИЗ в ночную смену.",
        solution="Мастера раз в неделю проводят беседу-наблюдение с работником на рабочем месте.",
        publication_allowed=False,
    )
    reports.update_report(audits, actor=org, results="Нарушений стало меньше.")
    reports.submit_report(audits, actor=org, notify=False)
    reports.return_report(
        audits,
        actor=district,
        remarks="Приведите число нарушений до и после и опишите, кто и как проводит аудиты.",
        notify=False,
    )

    farm = reports.create_report(
        small.organization,
        actor=small,
        quarter=previous,
        kind=PracticeKind.TECHNOLOGY,
        title="Заправка опрыскивателей через закрытую систему",
        problem="Отравления и ожоги при ручном переливании средств защиты растений.",
        solution="Куплен насос с закрытой системой заправки и промывки канистр; заправка — только на площадке с "
        "твёрдым покрытием.",
        results="Работник больше не контактирует с концентратом; заправка занимает 10 минут вместо 25.",
        productivity_change_pct=Decimal("12"),
        investment_rub=Decimal("95000"),
        publication_allowed=True,
    )
    reports.submit_report(farm, actor=small, notify=False)
    reports.recommend_report(farm, actor=staff, notify=False)

    # Back-date the previous quarter's filings: the bakery on time, the farm two days late.
    deadline = guards.period.deadline
    on_time = timezone.make_aware(datetime.combine(deadline - timedelta(days=5), time(10)))
    late = timezone.make_aware(datetime.combine(deadline + timedelta(days=2), time(15)))
    PracticeReport.objects.filter(pk__in=[guards.pk, audits.pk]).update(
        first_submitted_at=on_time, submitted_at=on_time
    )
    PracticeReport.objects.filter(pk=farm.pk).update(first_submitted_at=late, submitted_at=late)

    # Current quarter: a report made from a worker's proposal, waiting for the administration; the farm has nothing new.
    briefing = surveys.report_from_answer(answers[0], actor=org)
    reports.update_report(
        briefing,
        actor=org,
        kind=PracticeKind.LABOUR_ORGANIZATION,
        title="Пятиминутка мастера и соревнование смен",
        problem=answers[0].problem,
        solution=answers[0].proposal + " Итоги месяца подводит комиссия по охране труда, лучшая смена получает премию.",
        results="За первый месяц — ни одного случая работы с открытой крышкой машины.",
        violations_before=6,
        violations_after=1,
        investment_rub=Decimal("30000"),
        publication_allowed=True,
    )
    reports.submit_report(briefing, actor=org, notify=False)
    reports.state_nothing_new(small.organization, actor=small, quarter=current, comment="Внедрение продолжается.")

    _explanatory_events(org, district, staff)


# The speakers the department's letter suggests: science, planning-economic services, heads of units that invested.
SPEAKERS = (
    "Кравец Ольга Николаевна, к. э. н., доцент кафедры экономики труда, Кубанский государственный университет\n"
    "Лебедев Сергей Андреевич, начальник планово-экономического отдела, АО «Краснодарский завод металлоконструкций»\n"
    "Гриценко Павел Ильич, начальник цеха № 2, ООО «Кубанский хлебозавод»"
)


def _explanatory_events(org: User, district: User, staff: User) -> None:
    """An upcoming event of Краснодар's administration with the bakery registered, and a held region-wide event of the
    department with its slides and the recording's link in the library. Announced without letters; the held one is
    announced ahead and then moved into the past, as the services refuse a start in the past."""
    today = timezone.localdate()
    upcoming = events.announce_event(
        org.organization.municipality,
        actor=district,
        notify_people=False,
        topic="Сколько стоит несчастный случай: экономика охраны труда для руководителей",
        description="Экономические потери от производственного травматизма и ненадлежащих условий труда; как считать "
        "окупаемость вложений в безопасность и рост производительности труда. Примеры предприятий города.",
        starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=10), time(10))),
        ends_at=timezone.make_aware(datetime.combine(today + timedelta(days=10), time(12, 30))),
        place="г. Краснодар, ул. Красная, 122, администрация, зал заседаний (каб. 301)",
        online_url="https://vks.example.ru/ot-ekonomika",
        speakers=SPEAKERS,
        registration_closes_at=timezone.make_aware(datetime.combine(today + timedelta(days=8), time(18))),
        capacity=40,
    )
    events.register_participants(
        upcoming,
        actor=org,
        organization=org.organization,
        participants="Иванова Мария Петровна, специалист по охране труда\n"
        "Гриценко Павел Ильич, начальник цеха № 2\nСоколова Ирина Викторовна, экономист",
    )

    held = events.announce_event(
        None,
        actor=staff,
        notify_people=False,
        topic="Инвестиции в безопасность труда: как они окупаются",
        description="Краевой семинар департамента для руководителей, экономистов и специалистов по охране труда: "
        "потери от травматизма, льготы и скидки к страховому тарифу, опыт предприятий края.",
        starts_at=timezone.now() + timedelta(days=1),
        place="г. Краснодар, ул. Зиповская, 5, конференц-зал",
        online_url="https://vks.example.ru/kraevoy-seminar",
        speakers=SPEAKERS,
    )
    starts = timezone.make_aware(datetime.combine(today - timedelta(days=20), time(11)))
    ExplanatoryEvent.objects.filter(pk=held.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=3))
    held.refresh_from_db()
    events.add_event_material(
        held,
        actor=staff,
        uploaded=SimpleUploadedFile("slaydy-seminara.pdf", _slides(), content_type="application/pdf"),
        title="Слайды доклада «Экономические потери от травматизма»",
    )
    events.add_event_material(
        held, actor=staff, url="https://video.example.ru/kraevoy-seminar-zapis", title="Запись семинара"
    )


def _slides() -> bytes:
    """A one-page PDF with a line of text, made here so that the demo needs no files."""
    text = b"BT /F1 24 Tf 72 720 Td (Ekonomika okhrany truda) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%EOF\n".encode()
    return bytes(out)


def _picture(width: int = 240, height: int = 160) -> bytes:
    """A small PNG drawing (a machine with a guard and a switch), made here so that the demo needs no files."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            colour = (236, 240, 245)
            if 40 <= x <= 200 and 50 <= y <= 140:
                colour = (21, 50, 92)  # the machine
            if 60 <= x <= 180 and 30 <= y <= 50:
                colour = (217, 165, 33)  # the lid
            if 185 <= x <= 200 and 30 <= y <= 50:
                colour = (200, 40, 40)  # the limit switch
            row += bytes(colour)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
