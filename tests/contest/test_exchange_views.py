"""The data exchange pages: who may download which workbook, the page's filters kept in the export, the file name,
query counts that do not grow with the rows, and the paper-card import page."""

import io
import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from contest.enums import ParticipationState as S
from contest.enums import Role
from contest.models import Participation
from tests.contest.helpers import PDF_BYTES, card_submitted, organization_in, submitted, under_review
from tests.contest.test_paper_import import filled, paper_row
from tests.contest.test_results_services import forward, participant
from tests.factories import UserFactory, municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def rows_of(response) -> list[list]:
    """The data rows of the first sheet of a downloaded workbook (the totals row left out)."""
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    first = int(sheet.auto_filter.ref.split(":")[0][1:])
    return [list(row) for row in sheet.iter_rows(min_row=first + 1, values_only=True) if row[0] != "Итого"]


def krasnodar() -> str:
    return f"?municipality={municipality('Краснодар').pk}"


def test_export_is_an_attachment_with_a_russian_name(contest, login):
    under_review(contest)
    response = login(municipal_user(Role.MUNICIPAL_MEMBER)).get(reverse("export-commission-cards"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == "Карты участников — Краснодар — 2011.xlsx"
    assert len(rows_of(response)) == 1


# ---------------------------------------------------------------------------------------------------------------------
# The page's filters go into the export


def test_commission_export_keeps_the_filters_of_the_page(contest, login):
    under_review(contest, organization_in(contest, full_name="ООО «Завод»"))
    card_submitted(contest, organization_in(contest, sector="energy", full_name="ООО «Энергия»"))
    client = login(municipal_user(Role.MUNICIPAL_MEMBER))
    energy = contest.sectors.get(code="energy")
    page = client.get(reverse("commission-cards") + f"?sector={energy.pk}&state=waiting").content.decode()
    link = re.search(r'href="([^"]*export/commission-cards\.xlsx[^"]*)"', page).group(1).replace("&amp;", "&")
    assert link == reverse("export-commission-cards") + f"?sector={energy.pk}&state=waiting"
    response = client.get(link)
    assert [row[1] for row in rows_of(response)] == ["ООО «Энергия»"]
    book = load_workbook(io.BytesIO(b"".join(client.get(link).streaming_content)))
    notes = [book.active.cell(row=n, column=1).value for n in range(2, 5)]
    assert "Отбор: отрасль — Производство и распределение энергии; состояние — Ожидают проверки комиссии" in notes


def test_applications_export_keeps_the_filter(contest, login):
    submitted(contest, organization_in(contest, full_name="ООО «Новая»"))
    under_review(contest, organization_in(contest, full_name="ООО «Проверяемая»"))
    client = login(municipal_user(Role.LABOUR_OFFICE))
    page = client.get(reverse("office-applications") + "?show=registered").content.decode()
    assert f'href="{reverse("export-applications")}?show=registered"' in page
    rows = rows_of(client.get(reverse("export-applications") + "?show=registered"))
    assert [row[1] for row in rows] == ["ООО «Проверяемая»"]
    assert [row[1] for row in rows_of(client.get(reverse("export-applications")))] == ["ООО «Новая»"]


def test_applications_search_is_kept_in_the_export_and_named_in_its_title(contest, login):
    submitted(contest, organization_in(contest, full_name="ООО «Новая»"))
    submitted(contest, organization_in(contest, full_name="ООО «Старая»"))
    client = login(municipal_user(Role.LABOUR_OFFICE))
    page = client.get(reverse("office-applications") + "?show=submitted&q=новая").content.decode()
    link = re.search(r'href="([^"]*export/applications\.xlsx[^"]*)"', page).group(1).replace("&amp;", "&")
    assert link == reverse("export-applications") + "?show=submitted&q=%D0%BD%D0%BE%D0%B2%D0%B0%D1%8F"
    response = client.get(link)
    assert [row[1] for row in rows_of(response)] == ["ООО «Новая»"]
    book = load_workbook(io.BytesIO(b"".join(client.get(link).streaming_content)))
    notes = [book.active.cell(row=n, column=1).value for n in range(2, 5)]
    assert "Отбор: ожидают регистрации; поиск — «новая»" in notes


def test_forwarded_export_keeps_the_filters(contest, login):
    participant(contest, "108", "Краснодарская")
    participant(contest, "113", "Сочинская", town="Сочи")
    forward(contest)
    forward(contest, "Сочи")
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))
    sochi = municipality("Сочи").pk
    page = client.get(reverse("regional-participants") + f"?municipality={sochi}").content.decode()
    assert f'href="{reverse("export-forwarded")}?municipality={sochi}"' in page
    rows = rows_of(client.get(reverse("export-forwarded") + f"?municipality={sochi}"))
    assert [(row[1], row[2], row[6]) for row in rows] == [
        ("Сочи", "ООО «Сочинская»", "Победитель муниципального этапа")
    ]
    assert len(rows_of(client.get(reverse("export-forwarded")))) == 2


def test_the_regional_commission_sees_only_forwarded_participants(contest, login):
    participant(contest, "108", "Краснодарская")
    participant(contest, "98", "Вторая")
    forward(contest)
    rows = rows_of(login(UserFactory(role=Role.REGIONAL_MEMBER)).get(reverse("export-forwarded")))
    assert [row[2] for row in rows] == ["ООО «Краснодарская»"]


def test_municipal_results_export_of_another_municipality_is_404(contest, login):
    participant(contest, "108", "Краснодарская")
    client = login(municipal_user(Role.MUNICIPAL_MEMBER))
    assert (
        client.get(reverse("export-municipal-results") + f"?municipality={municipality('Сочи').pk}").status_code == 404
    )
    rows = rows_of(client.get(reverse("export-municipal-results")))
    assert [(row[2], row[3]) for row in rows] == [(1, "ООО «Краснодарская»")]
    staff = login(UserFactory(role=Role.STAFF))
    assert staff.get(reverse("export-municipal-results")).status_code == 404  # no municipality chosen
    assert len(rows_of(staff.get(reverse("export-municipal-results") + krasnodar()))) == 1


def test_participants_export_of_staff_for_one_municipality_or_all(contest, login):
    under_review(contest)
    card_submitted(contest, organization_in(contest, "Сочи"))
    client = login(UserFactory(role=Role.STAFF))
    assert len(rows_of(client.get(reverse("export-participants")))) == 2
    assert [row[1] for row in rows_of(client.get(reverse("export-participants") + krasnodar()))] == ["Краснодар"]
    assert client.get(reverse("export-participants") + "?municipality=abc").status_code == 404
    member = login(municipal_user(Role.MUNICIPAL_MEMBER))
    assert [row[1] for row in rows_of(member.get(reverse("export-participants")))] == ["Краснодар"]
    assert member.get(reverse("export-participants") + f"?municipality={municipality('Сочи').pk}").status_code == 404


@pytest.mark.parametrize(
    ("page", "query", "export", "user"),
    [
        ("commission-cards", "", "export-commission-cards", "member"),
        ("municipal-results", "", "export-municipal-results", "member"),
        ("regional-results", "", "export-regional-results", "regional"),
        ("regional-participants", "", "export-forwarded", "regional"),
        ("office-applications", "?show=all", "export-applications", "office"),
    ],
)
def test_every_list_page_offers_its_excel(contest, login, page, query, export, user):
    under_review(contest)
    users = {
        "member": lambda: municipal_user(Role.MUNICIPAL_MEMBER),
        "regional": lambda: UserFactory(role=Role.REGIONAL_MEMBER),
        "office": lambda: municipal_user(Role.LABOUR_OFFICE),
    }
    content = login(users[user]()).get(reverse(page) + query).content.decode()
    assert "Скачать в Excel" in content
    assert f'href="{reverse(export)}' in content


# ---------------------------------------------------------------------------------------------------------------------
# Query counts: the same for 1 and 6 rows


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("name", "user"),
    [
        ("export-commission-cards", Role.MUNICIPAL_MEMBER),
        ("export-participants", Role.MUNICIPAL_MEMBER),
        ("export-municipal-results", Role.MUNICIPAL_MEMBER),
        ("export-applications", Role.LABOUR_OFFICE),
    ],
)
def test_municipal_exports_query_count_does_not_grow(contest, login, name, user):
    under_review(contest)
    client = login(municipal_user(user))
    url = reverse(name) + ("?show=all" if name == "export-applications" else "")
    one = queries_for(client, url)
    for _ in range(5):
        participation, _ = under_review(contest)
        from contest.services import review

        review.correct_value(
            participation, actor=municipal_user(Role.MUNICIPAL_MEMBER), key="ppe_pct", value="96", reason="Акт"
        )
    assert queries_for(client, url) == one


@pytest.mark.parametrize("name", ["export-forwarded", "export-regional-results"])
def test_regional_exports_query_count_does_not_grow(contest, login, name):
    participant(contest, "108", "Краснодарская")
    forward(contest)
    client = login(UserFactory(role=Role.REGIONAL_MEMBER))
    one = queries_for(client, reverse(name))
    for town in ("Сочи", "Новороссийск", "Армавир"):
        participant(contest, "113", f"Из {town}", town=town)
        forward(contest, town)
    assert queries_for(client, reverse(name)) == one
    assert len(rows_of(client.get(reverse(name)))) == 4


# ---------------------------------------------------------------------------------------------------------------------
# The import page


def test_import_page_offers_the_template_and_the_upload(contest, login):
    content = login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("paper-cards-import")).content.decode()
    assert f'href="{reverse("paper-cards-template")}"' in content
    assert 'data-testid="import-form"' in content


def test_import_a_good_file_shows_the_summary(contest, login):
    client = login(municipal_user(Role.LABOUR_OFFICE))
    response = client.post(reverse("paper-cards-import"), {"file": filled(contest, [paper_row(1), paper_row(2)])})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Создано карт: 2 · обновлено: 0 · без изменений: 0" in content
    assert "Общество с ограниченной ответственностью «Бумажная 1»" in content
    assert Participation.objects.filter(state=S.CARD_SUBMITTED).count() == 2
    again = client.post(reverse("paper-cards-import"), {"file": filled(contest, [paper_row(1), paper_row(2)])})
    assert "Создано карт: 0 · обновлено: 0 · без изменений: 2" in again.content.decode()
    assert Participation.objects.count() == 2


def test_import_a_file_with_mistakes_shows_every_one_and_saves_nothing(contest, login):
    client = login(municipal_user(Role.LABOUR_OFFICE))
    rows = [paper_row(1, ppe_pct=150), paper_row(2, inn="123"), paper_row(3)]
    content = client.post(reverse("paper-cards-import"), {"file": filled(contest, rows)}).content.decode()
    assert "В файле ошибок: 2 — ничего не сохранено" in content
    problems = re.findall(r'<tr data-testid="problem">(.*?)</tr>', content, re.S)
    cells = [[re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", p, re.S)] for p in problems]
    assert cells == [
        [
            "6",
            "V",
            "Обеспеченность сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы",
            "Значение должно быть от 0 до 100.",
        ],
        ["7", "D", "ИНН", cells[1][3]],
    ]
    assert "ИНН" in cells[1][3]
    assert "10" in cells[1][3]
    assert Participation.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            ("протокол.pdf", PDF_BYTES),
            "Это не файл Excel. Загрузите шаблон, заполненный и сохранённый в формате .xlsx.",
        ),
        (("карты.xlsx", b"PK\x03\x04 not really a zip"), "Это не книга Excel (.xlsx)."),
        (None, "Выберите файл Excel, заполненный по шаблону."),
    ],
)
def test_import_a_bad_file_is_told_next_to_the_field(contest, login, upload, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile(*upload)} if upload else {}
    response = login(municipal_user(Role.LABOUR_OFFICE)).post(reverse("paper-cards-import"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert message in " ".join(response.context["form"].errors["file"])


def test_the_labour_office_home_links_the_import(contest, login):
    assert (
        reverse("paper-cards-import") in login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("home")).content.decode()
    )
    member_home = login(municipal_user(Role.MUNICIPAL_MEMBER)).get(reverse("home")).content.decode()
    assert reverse("paper-cards-import") not in member_home


def test_template_download(contest, login):
    response = login(municipal_user(Role.MUNICIPAL_SECRETARY)).get(reverse("paper-cards-template"))
    disposition = unquote(response["Content-Disposition"].split("''", 1)[1])
    assert disposition == "Шаблон карт на бумажном носителе — Краснодар — 2011.xlsx"
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Карты", "Инструкция", "Списки"]
