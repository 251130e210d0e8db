"""A printed certificate can be checked: its QR code and number lead to a public page that confirms what the register
holds for that number, or says the paper is void (issue 15, point 10)."""

import io
import subprocess
from urllib.parse import quote

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from contest.enums import CertificateKind
from contest.exports.certificates import certificate_pdf, check_url
from contest.services import awards, decisions
from tests.contest.test_documents import SIGNATORY, decide_region, pdf_text, staff
from tests.factories import open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    decided = decide_region(open_contest())
    [first, *_] = awards.issue_certificates(
        decided["regional"],
        actor=staff(),
        kind=CertificateKind.HONORARY,
        signatory=SIGNATORY,
        places=awards.PLACES_FIRST,
    )
    return first


def test_the_paper_prints_its_check_address_and_a_qr_code_that_leads_there(paper, settings):
    settings.PORTAL_URL = "https://ohs.example.ru"
    address = check_url(paper)
    assert address == "https://ohs.example.ru/check/" + quote(paper.number) + "/"
    data = certificate_pdf(paper)
    # Printed for typing by hand: the check form's address; the number is on the paper anyway.
    assert "наведите камеру на код или откройте ohs.example.ru/check/ и введите номер" in pdf_text(data)
    # The page as a phone's camera would see it: printed at 150 dpi, the code read back by ZXing.
    png = subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "-"], input=data, capture_output=True, check=True
    )
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.stdout)))
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == address


def test_the_check_page_confirms_the_organization_the_award_and_the_decision(client, paper):
    response = client.get(reverse("certificate-check", args=[paper.number]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "есть в реестре и действительна" in page
    assert "Кубань-Металл" in page
    assert "в номинации «Три лучшие организации среднего и крупного бизнеса в крае»" in page
    assert "Краевая межведомственная комиссия по охране труда, протокол от" in page
    assert "№ 3-к" in page
    assert "аннулирована" not in page


def test_a_void_paper_says_so(client, paper):
    decisions.void_decision(paper.award.decision, actor=staff(), reason="Протокол подписан неправомочным составом")
    page = client.get(reverse("certificate-check", args=[paper.number])).content.decode()
    assert f"Грамота № {paper.number} аннулирована" in page
    assert "действительна" not in page


def test_a_number_typed_by_hand_is_found_and_an_unknown_one_is_said_so(client, paper):
    response = client.get(reverse("certificate-check-form"), {"number": f"  {paper.number} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificate-check", args=[paper.number])
    # Typed on a Latin keyboard or in lower case: the same paper.
    latin = paper.number.replace("К", "K").lower()
    assert client.get(reverse("certificate-check", args=[latin])).status_code == 200
    unknown = client.get(reverse("certificate-check", args=["2011-К-9999"]))
    assert unknown.status_code == 404
    assert "Номера «2011-К-9999» нет в реестре" in unknown.content.decode()
    # A slash or other marks typed around the number are dropped, not an error.
    slashed = client.get(reverse("certificate-check-form"), {"number": f"№ {paper.number}/ "})
    assert slashed["Location"] == reverse("certificate-check", args=[paper.number])
    assert client.get(reverse("certificate-check-form"), {"number": "a/b"}).status_code == 302
    # Nothing typed: the empty form, not an error.
    empty = client.get(reverse("certificate-check-form"), {"number": "   "})
    assert empty.status_code == 200
    assert 'name="number"' in empty.content.decode()
    garbage = client.get(reverse("certificate-check", args=["<script>" + "x" * 500]))
    assert garbage.status_code == 404
    assert "<script>" not in garbage.content.decode()
