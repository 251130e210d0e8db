"""Upload limits (issue 11, items 1 and 12): one check for every upload of the portal, `contest.files.check_upload`.

- A zip bomb — a small upload whose entry would unpack to hundreds of MiB — is refused with a Russian message, by what
  the archive declares, in bounded memory (tracemalloc); genuine DOCX, XLSX and ODT files still pass.
- The size limit comes before any reading: an oversized file is refused without being opened.
- Hostile file names (`...pdf`, only dots or spaces, signs only, very long, with path separators or control
  characters) never give a 400 page: the file is stored under a safe name, or the form says what is missing.

The bombs are written by hand (`zip_archive`, checked in the first test): hundreds of MiB of zeros deflated once per
MiB and repeated, so a test builds one in milliseconds and never holds the unpacked bytes.
"""

import io
import re
import struct
import tracemalloc
import zipfile
import zlib
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contest import files, imports
from contest.enums import AttachmentKind, Role
from contest.models import Attachment, Decision
from tests.contest.helpers import PDF_BYTES, card_submitted, started
from tests.contest.test_results_services import participant
from tests.factories import municipal_user, open_contest

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
BOMB_MIB = 300
PEAK_LIMIT = 20 * MIB
ARCHIVE_MESSAGE = (
    "Файл не принят: документ внутри устроен необычно (сжат слишком сильно, распаковывается больше чем в 100,0\xa0МБ "
    "или состоит из слишком многих частей). Сохраните его заново в Word, Excel или LibreOffice и загрузите снова."
)
ODT_TYPE = b"application/vnd.oasis.opendocument.text"


# ---------------------------------------------------------------------------------------------------------------------
# Archives


def _zeros(mib: int) -> tuple[bytes, int]:
    """`mib` MiB of zeros as a raw deflate stream and their CRC-32, without ever holding them unpacked."""
    zero = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(zero) + compressor.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, refers to nothing before
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zero, crc)
    return chunk * mib + b"\x03\x00", crc  # and an empty final block


def zip_archive(parts: dict[str, bytes | int]) -> bytes:
    """A deflated zip archive of `parts`: bytes as they are, an int as that many MiB of zeros."""
    out, directory = bytearray(), bytearray()
    for name, content in parts.items():
        if isinstance(content, int):
            packed, crc = _zeros(content)
            size = content * MIB
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed, crc, size = compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content)
        encoded, offset = name.encode(), len(out)
        fields = (8, 0, 0x21, crc, len(packed), size, len(encoded))  # deflated, 1980-01-01
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, *fields, 0) + encoded + packed
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, *fields, 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(out), 0)
    return bytes(out + directory + end)


def odt_bomb(mib: int = BOMB_MIB) -> bytes:
    """An OpenDocument text whose `mimetype` entry unpacks to `mib` MiB."""
    return zip_archive({"mimetype": mib, "content.xml": b"<office:document-content/>"})


def docx_bomb(mib: int = BOMB_MIB) -> bytes:
    return zip_archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": mib})


def xlsx_bomb(mib: int = BOMB_MIB) -> bytes:
    return zip_archive({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": mib})


def real_documents() -> dict[str, bytes]:
    """Small genuine-looking DOCX, XLSX and ODT files, the way Word, Excel and LibreOffice lay them out."""
    xml = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    text = (
        xml
        + b"<w:document><w:body>"
        + b"<w:p><w:r><w:t>\xd0\x9e\xd1\x85\xd1\x80\xd0\xb0\xd0\xbd\xd0\xb0</w:t></w:r></w:p>" * 4000
        + b"</w:body></w:document>"
    )
    documents = {}
    for name, parts in {
        "docx": {"[Content_Types].xml": xml + b"<Types/>", "_rels/.rels": xml, "word/document.xml": text},
        "xlsx": {"[Content_Types].xml": xml + b"<Types/>", "xl/workbook.xml": xml, "xl/worksheets/sheet1.xml": text},
        "odt": {"mimetype": ODT_TYPE, "content.xml": text, "META-INF/manifest.xml": xml},
    }.items():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, content in parts.items():
                archive.writestr(part, content, zipfile.ZIP_STORED if part == "mimetype" else zipfile.ZIP_DEFLATED)
        documents[name] = buffer.getvalue()
    return documents


@contextmanager
def peak_memory():
    """The peak of Python memory allocated inside the block, in bytes: `with peak_memory() as peak: …; peak()`."""
    tracemalloc.start()
    result = {}
    try:
        yield lambda: result["peak"]
    finally:
        result["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


# ---------------------------------------------------------------------------------------------------------------------
# Zip bombs


def test_documents_pass_and_zip_bombs_are_refused_in_bounded_memory():
    with zipfile.ZipFile(io.BytesIO(odt_bomb(3))) as archive:  # the hand-written archive is a valid zip
        assert archive.testzip() is None
    with zipfile.ZipFile(io.BytesIO(odt_bomb())) as archive, archive.open("mimetype") as entry:
        info = archive.getinfo("mimetype")  # and its entry really unpacks to BOMB_MIB MiB
        assert (info.file_size, info.compress_size < MIB, entry.read(4096)) == (BOMB_MIB * MIB, True, bytes(4096))

    for name, content in real_documents().items():
        found, stored = files.check_upload(SimpleUploadedFile(f"отчёт.{name}", content), kind=AttachmentKind.SUPPORTING)
        assert (found.code, stored) == (name, f"отчёт.{name}")

    for bomb in (odt_bomb(), docx_bomb(), xlsx_bomb()):
        assert len(bomb) < MIB
        upload = SimpleUploadedFile("bomb.odt", bomb)
        with peak_memory() as peak, pytest.raises(ValidationError) as refused:
            files.check_upload(upload, kind=AttachmentKind.SUPPORTING)
        assert peak() < PEAK_LIMIT, f"checking a {len(bomb) // 1024} KiB upload took {peak() // MIB} MiB"
        assert (refused.value.code, refused.value.messages) == ("archive", [ARCHIVE_MESSAGE])


def test_archives_a_document_never_is_are_refused():
    """Too many entries, a bzip2 entry (unpacked without a bound per read), or a tight ratio below the total cap."""
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(5001):  # one more than files.ZIP_MAX_ENTRIES
            archive.writestr(f"word/{number}", b"")
    bzip2 = io.BytesIO()
    with zipfile.ZipFile(bzip2, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("mimetype", ODT_TYPE)
    tight = zip_archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": 50})  # 50 MiB in ~50 KiB
    for content in (many.getvalue(), bzip2.getvalue(), tight):
        with pytest.raises(ValidationError) as refused:
            files.check_upload(SimpleUploadedFile("file.docx", content), kind=AttachmentKind.SUPPORTING)
        assert refused.value.code == "archive"


def test_a_zip_bomb_through_the_participant_page_is_told_next_to_the_field(client):
    participation, user = started(open_contest())
    client.force_login(user)
    url = reverse("attachments", args=[participation.pk])
    assert form_fields(client.get(url).content.decode(), url) == {"kind", "file", "comment"}
    with peak_memory() as peak:
        response = client.post(
            url,
            {"kind": AttachmentKind.SUPPORTING, "file": SimpleUploadedFile("отчёт.odt", odt_bomb()), "comment": "к"},
        )
    assert peak() < PEAK_LIMIT, f"the request took {peak() // MIB} MiB"
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "file") == [ARCHIVE_MESSAGE]
    assert not Attachment.objects.exists()


def test_the_paper_card_import_refuses_zip_bombs_in_bounded_memory():
    contest, office = open_contest(), municipal_user(Role.LABOUR_OFFICE)
    for bomb in (odt_bomb(), xlsx_bomb()):
        upload = SimpleUploadedFile("карты.xlsx", bomb)
        with peak_memory() as peak, pytest.raises(imports.FileProblem) as refused:
            imports.import_paper_cards(upload, contest=contest, actor=office)
        assert peak() < PEAK_LIMIT, f"the import took {peak() // MIB} MiB"
        assert refused.value.message == "Файл слишком большой после распаковки: это не похоже на заполненный шаблон."


# ---------------------------------------------------------------------------------------------------------------------
# The size first


def test_the_size_limit_of_each_type_comes_before_reading_or_unpacking():
    documents = real_documents()
    allowed = {files.PDF: 10 * MIB, files.ODT: 1024}  # a caller's own types and limits
    bomb = SimpleUploadedFile("bomb.odt", odt_bomb())
    with peak_memory() as peak, pytest.raises(ValidationError) as refused:
        files.check_upload(bomb, allowed=allowed)
    assert peak() < MIB
    (message,) = refused.value.messages
    assert message.startswith("Файл слишком большой: ")
    assert message.endswith(", допускается не более 1,0\xa0КБ.")

    unreadable = SimpleUploadedFile("отчёт.pdf", PDF_BYTES * 1000)
    unreadable.file.close()  # any read would raise: the size alone must decide
    with pytest.raises(ValidationError) as refused:
        files.check_upload(unreadable, allowed={files.PDF: 1024, files.MP4: 2048})
    assert refused.value.messages == [
        "Файл слишком большой: 43,9\xa0КБ, допускается не более 1,0\xa0КБ (PDF), 2,0\xa0КБ (MP4)."
    ]

    assert (
        files.check_upload(SimpleUploadedFile("отчёт.odt", documents["odt"]), allowed={files.ODT: MIB})[0] is files.ODT
    )
    with pytest.raises(ValidationError, match=re.escape("Допустимые форматы: PDF, ODT.")):
        files.check_upload(SimpleUploadedFile("отчёт.docx", documents["docx"]), allowed={**allowed, files.ODT: MIB})


# ---------------------------------------------------------------------------------------------------------------------
# Hostile names


HOSTILE_NAMES = {
    # sent name: the name stored (None: the browser's part carries no usable name, the form asks for a file)
    "...pdf": "file.pdf",
    "..pdf": "file.pdf",
    ".pdf": "file.pdf",
    "....": "file.pdf",
    " . . ": "file.pdf",
    "€€€.pdf": "file.pdf",
    "%%%": "file.pdf",
    ".htaccess.pdf": "htaccess.pdf",
    "отчёт..pdf": "отчёт.pdf",
    "я" * 300 + ".pdf": "я" * 120 + ".pdf",
    "..\\..\\etc\\passwd": "passwd.pdf",
    "C:\\Документы\\акт.pdf": "акт.pdf",
    "a/../../акт.pdf": "акт.pdf",
    "a/..": None,
    "ак\x01т\x7f\u202e.pdf": "акт.pdf",
}


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body as a browser would send it, with the file name exactly as given (the test client's own
    encoding would keep only its basename)."""
    boundary = "----portal-upload-limits"
    body = b""
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    body += (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def post_file(client, url: str, fields: dict[str, str], file_field: str, filename: str, content: bytes = PDF_BYTES):
    body, content_type = multipart(fields, file_field, filename, content)
    return client.generic("POST", url, body, content_type=content_type)


def form_fields(content: str, action: str) -> set[str]:
    """The names of the fields of the rendered page's upload form posting to `action` (or, without an action, to the
    page itself): a test posts no other."""
    for attributes, inside in re.findall(r"<form([^>]*)>(.*?)</form>", content, re.S):
        target = re.search(r'action="([^"]*)"', attributes)
        if 'enctype="multipart/form-data"' in attributes and (target is None or target.group(1) == action):
            return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', inside)) - {"csrfmiddlewaretoken"}
    raise AssertionError(f"no upload form posting to {action} on the page")


def field_errors(content: str, field_id_end: str) -> list[str]:
    """The errors shown next to a field whose id ends with `field_id_end` (crispy's invalid-feedback)."""
    return [
        re.sub(r"[ \t\r\n]+", " ", message).strip()
        for message in re.findall(rf'id="error_\d+_[\w-]*{field_id_end}"[^>]*>\s*<strong>(.*?)</strong>', content, re.S)
    ]


def test_hostile_names_on_the_participant_files_page_are_stored_safely(client):
    participation, user = started(open_contest())
    client.force_login(user)
    url = reverse("attachments", args=[participation.pk])
    assert form_fields(client.get(url).content.decode(), url) == {"kind", "file", "comment"}
    for sent, stored in HOSTILE_NAMES.items():
        response = post_file(
            client, url, {"kind": AttachmentKind.SUPPORTING, "comment": "Подлинник в деле"}, "file", sent
        )
        if stored is None:
            assert response.status_code == 200, sent
            assert field_errors(response.content.decode(), "file") == ["Выберите файл для загрузки."]
            assert 'value="Подлинник в деле"' in response.content.decode()
        else:
            assert (response.status_code, response["Location"]) == (302, url), sent
            attachment = Attachment.objects.latest("pk")
            assert (attachment.original_name, attachment.comment, attachment.file.read()) == (
                stored,
                "Подлинник в деле",
                PDF_BYTES,
            ), sent
    assert Attachment.objects.count() == sum(1 for stored in HOSTILE_NAMES.values() if stored)


def test_hostile_names_on_the_commission_paper_materials_are_stored_safely(login):
    participation, _ = card_submitted(open_contest())
    client = login(municipal_user(Role.LABOUR_OFFICE))
    page, url = (
        reverse("commission-card", args=[participation.pk]),
        reverse("commission-attach", args=[participation.pk]),
    )
    assert form_fields(client.get(page).content.decode(), url) == {"kind", "file", "comment"}
    for sent, stored in HOSTILE_NAMES.items():
        response = post_file(client, url, {"kind": AttachmentKind.SIGNED_CARD, "comment": ""}, "file", sent)
        assert response.status_code in {200, 302}, sent
        if stored is None:
            assert field_errors(response.content.decode(), "paper_file") == ["Выберите файл для загрузки."]
        else:
            assert response.status_code == 302, sent
            assert participation.attachments.latest("pk").original_name == stored, sent


def test_a_hostile_name_of_a_decision_scan_is_stored_safely(login):
    contest = open_contest()
    participant(contest, "98", "Альфа")
    client = login(municipal_user(Role.MUNICIPAL_SECRETARY))
    url = reverse("municipal-decision")
    fields = form_fields(client.get(reverse("municipal-results")).content.decode(), url)
    assert fields == {"number", "day", "scan", "confirm"}
    data = {"number": "7", "day": timezone.localdate().isoformat(), "confirm": "on"}
    response = post_file(client, url, {**data, "number": ""}, "scan", "...pdf")  # a form error elsewhere
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "number") == ["Укажите номер протокола."]
    assert field_errors(response.content.decode(), "scan") == []
    response = post_file(client, url, data, "scan", "...pdf")
    assert response.status_code == 302
    assert Decision.objects.get().original_name == "file.pdf"
