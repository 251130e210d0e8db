"""The organization's pages: who may open them, and that a representative gets through them with nothing lost."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contest.enums import AttachmentKind, Role
from contest.enums import ParticipationState as S
from contest.models import Attachment, Participation
from contest.services import participation as services
from contest.services.participation import card_values
from tests.contest.helpers import PDF_BYTES, pdf, registered, reload, started, submitted
from tests.factories import (
    COMPLETE_CARD,
    FILLED_APPLICATION,
    OrganizationFactory,
    UserFactory,
    municipal_user,
    open_contest,
    organization_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def card_post(values: dict, **extra) -> dict:
    """A card form as the browser sends it: strings, 'true'/'false' for yes/no, '' for empty."""
    data = {}
    for key, value in values.items():
        if isinstance(value, bool):
            data[key] = "true" if value else "false"
        elif isinstance(value, Decimal):
            data[key] = str(value).replace(".", ",")
        else:
            data[key] = "" if value is None else str(value)
    data.setdefault("fatal_accidents", "0")
    data.setdefault("fatal_transport_no_fault", "0")
    return {**data, **extra}


def test_organization_starts_a_draft_from_the_overview(client, contest):
    organization = OrganizationFactory(sector=contest.sectors.get(code="energy"))
    client.force_login(organization_user(organization))
    page = client.get(reverse("participation-overview"))
    assert "ещё не подавала заявку" in page.content.decode()
    response = client.post(reverse("participation-start"))
    participation = Participation.objects.get(organization=organization)
    assert response["Location"] == reverse("application-edit", args=[participation.pk])
    assert client.get(reverse("participation-overview"))["Location"] == reverse(
        "participation", args=[participation.pk]
    )


def test_application_draft_keeps_what_was_typed_and_submit_goes_through_consent(client, contest):
    participation, user = started(contest)
    client.force_login(user)
    url = reverse("application-edit", args=[participation.pk])
    data = {**FILLED_APPLICATION, "full_name": participation.application.full_name, "sector": participation.sector_id}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(url, {**data, "action": "submit"})
    assert response["Location"] == reverse("consent", args=[participation.pk])
    assert reload(participation).application.head_name == "Петров Пётр Петрович"

    consent_page = client.get(response["Location"]).content.decode()
    assert "в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ" in consent_page
    client.post(reverse("consent", args=[participation.pk]), {"subject_name": "Иванова Мария Петровна"})
    response = client.post(url, {**data, "action": "submit"})
    assert response["Location"] == reverse("participation", args=[participation.pk])
    assert reload(participation).state == S.SUBMITTED


def test_application_missing_confirmations_are_listed_and_nothing_typed_is_lost(client, contest):
    participation, user = started(contest)
    services.give_consent(participation, user=user, subject_name=user.full_name)
    client.force_login(user)
    url = reverse("application-edit", args=[participation.pk])
    response = client.post(
        url,
        {
            "full_name": "ООО «Ромашка»",
            "head_name": "Петров П. П.",
            "sector": participation.sector_id,
            "action": "submit",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "Заявка сохранена, но не подана" in content
    for name in ("agrees_with_regulation", "data_complete_and_true", "aware_of_exclusion", "joint_decision"):
        assert re.search(rf'id="div_id_{name}".*?Отметьте, чтобы подать заявку', content, re.S), name
    assert re.search(r'id="div_id_head_position".*?Заполните: без этого заявку не подать.', content, re.S)
    assert 'value="Петров П. П."' in content
    assert reload(participation).application.head_name == "Петров П. П."  # the draft is saved all the same
    assert reload(participation).state == S.DRAFT


def test_application_asks_consent_only_once_it_is_complete_and_marks_what_is_needed(client, contest):
    participation, user = started(contest)
    client.force_login(user)
    url = reverse("application-edit", args=[participation.pk])
    page = client.get(url).content.decode()
    for name in ("full_name", "legal_address", "phone", "head_name", "head_position", "joint_decision"):
        assert re.search(rf'<input[^>]*name="{name}"[^>]* required aria-required="true"', page), name
        assert re.search(rf'<label[^>]*for="id_{name}"[^>]*>.*?<span class="asteriskField"', page, re.S), name
    assert not re.search(r'name="union_chair_name"[^>]*required', page)  # needed only with a union body

    response = client.post(url, {"full_name": "ООО «Ромашка»", "sector": participation.sector_id, "action": "submit"})
    assert response.status_code == 200  # the errors at the fields, not the consent page
    assert "Заполните: без этого заявку не подать." in response.content.decode()
    assert services.current_consent(participation, user) is None


def test_application_of_submitted_participation_is_read_only(client, contest):
    participation, user = submitted(contest)
    client.force_login(user)
    url = reverse("application-edit", args=[participation.pk])
    assert "<fieldset disabled>" in client.get(url).content.decode()
    assert client.post(url, {"full_name": "x", "sector": participation.sector_id}).status_code == 403


def test_card_with_a_bad_value_keeps_every_value_and_a_reload_shows_the_bad_one_with_its_message(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    url = reverse("card-edit", args=[participation.pk])
    response = client.post(
        url,
        card_post({"accidents": 0, "incapacity_days": 5, "sanitary_pct": "150", "ppe_pct": "99,5", "action": "save"}),
    )
    assert response["Location"] == url
    card = reload(participation).card
    values = card_values(card)
    assert (values["accidents"], values["ppe_pct"]) == (0, Decimal("99.5"))  # the valid ones are saved as values
    assert (values["sanitary_pct"], values["incapacity_days"]) == (None, None)
    assert card.typed_inputs == {"sanitary_pct": "150", "incapacity_days": "5"}  # the others as typed

    content = client.get(url).content.decode()
    assert "Черновик сохранён вместе со значениями, введёнными с ошибкой" in content
    assert "Карта не сохранена" not in content
    assert re.search(r'name="sanitary_pct" value="150"[^>]*is-invalid', content)
    assert "Значение должно быть от 0 до 100." in content  # the points panel's words (scoring), not Django's
    assert "Убедитесь" not in content
    assert re.search(r'name="incapacity_days" value="5"[^>]*is-invalid', content)
    assert "Дней нетрудоспособности не может быть больше 0 без несчастных случаев." in content
    assert re.search(r'name="ppe_pct" value="99,5"[^>]*class="[^"]*form-control"', content)
    assert not re.search(r'name="ppe_pct"[^>]*is-invalid', content)


def test_card_value_typed_right_later_replaces_what_was_typed_wrongly(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    url = reverse("card-edit", args=[participation.pk])
    client.post(url, card_post({"sanitary_pct": "15O", "action": "save"}))
    assert reload(participation).card.typed_inputs == {"sanitary_pct": "15O"}
    client.post(url, card_post({"sanitary_pct": "15", "action": "save"}))
    card = reload(participation).card
    assert (card.typed_inputs, card_values(card)["sanitary_pct"]) == ({}, Decimal("15"))
    assert "Черновик карты сохранён." in client.get(url).content.decode()


def test_card_with_a_value_typed_wrongly_is_not_sent_and_the_message_names_it(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    url = reverse("card-edit", args=[participation.pk])
    response = client.post(url, card_post({**COMPLETE_CARD, "ppe_pct": "сто"}, action="send"))
    assert response["Location"] == url
    participation = reload(participation)
    assert participation.state == S.REGISTERED
    assert participation.card.typed_inputs == {"ppe_pct": "сто"}
    content = client.get(url).content.decode()
    assert (
        "Исправьте значения, введённые с ошибкой (они отмечены на странице карты): «Обеспеченность "
        "сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы»." in content
    )
    assert 'value="сто"' in content


def test_card_autosave_keeps_the_draft_and_answers_the_messages_and_points(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    response = client.post(
        reverse("card-autosave", args=[participation.pk]),
        card_post(
            {
                "avg_headcount": "240",
                "accidents": "1",
                "incapacity_days": "12",
                "ohs_spending_rub": "1250000,5",
                "sanitary_pct": "95,5",
                "ppe_pct": "abc",
            }
        ),
    )
    assert response.status_code == 200
    answer = response.json()
    card = reload(participation).card
    assert card.typed_inputs == {"ppe_pct": "abc"}
    assert (card_values(card)["accidents"], card_values(card)["ohs_spending_rub"]) == (1, Decimal("1250000.5"))
    assert answer["errors"] == {"ppe_pct": "Введите число."}
    assert answer["version"] == card.updated_at.isoformat()
    assert re.fullmatch(r"Сохранено в \d\d:\d\d", answer["saved"])
    # K1/1 = 1,5 (Кт 12,0), K1/2 = 0 (Кч 4,2), K2 = 2 (95,5 %), K18 = 3 (5 208 руб. a worker); K3 is not scored:
    # «abc» is no number.
    assert re.search(r'data-testid="points-total">\s*6,5\s*<', answer["points"])
    assert re.search(r'data-testid="points-bar-total"><strong>6,5</strong>', answer["points"])
    assert re.search(r'id="derived-kt"[^>]*>\s*<span[^>]*>Кт:</span> <strong>12,0</strong>', answer["points"])
    # K18 asks the total; the figure per worker is shown beside it: 1 250 000,5 ÷ 240 = 5208 rub. (not grouped: four digits)
    assert "Затраты на одного работника:</span> <strong>5208\u00a0руб.</strong>" in answer["points"]


def test_card_autosave_of_garbage_keeps_it_as_typed_and_never_fails(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    garbage = {
        "avg_headcount": "1e999999",
        "accidents": "-1",
        "sanitary_pct": "NaN",
        "women_count": "9" * 500,
        "has_ohs_office": "может быть",
        "fatal_accidents": "",
        "fatal_transport_no_fault": "1",
        "no_such_field": "1",
    }
    response = client.post(reverse("card-autosave", args=[participation.pk]), garbage)
    assert response.status_code == 200
    card = reload(participation).card
    assert set(card.typed_inputs) == {
        "avg_headcount",
        "accidents",
        "sanitary_pct",
        "women_count",
        "fatal_accidents",
        "fatal_transport_no_fault",
    }
    assert card.typed_inputs["women_count"] == "9" * services.TYPED_MAX_LENGTH
    assert (card.fatal_accidents, card.fatal_transport_no_fault) == (0, 0)  # emptied to their default meanwhile
    assert card_values(card)["has_ohs_office"] is None
    page = client.get(reverse("card-edit", args=[participation.pk]))
    assert page.status_code == 200
    assert 'name="accidents" value="-1"' in page.content.decode()


def test_card_autosave_of_a_card_no_longer_editable_changes_nothing(client, contest):
    participation, user = registered(contest)
    services.update_card(participation.card, actor=user, values=COMPLETE_CARD)
    services.send_card_for_approval(participation, actor=user)
    client.force_login(user)
    response = client.post(reverse("card-autosave", args=[participation.pk]), card_post({"sanitary_pct": "1"}))
    assert response.status_code == 409
    assert response.json() == {"error": "Карта сейчас не редактируется: она на согласовании или уже представлена."}
    assert card_values(reload(participation).card)["sanitary_pct"] == COMPLETE_CARD["sanitary_pct"]


def test_card_draft_saves_incomplete_and_shows_the_points_so_far(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    url = reverse("card-edit", args=[participation.pk])
    response = client.post(
        url, card_post({"avg_headcount": 240, "accidents": 0, "incapacity_days": 0, "action": "save"})
    )
    assert response["Location"] == url
    card = reload(participation).card
    assert (card_values(card)["accidents"], card_values(card)["incapacity_days"], card.declared_total) == (0, 0, None)
    page = client.get(url).content.decode()
    assert re.search(r'data-testid="points-total">\s*20\s*<', page)  # Кт = 0 → 10, Кч = 0 → 10


def test_card_section_one_rules_are_checked_next_to_the_fields(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    response = client.post(
        reverse("card-edit", args=[participation.pk]),
        card_post({"avg_headcount": 10, "women_count": 11, "hazardous_workers": 12}),
        follow=True,
    )
    content = response.content.decode()
    assert "Не может быть больше среднесписочной численности (10)." in content
    assert "Не может превышать среднесписочную численность." in content


def test_card_complete_is_sent_for_approval(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    response = client.post(reverse("card-edit", args=[participation.pk]), card_post(COMPLETE_CARD, action="send"))
    assert response["Location"] == reverse("participation", args=[participation.pk])
    participation = reload(participation)
    assert participation.state == S.CARD_APPROVAL
    assert participation.card.declared_total == Decimal("98")


def test_card_points_scores_what_is_typed_on_the_server(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    response = client.post(
        reverse("card-points", args=[participation.pk]),
        {"avg_headcount": "240", "accidents": "1", "incapacity_days": "12", "sanitary_pct": "95,5", "ppe_pct": "abc"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    # K1/1 = 1,5 (Кт 12,0), K1/2 = 0 (Кч 4,2), K2 = 2 (95,5 %); K3 is not scored: «abc» is no number.
    assert re.search(r'data-testid="points-total">\s*3,5\s*<', content)
    assert 'id="pts-k1-1" class="line-points" hx-swap-oob="true"' in content
    assert "Кт = 12,0: от 10,1 до 15,0 → 1,5" in content
    assert "Введите число." in content  # the bad K3 value says why it is not scored
    assert card_values(reload(participation).card)["accidents"] is None  # the live points never save


def test_attachment_upload_download_and_delete(client, contest):
    participation, user = started(contest)
    client.force_login(user)
    url = reverse("attachments", args=[participation.pk])
    response = client.post(url, {"kind": AttachmentKind.ANALYTICAL_NOTE, "file": pdf("Записка.pdf"), "comment": ""})
    assert response["Location"] == url
    attachment = Attachment.objects.get()
    download = client.get(reverse("attachment-download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert "attachment;" in download["Content-Disposition"]
    client.post(reverse("attachment-delete", args=[attachment.pk]))
    assert Attachment.objects.count() == 0


def test_attachment_of_a_wrong_type_gets_a_message_and_nothing_is_stored(client, contest):
    participation, user = started(contest)
    client.force_login(user)
    fake = SimpleUploadedFile("photo.jpg", b"GIF89a....", content_type="image/jpeg")
    response = client.post(
        reverse("attachments", args=[participation.pk]),
        {"kind": AttachmentKind.INFO_MATERIALS, "file": fake},
        follow=True,
    )
    assert "Этот вид файла не принимается. Допустимые форматы: PDF, JPEG, PNG, DOCX, ODT." in response.content.decode()
    assert Attachment.objects.count() == 0


def test_attachment_form_without_a_file_says_so(client, contest):
    participation, user = started(contest)
    client.force_login(user)
    response = client.post(reverse("attachments", args=[participation.pk]), {"kind": AttachmentKind.SUPPORTING})
    assert response.status_code == 200
    assert "Выберите файл для загрузки." in response.content.decode()


def test_pdfs_of_application_and_card_are_served(client, contest):
    participation, user = registered(contest)
    services.update_card(participation.card, actor=user, values=COMPLETE_CARD)
    client.force_login(user)
    for name in ("application-pdf", "card-pdf"):
        response = client.get(reverse(name, args=[participation.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")


def test_submit_card_button_refuses_with_the_reasons(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    response = client.post(reverse("card-submit", args=[participation.pk]), follow=True)
    assert "Карту должны согласовать все три органа" in response.content.decode()
    assert reload(participation).state == S.REGISTERED


# --- who may open what -------------------------------------------------------------------------------------------


@pytest.fixture
def world(contest):
    participation, owner = registered(contest)
    attachment = services.add_attachment(participation, actor=owner, kind=AttachmentKind.SUPPORTING, uploaded=pdf())
    other_org = OrganizationFactory(sector=contest.sectors.get(code="energy"))
    return {
        "participation": participation,
        "attachment": attachment,
        "users": {
            "anonymous": None,
            "owner": owner,
            "other_organization": organization_user(other_org),
            "labour_office": municipal_user(Role.LABOUR_OFFICE),
            "labour_office_elsewhere": municipal_user(Role.LABOUR_OFFICE, name="Сочи"),
            "regional_member": UserFactory(role=Role.REGIONAL_MEMBER),
            "staff": UserFactory(role=Role.STAFF),
        },
    }


@pytest.mark.parametrize("who", ["other_organization", "labour_office", "staff"])
def test_attachment_delete_by_anyone_but_the_owner_is_404_and_keeps_the_file(client, world, who):
    client.force_login(world["users"][who])
    response = client.post(reverse("attachment-delete", args=[world["attachment"].pk]))
    assert response.status_code == 404
    assert Attachment.objects.filter(pk=world["attachment"].pk).exists()


def test_unknown_ids_answer_404(client, world):
    client.force_login(world["users"]["owner"])
    assert client.get(reverse("participation", args=[999999])).status_code == 404
    assert client.get(reverse("attachment-download", args=[999999])).status_code == 404
    assert client.get("/participation/abc/").status_code == 404


def test_card_labels_say_what_to_type_with_the_unit_once(client, contest):
    participation, user = registered(contest)
    client.force_login(user)
    page = client.get(reverse("card-edit", args=[participation.pk])).content.decode()
    assert "hide-label" not in page  # every label is in sight, K18's «всего, руб.» under a heading «на одного»
    spending = re.search(r'<label[^>]*for="id_ohs_spending_rub"[^>]*>\s*(.*?)\s*</label>', page, re.S).group(1)
    assert spending.endswith("(пост. Минтруда № 11 от 27.02.95), всего, руб.")
    assert "а не на одного работника: на одного работника портал посчитает сам" in page
    ppe = re.search(r'<label[^>]*for="id_ppe_pct"[^>]*>\s*(.*?)\s*</label>', page, re.S).group(1)
    assert ppe.endswith("СИЗ, % от нормы")  # not «…, % от нормы, %»
    days = re.search(r'<label[^>]*for="id_incapacity_days"[^>]*>\s*(.*?)\s*</label>', page, re.S).group(1)
    assert days.endswith("по этим случаям, дн.")
    assert "Затраты на одного работника: посчитается, когда будут заполнены" in page
