"""The territorial commission's pages (stage 1): the work list, the review page with its actions, the organization's
answer to a document request; who may open what; the work list's query count.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

import scoring
from contest import rankings
from contest.enums import APPROVER_ROLE_BODY, AttachmentKind, Role
from contest.enums import ParticipationState as S
from contest.models import Approval, AuditRecord, Correction, DocumentRequest
from contest.services import participation as services
from contest.services import review
from contest.services.participation import card_values
from tests.contest.helpers import (
    card_submitted,
    organization_in,
    pdf,
    registered,
    reload,
    under_review,
    verified,
)
from tests.factories import COMPLETE_CARD, UserFactory, municipal_user, open_contest

pytestmark = pytest.mark.django_db

PPE_LABEL = "Обеспеченность сертифицированной спецобувью, спецодеждой и другими СИЗ, % от нормы"


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def member():
    return municipal_user(Role.MUNICIPAL_MEMBER)


def content_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def field_error(content: str, field_id: str) -> str:
    """The error shown next to a form field (crispy's invalid-feedback) by the field's id, or "" when there is none."""
    match = re.search(rf'id="error_\d+_{field_id}"[^>]*>\s*<strong>(.*?)</strong>', content, re.S)
    return match.group(1).strip() if match else ""


def form_fields(content: str, action: str) -> set[str]:
    """The names of the fields the rendered page's form posting to `action` contains (a test posts no other)."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', content, re.S)
    assert form, f"no form posting to {action} on the page"
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', form.group(1))) - {"csrfmiddlewaretoken"}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def input_row(content: str, key: str) -> re.Match:
    return re.search(rf'<tr data-key="{key}"( class="table-warning")?>(.*?)</tr>', content, re.S)


def cell(row_html: str, name: str) -> str:
    return text(re.search(rf'<(td|span)[^>]*? class="[^"]*\b{name}\b[^"]*">(.*?)</\1>', row_html, re.S).group(2))


def indicator_points(content: str, code: str) -> str:
    block = re.search(rf'<tbody data-code="{re.escape(code)}">(.*?)</tbody>', content, re.S).group(1)
    return cell(block, "line-points")


def card_url(participation) -> str:
    return reverse("commission-card", args=[participation.pk])


def walk_with_card(contest, organization, **card_changes):
    """Like helpers.verified(contest, organization, **changes), stopping under review, with the investigation act a card
    needs when it reports a transport accident without fault (п. 4.9)."""
    participation, user = registered(contest, organization)
    services.update_card(participation.card, actor=user, values={**COMPLETE_CARD, **card_changes})
    services.add_attachment(participation, actor=user, kind=AttachmentKind.INVESTIGATION_ACT, uploaded=pdf("акт.pdf"))
    services.add_attachment(participation, actor=user, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=pdf())
    services.send_card_for_approval(participation, actor=user)
    name = participation.organization.municipality.name
    for role, body in APPROVER_ROLE_BODY.items():
        services.decide_approval(
            Approval.objects.get(participation=participation, body=body),
            actor=municipal_user(role, name=name),
            approve=True,
        )
    services.submit_card(participation, actor=user)
    review.start_review(reload(participation), actor=municipal_user(Role.MUNICIPAL_MEMBER, name=name))
    return reload(participation), user


# ---------------------------------------------------------------------------------------------------------------------
# Corrections: the declared value stays, the verified one stands beside it, the verified total follows scoring


def test_correct_value_through_the_page_keeps_declared_and_recounts(contest, member, login):
    participation, _ = under_review(contest)
    response = login(member).post(
        reverse("commission-correct", args=[participation.pk]),
        {"key": "ppe_pct", "value": "96", "flag": "", "reason": "Акт проверки: выдано 96 % СИЗ"},
        follow=True,
    )
    assert response.redirect_chain == [(card_url(participation), 302)]
    assert messages_of(response) == [
        f"Значение «{PPE_LABEL}» исправлено: после проверки 96 (заявлено 100). Сумма баллов после проверки: 96."
    ]
    # By hand: the declared card scores 98 of 148, K3 (СИЗ) 100 % → 5 points. The commission finds 96 %: K3's bracket
    # «не менее 95 %, но менее 100 %» gives 3 points, every other indicator is unchanged: 98 − 5 + 3 = 96.
    participation = reload(participation)
    assert card_values(participation.card)["ppe_pct"] == Decimal("100")  # the declared value is never overwritten
    assert participation.card.declared_total == Decimal("98")
    assert participation.card.verified_total == Decimal("96")
    expected = scoring.score_card(review.verified_values(participation), table="krasnodar-2011").total
    assert participation.card.verified_total == expected

    content = content_of(response)
    row = input_row(content, "ppe_pct")
    assert row.group(1) == ' class="table-warning"'  # a corrected value stands out
    assert cell(row.group(2), "input-declared") == "100 %"
    assert cell(row.group(2), "input-verified") == "96 %"
    assert escape(f"Исправлено {timezone.localtime(Correction.objects.get().created_at):%d.%m.%Y %H:%M}") in row.group(
        2
    )
    assert escape(f"{member.full_name}:") in row.group(2)
    assert escape("«Акт проверки: выдано 96 % СИЗ»") in row.group(2)
    assert indicator_points(content, "K3") == "5 → 3 из 5"
    assert "не менее 95 %, но менее 100 %" in content
    assert text(re.search(r'data-testid="declared-total">(.*?)</div>', content, re.S).group(1)) == "98 из 148"
    assert text(re.search(r'data-testid="verified-total">(.*?)</div>', content, re.S).group(1)) == "96 из 148"
    assert input_row(content, "sanitary_pct").group(1) is None  # an uncorrected value is not marked
    history = re.search(r'data-testid="history">(.*?)</table>', content, re.S).group(1)
    assert "Исправлено значение «" in history


def test_correct_a_flag_with_yes_no_and_earlier_corrections_stay_listed(contest, member, login):
    participation, _ = under_review(contest)
    client = login(member)
    url = reverse("commission-correct", args=[participation.pk])
    response = client.post(
        url, {"key": "has_ohs_office", "value": "", "flag": "false", "reason": "Кабинета нет"}, follow=True
    )
    assert messages_of(response) == [
        "Значение «Оборудованный кабинет по охране труда» исправлено: после проверки нет (заявлено да). "
        "Сумма баллов после проверки: 93."
    ]
    assert reload(participation).card.verified_total == Decimal("93")  # K4 «да → 5» becomes «нет → 0»: 98 − 5
    response = client.post(url, {"key": "has_ohs_office", "flag": "true", "reason": "Кабинет оборудован"}, follow=True)
    assert messages_of(response) == [
        "Значение «Оборудованный кабинет по охране труда» исправлено: после проверки да (заявлено да). "
        "Сумма баллов после проверки: 98."
    ]
    assert reload(participation).card.verified_total == Decimal("98")
    row = input_row(content_of(response), "has_ohs_office")
    assert row.group(1) is None  # verified «да» again equals the declared «да»
    assert (cell(row.group(2), "input-declared"), cell(row.group(2), "input-verified")) == ("да", "да")
    assert "«Кабинет оборудован»" in row.group(2)
    earlier = re.search(r'class="mb-0 ps-3 input-earlier">(.*?)</ul>', row.group(2), re.S).group(1)
    assert text(earlier).startswith("нет — ")
    assert "«Кабинета нет»" in earlier


def test_correct_form_preselects_the_input_of_the_row(contest, member, login):
    participation, _ = under_review(contest)
    content = content_of(login(member).get(card_url(participation) + "?key=assessment_pct"))
    assert re.search(r'<option value="assessment_pct"[^>]*\bselected\b', content)
    assert 'href="?key=ppe_pct#correct-heading"' in content
    content = content_of(login(member).get(card_url(participation) + "?key=nonsense"))
    assert not re.search(
        r"<option [^>]*\bselected\b[^>]*>[^—]", content.split('id="correct_key"')[1].split("</select>")[0]
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"key": "ppe_pct", "value": "150"}, "correct_value", f"{PPE_LABEL}: Значение должно быть от 0 до 100."),
        ({"key": "ppe_pct", "value": "сто"}, "correct_value", f"{PPE_LABEL}: Введите число."),
        ({"key": "ppe_pct", "value": "100"}, "correct_value", "Это значение уже учтено."),
        ({"key": "ppe_pct", "value": ""}, "correct_value", "Укажите новое значение."),
        (
            {"key": "ppe_pct", "value": "9" * 41},
            "correct_value",
            "Убедитесь, что это значение содержит не более 40 символов (сейчас 41).",
        ),
        (
            {"key": "accidents", "value": "0"},
            "correct_value",
            "Количество дней нетрудоспособности по этим случаям: Дней нетрудоспособности не может быть больше 0 без несчастных случаев.",
        ),
        ({"key": "has_ohs_office", "value": "1"}, "correct_flag", "Выберите «да» или «нет»."),
        ({"key": "has_ohs_office", "flag": "может быть"}, "correct_flag", "Выберите «да» или «нет»."),
        ({"key": "no_such_input", "value": "1"}, "correct_key", "Выберите показатель из списка."),
        ({"value": "1"}, "correct_key", "Выберите показатель."),
        ({"key": "ppe_pct", "value": "96", "reason": "  "}, "correct_reason", "Укажите основание исправления."),
    ],
)
def test_bad_correction_is_told_next_to_the_field_and_saves_nothing(contest, member, login, data, field, message):
    participation, _ = under_review(contest)
    data = {"reason": "Акт проверки от 12.03.2012", **data}
    response = login(member).post(reverse("commission-correct", args=[participation.pk]), data)
    assert response.status_code == 200
    content = content_of(response)
    assert field_error(content, field) == escape(message)
    if data.get("value") and len(data["value"]) <= 40:
        assert f'value="{escape(data["value"])}"' in content  # nothing typed is lost
    if data["reason"].strip():
        assert f">\n{data['reason']}</textarea>" in content
    assert not Correction.objects.exists()
    participation = reload(participation)
    assert participation.card.verified_total == Decimal("98")
    assert participation.state == S.UNDER_REVIEW


def test_correct_before_review_is_refused_with_a_message(contest, member, login):
    participation, _ = card_submitted(contest)
    response = login(member).post(
        reverse("commission-correct", args=[participation.pk]),
        {"key": "ppe_pct", "value": "96", "reason": "Акт"},
        follow=True,
    )
    assert response.redirect_chain == [(card_url(participation), 302)]
    assert messages_of(response) == ["Исправлять значения можно, пока карта на проверке."]
    assert not Correction.objects.exists()


# ---------------------------------------------------------------------------------------------------------------------
# Start, verify, documents, exclusion


def test_start_review_through_the_page(contest, member, login):
    participation, _ = card_submitted(contest)
    client = login(member)
    content = content_of(client.get(card_url(participation)))
    assert 'data-testid="action-start"' in content
    assert text(re.search(r'data-testid="verified-total">(.*?)</div>', content, re.S).group(1)) == "— из 148"
    response = client.post(reverse("commission-start", args=[participation.pk]), follow=True)
    assert response.redirect_chain == [(card_url(participation), 302)]
    assert messages_of(response) == [f"Карта принята на проверку: {participation.organization}."]
    participation = reload(participation)
    assert participation.state == S.UNDER_REVIEW
    assert participation.card.verified_total == Decimal("98")
    assert 'data-testid="action-start"' not in content_of(response)


def test_mark_verified_through_the_page(contest, member, login):
    participation, _ = under_review(contest)
    response = login(member).post(reverse("commission-verify", args=[participation.pk]), follow=True)
    assert messages_of(response) == [f"Карта проверена: {participation.organization}."]
    assert reload(participation).state == S.VERIFIED
    content = content_of(response)
    assert 'data-testid="action-verify"' not in content
    assert 'data-testid="action-correct"' in content
    assert re.search(r'data-testid="state">Проверена комиссией<', content)
    response = login(member).post(reverse("commission-verify", args=[participation.pk]), follow=True)
    assert messages_of(response) == ["Это уже сделано: состояние — «Проверена комиссией»."]


@pytest.mark.parametrize(
    ("walk", "shown"),
    [
        ("card_submitted", {"start"}),
        ("under_review", {"verify", "correct", "request-documents", "remove"}),
        ("documents_requested", {"correct", "remove"}),
        ("verified", {"correct", "remove"}),
        ("excluded", {"reinstate"}),
        ("disqualified", {"reinstate"}),
    ],
)
def test_the_page_offers_only_the_actions_the_state_allows(contest, member, login, walk, shown):
    participation, _ = WALKS[walk](contest)
    content = content_of(login(member).get(card_url(participation)))
    offered = set(re.findall(r'data-testid="action-([a-z-]+)"', content))
    assert offered == shown
    assert ('data-testid="awaiting-answer"' in content) == (walk == "documents_requested")


def test_request_documents_answer_and_back_under_review(contest, member, login, client):
    participation, representative = under_review(contest)
    due = timezone.localdate() + timedelta(days=10)
    response = login(member).post(
        reverse("commission-request-documents", args=[participation.pk]),
        {"message": "Копии актов о выдаче СИЗ за 2011 год", "due_date": due.isoformat()},
        follow=True,
    )
    assert response.redirect_chain == [(card_url(participation), 302)]
    assert messages_of(response) == [
        f"Запрос документов направлен, организация получит письмо; срок — до {due:%d.%m.%Y} включительно."
    ]
    assert reload(participation).state == S.DOCUMENTS_REQUESTED
    document_request = DocumentRequest.objects.get()
    assert (document_request.message, document_request.due_date, document_request.requested_by) == (
        "Копии актов о выдаче СИЗ за 2011 год",
        due,
        member,
    )

    # The organization sees the notice on its dashboard, uploads a file on its files page and answers.
    answer_url = reverse("document-answer", args=[participation.pk, document_request.pk])
    client.force_login(representative)
    dashboard = content_of(client.get(reverse("participation", args=[participation.pk])))
    notice = re.search(r'data-testid="document-request-notice">(.*?)</section>', dashboard, re.S).group(1)
    assert "Копии актов о выдаче СИЗ за 2011 год" in notice
    assert f'href="{answer_url}"' in notice
    assert f'href="{reverse("attachments", args=[participation.pk])}"' in notice
    page = client.get(answer_url)
    assert page.status_code == 200
    assert "Копии актов о выдаче СИЗ за 2011 год" in content_of(page)
    assert 'data-testid="upload-link"' in content_of(page)
    response = client.post(
        reverse("attachments", args=[participation.pk]),
        {"kind": AttachmentKind.SUPPORTING, "file": pdf("акты-сиз.pdf"), "comment": ""},
        follow=True,
    )
    assert messages_of(response) == ["Файл добавлен."]
    assert participation.attachments.filter(original_name="акты-сиз.pdf").exists()
    assert "после запроса" in content_of(client.get(answer_url))
    response = client.post(answer_url, {"answer": "  Акты приложены: «акты-сиз.pdf»  "}, follow=True)
    assert response.redirect_chain == [(reverse("participation", args=[participation.pk]), 302)]
    assert messages_of(response) == ["Ответ направлен комиссии: карта снова на проверке."]
    assert 'data-testid="document-request-notice"' not in content_of(response)
    assert reload(participation).state == S.UNDER_REVIEW
    document_request.refresh_from_db()
    assert (document_request.answer, document_request.answered_by) == ("Акты приложены: «акты-сиз.pdf»", representative)

    # Answering again is refused with the service's message and changes nothing.
    response = client.post(answer_url, {"answer": "ещё раз"}, follow=True)
    assert messages_of(response) == ["На этот запрос уже ответили."]
    document_request.refresh_from_db()
    assert document_request.answer == "Акты приложены: «акты-сиз.pdf»"
    assert 'data-testid="answer"' in content_of(response)

    # The commission sees the answer beside the request.
    client.force_login(member)
    content = content_of(client.get(card_url(participation)))
    answer = re.search(r'data-testid="document-answer">(.*?)</div>', content, re.S).group(1)
    assert escape("Акты приложены: «акты-сиз.pdf»") in answer
    assert escape(representative.full_name) in answer
    assert "акты-сиз.pdf" in content


def test_document_answer_needs_a_text(contest, member, login):
    participation, representative = documents_requested(contest)
    request = participation.document_requests.get()
    response = login(representative).post(
        reverse("document-answer", args=[participation.pk, request.pk]), {"answer": " "}
    )
    assert response.status_code == 200
    assert field_error(content_of(response), "id_answer") == "Напишите ответ: какие документы приложены."
    assert reload(participation).state == S.DOCUMENTS_REQUESTED


@pytest.mark.parametrize(
    ("due_date", "message"),
    [
        ("past", "Срок представления документов не может быть в прошлом."),
        ("31.02.2030", "Введите дату, например 15.02.2012."),
        ("завтра", "Введите дату, например 15.02.2012."),
        ("", "Укажите срок представления документов."),
    ],
)
def test_request_documents_bad_date_is_told_next_to_the_field(contest, member, login, due_date, message):
    participation, _ = under_review(contest)
    if due_date == "past":
        due_date = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = login(member).post(
        reverse("commission-request-documents", args=[participation.pk]),
        {"message": "Копии актов", "due_date": due_date},
    )
    assert response.status_code == 200
    content = content_of(response)
    assert field_error(content, "documents_due_date") == message
    assert ">\nКопии актов</textarea>" in content
    assert reload(participation).state == S.UNDER_REVIEW
    assert not DocumentRequest.objects.exists()


def test_request_documents_needs_a_message(contest, member, login):
    participation, _ = under_review(contest)
    response = login(member).post(
        reverse("commission-request-documents", args=[participation.pk]),
        {"message": "", "due_date": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert field_error(content_of(response), "documents_message") == "Напишите, какие документы нужны."
    assert not DocumentRequest.objects.exists()


def test_exclude_with_reason_stays_listed_with_it_and_is_not_counted(contest, member, login):
    fatal, _ = verified(contest, fatal_accidents=1, fatal_transport_no_fault=0)
    other, _ = verified(contest, organization_in(contest))
    client = login(member)
    exclude_url = reverse("commission-exclude", args=[fatal.pk])
    assert form_fields(content_of(client.get(card_url(fatal))), exclude_url) == {"reason", "confirm"}
    response = client.post(exclude_url, {"reason": " ", "confirm": "on"})
    assert field_error(content_of(response), "exclude_reason") == "Укажите основание решения — организация увидит его."
    assert reload(fatal).state == S.VERIFIED

    response = client.post(
        exclude_url,
        {"reason": "Смертельный случай 12.05.2011, акт Н-1 № 3", "confirm": "on"},
        follow=True,
    )
    assert messages_of(response) == [
        f"{fatal.organization}: участник исключён из смотра-конкурса (п. 4.9). Организация получит письмо с основанием."
    ]
    assert reload(fatal).state == S.EXCLUDED
    removal = re.search(r'data-testid="removal">(.*?)</section>', content_of(response), re.S).group(1)
    assert "«Смертельный случай 12.05.2011, акт Н-1 № 3»" in removal

    content = content_of(client.get(reverse("commission-cards")))
    row = re.search(rf'data-pk="{fatal.pk}">(.*?)</tr>', content, re.S).group(1)
    assert re.search(r'data-testid="state">Исключена \(п\. 4\.9\)<', row)
    assert text(re.search(r'data-testid="state-reason">(.*?)</div>', row, re.S).group(1)) == (
        "«Смертельный случай 12.05.2011, акт Н-1 № 3»"
    )
    assert 'data-testid="state-reason"' not in re.search(rf'data-pk="{other.pk}">(.*?)</tr>', content, re.S).group(1)
    assert "исключено или отстранено (в подведении итогов не участвуют): 1" in text(
        re.search(r'data-testid="summary">(.*?)</p>', content, re.S).group(1)
    )
    # Not counted: not ranked with the others, not waiting for the commission.
    ranked = {
        e.participation.pk
        for g in rankings.municipal_groups(contest, fatal.organization.municipality_id)
        for e in g.entries
    }
    assert ranked == {other.pk}
    home = content_of(client.get(reverse("home")))
    assert "Карт, ожидающих проверки, нет." in home


def test_disqualify_and_reinstate_through_the_page(contest, member, login):
    participation, _ = under_review(contest)
    client = login(member)
    disqualify_url = reverse("commission-disqualify", args=[participation.pk])
    assert form_fields(content_of(client.get(card_url(participation))), disqualify_url) == {"reason", "confirm"}
    response = client.post(disqualify_url, {"reason": "Данные о травматизме не подтвердились"})
    assert field_error(content_of(response), "disqualify_confirm") == (
        "Отметьте подтверждение: без него участник не отстраняется."
    )
    assert reload(participation).state == S.UNDER_REVIEW
    response = client.post(
        disqualify_url,
        {"reason": "Данные о травматизме не подтвердились", "confirm": "on"},
        follow=True,
    )
    assert messages_of(response) == [
        f"{participation.organization}: участник отстранён от смотра-конкурса. Организация получит письмо с основанием."
    ]
    assert reload(participation).state == S.DISQUALIFIED
    response = client.post(reverse("commission-reinstate", args=[participation.pk]), {"reason": ""})
    assert field_error(content_of(response), "reinstate_reason") == "Укажите основание."
    assert reload(participation).state == S.DISQUALIFIED
    response = client.post(
        reverse("commission-reinstate", args=[participation.pk]), {"reason": "Сведения подтверждены актом"}, follow=True
    )
    assert messages_of(response) == [f"{participation.organization}: участник возвращён к проверке."]
    assert reload(participation).state == S.UNDER_REVIEW
    record = AuditRecord.objects.filter(participation=participation).last()
    assert (record.to_state, record.reason, record.actor) == (S.UNDER_REVIEW, "Сведения подтверждены актом", member)


def test_r7_proposal_for_a_fatal_accident_but_not_for_a_transport_accident_without_fault(contest, member, login):
    fatal, _ = walk_with_card(contest, organization_in(contest), fatal_accidents=2, fatal_transport_no_fault=1)
    transport, _ = walk_with_card(contest, organization_in(contest), fatal_accidents=1, fatal_transport_no_fault=1)
    client = login(member)

    content = content_of(client.get(card_url(fatal)))
    proposal = re.search(r'data-testid="r7-proposal">(.*?)</section>', content, re.S).group(1)
    assert review.exclusion_proposal(fatal).reason in proposal
    assert "из них не подпадают под исключение для транспортных происшествий без вины организации: 1" in proposal
    assert re.search(r"<details class=\"mb-2\" open>\s*<summary class=\"text-danger\">Исключить", content)

    content = content_of(client.get(card_url(transport)))
    assert 'data-testid="r7-proposal"' not in content
    exception = re.search(r'data-testid="r7-exception">(.*?)</section>', content, re.S).group(1)
    assert "из участия не исключается" in exception

    content = content_of(client.get(reverse("commission-cards")))
    assert 'data-testid="r7-mark"' in re.search(rf'data-pk="{fatal.pk}">(.*?)</tr>', content, re.S).group(1)
    assert 'data-testid="r7-mark"' not in re.search(rf'data-pk="{transport.pk}">(.*?)</tr>', content, re.S).group(1)


def test_review_page_shows_section_1_files_approvals_and_history(contest, member, login):
    participation, _ = under_review(contest)
    content = content_of(login(member).get(card_url(participation)))
    section = text(re.search(r'data-testid="section-1">(.*?)</dl>', content, re.S).group(1))
    assert "Среднесписочная численность работников 240 из них женщин 120 из них подростков 0" in section
    assert "Несчастных случаев со смертельным исходом 0" in section
    note = participation.attachments.get()
    assert f'href="{reverse("attachment-download", args=[note.pk])}">записка.pdf</a>' in content
    assert re.search(r'data-testid="approvals">(.*?)</ul>', content, re.S).group(1).count(">согласовано<") == 3
    history = re.search(r'data-testid="history">(.*?)</table>', content, re.S).group(1)
    assert "Карта принята на проверку" in history
    assert len(re.findall(r'<tbody data-code="', content)) == 21
    assert len(re.findall(r'<tr data-key="', content)) == len(scoring.get_table("krasnodar-2011").inputs)
    assert 'data-testid="r7-proposal"' not in content
    assert 'data-testid="r7-exception"' not in content


# ---------------------------------------------------------------------------------------------------------------------
# The work list


def test_list_shows_the_municipalitys_submitted_cards_with_their_figures(contest, member, login):
    waiting, _ = card_submitted(contest)
    corrected, _ = under_review(contest)
    review.correct_value(corrected, actor=member, key="ppe_pct", value="96", reason="Акт")
    registered(contest)  # no card submitted yet: not the commission's
    elsewhere, _ = card_submitted(contest, organization_in(contest, municipality="Сочи"))
    response = login(member).get(reverse("commission-cards"))
    assert response.status_code == 200
    assert {row.participation.pk for row in response.context["rows"]} == {waiting.pk, corrected.pk}
    content = content_of(response)
    row = re.search(rf'data-pk="{corrected.pk}">(.*?)</tr>', content, re.S).group(1)
    assert escape(corrected.organization.short_name) in row
    assert "Обрабатывающие производства" in row
    assert "средний и крупный бизнес" in row
    assert re.search(r'data-testid="state">На проверке комиссии<', row)
    assert text(re.search(r'data-testid="declared-total">(.*?)</td>', row, re.S).group(1)) == "98"
    verified_cell = re.search(r'data-testid="verified-total">(.*?)</td>', row, re.S).group(1)
    assert text(verified_cell) == "96"
    assert "bg-warning-subtle" in verified_cell  # differs from the declared total
    assert re.search(r'data-testid="approvals">(.*?)</td>', row, re.S).group(1).count(">✓</span>") == 3
    assert text(re.search(r'data-testid="attachments-count">(.*?)</td>', row, re.S).group(1)) == "1"
    row = re.search(rf'data-pk="{waiting.pk}">(.*?)</tr>', content, re.S).group(1)
    assert text(re.search(r'data-testid="verified-total">(.*?)</td>', row, re.S).group(1)) == "—"
    assert elsewhere.pk not in {row.participation.pk for row in response.context["rows"]}
    assert f'href="{card_url(corrected)}"' in content

    staff = login(UserFactory(role=Role.STAFF)).get(reverse("commission-cards"))
    assert {row.participation.pk for row in staff.context["rows"]} == {waiting.pk, corrected.pk, elsewhere.pk}


def test_list_filters_by_sector_size_category_and_state(contest, member, login):
    manufacturing, _ = under_review(contest)
    energy, _ = card_submitted(contest, organization_in(contest, sector="energy"))
    small, _ = verified(contest, organization_in(contest, headcount=40))
    client = login(member)

    def listed(query: str) -> set[int]:
        response = client.get(reverse("commission-cards") + query)
        assert response.status_code == 200
        return {row.participation.pk for row in response.context["rows"]}

    sector = contest.sectors.get(code="energy")
    assert listed("") == {manufacturing.pk, energy.pk, small.pk}
    assert listed(f"?sector={sector.pk}") == {energy.pk}
    assert listed("?size_category=small") == {small.pk}
    assert listed("?size_category=medium_large") == {manufacturing.pk, energy.pk}
    assert listed("?state=waiting") == {manufacturing.pk, energy.pk}
    assert listed("?state=verified") == {small.pk}
    assert listed(f"?state=card_submitted&sector={sector.pk}") == {energy.pk}
    assert listed("?state=under_review&size_category=small") == set()


def test_list_searches_by_name_and_by_the_start_of_the_inn(contest, member, login):
    kuban, _ = card_submitted(contest, organization_in(contest, full_name="ООО «Кубань-Агро»", inn="2309123457"))
    other, _ = card_submitted(contest, organization_in(contest, full_name="АО «Прибой»", inn="2310987654"))
    client = login(member)

    def listed(query: str) -> list[int]:
        response = client.get(reverse("commission-cards") + query)
        assert response.status_code == 200
        return [row.participation.pk for row in response.context["rows"]]

    assert listed("?q=кубань") == [kuban.pk]
    assert listed("?q=2309") == [kuban.pk]
    assert listed("?q=2310987654") == [other.pk]
    assert listed("?q=%20%20") == sorted([kuban.pk, other.pk], key=[other.pk, kuban.pk].index)  # by name: АО, ООО
    content = content_of(client.get(reverse("commission-cards") + "?q=нет+такой"))
    assert "Карт с такими условиями нет. Измените поиск или отбор" in content


def test_list_shows_one_page_with_the_summary_of_all_and_keeps_the_filters_in_the_page_links(
    contest, member, login, monkeypatch
):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    cards = [card_submitted(contest, organization_in(contest, full_name=f"ООО «Завод {n}»"))[0] for n in range(3)]
    verified(contest, organization_in(contest, full_name="ООО «Завод 9»"))
    client = login(member)

    first = client.get(reverse("commission-cards") + "?state=waiting")
    second = client.get(reverse("commission-cards") + "?state=waiting&page=2")

    assert [row.participation.pk for row in first.context["rows"]] == [cards[0].pk, cards[1].pk]
    assert [row.participation.pk for row in second.context["rows"]] == [cards[2].pk]
    assert first.context["summary"] == {"total": 3, "waiting": 3, "verified": 0, "removed": 0}
    assert 'href="?state=waiting&amp;page=2"' in content_of(first)
    assert "Строки 3–3 из 3" in content_of(second)
    # A page that is not a number, or past the end, shows the nearest page instead of an error.
    assert client.get(reverse("commission-cards") + "?page=abc").context["paged"].page.number == 1
    assert client.get(reverse("commission-cards") + "?page=999").context["paged"].page.number == 2


def test_list_sorts_on_the_server_by_a_chosen_total_and_ignores_an_unknown_order(contest, member, login):
    low, _ = card_submitted(contest, organization_in(contest, full_name="А"))
    review.start_review(low, actor=member)
    review.correct_value(low, actor=member, key="ppe_pct", value="50", reason="Акт")
    high, _ = under_review(contest, organization_in(contest, full_name="Б"))
    review.correct_value(high, actor=member, key="ppe_pct", value="96", reason="Акт")  # 3 points of K3, not 0
    client = login(member)

    def listed(query: str) -> list[int]:
        response = client.get(reverse("commission-cards") + query)
        assert response.status_code == 200
        return [row.participation.pk for row in response.context["rows"]]

    assert listed("?order=verified") == [high.pk, low.pk]
    assert listed("?order=name") == [low.pk, high.pk]
    assert listed("?order=drop+table") == [low.pk, high.pk]


@pytest.mark.parametrize(
    "query", ["?sector=abc", "?sector=99999", "?state=nonsense", "?state=draft", "?size_category=x"]
)
def test_list_with_a_bad_filter_says_so_and_filters_nothing_by_it(contest, member, login, query):
    participation, _ = under_review(contest)
    response = login(member).get(reverse("commission-cards") + query)
    assert response.status_code == 200
    assert [row.participation.pk for row in response.context["rows"]] == [participation.pk]
    assert 'class="small text-danger"' in content_of(response)


def test_list_when_empty(contest, member, login):
    content = content_of(login(member).get(reverse("commission-cards")))
    assert "Представленных информационных карт пока нет." in content
    content = content_of(login(member).get(reverse("commission-cards") + "?state=verified"))
    assert "Карт с такими условиями нет." in content


# ---------------------------------------------------------------------------------------------------------------------
# Start page and header


def test_commission_start_page_links_the_cards_with_the_count_waiting(contest, member, login):
    card_submitted(contest)
    under_review(contest)
    verified(contest)
    documents_requested(contest)
    content = content_of(login(member).get(reverse("home")))
    worklist = re.search(r'data-testid="cards-worklist">(.*?)</section>', content, re.S).group(1)
    assert "Карт, ожидающих проверки комиссии: 2." in worklist
    assert f'href="{reverse("commission-cards")}?state=waiting"' in worklist
    content = content_of(login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("home")))
    assert 'data-testid="worklist"' in content
    assert 'data-testid="cards-worklist"' in content
    content = content_of(login(municipal_user(Role.MUNICIPAL_SECRETARY, name="Сочи")).get(reverse("home")))
    assert "Карт, ожидающих проверки, нет." in content


def test_one_card_waiting_is_told_in_the_singular(contest, member, login):
    card_submitted(contest)
    content = content_of(login(member).get(reverse("home")))
    assert "1 карта ожидает проверки комиссии." in content


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.MUNICIPAL_MEMBER, True),
        (Role.MUNICIPAL_SECRETARY, True),
        (Role.LABOUR_OFFICE, True),
        (Role.APPROVER_UNIONS, False),
        (Role.DISTRICT_ADMINISTRATION, False),
    ],
)
def test_header_links_the_cards_for_the_commission(contest, login, role, shown):
    content = content_of(login(municipal_user(role)).get(reverse("home")))
    assert (f'href="{reverse("commission-cards")}">Карты</a>' in content) == shown


# ---------------------------------------------------------------------------------------------------------------------
# Who may open what: every URL × every kind of user


def documents_requested(contest, organization=None):
    participation, user = under_review(contest, organization)
    review.request_documents(
        participation,
        actor=municipal_user(Role.MUNICIPAL_MEMBER, name=participation.organization.municipality.name),
        message="Копии актов о выдаче СИЗ",
        due_date=timezone.localdate() + timedelta(days=5),
    )
    return reload(participation), user


def commission_file(contest, organization=None):
    """A submitted card with the scan of its signed paper card, attached by the labour office."""
    participation, user = card_submitted(contest, organization)
    office = municipal_user(Role.LABOUR_OFFICE, name=participation.organization.municipality.name)
    services.add_commission_attachment(
        participation, actor=office, kind=AttachmentKind.SIGNED_CARD, uploaded=pdf("карта.pdf")
    )
    return participation, user


def _removed(to: str):
    def walk(contest, organization=None):
        participation, user = under_review(contest, organization)
        member = municipal_user(Role.MUNICIPAL_MEMBER, name=participation.organization.municipality.name)
        (review.exclude if to == S.EXCLUDED else review.disqualify)(participation, actor=member, reason="Основание")
        return reload(participation), user

    return walk


WALKS = {
    "registered": registered,
    "card_submitted": card_submitted,
    "under_review": under_review,
    "documents_requested": documents_requested,
    "verified": verified,
    "excluded": _removed(S.EXCLUDED),
    "disqualified": _removed(S.DISQUALIFIED),
    "commission_file": commission_file,
}


def future() -> str:
    return (timezone.localdate() + timedelta(days=7)).isoformat()


@pytest.mark.parametrize(
    "path",
    [
        "/commission/abc/",
        "/commission/99999/",
        "/commission/-1/",
        "/commission//exclude/",
        "/commission/abc/exclude/",
    ],
)
def test_bad_or_unknown_pk_is_404(login, path):
    client = login(UserFactory(role=Role.STAFF))
    assert client.get(path).status_code == 404
    assert client.post(path, {"reason": "x", "key": "ppe_pct", "value": "1"}).status_code == 404


@pytest.mark.parametrize(
    "action",
    ["start", "correct", "documents", "verify", "exclude", "disqualify", "reinstate", "files", "files/1/delete"],
)
def test_action_on_unknown_pk_is_404(login, action):
    data = {"reason": "x", "key": "ppe_pct", "value": "1", "message": "x", "due_date": future()}
    assert login(UserFactory(role=Role.STAFF)).post(f"/commission/99999/{action}/", data).status_code == 404


def test_document_answer_of_an_unknown_or_foreign_request_is_404(contest, login):
    participation, representative = documents_requested(contest)
    other, _ = documents_requested(contest)
    client = login(representative)
    foreign = other.document_requests.get()
    for url in (
        reverse("document-answer", args=[participation.pk, 99999]),
        reverse("document-answer", args=[participation.pk, foreign.pk]),
        reverse("document-answer", args=[other.pk, foreign.pk]),
        f"/participation/{participation.pk}/documents/abc/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "x"}).status_code == 404
    assert reload(other).state == S.DOCUMENTS_REQUESTED


def test_actions_answer_405_to_get(contest, login):
    participation, _ = under_review(contest)
    client = login(UserFactory(role=Role.STAFF))
    for name in (
        "commission-start",
        "commission-correct",
        "commission-request-documents",
        "commission-verify",
        "commission-exclude",
        "commission-disqualify",
        "commission-reinstate",
        "commission-attach",
    ):
        assert client.get(reverse(name, args=[participation.pk])).status_code == 405


# ---------------------------------------------------------------------------------------------------------------------
# Query counts: the work list costs the same with 1 and 20 cards


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_work_list_query_count_does_not_grow(contest, member, login, django_assert_num_queries):
    under_review(contest)
    client = login(member)
    url = reverse("commission-cards")
    one = queries_for(client, url)
    walks = [card_submitted, under_review, verified, documents_requested, _removed(S.EXCLUDED)]
    for index in range(19):
        walks[index % len(walks)](contest)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["rows"]) == 20
    sector = contest.sectors.get(code="manufacturing")
    filtered = f"{url}?sector={sector.pk}&size_category=medium_large&state=waiting"
    with django_assert_num_queries(one + 1):  # the chosen sector is looked up once
        client.get(filtered)
