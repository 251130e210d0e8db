"""Materials that came on paper (issue 10, item 7): the labour office and the territorial commission attach the scans
of a card's analytical note, accident investigation act (п. 4.9), photos (К19) and the signed card, with the checks and
access rules of the organization's own files; and the confirmation before an exclusion (issue 10, item 6).

The tests read the rendered page for the fields a form has and post only those.
"""

import os
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contest.enums import AttachmentKind, Role
from contest.enums import ParticipationState as S
from contest.models import Attachment, AuditRecord, Participation
from contest.services import participation as services
from contest.services import review
from core.exceptions import DomainError
from tests.contest.helpers import PDF_BYTES, card_submitted, pdf, registered, reload, under_review, verified
from tests.contest.test_paper_import import paper_row, run
from tests.contest.test_review_views import content_of, field_error, form_fields, messages_of, text
from tests.factories import UserFactory, municipal_user, open_contest, organization_user

pytestmark = pytest.mark.django_db

PAPER_KINDS = [
    ("analytical_note", "Аналитическая записка (п. 4.4.2)"),
    ("investigation_act", "Акт расследования несчастного случая (п. 4.9)"),
    ("info_materials", "Информационно-аналитические материалы, фотографии"),
    ("signed_card", "Скан подписанной информационной карты"),
]
EXCLUDE_LABEL = (
    "Подтверждаю: организация исключается из дальнейшего участия в смотре-конкурсе (п. 4.9), её материалы "
    "не рассматриваются и в подведении итогов не участвуют; организация получит письмо с основанием."
)


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def office():
    return municipal_user(Role.LABOUR_OFFICE)


def card_url(participation) -> str:
    return reverse("commission-card", args=[participation.pk])


def attach_url(participation) -> str:
    return reverse("commission-attach", args=[participation.pk])


def delete_url(attachment) -> str:
    return reverse("commission-attachment-delete", args=[attachment.participation_id, attachment.pk])


def paper_card(contest, office, **card) -> Participation:
    """A card the labour office entered from the paper template: no file came with it."""
    report = run(contest, office, [paper_row(1, **card)])
    assert report.ok
    return Participation.objects.get(organization__inn=paper_row(1)["inn"])


def section(content: str, testid: str, end: str = "div") -> str:
    """The inside of the element with this data-testid, up to the first closing `end` tag."""
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</{end}>', content, re.S)
    return match.group(1) if match else ""


def kind_options(content: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="kind"[^>]*id="paper_kind"[^>]*>(.*?)</select>', content, re.S).group(1)
    return [(value, text(label)) for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)]


def upload(client, participation, *, kind: str, file, comment: str = "", follow: bool = True):
    """Post the commission's upload form with the fields the rendered page has."""
    assert form_fields(content_of(client.get(card_url(participation))), attach_url(participation)) == {
        "kind",
        "file",
        "comment",
    }
    return client.post(attach_url(participation), {"kind": kind, "file": file, "comment": comment}, follow=follow)


# ---------------------------------------------------------------------------------------------------------------------
# The labour office attaches the paper materials


def test_labour_office_attaches_signed_card_and_investigation_act_to_a_paper_card(contest, office, login):
    # A paper card reporting a fatal transport accident without the organization's fault (п. 4.9): the act is needed.
    participation = paper_card(contest, office, fatal_accidents=1, fatal_transport_no_fault=1)
    assert participation.state == S.CARD_SUBMITTED
    client = login(office)

    content = content_of(client.get(card_url(participation)))
    act_note = text(section(content, "investigation-act"))
    assert act_note == (
        "Акт расследования несчастного случая не приложен. Приложите его скан в разделе «Материалы, поступившие на "
        "бумаге» , если акт поступил на бумаге, или запросите его у организации."  # « ,»: the link's end tag
    )
    assert 'href="#paper-heading"' in section(content, "investigation-act")
    assert 'id="paper-heading"' in content
    assert kind_options(content) == PAPER_KINDS

    response = upload(client, participation, kind="signed_card", file=pdf("Карта 2011.pdf"), comment="Подлинник в деле")
    assert response.redirect_chain == [(f"{card_url(participation)}#paper-heading", 302)]
    assert messages_of(response) == [
        "Файл добавлен к материалам карты: Карта_2011.pdf (Скан подписанной информационной карты)."
    ]
    response = upload(client, participation, kind="investigation_act", file=pdf("акт Н-1.pdf"))
    assert messages_of(response) == [
        "Файл добавлен к материалам карты: акт_Н-1.pdf (Акт расследования несчастного случая (п. 4.9))."
    ]

    stored = list(Attachment.objects.filter(participation=participation).order_by("pk"))
    assert [(a.kind, a.original_name, a.uploaded_by, a.content_type, a.size, a.comment) for a in stored] == [
        ("signed_card", "Карта_2011.pdf", office, "application/pdf", len(PDF_BYTES), "Подлинник в деле"),
        ("investigation_act", "акт_Н-1.pdf", office, "application/pdf", len(PDF_BYTES), ""),
    ]
    card, act = stored
    content = content_of(response)
    listed = section(content, "paper-attachments", "ul")
    assert f'href="{reverse("attachment-download", args=[card.pk])}">Карта_2011.pdf</a>' in listed
    assert f'href="{reverse("attachment-download", args=[act.pk])}">акт_Н-1.pdf</a>' in listed
    assert "Подлинник в деле" in listed
    # The R7 note now names the act instead of sending the commission to look for it.
    assert text(section(content, "investigation-act")) == (
        "Акт расследования несчастного случая: акт_Н-1.pdf (скан, приложенный комиссией). Сверьте его со сведениями карты."
    )
    assert f'href="{reverse("attachment-download", args=[act.pk])}"' in section(content, "investigation-act")
    assert reload(participation).state == S.CARD_SUBMITTED


def test_commission_upload_writes_an_audit_record(contest, office, login):
    participation, _ = under_review(contest)
    client = login(office)
    upload(client, participation, kind="investigation_act", file=pdf("акт.pdf"))
    record = AuditRecord.objects.filter(participation=participation).order_by("pk").last()
    assert (record.text, record.reason, record.actor, record.from_state, record.to_state) == (
        "Комиссия добавила файл: акт.pdf",
        "Акт расследования несчастного случая (п. 4.9)",
        office,
        "",
        "",
    )
    history = content_of(client.get(card_url(participation)))
    assert "Комиссия добавила файл: акт.pdf" in re.search(r'data-testid="history">(.*?)</table>', history, re.S).group(
        1
    )


@pytest.mark.parametrize("role", [Role.LABOUR_OFFICE, Role.MUNICIPAL_MEMBER, Role.MUNICIPAL_SECRETARY, Role.STAFF])
def test_commission_and_staff_may_attach(contest, role):
    participation, _ = card_submitted(contest)
    actor = UserFactory(role=Role.STAFF) if role == Role.STAFF else municipal_user(role)
    attachment = services.add_commission_attachment(
        participation, actor=actor, kind=AttachmentKind.INFO_MATERIALS, uploaded=pdf("фото.pdf")
    )
    assert (attachment.kind, attachment.uploaded_by) == ("info_materials", actor)


@pytest.mark.parametrize("role", [Role.APPROVER_INSPECTORATE, Role.DISTRICT_ADMINISTRATION, Role.REGIONAL_MEMBER])
def test_others_may_not_attach_through_the_service(contest, role):
    participation, _ = card_submitted(contest)
    actor = UserFactory(role=role) if role == Role.REGIONAL_MEMBER else municipal_user(role)
    with pytest.raises(DomainError) as refused:
        services.add_commission_attachment(participation, actor=actor, kind=AttachmentKind.SIGNED_CARD, uploaded=pdf())
    assert refused.value.message == (
        "Материалы карты прикладывает сектор по труду или территориальная конкурсная комиссия участника."
    )
    assert participation.attachments.count() == 1  # the organization's note


def test_service_refuses_a_kind_outside_the_paper_materials_and_a_card_not_yet_submitted(contest, office):
    participation, _ = card_submitted(contest)
    with pytest.raises(DomainError) as refused:
        services.add_commission_attachment(participation, actor=office, kind=AttachmentKind.SUPPORTING, uploaded=pdf())
    assert refused.value.message == "Выберите вид материала из списка."
    early, _ = registered(contest)
    with pytest.raises(DomainError) as refused:
        services.add_commission_attachment(early, actor=office, kind=AttachmentKind.SIGNED_CARD, uploaded=pdf())
    assert refused.value.message == (
        "Сейчас комиссия не может добавлять файлы: состояние — «Заявка зарегистрирована, заполняется карта»."
    )
    assert not early.attachments.exists()


# ---------------------------------------------------------------------------------------------------------------------
# Who may use the commission's upload


def test_member_of_another_municipality_gets_404(contest, office, login):
    participation, _ = card_submitted(contest)
    attachment = services.add_commission_attachment(
        participation, actor=office, kind=AttachmentKind.SIGNED_CARD, uploaded=pdf("карта.pdf")
    )
    client = login(municipal_user(Role.MUNICIPAL_MEMBER, name="Сочи"))
    assert client.get(card_url(participation)).status_code == 404
    response = client.post(attach_url(participation), {"kind": "signed_card", "file": pdf("чужое.pdf")})
    assert response.status_code == 404
    assert client.post(delete_url(attachment)).status_code == 404
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 404
    assert sorted(participation.attachments.values_list("original_name", flat=True)) == ["записка.pdf", "карта.pdf"]


def test_organization_user_cannot_use_the_commission_upload(contest, login):
    participation, representative = card_submitted(contest)
    client = login(representative)
    before = AuditRecord.objects.count()
    response = client.post(attach_url(participation), {"kind": "signed_card", "file": pdf("карта.pdf")})
    assert response.status_code == 404
    assert client.get(card_url(participation)).status_code == 404
    assert list(participation.attachments.values_list("original_name", flat=True)) == ["записка.pdf"]
    assert AuditRecord.objects.count() == before
    with pytest.raises(DomainError):
        services.add_commission_attachment(
            participation, actor=representative, kind=AttachmentKind.SIGNED_CARD, uploaded=pdf()
        )


# ---------------------------------------------------------------------------------------------------------------------
# Bad input: the message next to the field, the page again with what was typed, nothing stored


def test_bad_file_type_is_told_next_to_the_field_and_nothing_is_stored(contest, office, login):
    participation, _ = card_submitted(contest)
    client = login(office)
    fake = SimpleUploadedFile("карта.pdf", b"GIF89a....", content_type="application/pdf")
    response = upload(client, participation, kind="signed_card", file=fake, comment="Подлинник в деле", follow=False)
    assert response.status_code == 200
    content = content_of(response)
    assert field_error(content, "paper_file") == "Этот вид файла не принимается. Допустимые форматы: PDF, JPEG, PNG."
    assert re.search(r'<option value="signed_card" selected>', content)
    assert 'name="comment" value="Подлинник в деле"' in content
    assert list(participation.attachments.values_list("kind", flat=True)) == ["analytical_note"]
    assert not AuditRecord.objects.filter(action="file.commission_added").exists()


def test_missing_or_too_big_file_is_told_next_to_the_field(contest, office, login, settings):
    participation, _ = card_submitted(contest)
    client = login(office)
    assert form_fields(content_of(client.get(card_url(participation))), attach_url(participation)) == {
        "kind",
        "file",
        "comment",
    }
    response = client.post(attach_url(participation), {"kind": "investigation_act", "comment": ""})
    assert field_error(content_of(response), "paper_file") == "Выберите файл для загрузки."

    settings.PORTAL_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("акт.pdf", PDF_BYTES + b"0" * (1536 * 1024), content_type="application/pdf")
    response = client.post(attach_url(participation), {"kind": "investigation_act", "file": big, "comment": ""})
    assert field_error(content_of(response), "paper_file") == (
        "Файл слишком большой: 1,5\xa0МБ, допускается не более 1,0\xa0МБ."
    )
    assert list(participation.attachments.values_list("kind", flat=True)) == ["analytical_note"]


# ---------------------------------------------------------------------------------------------------------------------
# The participant's case file


def test_participant_sees_the_commission_file_and_downloads_it(contest, office, login):
    participation, representative = card_submitted(contest)
    upload(login(office), participation, kind="signed_card", file=pdf("карта.pdf"))
    attachment = participation.attachments.get(kind=AttachmentKind.SIGNED_CARD)

    client = login(representative)
    content = content_of(client.get(reverse("attachments", args=[participation.pk])))
    download = reverse("attachment-download", args=[attachment.pk])
    row = re.search(rf'<tr>\s*<td><a href="{download}">карта\.pdf</a>(.*?)</tr>', content, re.S).group(1)
    assert "Приложен комиссией (поступил на бумаге)" in row
    assert "Скан подписанной информационной карты" in row
    assert f'href="{download}">карта.pdf</a>' in content_of(
        client.get(reverse("participation", args=[participation.pk]))
    )
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"

    assert login(organization_user()).get(download).status_code == 404


def test_participant_cannot_delete_the_commission_file_while_answering_a_request(contest, office, login):
    participation, representative = under_review(contest)
    services.add_commission_attachment(
        participation, actor=office, kind=AttachmentKind.INVESTIGATION_ACT, uploaded=pdf("акт.pdf")
    )
    review.request_documents(
        participation, actor=office, message="Копии актов", due_date=timezone.localdate() + timedelta(days=5)
    )
    act = participation.attachments.get(kind=AttachmentKind.INVESTIGATION_ACT)
    note = participation.attachments.get(kind=AttachmentKind.ANALYTICAL_NOTE)
    client = login(representative)
    content = content_of(client.get(reverse("attachments", args=[participation.pk])))
    assert f'action="{reverse("attachment-delete", args=[note.pk])}"' in content  # its own file: may delete
    assert f'action="{reverse("attachment-delete", args=[act.pk])}"' not in content
    with pytest.raises(DomainError) as refused:
        services.delete_attachment(act, actor=representative)
    assert refused.value.message == "Этот файл добавила комиссия; удалить его может только она."
    assert Attachment.objects.filter(pk=act.pk).exists()


# ---------------------------------------------------------------------------------------------------------------------
# Deleting: the commission's own upload, never the organization's files


def test_commission_deletes_its_own_upload(contest, office, login, django_capture_on_commit_callbacks):
    participation, _ = card_submitted(contest)
    attachment = services.add_commission_attachment(
        participation, actor=office, kind=AttachmentKind.SIGNED_CARD, uploaded=pdf("карта.pdf")
    )
    path = attachment.file.path
    member = municipal_user(Role.MUNICIPAL_MEMBER)  # another person of the same commission
    client = login(member)
    content = content_of(client.get(card_url(participation)))
    assert form_fields(content, delete_url(attachment)) == set()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment), follow=True)
    assert response.redirect_chain == [(f"{card_url(participation)}#paper-heading", 302)]
    assert messages_of(response) == ["Файл удалён: карта.pdf."]
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not os.path.exists(path)
    record = AuditRecord.objects.filter(participation=participation).order_by("pk").last()
    assert (record.action, record.params, record.text, record.actor) == (
        "file.commission_deleted",
        {"name": "карта.pdf"},
        "Комиссия удалила файл: карта.pdf",
        member,
    )


def test_commission_cannot_delete_the_organization_files(contest, office, login):
    participation, _ = under_review(contest)
    note = participation.attachments.get()
    client = login(office)
    content = content_of(client.get(card_url(participation)))
    assert 'action="' + delete_url(note) + '"' not in content
    assert f'href="{reverse("attachment-download", args=[note.pk])}">записка.pdf</a>' in section(
        content, "attachments", "ul"
    )
    before = AuditRecord.objects.count()
    response = client.post(delete_url(note), follow=True)
    assert messages_of(response) == ["Этот файл представила организация; комиссия его не удаляет."]
    assert Attachment.objects.filter(pk=note.pk).exists()
    assert AuditRecord.objects.count() == before


# ---------------------------------------------------------------------------------------------------------------------
# Confirmation before an exclusion (issue 10, item 6)


def test_exclusion_without_the_confirmation_is_refused_and_the_state_stays(contest, office, login):
    participation, _ = verified(contest, fatal_accidents=1, fatal_transport_no_fault=0)
    client = login(office)
    exclude = reverse("commission-exclude", args=[participation.pk])
    content = content_of(client.get(card_url(participation)))
    assert form_fields(content, exclude) == {"reason", "confirm"}
    label = re.search(r'<label for="exclude_confirm"[^>]*>(.*?)</label>', content, re.S).group(1)
    assert text(label) == f"{EXCLUDE_LABEL} *"  # the required field's asterisk
    before = AuditRecord.objects.count()

    response = client.post(exclude, {"reason": "Смертельный случай 12.05.2011, акт Н-1 № 3"})
    assert response.status_code == 200
    content = content_of(response)
    assert field_error(content, "exclude_confirm") == "Отметьте подтверждение: без него участник не исключается."
    assert ">\nСмертельный случай 12.05.2011, акт Н-1 № 3</textarea>" in content  # what was typed stays
    assert reload(participation).state == S.VERIFIED
    assert AuditRecord.objects.count() == before

    response = client.post(exclude, {"reason": "Смертельный случай 12.05.2011, акт Н-1 № 3", "confirm": "on"})
    assert reload(participation).state == S.EXCLUDED
    # Excluded, the card still takes its paper act: the commission attaches the scan behind the decision.
    upload(client, participation, kind="investigation_act", file=pdf("акт Н-1.pdf"))
    assert participation.attachments.filter(kind=AttachmentKind.INVESTIGATION_ACT, uploaded_by=office).count() == 1
