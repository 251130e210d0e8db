"""Papers of the decisions: the certificate register and its PDFs (п. 4.6, 6.1), the protocols' result tables and the
draft resolution of the head of the krai (п. 4.12), read back with poppler."""

import re
import subprocess

import pytest
from django.utils import timezone

from contest.enums import CertificateKind, Role
from contest.exports.certificates import certificate_pdf, certificates_pdf
from contest.models import AuditRecord, Certificate
from contest.services import awards, decisions
from core.exceptions import DomainError
from tests.contest.test_results_services import forward, participant, secretary
from tests.factories import UserFactory, open_contest

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text as poppler reads it, lines joined with single spaces."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def pdf_lines(data: bytes) -> list[str]:
    """The PDF's lines as laid out (a table row on one line), spaces collapsed."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return [" ".join(line.split()) for line in text.decode().splitlines()]


def has_row(lines: list[str], pattern: str) -> bool:
    """A table row, as a regular expression over its laid-out line (a long cell may wrap onto the next line)."""
    return any(re.fullmatch(pattern, line) for line in lines)


def pdf_pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def decide_region(contest) -> dict:
    """Both stages decided: winners in three towns, the regional commission's proposal and protocol."""
    winners = {
        "krd": participant(contest, "113", "Кубань-Металл"),
        "krd-small": participant(contest, "103", "Малая Кубань", small=True),
        "sochi": participant(contest, "108", "Сочи-Энерго", town="Сочи"),
        "nvr": participant(contest, "103", "Новоросстрой", town="Новороссийск", sector="construction"),
    }
    participant(contest, "93", "Отстающая")
    municipal = {town: forward(contest, town) for town in ("Краснодар", "Сочи", "Новороссийск")}
    decisions.propose_regional_winners(contest, actor=UserFactory(role=Role.REGIONAL_MEMBER))
    regional = decisions.record_regional_decision(
        contest, actor=UserFactory(role=Role.REGIONAL_SECRETARY), number="3-к", day=timezone.localdate()
    )
    return {"winners": winners, "municipal": municipal, "regional": regional}


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def decided(contest):
    return decide_region(contest)


SIGNATORY = awards.Signatory("Глава администрации (губернатор) Краснодарского края", "А. Н. Ткачёв")


def staff():
    return UserFactory(role=Role.STAFF)


def test_regional_papers_are_numbered_once_in_order_with_who_and_for_what(decided):
    regional = decided["regional"]
    actor = UserFactory(role=Role.REGIONAL_SECRETARY)
    first = awards.issue_certificates(
        regional, actor=actor, kind=CertificateKind.HONORARY, signatory=SIGNATORY, places=awards.PLACES_FIRST
    )
    # Places 1 of: top-3 medium-large, three sectors (manufacturing, energy, construction), top-3 small.
    assert [c.number for c in first] == [f"2011-К-{n:04d}" for n in range(1, len(first) + 1)]
    assert {c.award.place for c in first} == {1}
    assert {c.kind for c in first} == {CertificateKind.HONORARY}
    others = awards.issue_certificates(
        regional,
        actor=actor,
        kind=CertificateKind.DIPLOMA,
        signatory=awards.Signatory("Председатель комиссии", "И. И. Иванов"),
        places=awards.PLACES_OTHER,
    )
    assert [c.number for c in others] == [
        f"2011-К-{n:04d}" for n in range(len(first) + 1, len(first) + len(others) + 1)
    ]
    assert {c.award.place for c in others} == {2, 3}
    assert Certificate.objects.count() == regional.awards.count()
    # Again: every place has its paper, nothing new is numbered.
    assert awards.issue_certificates(regional, actor=actor, kind=CertificateKind.HONORARY, signatory=SIGNATORY) == []
    certificate = first[0]
    record = AuditRecord.objects.get(
        participation=certificate.award.participation, action="award.issued", params__number=certificate.number
    )
    assert (
        record.text
        == f"Выдана награда: Почётная грамота главы администрации Краснодарского края № {certificate.number}"
    )
    assert record.actor == actor
    assert record.reason.startswith("за 1 место в краевом смотре-конкурсе")
    # The last signatory is offered next time.
    assert awards.default_signatory(regional, CertificateKind.HONORARY) == SIGNATORY


def test_municipal_papers_have_their_own_sequence_and_only_the_secretary_or_staff_issue(decided):
    krasnodar = decided["municipal"]["Краснодар"]
    sochi = decided["municipal"]["Сочи"]
    signatory = awards.Signatory("Глава муниципального образования город Краснодар", "В. Л. Евланов")
    for outsider in (
        secretary("Сочи"),
        UserFactory(role=Role.REGIONAL_SECRETARY),
        UserFactory(role=Role.REGIONAL_MEMBER),
    ):
        with pytest.raises(DomainError, match="Грамоты выдаёт секретарь комиссии"):
            awards.issue_certificates(krasnodar, actor=outsider, kind=CertificateKind.MUNICIPAL, signatory=signatory)
    with pytest.raises(DomainError, match="не выдаётся по этому решению"):
        awards.issue_certificates(krasnodar, actor=staff(), kind=CertificateKind.HONORARY, signatory=signatory)
    with pytest.raises(DomainError, match="Укажите должность и фамилию"):
        awards.issue_certificates(
            krasnodar, actor=staff(), kind=CertificateKind.MUNICIPAL, signatory=awards.Signatory("Глава", " ")
        )
    issued = awards.issue_certificates(
        krasnodar, actor=secretary("Краснодар"), kind=CertificateKind.MUNICIPAL, signatory=signatory
    )
    position = krasnodar.municipality.position
    assert [c.number for c in issued] == [f"2011-М{position:02d}-0001", f"2011-М{position:02d}-0002"]
    [in_sochi] = awards.issue_certificates(sochi, actor=staff(), kind=CertificateKind.MUNICIPAL, signatory=signatory)
    assert in_sochi.number == f"2011-М{sochi.municipality.position:02d}-0001"
    assert awards.default_signatory(krasnodar, CertificateKind.MUNICIPAL) == signatory
    assert awards.default_signatory(
        decided["municipal"]["Новороссийск"], CertificateKind.MUNICIPAL
    ) == awards.Signatory("Глава муниципального образования город Новороссийск", "")


def test_planned_kind_reads_the_register_first(decided):
    regional = decided["regional"]
    by_place = {award.place: award for award in regional.awards.all()}
    assert awards.planned_kind(by_place[1]) == CertificateKind.HONORARY
    assert awards.planned_kind(by_place[2]) == CertificateKind.DIPLOMA
    assert awards.planned_kind(decided["municipal"]["Сочи"].awards.get()) == CertificateKind.MUNICIPAL
    awards.issue_certificates(
        regional, actor=staff(), kind=CertificateKind.DIPLOMA, signatory=SIGNATORY, places=awards.PLACES_ALL
    )
    assert awards.planned_kind(by_place[1]) == CertificateKind.DIPLOMA


def test_certificates_pdf_a_page_each_with_the_register_data_and_embedded_fonts(decided):
    regional = decided["regional"]
    issued = awards.issue_certificates(
        regional, actor=staff(), kind=CertificateKind.HONORARY, signatory=SIGNATORY, places=awards.PLACES_FIRST
    )
    issued += awards.issue_certificates(
        decided["municipal"]["Сочи"],
        actor=staff(),
        kind=CertificateKind.MUNICIPAL,
        signatory=awards.Signatory("Глава муниципального образования город-курорт Сочи", "А. Н. Пахомов"),
    )
    data = certificates_pdf(issued)
    assert pdf_pages(data) == len(issued)
    text = pdf_text(data)
    assert text.count("ПОЧЁТНАЯ ГРАМОТА") == len(issued)
    assert "ГЛАВА АДМИНИСТРАЦИИ (ГУБЕРНАТОР) КРАСНОДАРСКОГО КРАЯ" in text
    assert "ООО «Кубань-Металл»" in text
    assert "в номинации «Три лучшие организации среднего и крупного бизнеса в крае»" in text
    assert f"№ {issued[0].number}" in text
    assert "А. Н. Ткачёв" in text
    # The municipal paper: the municipality's administration, the sector and the size category.
    assert "АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ ГОРОД СОЧИ" in text
    assert "в отрасли «Обрабатывающие производства» среди организаций среднего и крупного бизнеса" in text
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "DejaVu" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_one_certificate_is_one_page(decided):
    [first, *_] = awards.issue_certificates(
        decided["regional"], actor=staff(), kind=CertificateKind.DIPLOMA, signatory=SIGNATORY
    )
    data = certificate_pdf(first)
    assert pdf_pages(data) == 1
    text = pdf_text(data)
    assert "ДИПЛОМ" in text
    assert "вручается" in text
    assert "КРАЕВАЯ МЕЖВЕДОМСТВЕННАЯ КОМИССИЯ" in text
    with pytest.raises(ValueError, match="Нет грамот для печати"):
        certificates_pdf([])


def test_municipal_protocol_tables_rank_every_group_and_mark_the_approved_first_places(decided):
    from contest.exports.papers import protocol_results_pdf

    decision = decided["municipal"]["Краснодар"]
    data = protocol_results_pdf(decision)
    text = pdf_text(data)
    assert "к протоколу заседания городской (районной) межведомственной комиссии по охране труда" in text
    assert f"№ {decision.number}" in text
    assert "ИТОГИ МУНИЦИПАЛЬНОГО ЭТАПА" in text
    assert "город Краснодар" in text
    assert "Средний и крупный бизнес · Обрабатывающие производства" in text
    assert "Малый бизнес · Обрабатывающие производства" in text
    lines = pdf_lines(data)
    assert has_row(lines, r"1 ООО «Кубань-Металл» Обрабатывающие( производства)? 113 победитель")
    assert has_row(lines, r"2 ООО «Отстающая» Обрабатывающие( производства)? 93 —")
    assert "ООО «Сочи-Энерго»" not in text  # another municipality's


def test_regional_protocol_tables_and_the_draft_resolution(decided):
    from contest.exports.papers import protocol_results_pdf, resolution_draft_pdf

    regional = decided["regional"]
    data = protocol_results_pdf(regional)
    text, lines = pdf_text(data), pdf_lines(data)
    assert "к протоколу заседания краевой межведомственной комиссии по охране труда" in text
    assert "Три лучшие организации среднего и крупного бизнеса в крае" in text
    assert "ИТОГИ КРАЕВОГО СМОТРА-КОНКУРСА" in text
    assert has_row(lines, r"1 ООО «Кубань-Металл» Краснодар Обрабатывающие( производства)? 113 1 место")
    assert has_row(lines, r"2 ООО «Сочи-Энерго» Сочи Обрабатывающие( производства)? 108 2 место")
    # Second in its sector's nomination: ranked, no prize place.
    assert has_row(lines, r"2 ООО «Сочи-Энерго» Сочи Обрабатывающие( производства)? 108 —")
    assert "ООО «Отстающая»" not in text  # not forwarded

    text = pdf_text(resolution_draft_pdf(regional))
    assert "ПРОЕКТ" in text
    assert "ПОСТАНОВЛЕНИЕ" in text
    assert f"протокол от {regional.date:%d.%m.%Y} № 3-к" in text
    honorary, diplomas = text.split("Наградить Почётной грамотой")[1].split("Наградить дипломами")
    # A first place earns the honorary certificate; the organization is named once for all its places.
    assert honorary.count("ООО «Кубань-Металл»") == 1
    assert (
        "1 место в номинации «Три лучшие организации среднего и крупного бизнеса в крае», 1 место в номинации"
        in honorary
    )
    assert "ООО «Сочи-Энерго» (город Сочи) — 2 место" in diplomas
    with pytest.raises(ValueError, match="по решению краевой комиссии"):
        resolution_draft_pdf(decided["municipal"]["Сочи"])


def test_printed_documents_fetch_nothing():
    """A document that names a URL stops instead of reaching for the network or the disk."""
    from weasyprint.urls import FatalURLFetchingError

    from contest.exports.pdf import render_pdf

    for url in ("http://example.com/x.png", "file:///etc/hostname"):
        with pytest.raises(FatalURLFetchingError):
            render_pdf(f'<img src="{url}">')
