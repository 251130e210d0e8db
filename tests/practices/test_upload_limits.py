"""Upload limits of best-practice materials (issue 11, items 1 and 12): the same check as contest files
(`contest.files.check_upload`, here with video types and their larger limit): the size limit before any reading, zip
bombs refused in bounded memory, hostile names stored under a safe name — through the real page."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.files import check_material
from practices.models import PracticeMaterial
from tests.contest.test_upload_limits import (
    ARCHIVE_MESSAGE,
    HOSTILE_NAMES,
    PEAK_LIMIT,
    docx_bomb,
    field_errors,
    form_fields,
    odt_bomb,
    peak_memory,
    post_file,
    real_documents,
)

from .helpers import PDF_BYTES, draft

pytestmark = pytest.mark.django_db

HINT = "Видео большего размера опубликуйте на видеохостинге и добавьте ссылку."


def material_page(client):
    report = draft()
    client.force_login(report.created_by)
    url = reverse("practices:material-add", args=[report.pk])
    fields = form_fields(client.get(reverse("practices:report", args=[report.pk])).content.decode(), url)
    assert {"file", "title", "url"} <= fields
    return report, url, fields


def test_a_zip_bomb_material_is_told_next_to_the_field_in_bounded_memory(client):
    report, url, fields = material_page(client)
    for bomb in (odt_bomb(), docx_bomb()):
        upload = SimpleUploadedFile("опыт.odt", bomb)
        with peak_memory() as peak:
            response = client.post(url, {"file": upload, "title": "Схема"})
        assert peak() < PEAK_LIMIT, f"the request took {peak() // 2**20} MiB"
        assert response.status_code == 200
        assert field_errors(response.content.decode(), "file") == [ARCHIVE_MESSAGE]
        assert response.context["material_form"]["title"].value() == "Схема"
    assert not PracticeMaterial.objects.exists()
    for name, content in real_documents().items():
        response = client.post(url, {"file": SimpleUploadedFile(f"опыт.{name}", content), "title": name})
        assert response.status_code == 302
    assert sorted(PracticeMaterial.objects.values_list("original_name", flat=True)) == [
        "опыт.docx",
        "опыт.odt",
        "опыт.xlsx",
    ]


def test_the_size_limit_of_a_material_comes_before_reading_or_unpacking(client, settings):
    report, url, _ = material_page(client)
    settings.PORTAL_MAX_UPLOAD_MB = 0  # documents and pictures: nothing fits; video: up to 1 MB
    settings.PRACTICE_MAX_VIDEO_MB = 1
    upload = SimpleUploadedFile("опыт.odt", odt_bomb())  # 300 MiB unpacked, well under the video limit packed
    with peak_memory() as peak:
        response = client.post(url, {"file": upload, "title": "Схема"})
    assert peak() < PEAK_LIMIT, f"the request took {peak() // 2**20} MiB"
    (message,) = field_errors(response.content.decode(), "file")
    assert message.startswith("Файл слишком большой: ")
    assert message.endswith(f", допускается не более 0\xa0байт. {HINT}")

    unreadable = SimpleUploadedFile("ролик.mp4", b"\x00" * (2 * 1024 * 1024))
    unreadable.file.close()  # any read would raise: the size alone must decide
    with pytest.raises(ValidationError) as refused:
        check_material(unreadable)
    assert refused.value.messages == [
        "Файл слишком большой: 2,0\xa0МБ, допускается не более 0\xa0байт (PDF, JPEG, PNG, DOCX, ODT, XLSX), "
        f"1,0\xa0МБ (MP4, WebM). {HINT}"
    ]
    assert not PracticeMaterial.objects.exists()


def test_hostile_names_of_materials_are_stored_safely(client):
    report, url, fields = material_page(client)
    for sent, stored in HOSTILE_NAMES.items():
        response = post_file(client, url, {"title": "Акт", "url": ""}, "file", sent)
        if stored is None:
            assert response.status_code == 200, sent
            assert field_errors(response.content.decode(), "file") == ["Выберите файл или укажите ссылку на видео."]
        else:
            assert (response.status_code, response["Location"]) == (302, reverse("practices:report", args=[report.pk]))
            material = PracticeMaterial.objects.latest("pk")
            assert (material.original_name, material.title, material.file.read()) == (stored, "Акт", PDF_BYTES), sent
