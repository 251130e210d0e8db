"""The printable application (Приложение № 1) and information card (Приложение № 2), read back with poppler."""

import re
import subprocess
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
import pytest

import scoring
from contest.enums import ApprovalState, ApprovingBody, ParticipationState, Role, SizeCategory
from contest.exports import application_pdf, card_pdf
from contest.models import Application, Approval, InfoCard, Participation
from contest.services.participation import card_values
from tests.factories import ContestFactory, OrganizationFactory, SectorFactory, municipal_user

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    contest = factory.SubFactory(ContestFactory)
    sector = factory.LazyAttribute(lambda p: SectorFactory(contest=p.contest))
    organization = factory.LazyAttribute(lambda p: OrganizationFactory(sector=p.sector))
    state = ParticipationState.REGISTERED
    size_category = SizeCategory.MEDIUM_LARGE


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    participation = factory.SubFactory(ParticipationFactory)
    full_name = "Открытое акционерное общество «Кубанский завод металлоконструкций»"
    legal_address = "350000, г. Краснодар, ул. Красная, д. 1"
    phone = "(861) 255-00-00"
    head_name = "Иванов Иван Иванович"
    head_position = "Генеральный директор"
    has_union_body = True
    union_chair_name = "Петрова Анна Сергеевна"
    union_chair_position = "Председатель первичной профсоюзной организации"
    agrees_with_regulation = True
    data_complete_and_true = True
    aware_of_exclusion = True
    joint_decision = True


class InfoCardFactory(factory.django.DjangoModelFactory):
    """A complete card: Кт 12,5 → 1,5; Кч 1,7 → 0,5; 6 400 руб. на работника → 3,5; total 108,5."""

    class Meta:
        model = InfoCard

    participation = factory.SubFactory(ParticipationFactory)
    avg_headcount = 1200
    women_count = 430
    teenagers_count = 3
    hazardous_workers = 300
    hazardous_women = 40
    public_share_pct = Decimal("0")
    accidents = 2
    incapacity_days = 25
    sanitary_pct = Decimal("95.00")
    ppe_pct = Decimal("100.00")
    has_ohs_office = True
    has_ohs_corners = True
    has_ohs_regulation = True
    has_legal_acts = True
    has_ohs_service = True
    has_ohs_records = True
    has_joint_committee = True
    has_union_representative = True
    assessment_pct = Decimal("72.50")
    has_ohs_certification = False
    medical_exams_pct = Decimal("100.00")
    has_agreement_section = True
    agreement_done_pct = Decimal("100.00")
    training_managers_pct = Decimal("100.00")
    training_committee_pct = Decimal("90.00")
    ohs_spending_rub = Decimal("7680000.00")
    has_info_materials = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Columns and the table's inputs alike, put on the card as the services put them (values by input key)."""
        from contest.services.participation import fill_card

        participation = kwargs.pop("participation")
        card = fill_card(model_class(participation=participation), kwargs)
        card.save()
        return card


class ApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approval

    participation = factory.SubFactory(ParticipationFactory)
    body = ApprovingBody.INSPECTORATE
    state = ApprovalState.PENDING


def complete_participation(**card_fields) -> Participation:
    application = ApplicationFactory()
    InfoCardFactory(participation=application.participation, **card_fields)
    return Participation.objects.get(pk=application.participation.pk)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout.replace("\xa0", " ")


def flat(text: str) -> str:
    """The text as one line with single spaces, so a sentence wrapped over lines can be found whole."""
    return " ".join(text.split())


def section_1(text: str) -> str:
    return text.split("Раздел 1. Общие сведения")[1].split("Раздел 2.")[0]


def section_2(text: str) -> str:
    return text.split("Раздел 2.")[1]


def row_line(text: str, number: str) -> str:
    """The first line of a table row: its number, the start of its title, its value and its points."""
    pattern = re.compile(rf"^\s*{re.escape(number)}(\s|$)")
    return next(line for line in text.splitlines() if pattern.match(line))


def test_application_pdf_prints_the_organization_the_confirmations_and_the_signatories(tmp_path):
    participation = complete_participation()

    text = flat(pdf_text(application_pdf(participation), tmp_path))

    assert text.startswith(
        "ПРИЛОЖЕНИЕ № 1 к Положению о смотре-конкурсе на лучшую организацию работы в области охраны труда"
    )
    assert "Заявка на участие в смотре-конкурсе на лучшую организацию работы в области охраны труда" in text
    assert (
        "Прошу зарегистрировать Открытое акционерное общество «Кубанский завод металлоконструкций» "
        "(указывается полное наименование организации)"
    ) in text
    assert (
        "расположенную 350000, г. Краснодар, ул. Красная, д. 1; отрасль экономики: Обрабатывающие производства; "
        "тел./факс: (861) 255-00-00"
    ) in text
    assert "как участника конкурса на лучшую организацию работы в области охраны труда." in text
    assert "С Положением о проведении конкурса ознакомлены и согласны." in text
    assert (
        "Полноту и достоверность сведений, указанных в настоящей заявке, и прилагаемых к ней документов, гарантируем."
    ) in text
    assert (
        "Уведомлены о том, что участники конкурса, представившие недостоверные данные или неполный пакет документов, "
        "к участию в конкурсе не допускаются или отстраняются от участия в процессе его проведения."
    ) in text
    assert "Руководитель организации Генеральный директор Иванов Иван Иванович (подпись, дата) (Ф.И.О.)" in text
    assert "Петрова Анна Сергеевна" in text
    assert "Председатель первичной профсоюзной организации" in text
    assert "выборный орган отсутствует" not in text
    assert "Зарегистрирована" not in text


def test_application_pdf_without_union_body_marks_it_absent(tmp_path):
    application = ApplicationFactory(has_union_body=False, union_chair_name="", union_chair_position="")

    text = flat(pdf_text(application_pdf(application.participation), tmp_path))

    assert (
        "Председатель профсоюзного комитета или иного выборного органа организации — выборный орган отсутствует"
    ) in text


def test_application_pdf_prints_the_registration_number_and_date(tmp_path):
    application = ApplicationFactory(
        registration_number="17", registered_at=datetime(2011, 3, 15, 23, 30, tzinfo=ZoneInfo("UTC"))
    )

    text = flat(pdf_text(application_pdf(application.participation), tmp_path))

    # 23:30 UTC is already 16 March in Moscow.
    assert "Зарегистрирована в секторе по труду: рег. № 17 от 16.03.2011" in text


def test_application_pdf_prints_markup_in_names_as_plain_text(tmp_path):
    application = ApplicationFactory(full_name='ООО «Ромашка» <img src="logo.png">')

    text = flat(pdf_text(application_pdf(application.participation), tmp_path))

    assert 'Прошу зарегистрировать ООО «Ромашка» <img src="logo.png">' in text


def test_card_pdf_has_the_heading_sections_and_every_indicator_row(tmp_path):
    participation = complete_participation()

    raw = pdf_text(card_pdf(participation), tmp_path)
    text = flat(raw)

    assert text.startswith("ПРИЛОЖЕНИЕ № 2 к Положению о смотре-конкурсе")
    assert "ИНФОРМАЦИОННАЯ КАРТА участника смотра-конкурса на лучшую организацию работы в области охраны труда" in text
    assert "Раздел 1. Общие сведения" in text
    assert "Раздел 2. Основные показатели работы по охране труда в организации" in text
    for number in ["1.", "1.1", "1.2", *(f"{n}." for n in range(2, 20)), "17.1", "17.2"]:
        assert row_line(section_2(raw), number)
    codes = ["К1/1", "К1/2", *(f"К{n}" for n in range(2, 17)), "К17/1", "К17/2", "К18", "К19"]
    for code in codes:
        assert re.search(rf", {re.escape(code)}(?![\d/])", text), code
    assert "Страница 1 из" in text


def test_card_pdf_prints_section_1_values(tmp_path):
    participation = complete_participation()

    general = section_1(pdf_text(card_pdf(participation), tmp_path))

    assert "Открытое акционерное общество «Кубанский завод металлоконструкций»" in flat(general)
    sector_lines = general.splitlines()[general.splitlines().index(row_line(general, "2.")) :][:2]
    assert [line.split()[-1] for line in sector_lines] == ["Обрабатывающие", "производства"]
    assert row_line(general, "3.").split()[-1] == "1200"
    assert row_line(general, "– женщин").split() == ["–", "женщин", "430"]
    assert row_line(general, "– подростков").split() == ["–", "подростков", "3"]
    assert row_line(general, "4.").split()[-1] == "300"
    assert [line.split() for line in general.splitlines() if "– женщин" in line][1] == ["–", "женщин", "40"]
    # Item 5 applies to small organizations only.
    assert row_line(general, "5.").split()[-1] == "—"


def test_card_pdf_prints_the_public_share_of_a_small_organization(tmp_path):
    participation = complete_participation(public_share_pct=Decimal("12.50"))
    Participation.objects.filter(pk=participation.pk).update(size_category=SizeCategory.SMALL)
    participation.refresh_from_db()

    general = section_1(pdf_text(card_pdf(participation), tmp_path))

    assert row_line(general, "5.").split()[-2:] == ["12,5", "%"]


def test_card_pdf_points_and_total_are_those_scoring_computes(tmp_path):
    participation = complete_participation()
    result = scoring.score_card(card_values(participation.card), "krasnodar-2011")

    raw = section_2(pdf_text(card_pdf(participation), tmp_path))

    assert result.points["K1/1"] == Decimal("1.5")
    assert row_line(raw, "1.1").split()[-2:] == ["12,5", "1,5"]
    assert result.points["K1/2"] == Decimal("0.5")
    assert row_line(raw, "1.2").split()[-2:] == ["1,7", "0,5"]
    assert row_line(raw, "2.").split()[-3:] == ["95", "%", "2"]
    assert row_line(raw, "12.").split()[-3:] == ["72,5", "%", "10"]
    assert row_line(raw, "13.").split()[-2:] == ["нет", "0"]
    assert row_line(raw, "17.2").split()[-3:] == ["90", "%", "3"]
    assert result.points["K18"] == Decimal("3.5")
    assert row_line(raw, "18.").split()[-3:] == ["6400", "руб.", "3,5"]  # four digits stay together
    assert "всего 7 680 000 руб." in raw
    assert result.total == Decimal("108.5")
    assert row_line(raw, "ИТОГО").split() == ["ИТОГО", "108,5"]


def test_card_pdf_of_an_incomplete_card_leaves_column_4_empty(tmp_path):
    participation = complete_participation(ohs_spending_rub=None, has_ohs_office=None)
    with pytest.raises(scoring.InvalidCard):
        scoring.score_card(card_values(participation.card), "krasnodar-2011")

    raw = section_2(pdf_text(card_pdf(participation), tmp_path))

    assert row_line(raw, "1.1").split()[-1] == "12,5"
    assert row_line(raw, "2.").split()[-2:] == ["95", "%"]
    assert row_line(raw, "4.").split() == ["4.", "Наличие", "оборудованного", "кабинета", "по"]
    assert row_line(raw, "5.").split()[-1] == "да"
    assert row_line(raw, "18.").split() == ["18.", "Израсходовано", "средств", "на", "реализацию"]
    assert row_line(raw, "ИТОГО").split() == ["ИТОГО"]


def test_card_pdf_shows_not_required_exams_and_missing_sections(tmp_path):
    participation = complete_participation(
        hazardous_workers=0,
        hazardous_women=0,
        medical_exams_pct=None,
        has_agreement_section=False,
        agreement_done_pct=None,
    )

    raw = section_2(pdf_text(card_pdf(participation), tmp_path))

    assert row_line(raw, "14.").split()[-3:] == ["не", "требуется", "10"]
    assert row_line(raw, "15.").split()[-2:] == ["нет", "0"]
    assert row_line(raw, "16.").split()[-2:] == ["—", "0"]


def test_card_pdf_prints_the_approvals_and_empty_lines_for_the_others(tmp_path):
    participation = complete_participation()
    approver = municipal_user(
        role=Role.APPROVER_INSPECTORATE, last_name="Орлов", first_name="Павел", patronymic="Дмитриевич"
    )
    ApprovalFactory(
        participation=participation,
        body=ApprovingBody.INSPECTORATE,
        state=ApprovalState.APPROVED,
        decided_by=approver,
        decided_at=datetime(2012, 1, 12, 10, 0, tzinfo=MOSCOW),
    )
    ApprovalFactory(participation=participation, body=ApprovingBody.UNIONS)

    text = flat(pdf_text(card_pdf(participation), tmp_path))

    assert "СОГЛАСОВАНО:" in text
    assert "1. Государственная инспекция труда в Краснодарском крае согласовано 12.01.2012, Орлов П. Д." in text
    assert (
        "2. Отраслевой орган администрации муниципального образования (подпись, дата, Ф.И.О.) "
        "3. Координационный совет организаций профсоюзов в муниципальном образовании (подпись, дата, Ф.И.О.)"
    ) in text
    assert "Руководитель организации Генеральный директор Иванов Иван Иванович М.П. (Подпись) (Ф.И.О.)" in text
    assert "Председатель комитета профсоюза или иного выборного органа организации Петрова Анна Сергеевна" in text
    assert "Примечание: графу 4 приложения № 2 заполнять в соответствии с таблицей оценочных показателей" in text


def test_card_pdf_prints_a_fatal_accident_after_the_table(tmp_path):
    participation = complete_participation(fatal_accidents=1)

    text = flat(pdf_text(card_pdf(participation), tmp_path))

    assert (
        "ИТОГО 108,5 В период проведения смотра-конкурса допущен 1 несчастный случай на производстве "
        "со смертельным исходом (п. 4.9 Положения)."
    ) in text


def test_card_pdf_without_fatal_accidents_has_no_such_line(tmp_path):
    participation = complete_participation()

    text = flat(pdf_text(card_pdf(participation), tmp_path))

    assert "смертельным исходом" not in text


def test_card_pdf_without_an_application_takes_the_name_from_the_organization(tmp_path):
    card = InfoCardFactory()
    participation = card.participation

    text = flat(pdf_text(card_pdf(participation), tmp_path))

    assert f"1. Наименование организации {participation.organization.full_name}" in text
    assert "Руководитель организации М.П. (Подпись) (Ф.И.О.)" in text


def test_pdfs_embed_every_font(tmp_path):
    participation = complete_participation()

    for name, pdf in [("application.pdf", application_pdf(participation)), ("card.pdf", card_pdf(participation))]:
        path = tmp_path / name
        path.write_bytes(pdf)
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        fonts = listing.splitlines()[2:]
        assert fonts, listing
        for line in fonts:
            assert "DejaVu" in line, line
            # Columns: name, type, encoding, emb, sub, uni, object ID.
            assert line.split()[-5] == "yes", line
