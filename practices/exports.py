"""The quarterly summary as an Excel workbook for the administration's report upwards (openpyxl, imported inside)."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import PracticeKind, finance_of
from .selectors import Summary


def _status_label(status: str) -> str:
    return {
        "reported": _("представлен отчёт"),
        "nothing_new": _("нового опыта нет"),
        "missing": _("не отчиталась"),
    }[status]


def summary_xlsx(summary: Summary) -> bytes:
    """Three sheets: organizations (who reported, who did not), reports (with their figures as numbers), by kind.
    Each has a title above a frozen header row, fitted column widths and numbers stored as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE3EA")
    wrap = Alignment(wrap_text=True, vertical="top")
    title = _("Передовой опыт в области охраны труда: %(municipality)s, %(quarter)s") % {
        "municipality": summary.municipality,
        "quarter": summary.quarter,
    }
    subtitle = _("Срок представления — %(day)s. Сформировано %(now)s.") % {
        "day": summary.deadline.strftime("%d.%m.%Y"),
        "now": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
    }

    def sheet(ws, headers: list[tuple[str, int]], rows: list[list]) -> None:
        ws["A1"] = title
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = subtitle
        for column, (label, width) in enumerate(headers, start=1):
            cell = ws.cell(row=4, column=column, value=label)
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[get_column_letter(column)].width = width
        for row in rows:
            ws.append(row)
        for row in ws.iter_rows(min_row=5):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.alignment = wrap
        ws.freeze_panes = "A5"  # the title and the header row stay in view
        ws.auto_filter.ref = f"A4:{get_column_letter(len(headers))}{max(4, ws.max_row)}"

    workbook = Workbook()
    organizations = workbook.active
    organizations.title = _("Организации")
    kinds = list(PracticeKind)
    sheet(
        organizations,
        [
            (_("№"), 5),
            (_("Организация"), 48),
            (_("ИНН"), 14),
            (_("Отрасль"), 28),
            (_("Бюджетная / коммерческая"), 18),
            (_("Итог"), 20),
            (_("Отчётов"), 10),
            *((str(kind.label), 16) for kind in kinds),
            (_("Представлено"), 13),
            (_("После срока"), 10),
            (_("Представитель на портале"), 13),
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
    for cell in organizations[get_column_letter(8 + len(kinds))][4:]:
        cell.number_format = "DD.MM.YYYY"

    reports = workbook.create_sheet(_("Отчёты"))
    sheet(
        reports,
        [
            (_("Организация"), 40),
            (_("Вид опыта"), 24),
            (_("Название"), 40),
            (_("Состояние"), 18),
            (_("Травм до"), 9),
            (_("Травм после"), 9),
            (_("Нарушений до"), 10),
            (_("Нарушений после"), 10),
            (_("Производительность, %"), 14),
            (_("Экономический эффект, руб."), 16),
            (_("Вложено, руб."), 16),
            (_("Представлен"), 13),
            (_("После срока"), 10),
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
    for column in ("I", "J", "K"):
        for cell in reports[column][4:]:
            cell.number_format = "#,##0.00"
    for cell in reports["L"][4:]:
        cell.number_format = "DD.MM.YYYY"

    by_kind = workbook.create_sheet(_("По видам"))
    sheet(
        by_kind,
        [(_("Вид передового опыта"), 60), (_("Отчётов"), 12), (_("Из них рекомендовано"), 14)],
        [[str(label), count, recommended] for _kind, label, count, recommended in summary.by_kind()]
        + [[_("Всего"), summary.reports_count, sum(recommended for *_rest, recommended in summary.by_kind())]],
    )
    totals = workbook.create_sheet(_("Итоги"))
    sheet(
        totals,
        [(_("Показатель"), 50), (_("Организаций"), 14)],
        [
            [_("Организаций муниципального образования на портале"), len(summary.rows)],
            [_("Представили отчёт о передовом опыте"), len(summary.reported)],
            [_("Сообщили, что нового опыта нет"), len(summary.nothing_new)],
            [_("Не отчитались"), len(summary.missing)],
            [_("Из отчитавшихся — после срока"), len(summary.late)],
        ],
    )

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
