"""The quarterly summary as an Excel workbook for the administration's report upwards, written by the portal's one
workbook writer (contest.exports.xlsx): text is always text there, so a title typed as «=…» is never a formula."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _

from contest.exports.xlsx import CENTER, CODE, DATE, INT, MONEY, TEXT, Book, Column

from .enums import PracticeKind, finance_of
from .selectors import Summary
from .services.events import when_text


def _status_label(status: str) -> str:
    return {
        "reported": _("представлен отчёт"),
        "nothing_new": _("нового опыта нет"),
        "missing": _("не отчиталась"),
    }[status]


def summary_xlsx(summary: Summary) -> bytes:
    """Four sheets: organizations (who reported, who did not), reports (with their figures as numbers), by kind, totals.
    Each has a title above a frozen header row (row 4), fitted column widths and numbers stored as numbers."""
    title = _("Передовой опыт в области охраны труда: %(municipality)s, %(quarter)s") % {
        "municipality": summary.municipality,
        "quarter": summary.quarter,
    }
    subtitle = _("Срок представления — %(day)s. Сформировано %(now)s.") % {
        "day": summary.deadline.strftime("%d.%m.%Y"),
        "now": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
    }
    notes = [subtitle]
    if summary.filtered:
        condition = []
        if summary.text:
            condition.append(_("поиск «%(text)s»") % {"text": summary.text})
        if summary.status:
            condition.append(_("итог: %(status)s") % {"status": _status_label(summary.status)})
        notes.append(_("Отбор: %(condition)s.") % {"condition": "; ".join(condition)})
    kinds = list(PracticeKind)
    buffer = BytesIO()
    book = Book(buffer)

    def sheet(name: str, columns: list[Column], rows: list[list]) -> None:
        with book.sheet(name, columns=columns, title=title, notes=notes, totals=False) as table:
            for row in rows:
                table.append(row)

    sheet(
        _("Организации"),
        [
            Column(_("№"), CENTER, 5),
            Column(_("Организация"), TEXT, 48),
            Column(_("ИНН"), CODE, 14),
            Column(_("Отрасль"), TEXT, 28),
            Column(_("Бюджетная / коммерческая"), TEXT, 18),
            Column(_("Итог"), TEXT, 20),
            Column(_("Отчётов"), INT, 10),
            *(Column(str(kind.label), INT, 16) for kind in kinds),
            Column(_("Представлено"), DATE, 13),
            Column(_("После срока"), CENTER, 10),
            Column(_("Представитель на портале"), CENTER, 13),
        ],
        [
            [
                number,
                row.organization.full_name,
                row.organization.inn,
                str(row.organization.sector or ""),
                str(finance_of(row.organization.legal_form).label),
                _status_label(row.status),
                len(row.reports),
                *(row.kinds()[kind] for kind in kinds),
                timezone.localtime(row.first_filed_at).date() if row.first_filed_at else None,
                _("да") if row.status != "missing" and row.is_late else "",
                _("есть") if row.has_representative else _("нет"),
            ]
            for number, row in enumerate(summary.rows, start=1)
        ],
    )
    sheet(
        _("Отчёты"),
        [
            Column(_("Организация"), TEXT, 40),
            Column(_("Вид опыта"), TEXT, 24),
            Column(_("Название"), TEXT, 40),
            Column(_("Состояние"), TEXT, 18),
            Column(_("Травм до"), INT, 9),
            Column(_("Травм после"), INT, 9),
            Column(_("Нарушений до"), INT, 10),
            Column(_("Нарушений после"), INT, 10),
            Column(_("Производительность, %"), MONEY, 14),  # ± percent points as typed (7,5), not a fraction
            Column(_("Экономический эффект, руб."), MONEY, 16),
            Column(_("Вложено, руб."), MONEY, 16),
            Column(_("Представлен"), DATE, 13),
            Column(_("После срока"), CENTER, 10),
        ],
        [
            [
                str(row.organization),
                str(report.get_kind_display()),
                report.title,
                str(report.get_state_display()),
                report.injuries_before,
                report.injuries_after,
                report.violations_before,
                report.violations_after,
                report.productivity_change_pct,
                report.economic_effect_rub,
                report.investment_rub,
                timezone.localtime(report.first_submitted_at).date(),
                _("да") if report.is_late else "",
            ]
            for row in summary.rows
            for report in row.reports
        ],
    )
    by_kind = summary.by_kind()
    sheet(
        _("По видам"),
        [
            Column(_("Вид передового опыта"), TEXT, 60),
            Column(_("Отчётов"), INT, 12),
            Column(_("Из них рекомендовано"), INT, 14),
        ],
        [[str(label), count, recommended] for _kind, label, count, recommended in by_kind]
        + [[_("Всего"), summary.reports_count, sum(recommended for *_rest, recommended in by_kind)]],
    )
    sheet(
        _("Итоги"),
        [Column(_("Показатель"), TEXT, 50), Column(_("Организаций"), INT, 14)],
        [
            [_("Организаций муниципального образования на портале"), summary.counts["total"]],
            [_("Представили отчёт о передовом опыте"), summary.counts["reported"]],
            [_("Сообщили, что нового опыта нет"), summary.counts["nothing_new"]],
            [_("Не отчитались"), summary.counts["missing"]],
            [_("Из отчитавшихся — после срока"), summary.counts["late"]],
        ],
    )
    book.close()
    return buffer.getvalue()


def event_registrations_xlsx(event, registrations) -> bytes:
    """The organizer's list of an event: one row per participant, with the organization, its ИНН and who registered."""
    place = event.place or event.online_url
    title = _("Участники мероприятия «%(topic)s», %(when)s") % {
        "topic": event.topic,
        "when": when_text(event.starts_at),
    }
    notes = [
        place,
        _("Сформировано %(now)s.") % {"now": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
    ]
    buffer = BytesIO()
    book = Book(buffer)
    columns = [
        Column(_("№"), CENTER, 5),
        Column(_("Участник (ФИО, должность)"), TEXT, 50),
        Column(_("Организация"), TEXT, 44),
        Column(_("ИНН"), CODE, 14),
        Column(_("Зарегистрировал"), TEXT, 28),
        Column(_("Дата регистрации"), DATE, 14),
    ]
    with book.sheet(_("Участники"), columns=columns, title=title, notes=notes, totals=False) as table:
        number = 0
        for registration in registrations:
            for person in registration.participant_lines:
                number += 1
                table.append(
                    [
                        number,
                        person,
                        registration.organization.full_name,
                        registration.organization.inn,
                        registration.registered_by.full_name if registration.registered_by else "",
                        timezone.localtime(registration.updated_at).date(),
                    ]
                )
    book.close()
    return buffer.getvalue()
