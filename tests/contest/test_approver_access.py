"""Issue 11, item 11: what an approving body reads (decided and documented). A body reads, read-only, the cards of its
municipality that were sent to it for approval, with their files — also after it decided, since the approval is its
signature on that content and it may be asked about it; it never reads a card that was not sent to it, nor another
municipality's, nor the commission's review."""

import pytest
from django.urls import reverse

from contest.enums import ApprovingBody, AttachmentKind, Role
from contest.models import Approval
from contest.services import participation as services
from tests.contest.helpers import approved, card_submitted, in_approval, registered
from tests.factories import municipal_user, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def login(client, user):
    client.force_login(user)
    return client


def test_a_body_keeps_reading_what_it_approved_with_its_files(client, contest):
    participation, _ = approved(contest)  # all three bodies approved, the analytical note attached
    note = participation.attachments.get(kind=AttachmentKind.ANALYTICAL_NOTE)
    inspectorate = municipal_user(Role.APPROVER_INSPECTORATE)
    login(client, inspectorate)
    assert Approval.objects.get(participation=participation, body=ApprovingBody.INSPECTORATE).state == "approved"
    page = client.get(reverse("approval", args=[participation.pk]))
    assert page.status_code == 200
    assert client.get(reverse("attachment-download", args=[note.pk])).status_code == 200
    # Read-only: no decision form any more, and a decision sent anyway changes nothing.
    assert 'name="decision"' not in page.content.decode()


def test_a_body_still_reads_the_card_after_it_went_to_the_commission(client, contest):
    participation, _ = card_submitted(contest)
    login(client, municipal_user(Role.APPROVER_UNIONS))
    assert client.get(reverse("approval", args=[participation.pk])).status_code == 200
    assert client.get(reverse("commission-card", args=[participation.pk])).status_code == 404


def test_a_body_never_reads_a_card_not_sent_to_it_nor_another_municipalitys(client, contest):
    not_sent, _ = registered(contest)
    sent, _ = in_approval(contest)
    login(client, municipal_user(Role.APPROVER_SECTOR_BODY))
    assert client.get(reverse("approval", args=[not_sent.pk])).status_code == 404
    login(client, municipal_user(Role.APPROVER_SECTOR_BODY, name="Сочи"))
    assert client.get(reverse("approval", args=[sent.pk])).status_code == 404


def test_a_file_added_after_a_return_is_read_by_the_bodies_it_is_sent_to_again(client, contest):
    participation, user = in_approval(contest)
    services.decide_approval(
        Approval.objects.get(participation=participation, body=ApprovingBody.UNIONS),
        actor=municipal_user(Role.APPROVER_UNIONS),
        approve=False,
        remark="Нет протокола",
    )
    from tests.contest.helpers import pdf

    attachment = services.add_attachment(
        participation, actor=user, kind=AttachmentKind.SUPPORTING, uploaded=pdf("протокол.pdf")
    )
    login(client, municipal_user(Role.APPROVER_INSPECTORATE))
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 200
