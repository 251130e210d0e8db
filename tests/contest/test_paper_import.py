"""Import of cards that came on paper: the template filled in, checked row by row with the web forms' and the scoring
module's rules, every problem reported with its row and column, nothing saved from a file with problems, and the
same file twice creating nothing twice."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

import scoring
from contest import imports, selectors
from contest.enums import ParticipationState as S
from contest.enums import Role
from contest.exports import excel
from contest.models import Application, AuditRecord, InfoCard, Organization, Participation
from contest.services import review
from contest.services.participation import card_values
from core.exceptions import DomainError
from tests.contest.helpers import PDF_BYTES, card_submitted, organization_in, reload
from tests.factories import COMPLETE_CARD, _company_inn, _company_ogrn, municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db

FLAGS = {key for key, value in COMPLETE_CARD.items() if isinstance(value, bool)}


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def office():
    return municipal_user(Role.LABOUR_OFFICE)


def paper_row(n: int = 1, **changes) -> dict:
    """A good row of the template: an organization of the manufacturing sector with the complete card."""
    row = {
        "full_name": f"Общество с ограниченной ответственностью «Бумажная {n}»",
        "short_name": f"ООО «Бумажная {n}»",
        "legal_form": "Общество с ограниченной ответственностью",
        "inn": _company_inn(500 + n),
        "ogrn": _company_ogrn(500 + n),
        "legal_address": "350000, г. Краснодар, ул. Северная, д. 5",
        "phone": "+7 861 222-33-44",
        "sector": "Обрабатывающие производства",
        "headcount": 240,
        "public_share_pct": 0,
        "head_name": "Петров Пётр Петрович",
        "head_position": "директор",
        "registration_number": f"П-{n}",
        "fatal_accidents": 0,
        "fatal_transport_no_fault": 0,
    }
    shared = imports.from_organization(scoring.get_table("krasnodar-2011"))  # headcount: the profile's column
    for key, value in COMPLETE_CARD.items():
        if key not in row and key not in shared:
            row[key] = ("да" if value else "нет") if key in FLAGS else value
    row.update(changes)
    return row


def template(contest) -> Workbook:
    out = io.BytesIO()
    excel.paper_template_xlsx(contest, municipality("Краснодар"), out)
    return load_workbook(io.BytesIO(out.getvalue()))


def filled(contest, rows: list[dict], *, number_formats: dict | None = None) -> SimpleUploadedFile:
    """The template with these rows written from the first data row on, as an uploaded file."""
    book = template(contest)
    sheet = book[imports.SHEET_TITLE]
    keys = [cell.value for cell in sheet[imports.KEY_ROW]]
    for offset, row in enumerate(rows):
        for key, value in row.items():
            cell = sheet.cell(row=imports.FIRST_DATA_ROW + offset, column=keys.index(key) + 1, value=value)
            if number_formats and key in number_formats:
                cell.number_format = number_formats[key]
    return upload(book)


def upload(book: Workbook, name: str = "карты.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def letter(contest, key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([c.key for c in imports.template_columns(contest)].index(key) + 1)


def counts() -> tuple:
    return tuple(model.objects.count() for model in (Organization, Participation, Application, InfoCard, AuditRecord))


def run(contest, office, rows, **kwargs):
    return imports.import_paper_cards(filled(contest, rows, **kwargs), contest=contest, actor=office)


# ---------------------------------------------------------------------------------------------------------------------
# A good file


def test_good_file_creates_registered_cards_with_the_right_points(contest, office):
    small = paper_row(
        2, headcount=60, women_count=30, hazardous_workers=5, hazardous_women=2, public_share_pct=10, ppe_pct=96
    )
    report = run(contest, office, [paper_row(1), small])
    assert report.ok, report.problems
    assert (report.created, report.updated, report.unchanged) == (
        [
            "Общество с ограниченной ответственностью «Бумажная 1»",
            "Общество с ограниченной ответственностью «Бумажная 2»",
        ],
        [],
        [],
    )
    first, second = Participation.objects.filter(contest=contest).order_by("organization__full_name")
    for participation, row in ((first, paper_row(1)), (second, small)):
        organization = participation.organization
        assert (organization.inn, organization.ogrn, organization.municipality) == (
            row["inn"],
            row["ogrn"],
            municipality("Краснодар"),
        )
        assert participation.state == S.CARD_SUBMITTED
        assert participation.sector.code == "manufacturing"
        values = {spec.key: row.get(spec.key, row["headcount"]) for spec in contest.table.inputs}
        values.update({key: row[key] == "да" for key in FLAGS})
        assert participation.card.declared_total == scoring.score_card(values, table=contest.table).total
        application = participation.application
        assert application.registration_number == row["registration_number"]
        assert application.submitted_at is not None
        assert application.registered_at is not None
        assert application.full_name == row["full_name"]
        assert application.head_name == "Петров Пётр Петрович"
    assert first.card.declared_total == Decimal("98")
    assert second.card.declared_total == Decimal("97.5")  # PPE 96 %: 3 points; 60 workers: other Кч and K18
    assert (second.size_category, second.card.public_share_pct, card_values(second.card)["avg_headcount"]) == (
        "small",
        10,
        60,
    )
    assert first.size_category == "medium_large"
    # The way there through the door, every step by the importing user; the last one marks the paper.
    history = list(AuditRecord.objects.filter(participation=first).order_by("pk"))
    assert [(r.from_state, r.to_state, r.text) for r in history] == [
        (S.DRAFT, S.SUBMITTED, "Заявка подана на бумажном носителе"),
        (S.SUBMITTED, S.REGISTERED, "Заявка зарегистрирована"),
        (S.REGISTERED, S.CARD_APPROVAL, "Карта согласована на бумажном носителе"),
        (S.CARD_APPROVAL, S.CARD_SUBMITTED, "Карта внесена с бумажного носителя"),
    ]
    assert {r.actor for r in history} == {office}
    # The commission sees them in its list waiting for review, with their points.
    member = municipal_user(Role.MUNICIPAL_MEMBER)
    waiting = selectors.commission_cards(member, contest=contest, state="waiting")
    assert {(p.pk, p.card.declared_total) for p in waiting} == {(first.pk, 98), (second.pk, Decimal("97.5"))}


def test_the_same_file_twice_creates_nothing_twice(contest, office):
    rows = [paper_row(1), paper_row(2)]
    assert run(contest, office, rows).ok
    before = counts()
    report = run(contest, office, rows)
    assert report.ok
    assert (report.created, report.updated, len(report.unchanged)) == ([], [], 2)
    assert counts() == before


def test_a_changed_row_updates_a_card_not_yet_in_review(contest, office):
    assert run(contest, office, [paper_row(1)]).ok
    participation = Participation.objects.get()
    report = run(contest, office, [paper_row(1, ppe_pct=96, phone="+7 861 999-00-00")])
    assert report.ok
    assert report.updated == [
        (
            "Общество с ограниченной ответственностью «Бумажная 1»",
            ["Телефон", "Обеспеченность сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы"],
        )
    ]
    participation = reload(participation)
    assert card_values(participation.card)["ppe_pct"] == 96
    assert participation.card.declared_total == 96
    assert participation.organization.phone == participation.application.phone == "+7 861 999-00-00"
    assert Participation.objects.count() == 1
    record = AuditRecord.objects.filter(participation=participation).latest("pk")
    assert (record.action, record.text) == (
        "paper.updated",
        "Карта обновлена по бумажному носителю (повторная загрузка)",
    )
    assert record.actor == office
    assert "Сумма баллов: 96" in record.reason


def test_a_changed_row_of_a_card_in_review_is_an_error_and_changes_nothing(contest, office):
    assert run(contest, office, [paper_row(1), paper_row(2)]).ok
    participation = Participation.objects.get(organization__inn=paper_row(1)["inn"])
    review.start_review(participation, actor=municipal_user(Role.MUNICIPAL_MEMBER))
    before = counts()
    # Unchanged, it is skipped even in review; changed, it is refused with the row's number.
    assert run(contest, office, [paper_row(1), paper_row(2)]).unchanged == [
        paper_row(1)["full_name"],
        paper_row(2)["full_name"],
    ]
    report = run(contest, office, [paper_row(2, ppe_pct=96), paper_row(1, ppe_pct=96)])
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (
            imports.FIRST_DATA_ROW + 1,
            "",
            "Карта уже у комиссии (состояние «На проверке комиссии»), а в строке изменено: «Обеспеченность "
            "сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы». Изменить её загрузкой файла нельзя — "
            "исправления вносит комиссия.",
        )
    ]
    assert counts() == before
    assert (
        Participation.objects.get(organization__inn=paper_row(2)["inn"]).card.values["ppe_pct"] == "100"
    )  # row 1 not saved


def test_an_organization_registered_in_the_municipality_is_found_by_inn(contest, office):
    organization = organization_in(contest, inn=paper_row(1)["inn"], ogrn=paper_row(1)["ogrn"])
    report = run(contest, office, [paper_row(1)])
    assert report.ok
    assert Organization.objects.count() == 1
    participation = Participation.objects.get()
    assert participation.organization == organization
    assert reload(participation).organization.full_name == paper_row(1)["full_name"]  # the paper's details


def test_percent_typed_into_a_percent_cell_and_numbers_typed_as_text(contest, office):
    row = paper_row(1, ppe_pct=0.96, sanitary_pct="95,0", inn=int(paper_row(1)["inn"]), assessment_pct="72,5")
    report = run(contest, office, [row], number_formats={"ppe_pct": "0%"})
    assert report.ok, report.problems
    values = card_values(Participation.objects.get().card)
    assert (values["ppe_pct"], values["sanitary_pct"], values["assessment_pct"]) == (96, 95, Decimal("72.5"))


def test_yes_and_no_in_other_words(contest, office):
    row = paper_row(1, has_ohs_office="ДА", has_ohs_corners=True, has_info_materials="Нет", has_union_representative=0)
    assert run(contest, office, [row]).ok
    values = card_values(Participation.objects.get().card)
    keys = ("has_ohs_office", "has_ohs_corners", "has_info_materials", "has_union_representative")
    assert tuple(values[key] for key in keys) == (
        True,
        True,
        False,
        False,
    )


# ---------------------------------------------------------------------------------------------------------------------
# A file with mistakes


def test_every_mistake_is_reported_with_row_and_column_and_nothing_is_saved(contest, office):
    card_submitted(contest)  # something there before: it stays as it is
    before = counts()
    first = imports.FIRST_DATA_ROW
    rows = [
        paper_row(1),  # a good row: not saved either, since the file has mistakes
        paper_row(2, inn="2310031476", ppe_pct=101, has_ohs_office="может", sanitary_pct=None),
        paper_row(3, women_count=300),
        paper_row(4, sector="Космос", accidents=0, incapacity_days=5, legal_form="ТОО"),
        paper_row(5, inn=paper_row(1)["inn"], ogrn=paper_row(1)["ogrn"], phone="12"),
        paper_row(6, fatal_accidents=1, fatal_transport_no_fault=2),
    ]
    report = run(contest, office, rows)
    assert not report.ok
    found = [(p.row, p.column, p.label, p.message) for p in report.problems]

    def at(row: int, key: str, message: str) -> tuple:
        column = next(c for c in imports.template_columns(contest) if c.key == key)
        return (first + row, letter(contest, key), column.label, message)

    assert found == [
        at(1, "inn", "ИНН не прошёл проверку контрольной суммы — проверьте цифры."),
        at(1, "sanitary_pct", "Обязательное поле."),
        at(1, "ppe_pct", "Значение должно быть от 0 до 100."),
        at(1, "has_ohs_office", "Укажите «да» или «нет»."),
        at(2, "women_count", "Не может быть больше среднесписочной численности (240)."),
        at(3, "legal_form", "Выберите корректный вариант. ТОО нет среди допустимых значений."),
        at(3, "sector", "Выберите корректный вариант. Вашего варианта нет среди допустимых значений."),
        at(3, "incapacity_days", "Дней нетрудоспособности не может быть больше 0 без несчастных случаев."),
        at(4, "inn", f"Этот ИНН уже есть в строке {first} файла."),
        at(4, "ogrn", f"Этот ОГРН уже есть в строке {first} файла."),
        at(4, "phone", "Укажите номер телефона с кодом города, например +7 861 123-45-67."),
        at(5, "fatal_transport_no_fault", "Не может быть больше числа несчастных случаев со смертельным исходом."),
    ]
    assert [found[0][1], found[0][2]] == ["D", "ИНН"]
    assert counts() == before
    assert (report.created, report.updated, report.unchanged) == ([], [], [])


def test_an_organization_of_another_municipality_is_refused(contest, office):
    organization_in(contest, "Сочи", inn=paper_row(1)["inn"], ogrn=paper_row(1)["ogrn"])
    before = counts()
    report = run(contest, office, [paper_row(1)])
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (
            imports.FIRST_DATA_ROW,
            letter(contest, "inn"),
            "Организация с этим ИНН зарегистрирована в муниципальном образовании «Сочи»: её карту вносит сектор по "
            "труду этого образования.",
        )
    ]
    assert counts() == before


def test_an_organization_taking_part_through_the_portal_is_refused(contest, office):
    participation, _ = card_submitted(contest)
    organization = participation.organization
    row = paper_row(1, inn=organization.inn, ogrn=organization.ogrn)
    report = run(contest, office, [row])
    assert [p.message for p in report.problems] == [
        "Организация участвует в смотре-конкурсе через портал (состояние «Карта представлена»): её карту представляет "
        "сама организация."
    ]
    assert reload(participation).organization.full_name == organization.full_name


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PDF_BYTES, "Это не файл Excel. Загрузите шаблон, заполненный и сохранённый в формате .xlsx."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "Это файл старого формата Excel (.xls). Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)».",
        ),
        (b"", "Файл пустой."),
        (
            "ИНН;Наименование\n2310031475;ООО\n".encode(),
            "Это не файл Excel. Загрузите шаблон, заполненный и сохранённый в формате .xlsx.",
        ),
    ],
)
def test_a_file_that_is_not_xlsx_gets_a_clear_message(contest, office, content, message):
    with pytest.raises(imports.FileProblem) as raised:
        imports.import_paper_cards(SimpleUploadedFile("карты.xlsx", content), contest=contest, actor=office)
    assert raised.value.message == message


def test_a_damaged_xlsx_gets_a_clear_message(contest, office):
    good = filled(contest, [paper_row(1)]).read()
    import zipfile

    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(imports.FileProblem, match="Файл повреждён"):
        imports.import_paper_cards(SimpleUploadedFile("карты.xlsx", damaged.getvalue()), contest=contest, actor=office)
    assert Participation.objects.count() == 0


def test_a_too_large_file_is_refused_before_it_is_read(contest, office, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(imports.FileProblem, match="Файл слишком большой: допускается не более 0 МБ"):
        imports.import_paper_cards(filled(contest, [paper_row(1)]), contest=contest, actor=office)


def test_wrong_columns_are_named(contest, office):
    book = template(contest)
    sheet = book[imports.SHEET_TITLE]
    ppe = [c.value for c in sheet[imports.KEY_ROW]].index("ppe_pct") + 1
    sheet.delete_cols(ppe)
    with pytest.raises(imports.FileProblem) as raised:
        imports.import_paper_cards(upload(book), contest=contest, actor=office)
    assert raised.value.message == (
        "Столбцы файла не совпадают с шаблоном: нет столбцов «Обеспеченность сертифицированной спецобувью, спецодеждой "
        "и другими СИЗ, % от нормы». Скачайте шаблон заново и перенесите в него данные."
    )
    other = Workbook()
    other.active.append(["Организация", "Баллы"])
    other.active.append(["ООО «Альфа»", 98])
    with pytest.raises(imports.FileProblem, match="Это не шаблон карт на бумажном носителе"):
        imports.import_paper_cards(upload(other), contest=contest, actor=office)


def test_columns_are_found_by_labels_when_the_hidden_keys_row_was_deleted(contest, office):
    book = load_workbook(filled(contest, [paper_row(1)]))
    book[imports.SHEET_TITLE].delete_rows(imports.KEY_ROW)
    report = imports.import_paper_cards(upload(book), contest=contest, actor=office)
    assert report.ok
    assert len(report.created) == 1


def test_an_empty_template_says_so(contest, office):
    with pytest.raises(imports.FileProblem, match="В файле нет заполненных строк"):
        imports.import_paper_cards(filled(contest, []), contest=contest, actor=office)


# ---------------------------------------------------------------------------------------------------------------------
# Who and when


@pytest.mark.parametrize("role", [Role.MUNICIPAL_MEMBER, Role.MUNICIPAL_SECRETARY, Role.APPROVER_UNIONS])
def test_only_the_labour_office_imports(contest, role):
    with pytest.raises(DomainError, match="вносит сектор по труду"):
        imports.import_paper_cards(filled(contest, [paper_row(1)]), contest=contest, actor=municipal_user(role))
    assert Participation.objects.count() == 0


def test_no_import_after_the_municipal_results_are_approved(contest, office):
    from contest.models import Decision

    Decision.objects.create(
        contest=contest,
        level="municipal",
        municipality=municipality("Краснодар"),
        number="1",
        date=timezone.localdate(),
        recorded_by=municipal_user(Role.MUNICIPAL_SECRETARY),
    )
    with pytest.raises(DomainError, match="Итоги муниципального этапа уже утверждены"):
        run(contest, office, [paper_row(1)])


def test_the_template_round_trips_its_own_labels(contest):
    book = template(contest)
    labels = [c.value for c in book[imports.SHEET_TITLE][imports.LABEL_ROW]]
    assert [label.removesuffix(" *") for label in labels] == [c.label for c in imports.template_columns(contest)]
