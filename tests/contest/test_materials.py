"""Methodological materials (issue 16, п. 3.4): the department keeps the region's, a territorial commission its
municipality's; the public page shows the published ones of the region and of a chosen municipality; the card page
links a material beside the indicators it explains, the files page the sample note, the commission's request the
list of documents (п. 5.2). Bad input is told in Russian with what was typed kept; someone else's material is 404."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.enums import MaterialKind, Role
from contest.models import MethodMaterial
from contest.services import materials as services
from core.exceptions import DomainError
from tests.contest.helpers import PDF_BYTES, pdf, registered, under_review
from tests.factories import OrganizationFactory, UserFactory, municipal_user, municipality, open_contest
from tests.page_forms import fill

pytestmark = pytest.mark.django_db

BAD_FILE = b"MZ\x90\x00 an executable, not a document"


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


def commission(town: str = "Краснодар", role: str = Role.MUNICIPAL_MEMBER):
    return municipal_user(role, name=town)


def material(contest, *, actor=None, town: str | None = None, publish: bool = True, **fields):
    """A material made through the service (by the system when no actor is given)."""
    values = {"kind": MaterialKind.OTHER, "title": "Памятка", "text": "Текст памятки"} | fields
    return services.create_material(
        contest,
        actor=actor,
        municipality=municipality(town) if town else None,
        publish=publish,
        **values,
    )


def codes(contest) -> list[str]:
    return [indicator.code for indicator in contest.table.indicators]


# --- who may do what ----------------------------------------------------------------------------------------------


def test_a_commission_edits_its_own_municipalitys_material_but_not_anothers_nor_the_regions(client, contest):
    own = material(contest, town="Краснодар", title="Краснодарская памятка")
    other = material(contest, town="Сочи", title="Сочинская памятка")
    regional = material(contest, title="Краевая памятка")
    client.force_login(commission("Краснодар"))
    assert client.get(reverse("material-edit", args=[own.pk])).status_code == 200
    for foreign in (other, regional):
        assert client.get(reverse("material-edit", args=[foreign.pk])).status_code == 404
        response = client.post(reverse("material-withdraw", args=[foreign.pk]))
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert foreign.is_published
    response = client.post(
        reverse("material-edit", args=[other.pk]), {"kind": "other", "title": "Чужое", "text": "Подмена"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "Сочинская памятка"


def test_the_service_refuses_a_commission_the_regions_material_and_another_municipality(contest):
    member = commission("Краснодар")
    with pytest.raises(DomainError, match="ведёт его территориальная конкурсная комиссия"):
        material(contest, actor=member, town=None)
    with pytest.raises(DomainError, match="ведёт его территориальная конкурсная комиссия"):
        material(contest, actor=member, town="Сочи")
    own = material(contest, actor=member, town="Краснодар")
    with pytest.raises(DomainError):  # moving its material to the region is the department's
        services.update_material(own, actor=member, municipality=None, kind="other", title="Т", text="Т")
    assert not MethodMaterial.objects.filter(municipality__isnull=True).exists()


def test_a_commission_writes_for_its_municipality_which_the_form_shows_fixed(client, contest):
    member = commission("Сочи", Role.MUNICIPAL_SECRETARY)
    client.force_login(member)
    page = client.get(reverse("material-new")).content.decode()
    assert "Весь край (материал департамента)" not in page
    data = fill(page, kind="card_howto", title="Как заполнить К2", text="Считайте по штатному расписанию.")
    response = client.post(reverse("material-new"), data)
    assert response.status_code == 302
    created = MethodMaterial.objects.get()
    assert created.municipality == municipality("Сочи")
    assert created.created_by == member
    assert created.is_published  # «Опубликовать сразу» is ticked on the page


def test_staff_write_a_region_wide_material_and_may_keep_it_unpublished(client, contest, staff):
    client.force_login(staff)
    page = client.get(reverse("material-new")).content.decode()
    data = fill(page, kind="sample_note", title="Образец записки", text="План записки")
    del data["publish"]
    assert client.post(reverse("material-new"), data).status_code == 302
    created = MethodMaterial.objects.get()
    assert created.municipality is None
    assert not created.is_published
    listing = client.get(reverse("materials-manage")).content.decode()
    assert "Образец записки" in listing
    assert "не опубликован" in listing


def test_publish_and_withdraw_move_the_material_on_and_off_the_public_page(client, contest):
    member = commission("Краснодар")
    draft = material(contest, actor=member, town="Краснодар", title="Черновая памятка", publish=False)
    public_url = reverse("materials") + f"?municipality={municipality('Краснодар').pk}"
    assert "Черновая памятка" not in client.get(public_url).content.decode()
    client.force_login(member)
    assert client.post(reverse("material-publish", args=[draft.pk])).status_code == 302
    client.logout()
    assert "Черновая памятка" in client.get(public_url).content.decode()
    client.force_login(member)
    response = client.post(reverse("material-withdraw", args=[draft.pk]), follow=True)
    assert "Материал снят с публикации" in response.content.decode()
    client.logout()
    assert "Черновая памятка" not in client.get(public_url).content.decode()
    draft.refresh_from_db()
    assert not draft.is_published  # kept


def test_an_organization_and_a_visitor_have_no_management_pages(client, contest):
    client.force_login(UserFactory(role=Role.ORGANIZATION, organization=OrganizationFactory()))
    assert client.get(reverse("materials-manage")).status_code == 404
    assert client.get(reverse("material-new")).status_code == 404
    client.logout()
    assert client.get(reverse("materials-manage")).status_code == 302  # to the login page


# --- validation -------------------------------------------------------------------------------------------------------


def test_a_material_without_text_file_or_link_is_refused_and_the_title_kept(client, contest, staff):
    client.force_login(staff)
    response = client.post(reverse("material-new"), {"kind": "other", "title": "Пустышка", "publish": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Добавьте текст, файл или ссылку: пустой материал не публикуется." in page
    assert 'value="Пустышка"' in page
    assert not MethodMaterial.objects.exists()


def test_the_database_refuses_an_empty_material(contest):
    with pytest.raises(IntegrityError), transaction.atomic():
        MethodMaterial.objects.create(contest=contest, kind="other", title="Пусто")


def test_an_unknown_indicator_code_is_refused_by_the_form_and_the_service(client, contest, staff):
    client.force_login(staff)
    data = {"kind": "card_howto", "title": "Памятка", "text": "Текст", "indicators": ["K99"]}
    response = client.post(reverse("material-new"), data)
    assert response.status_code == 200
    assert "Показателя «K99» нет в таблице показателей этого смотра-конкурса." in response.content.decode()
    with pytest.raises(DomainError, match="нет показателей: K99"):
        material(contest, indicators=[codes(contest)[0], "K99"])
    assert not MethodMaterial.objects.exists()


def test_a_file_of_a_type_not_accepted_is_refused_with_the_text_kept(client, contest, staff):
    client.force_login(staff)
    bad = SimpleUploadedFile("образец.pdf", BAD_FILE, content_type="application/pdf")
    response = client.post(
        reverse("material-new"), {"kind": "sample_note", "title": "Образец", "text": "Мой план записки", "file": bad}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Этот вид файла не принимается. Допустимые форматы: PDF, DOCX, ODT, XLSX, JPEG, PNG." in page
    assert "Мой план записки" in page
    assert not MethodMaterial.objects.exists()
    with pytest.raises(DomainError, match="Этот вид файла не принимается"):
        material(contest, uploaded=SimpleUploadedFile("x.pdf", BAD_FILE))


def test_a_bad_link_is_told_next_to_the_field(client, contest, staff):
    client.force_login(staff)
    response = client.post(reverse("material-new"), {"kind": "other", "title": "Ссылка", "link": "не адрес"})
    assert response.status_code == 200
    assert "Проверьте адрес ссылки" in response.content.decode()
    assert not MethodMaterial.objects.exists()


def test_a_file_alone_is_enough_and_is_served_under_its_safe_name(client, contest, staff):
    created = material(contest, text="", uploaded=pdf("образец записки.pdf"))
    assert created.original_name == "образец_записки.pdf"
    assert "образец" not in created.file.name  # stored under a random name
    response = client.get(reverse("material-file", args=[created.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert quote("образец_записки.pdf") in response["Content-Disposition"]


def test_removing_the_only_content_is_refused_and_the_file_kept(client, contest, staff):
    created = material(contest, text="", uploaded=pdf())
    client.force_login(staff)
    response = client.post(
        reverse("material-edit", args=[created.pk]), {"kind": "other", "title": "Памятка", "remove_file": "on"}
    )
    assert response.status_code == 200
    assert "Добавьте текст, файл или ссылку" in response.content.decode()
    created.refresh_from_db()
    assert created.file


def test_an_unpublished_file_is_served_only_to_those_who_keep_it(client, contest):
    draft = material(contest, town="Краснодар", uploaded=pdf(), publish=False)
    url = reverse("material-file", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(commission("Сочи"))
    assert client.get(url).status_code == 404
    client.force_login(commission("Краснодар"))
    assert client.get(url).status_code == 200


# --- the public page ----------------------------------------------------------------------------------------------


def test_the_public_page_shows_the_regions_and_the_chosen_municipalitys_grouped_by_kind(client, contest):
    material(contest, title="Краевой образец", kind=MaterialKind.SAMPLE_NOTE)
    material(contest, town="Краснодар", title="Краснодарская памятка", kind=MaterialKind.CARD_HOWTO)
    material(contest, town="Сочи", title="Сочинская памятка", kind=MaterialKind.CARD_HOWTO)
    material(contest, town="Краснодар", title="Неопубликованная", publish=False)

    region_only = client.get(reverse("materials")).content.decode()
    assert "Краевой образец" in region_only
    assert "Краснодарская памятка" not in region_only
    assert "Сочинская памятка" not in region_only

    page = client.get(reverse("materials") + f"?municipality={municipality('Краснодар').pk}").content.decode()
    assert "Краевой образец" in page
    assert "Краснодарская памятка" in page
    assert "Сочинская памятка" not in page
    assert "Неопубликованная" not in page
    assert page.index("Образец аналитической записки (п. 4.4.2)") < page.index("Как заполнить информационную карту")
    assert page.index("Краевой образец") < page.index("Краснодарская памятка")


def test_an_organization_sees_its_own_municipality_by_default(client, contest):
    material(contest, town="Сочи", title="Сочинская памятка")
    rep = UserFactory(role=Role.ORGANIZATION, organization=OrganizationFactory(municipality=municipality("Сочи")))
    client.force_login(rep)
    assert "Сочинская памятка" in client.get(reverse("materials")).content.decode()
    # The region's only, when chosen so in the address.
    assert "Сочинская памятка" not in client.get(reverse("materials") + "?municipality=").content.decode()


def test_an_unknown_municipality_in_the_address_is_told_not_an_error(client, contest):
    material(contest, title="Краевой образец")
    response = client.get(reverse("materials") + "?municipality=abc")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Нет такого муниципального образования" in page
    assert "Краевой образец" in page


def test_the_empty_public_page_says_what_to_do(client, contest):
    page = client.get(reverse("materials")).content.decode()
    assert "Материалов для всего края пока нет. Выберите своё муниципальное образование" in page


# --- where organizations need them --------------------------------------------------------------------------------


def test_the_card_page_links_a_material_beside_its_indicators_only(client, contest):
    participation, rep = registered(contest)
    town = participation.organization.municipality.name
    first, *_, last = codes(contest)
    howto = material(contest, town=town, title="Как считать травматизм", indicators=[first])
    material(contest, town="Сочи", title="Чужая памятка", indicators=[last])
    material(contest, title="Снятая памятка", indicators=[last], publish=False)
    client.force_login(rep)
    page = client.get(reverse("card-edit", args=[participation.pk])).content.decode()
    assert page.count('data-testid="group-material"') == 1
    link = f"{reverse('materials')}?municipality={participation.organization.municipality_id}#material-{howto.pk}"
    assert link in page
    group = page[: page.index("Как считать травматизм")]
    assert group[group.rindex("card-group") :].count(first) >= 1  # within the first indicator's group
    assert "Чужая памятка" not in page
    assert "Снятая памятка" not in page


def test_the_card_page_reads_its_materials_in_one_query_however_many(client, contest, django_assert_num_queries):
    participation, rep = registered(contest)
    town = participation.organization.municipality.name
    client.force_login(rep)
    url = reverse("card-edit", args=[participation.pk])
    material(contest, town=town, title="Памятка 0", indicators=codes(contest)[:1])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index, code in enumerate(codes(contest)[1:], start=1):
        material(contest, title=f"Памятка {index}", indicators=[code])
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('data-testid="group-material"') == len(codes(contest))
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_files_page_links_the_sample_note(client, contest):
    participation, rep = registered(contest)
    note = material(contest, title="Образец записки", kind=MaterialKind.SAMPLE_NOTE, uploaded=pdf())
    material(contest, title="Перечень документов", kind=MaterialKind.DOCUMENT_LIST)
    client.force_login(rep)
    page = client.get(reverse("attachments", args=[participation.pk])).content.decode()
    assert "Образец записки" in page
    assert reverse("material-file", args=[note.pk]) in page
    assert "Перечень документов" not in page


def test_the_commissions_request_form_links_the_list_of_documents(client, contest):
    participation, _ = under_review(contest)
    material(contest, title="Перечень документов (п. 5.2)", kind=MaterialKind.DOCUMENT_LIST)
    client.force_login(commission(participation.organization.municipality.name))
    page = client.get(reverse("commission-card", args=[participation.pk])).content.decode()
    section = page[page.index('data-testid="action-request-documents"') :]
    assert "Перечень документов (п. 5.2)" in section[: section.index("</section>")]


# --- the demo -----------------------------------------------------------------------------------------------------


def test_the_demo_publishes_the_sample_note_the_document_list_and_a_municipal_howto(contest):
    from demo import materials as demo

    member = commission("Краснодар")
    demo.populate(contest, {"staff": UserFactory(role=Role.STAFF), "member": member})
    published = MethodMaterial.objects.filter(contest=contest, is_published=True)
    assert {(m.kind, m.municipality_id) for m in published} == {
        (MaterialKind.SAMPLE_NOTE, None),
        (MaterialKind.DOCUMENT_LIST, None),
        (MaterialKind.CARD_HOWTO, municipality("Краснодар").pk),
    }
    note = published.get(kind=MaterialKind.SAMPLE_NOTE)
    for point in ("Год основания", "Основной вид деятельности", "коллективного договора", "от 27.02.95 № 11"):
        assert point in note.text
    assert len(published.get(kind=MaterialKind.CARD_HOWTO).indicators) == 2


def test_the_organizations_answer_page_links_the_list_of_documents(client, contest):
    from contest.services import review

    participation, rep = under_review(contest)
    town = participation.organization.municipality.name
    request = review.request_documents(
        participation, actor=commission(town), message="Копии карточек СИЗ", due_date=contest.card_deadline
    )
    material(contest, town=town, title="Перечень документов комиссии", kind=MaterialKind.DOCUMENT_LIST)
    client.force_login(rep)
    page = client.get(reverse("document-answer", args=[participation.pk, request.pk])).content.decode()
    assert "Перечень документов комиссии" in page


def test_the_management_list_shows_a_commission_the_others_published_without_edit_buttons(client, contest):
    material(contest, title="Краевой образец")
    material(contest, town="Сочи", title="Сочинский черновик", publish=False)
    own = material(contest, town="Краснодар", title="Свой черновик", publish=False)
    client.force_login(commission("Краснодар"))
    page = client.get(reverse("materials-manage")).content.decode()
    assert "Краевой образец" in page
    assert "Свой черновик" in page
    assert "Сочинский черновик" not in page
    assert page.count('data-testid="publish"') == 1
    assert reverse("material-publish", args=[own.pk]) in page
    filtered = client.get(reverse("materials-manage") + "?state=draft").content.decode()
    assert "Краевой образец" not in filtered
    assert "Свой черновик" in filtered


def test_a_new_file_replaces_the_old_one_which_is_deleted_after_the_commit(
    client, contest, staff, django_capture_on_commit_callbacks
):
    created = material(contest, uploaded=pdf("старый.pdf"))
    old_name = created.file.name
    storage = created.file.storage
    client.force_login(staff)
    page = client.get(reverse("material-edit", args=[created.pk])).content.decode()
    data = fill(page, kind="other", title="Памятка", file=pdf("новый.pdf"))  # the parser reads no <select>
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("material-edit", args=[created.pk]), data).status_code == 302
    created.refresh_from_db()
    assert created.original_name == "новый.pdf"
    assert created.text == "Текст памятки"  # what the page showed was sent back unchanged
    assert not storage.exists(old_name)
    assert storage.exists(created.file.name)
