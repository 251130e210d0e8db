"""The office side through its pages: the labour office registers or returns applications, the approving bodies approve
or return cards, staff extend deadlines; who may open what; query counts of the lists.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from contest.enums import ApprovalState, ApprovingBody, AttachmentKind, DeadlineKind, Role
from contest.enums import ParticipationState as S
from contest.models import Approval, Contest, DeadlineExtension
from contest.services import participation as services
from core.typography import inner_quotes
from tests.contest.helpers import in_approval, organization_in, pdf, registered, reload, started, submitted
from tests.factories import (
    COMPLETE_CARD,
    FILLED_APPLICATION,
    OrganizationFactory,
    UserFactory,
    municipal_user,
    municipality,
    open_contest,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


def content_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def field_error(content: str, field: str) -> str:
    """The error shown next to a form field (crispy's invalid-feedback), or "" when there is none."""
    match = re.search(rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', content, re.S)
    return match.group(1).strip() if match else ""


# ---------------------------------------------------------------------------------------------------------------------
# Labour office: register and return through the pages


def test_register_through_the_page_moves_state_and_says_so(contest, login):
    participation, _ = submitted(contest)
    office = municipal_user(Role.LABOUR_OFFICE)
    response = login(office).post(
        reverse("office-application-register", args=[participation.pk]), {"number": " 17/2011 "}, follow=True
    )
    assert response.redirect_chain == [(reverse("office-applications"), 302)]
    name = participation.application.full_name
    assert messages_of(response) == [
        f"Заявка «{inner_quotes(name)}» зарегистрирована. Организация получит письмо и сможет заполнять информационную карту."
    ]
    participation = reload(participation)
    assert participation.state == S.REGISTERED
    assert participation.application.registration_number == "17/2011"
    assert participation.audit_records.last().actor == office


def test_register_with_too_long_number_keeps_what_was_typed(contest, login):
    participation, _ = submitted(contest)
    typed = "Н" * 51
    response = login(municipal_user(Role.LABOUR_OFFICE)).post(
        reverse("office-application-register", args=[participation.pk]), {"number": typed}
    )
    assert response.status_code == 200
    content = content_of(response)
    assert field_error(content, "number") == "Убедитесь, что это значение содержит не более 50 символов (сейчас 51)."
    assert f'value="{typed}"' in content
    assert reload(participation).state == S.SUBMITTED


def test_return_through_the_page_needs_a_reason_next_to_the_field(contest, login):
    participation, _ = submitted(contest)
    client = login(municipal_user(Role.LABOUR_OFFICE))
    response = client.post(reverse("office-application-return", args=[participation.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert field_error(content_of(response), "reason") == "Укажите причину возврата — организация увидит её."
    response = client.post(reverse("office-application-return", args=[participation.pk]), {})
    assert field_error(content_of(response), "reason") == "Укажите причину возврата — организация увидит её."
    assert reload(participation).state == S.SUBMITTED
    assert participation.audit_records.filter(to_state=S.RETURNED).count() == 0


def test_return_with_too_long_reason_keeps_what_was_typed(contest, login):
    participation, _ = submitted(contest)
    typed = "Нет подписи председателя профкома. " * 60  # 2100 characters
    response = login(municipal_user(Role.LABOUR_OFFICE)).post(
        reverse("office-application-return", args=[participation.pk]), {"reason": typed}
    )
    assert response.status_code == 200
    content = content_of(response)
    assert field_error(content, "reason") == (
        f"Убедитесь, что это значение содержит не более 2000 символов (сейчас {len(typed.strip())})."
    )
    assert f">\n{typed}</textarea>" in content
    assert reload(participation).state == S.SUBMITTED


def test_return_through_the_page_moves_state_and_keeps_the_reason(contest, login):
    participation, _ = submitted(contest)
    response = login(municipal_user(Role.LABOUR_OFFICE)).post(
        reverse("office-application-return", args=[participation.pk]),
        {"reason": "  Нет подписи председателя профкома  "},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("office-applications"), 302)]
    name = participation.application.full_name
    assert messages_of(response) == [
        f"Заявка «{inner_quotes(name)}» возвращена на доработку. Организация получит письмо с причиной."
    ]
    participation = reload(participation)
    assert participation.state == S.RETURNED
    assert participation.application.return_reason == "Нет подписи председателя профкома"


def test_register_an_application_no_longer_waiting_shows_why_and_changes_nothing(contest, login):
    participation, _ = registered(contest)
    response = login(municipal_user(Role.LABOUR_OFFICE)).post(
        reverse("office-application-register", args=[participation.pk]), {"number": "2"}, follow=True
    )
    assert response.redirect_chain == [(reverse("office-application", args=[participation.pk]), 302)]
    assert messages_of(response) == ["Это уже сделано: состояние — «Заявка зарегистрирована, заполняется карта»."]
    assert reload(participation).application.registration_number == "1"
    assert 'action="{}"'.format(reverse("office-application-register", args=[participation.pk])) not in content_of(
        response
    )


def test_application_page_shows_the_application_as_filed(contest, login):
    participation, representative = started(contest)
    services.update_application(participation.application, actor=representative, **FILLED_APPLICATION)
    services.give_consent(participation, user=representative, subject_name="Иванова Мария Петровна")
    scan = services.add_attachment(
        participation, actor=representative, kind=AttachmentKind.SIGNED_APPLICATION, uploaded=pdf("заявка.pdf")
    )
    services.submit_application(participation, actor=representative)
    response = login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("office-application", args=[participation.pk]))
    assert response.status_code == 200
    content = content_of(response)
    for value in (
        participation.application.full_name,
        "350000, г. Краснодар, ул. Красная, д. 1",
        "+7 861 200-00-00",
        "Петров Пётр Петрович",
        "генеральный директор",
        "Сидорова Анна Ивановна",
        "председатель профсоюзного комитета",
    ):
        assert escape(value) in content
    confirmations = re.search(r'data-testid="confirmations">(.*?)</ul>', content, re.S).group(1)
    assert confirmations.count(">✓<") == 4
    assert "✗" not in confirmations
    consent = re.search(r'data-testid="consent">(.*?)</dd>', content, re.S).group(1)
    assert "дано" in consent
    assert "Иванова Мария Петровна" in consent
    assert f'href="{reverse("attachment-download", args=[scan.pk])}">заявка.pdf</a>' in content
    history = re.search(r'data-testid="history">(.*?)</table>', content, re.S).group(1)
    assert "Заявка подана" in history
    assert "Черновик заявки → Заявка подана" in history
    assert 'action="{}"'.format(reverse("office-application-register", args=[participation.pk])) in content
    assert 'action="{}"'.format(reverse("office-application-return", args=[participation.pk])) in content


def test_application_page_without_scan_or_union_says_so(contest, login):
    participation, representative = started(contest)
    fields = {**FILLED_APPLICATION, "has_union_body": False, "union_chair_name": "", "union_chair_position": ""}
    services.update_application(participation.application, actor=representative, **fields)
    services.give_consent(participation, user=representative, subject_name="Иванова Мария Петровна")
    services.submit_application(participation, actor=representative)
    content = content_of(
        login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("office-application", args=[participation.pk]))
    )
    assert re.search(r'data-testid="signed-scan">\s*<span class="text-secondary">не приложен</span>', content)
    assert "председатель профкома (выборного органа), Ф. И. О." not in content.lower()


def test_applications_list_filters_by_state_newest_first_and_never_shows_drafts(contest, login):
    first, _ = submitted(contest)
    second, _ = submitted(contest)
    returned, _ = submitted(contest)
    services.return_application(returned, actor=municipal_user(Role.LABOUR_OFFICE), reason="Нет подписи")
    done, _ = registered(contest)
    draft, _ = started(contest)
    client = login(municipal_user(Role.LABOUR_OFFICE))

    def listed(query: str = "") -> list[int]:
        response = client.get(reverse("office-applications") + query)
        assert response.status_code == 200
        return [p.pk for p in response.context["rows"]]

    assert listed() == [second.pk, first.pk]
    assert listed("?show=submitted") == [second.pk, first.pk]
    assert listed("?show=returned") == [returned.pk]
    assert listed("?show=registered") == [done.pk]
    assert listed("?show=all") == [done.pk, returned.pk, second.pk, first.pk]
    assert listed("?show=nonsense") == [second.pk, first.pk]
    assert draft.pk not in listed("?show=all")


def test_applications_list_searches_and_pages_keeping_the_filter_and_the_search(contest, login, monkeypatch):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    found = [submitted(contest, organization_in(contest, full_name=f"ООО «Кубань {n}»"))[0] for n in range(3)]
    submitted(contest, organization_in(contest, full_name="ООО «Прибой»"))
    client = login(municipal_user(Role.LABOUR_OFFICE))

    first = client.get(reverse("office-applications") + "?show=submitted&q=КУБАНЬ")
    second = client.get(reverse("office-applications") + "?show=submitted&q=КУБАНЬ&page=2")

    assert [p.pk for p in first.context["rows"]] == [found[2].pk, found[1].pk]  # newest first
    assert [p.pk for p in second.context["rows"]] == [found[0].pk]
    page = content_of(first)
    assert 'href="?show=submitted&amp;q=%D0%9A%D0%A3%D0%91%D0%90%D0%9D%D0%AC&amp;page=2"' in page
    assert 'href="?show=returned&amp;q=%D0%9A%D0%A3%D0%91%D0%90%D0%9D%D0%AC"' in page  # the tabs keep the search
    empty = content_of(client.get(reverse("office-applications") + "?q=нет+такой"))
    assert "Заявок по такому запросу нет." in empty


def test_applications_list_row_shows_organization_sector_category_date_and_state(contest, login):
    participation, _ = submitted(contest)
    content = content_of(login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("office-applications")))
    row = re.search(r"<tbody>(.*?)</tbody>", content, re.S).group(1)
    assert escape(participation.application.full_name) in row
    assert "Обрабатывающие производства" in row
    assert "средний и крупный бизнес" in row
    assert timezone.localtime(participation.application.submitted_at).strftime("%d.%m.%Y") in row
    assert re.search(r'data-testid="state">Заявка подана<', row)


def test_applications_list_of_another_municipality_is_empty(contest, login):
    submitted(contest)
    response = login(municipal_user(Role.LABOUR_OFFICE, name="Сочи")).get(reverse("office-applications"))
    assert list(response.context["rows"]) == []
    assert 'data-testid="no-applications"' in content_of(response)


# ---------------------------------------------------------------------------------------------------------------------
# Approving bodies: approve and return through the pages


def approval_of(participation, body) -> Approval:
    return Approval.objects.get(participation=participation, body=body)


def test_approve_through_the_page(contest, login):
    participation, _ = in_approval(contest)
    inspectorate = municipal_user(Role.APPROVER_INSPECTORATE)
    response = login(inspectorate).post(
        reverse("approval-decide", args=[participation.pk]), {"decision": "approve"}, follow=True
    )
    assert response.redirect_chain == [(reverse("approvals"), 302)]
    assert messages_of(response) == [f"Карта «{inner_quotes(participation.organization)}» согласована."]  # «ООО „…“»
    approval = approval_of(participation, ApprovingBody.INSPECTORATE)
    assert (approval.state, approval.decided_by) == (ApprovalState.APPROVED, inspectorate)
    assert reload(participation).state == S.CARD_APPROVAL
    assert [p.pk for p in response.context["waiting"]] == []
    assert [p.pk for p in response.context["seen"]] == [participation.pk]


def test_return_card_through_the_page_needs_a_remark(contest, login):
    participation, _ = in_approval(contest)
    client = login(municipal_user(Role.APPROVER_UNIONS))
    response = client.post(reverse("approval-decide", args=[participation.pk]), {"decision": "return", "remark": " "})
    assert response.status_code == 200
    assert field_error(content_of(response), "remark") == "Укажите замечание — организация увидит его."
    assert approval_of(participation, ApprovingBody.UNIONS).state == ApprovalState.PENDING
    assert reload(participation).state == S.CARD_APPROVAL

    response = client.post(
        reverse("approval-decide", args=[participation.pk]),
        {"decision": "return", "remark": "СИЗ выданы не всем: 98 %"},
        follow=True,
    )
    assert messages_of(response) == [
        f"Карта «{inner_quotes(participation.organization)}» возвращена организации с замечанием."
    ]
    approval = approval_of(participation, ApprovingBody.UNIONS)
    assert (approval.state, approval.remark) == (ApprovalState.RETURNED, "СИЗ выданы не всем: 98 %")
    assert reload(participation).state == S.REGISTERED


def test_decide_without_a_decision_shows_the_form_again(contest, login):
    participation, _ = in_approval(contest)
    response = login(municipal_user(Role.APPROVER_SECTOR_BODY)).post(
        reverse("approval-decide", args=[participation.pk]), {"remark": "Проверено"}
    )
    assert response.status_code == 200
    assert "Выберите решение: согласовать или вернуть с замечанием." in content_of(response)
    assert ">\nПроверено</textarea>" in content_of(response)
    assert approval_of(participation, ApprovingBody.SECTOR_BODY).state == ApprovalState.PENDING


def test_decide_twice_is_refused_with_a_message(contest, login):
    participation, _ = in_approval(contest)
    client = login(municipal_user(Role.APPROVER_INSPECTORATE))
    client.post(reverse("approval-decide", args=[participation.pk]), {"decision": "approve"}, follow=True)
    response = client.post(
        reverse("approval-decide", args=[participation.pk]), {"decision": "return", "remark": "Поздно"}, follow=True
    )
    assert response.redirect_chain == [(reverse("approval", args=[participation.pk]), 302)]
    assert messages_of(response) == ["Карта сейчас не ожидает вашего согласования."]
    approval = approval_of(participation, ApprovingBody.INSPECTORATE)
    assert (approval.state, approval.remark) == (ApprovalState.APPROVED, "")
    assert 'action="{}"'.format(reverse("approval-decide", args=[participation.pk])) not in content_of(response)


def test_card_page_shows_values_points_and_reasons_the_russian_way(contest, login):
    participation, representative = registered(contest)
    values = {**COMPLETE_CARD, "hazardous_workers": 0, "hazardous_women": 0, "medical_exams_pct": None}
    services.update_card(participation.card, actor=representative, values=values)
    services.add_attachment(participation, actor=representative, kind=AttachmentKind.ANALYTICAL_NOTE, uploaded=pdf())
    services.send_card_for_approval(participation, actor=representative)
    response = login(municipal_user(Role.APPROVER_INSPECTORATE)).get(reverse("approval", args=[participation.pk]))
    assert response.status_code == 200
    content = content_of(response)

    def line(code: str) -> tuple[str, str, str]:
        row = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', content, re.S).group(1)
        cells = re.findall(r'<(?:td|div)[^>]*? class="[^"]*line-(value|points|basis)">(.*?)</(?:td|div)>', row, re.S)
        text = {name: " ".join(re.sub(r"<[^>]+>", "", html).split()) for name, html in cells}
        return text["value"], text["points"], text["basis"]

    assert line("K4") == ("да", "5 из 5", "да → 5")
    assert line("K11") == ("нет", "0 из 5", "нет → 0")
    assert line("K12") == (
        "72,5",
        "10 из 15",
        # The basis is the scoring module's text; the stored value has two decimal places (72.50).
        "72,5 %: не менее 70 %, но менее 90 % (в Положении «от 70 – 89 %») → 10",  # plain words
    )
    assert line("K14") == (
        "не требуется",
        "10 из 10",
        "нет работников во вредных условиях — осмотры не требуются → 10",  # no reading codes
    )
    assert line("K18") == (
        "6250",
        "3,5 из 5",
        "Затраты на одного работника = 6250 руб.: за каждую полную тысячу свыше 5000 руб. — 3 + 0,5 × 1 → 3,5",
    )
    assert re.search(r'data-testid="card-total"><span class="fw-bold">98</span> <span[^>]*>из 148</span>', content)
    assert len(re.findall(r'<tr data-code="', content)) == 21
    note = participation.attachments.get()
    assert f'href="{reverse("attachment-download", args=[note.pk])}">записка.pdf</a>' in content
    approvals = re.search(r'data-testid="approvals">(.*?)</ul>', content, re.S).group(1)
    assert approvals.count("ожидает согласования") == 3


def test_card_component_says_when_the_card_is_incomplete(contest):
    from django.template.loader import render_to_string

    participation, _ = registered(contest)
    html = render_to_string("contest/components/card_readonly.html", {"card": participation.card, "result": None})
    assert "Карта заполнена не полностью или с ошибками — баллы не подсчитаны." in html
    assert "data-code=" not in html


def test_approvals_list_splits_waiting_from_seen_per_body(contest, login):
    waiting, _ = in_approval(contest)
    decided, _ = in_approval(contest)
    services.decide_approval(
        approval_of(decided, ApprovingBody.UNIONS), actor=municipal_user(Role.APPROVER_UNIONS), approve=True
    )
    registered(contest)  # not sent for approval: no approvals, not listed
    response = login(municipal_user(Role.APPROVER_UNIONS)).get(reverse("approvals"))
    assert [p.pk for p in response.context["waiting"]] == [waiting.pk]
    assert [p.pk for p in response.context["seen"]] == [decided.pk]
    response = login(municipal_user(Role.APPROVER_INSPECTORATE)).get(reverse("approvals"))
    assert {p.pk for p in response.context["waiting"]} == {waiting.pk, decided.pk}
    assert list(response.context["seen"]) == []


def test_approvals_seen_are_shown_a_page_at_a_time_and_waiting_all(contest, login, monkeypatch):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 1)
    unions = municipal_user(Role.APPROVER_UNIONS)
    waiting = [in_approval(contest)[0] for _ in range(2)]
    decided = [in_approval(contest)[0] for _ in range(2)]
    for participation in decided:
        services.decide_approval(approval_of(participation, ApprovingBody.UNIONS), actor=unions, approve=True)
    client = login(unions)

    first = client.get(reverse("approvals"))
    second = client.get(reverse("approvals"), {"page": 2})

    assert {p.pk for p in first.context["waiting"]} == {p.pk for p in waiting}
    assert {p.pk for p in second.context["waiting"]} == {p.pk for p in waiting}
    seen = [p.pk for p in first.context["seen"]] + [p.pk for p in second.context["seen"]]
    assert sorted(seen) == sorted(p.pk for p in decided)
    assert "Строки 2–2 из 2" in second.content.decode()


# ---------------------------------------------------------------------------------------------------------------------
# Staff: deadlines


def test_deadline_extension_through_the_page(contest, staff_user, login):
    old = contest.card_deadline
    new = old + timedelta(days=5)
    response = login(staff_user).post(
        reverse("staff-deadlines", args=[contest.pk]),
        {"kind": DeadlineKind.CARD, "new_date": new.isoformat(), "reason": "Паводок в районе"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("staff-deadlines", args=[contest.pk]), 302)]
    assert messages_of(response) == [f"Срок «представление информационных карт» продлён до {new.strftime('%d.%m.%Y')}."]
    contest.refresh_from_db()
    assert contest.card_deadline == new
    extension = DeadlineExtension.objects.get()
    assert (extension.old_date, extension.new_date, extension.reason, extension.extended_by) == (
        old,
        new,
        "Паводок в районе",
        staff_user,
    )
    card = re.search(r'data-testid="deadline-card">(.*?)</section>', content_of(response), re.S).group(1)
    assert f"{old.strftime('%d.%m.%Y')} → <strong>{new.strftime('%d.%m.%Y')}</strong>" in card
    assert "Паводок в районе" in card
    assert escape(staff_user.full_name) in card


def test_deadline_extension_needs_a_reason(contest, staff_user, login):
    new = contest.card_deadline + timedelta(days=5)
    response = login(staff_user).post(
        reverse("staff-deadlines", args=[contest.pk]),
        {"kind": DeadlineKind.CARD, "new_date": new.isoformat(), "reason": "  "},
    )
    assert response.status_code == 200
    assert field_error(content_of(response), "reason") == "Укажите причину продления срока."
    assert Contest.objects.get(pk=contest.pk).card_deadline == contest.card_deadline
    assert DeadlineExtension.objects.count() == 0


def test_deadline_extension_must_be_later(contest, staff_user, login):
    response = login(staff_user).post(
        reverse("staff-deadlines", args=[contest.pk]),
        {"kind": DeadlineKind.APPLICATION, "new_date": contest.application_deadline.isoformat(), "reason": "Ошибка"},
    )
    assert response.status_code == 200
    day = contest.application_deadline.strftime("%d.%m.%Y")
    assert field_error(content_of(response), "new_date") == f"Новый срок должен быть позже прежнего ({day})."
    assert 'value="Ошибка"' not in content_of(response)  # the reason is a textarea and keeps the text
    assert ">\nОшибка</textarea>" in content_of(response)
    assert DeadlineExtension.objects.count() == 0


def test_deadline_extension_past_the_next_deadline_is_refused_by_the_contest_rules(contest, staff_user, login):
    new = contest.forwarding_deadline + timedelta(days=1)
    response = login(staff_user).post(
        reverse("staff-deadlines", args=[contest.pk]),
        {"kind": DeadlineKind.CARD, "new_date": new.isoformat(), "reason": "Поздно"},
    )
    assert field_error(content_of(response), "new_date") == (
        "Срок направления материалов не может быть раньше срока представления карт."
    )
    assert Contest.objects.get(pk=contest.pk).card_deadline == contest.card_deadline


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "card", "new_date": "31.02.2030", "reason": "x"}, "new_date", "Введите дату, например 15.02.2012."),
        ({"kind": "card", "reason": "x"}, "new_date", "Укажите новый срок."),
        (
            {"kind": "nonsense", "new_date": "2030-01-01", "reason": "x"},
            "kind",
            "Выберите корректный вариант. nonsense нет среди допустимых значений.",
        ),
    ],
)
def test_deadline_extension_bad_input_is_a_form_error(contest, staff_user, login, data, field, message):
    response = login(staff_user).post(reverse("staff-deadlines", args=[contest.pk]), data)
    assert response.status_code == 200
    assert field_error(content_of(response), field) == message
    assert DeadlineExtension.objects.count() == 0


def test_deadlines_page_shows_the_three_deadlines(contest, staff_user, login):
    content = content_of(login(staff_user).get(reverse("staff-deadlines", args=[contest.pk])))
    for kind, day in (
        ("application", contest.application_deadline),
        ("card", contest.card_deadline),
        ("forwarding", contest.forwarding_deadline),
    ):
        section = re.search(rf'data-testid="deadline-{kind}">(.*?)</section>', content, re.S).group(1)
        assert re.search(r'data-testid="deadline-day">до (.*?) г\.</span>', section).group(1) == (
            f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"
        )
        assert "Не продлевался." in section


MONTHS_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


# ---------------------------------------------------------------------------------------------------------------------
# Start pages


def test_labour_office_start_page_links_the_applications_with_the_count(contest, login):
    submitted(contest)
    submitted(contest)
    registered(contest)
    content = content_of(login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("home")))
    worklist = re.search(r'data-testid="worklist">(.*?)</section>', content, re.S).group(1)
    assert "Заявок, ожидающих регистрации: 2." in worklist
    assert f'href="{reverse("office-applications")}"' in worklist


def test_municipal_member_start_page_has_no_application_worklist(contest, login):
    submitted(contest)
    content = content_of(login(municipal_user(Role.MUNICIPAL_MEMBER)).get(reverse("home")))
    assert 'data-testid="worklist"' not in content


def test_approver_start_page_links_the_cards_with_the_count(contest, login):
    in_approval(contest)
    decided, _ = in_approval(contest)
    unions = municipal_user(Role.APPROVER_UNIONS)
    services.decide_approval(approval_of(decided, ApprovingBody.UNIONS), actor=unions, approve=True)
    content = content_of(login(unions).get(reverse("home")))
    worklist = re.search(r'data-testid="worklist">(.*?)</section>', content, re.S).group(1)
    assert "1 карта ожидает вашего согласования." in worklist
    assert f'href="{reverse("approvals")}"' in worklist
    content = content_of(login(municipal_user(Role.APPROVER_UNIONS, name="Сочи")).get(reverse("home")))
    assert "Карт, ожидающих согласования, нет." in content


def test_staff_start_page_links_the_deadlines(contest, staff_user, login):
    content = content_of(login(staff_user).get(reverse("home")))
    assert f'href="{reverse("staff-deadlines", args=[contest.pk])}"' in content


# ---------------------------------------------------------------------------------------------------------------------
# Who may open what: every URL × every kind of user


@pytest.mark.parametrize(
    "path",
    [
        "/office/applications/abc/",
        "/office/applications/99999/",
        "/office/applications//register/",
        "/approvals/abc/",
        "/approvals/99999/",
        "/staff/contests/abc/deadlines/",
        "/staff/contests/99999/deadlines/",
    ],
)
def test_bad_or_unknown_pk_is_404(login, path):
    client = login(UserFactory(role=Role.STAFF))
    assert client.get(path).status_code == 404
    assert client.post(path, {"decision": "approve", "reason": "x"}).status_code == 404


@pytest.mark.parametrize("path", ["/office/applications/99999/register/", "/approvals/99999/decide/"])
def test_action_on_unknown_pk_is_404(login, path):
    assert login(UserFactory(role=Role.STAFF)).post(path, {"decision": "approve"}).status_code == 404


def test_actions_answer_405_to_get(contest, login):
    participation, _ = in_approval(contest)
    client = login(UserFactory(role=Role.STAFF))
    for name in ("office-application-register", "office-application-return", "approval-decide"):
        assert client.get(reverse(name, args=[participation.pk])).status_code == 405


def test_list_shows_only_the_users_municipality(contest, login):
    mine, _ = submitted(contest)
    theirs, _ = submitted(contest, OrganizationFactory(municipality=municipality("Сочи"), sector=mine.sector))
    response = login(municipal_user(Role.LABOUR_OFFICE)).get(reverse("office-applications"))
    assert [p.pk for p in response.context["rows"]] == [mine.pk]
    response = login(UserFactory(role=Role.STAFF)).get(reverse("office-applications"))
    assert [p.pk for p in response.context["rows"]] == [theirs.pk, mine.pk]


# ---------------------------------------------------------------------------------------------------------------------
# Query counts: the lists cost the same with 1 and 20 rows


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_applications_list_query_count_does_not_grow(contest, login, django_assert_num_queries):
    submitted(contest)
    client = login(municipal_user(Role.LABOUR_OFFICE))
    url = reverse("office-applications") + "?show=all"
    one = queries_for(client, url)
    for _ in range(19):
        submitted(contest)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["rows"]) == 20


def test_approvals_list_query_count_does_not_grow(contest, login, django_assert_num_queries):
    in_approval(contest)
    client = login(municipal_user(Role.APPROVER_INSPECTORATE))
    one = queries_for(client, reverse("approvals"))
    for index in range(19):
        participation, _ = in_approval(contest)
        if index % 2:
            services.decide_approval(
                approval_of(participation, ApprovingBody.INSPECTORATE),
                actor=municipal_user(Role.APPROVER_INSPECTORATE),
                approve=True,
            )
    with django_assert_num_queries(one):
        response = client.get(reverse("approvals"))
    assert (len(response.context["waiting"]), len(response.context["seen"])) == (11, 9)


def test_deadlines_page_query_count_does_not_grow(contest, staff_user, login, django_assert_num_queries):
    client = login(staff_user)
    url = reverse("staff-deadlines", args=[contest.pk])
    day = contest.forwarding_deadline

    def extend():
        nonlocal day
        day += timedelta(days=1)
        services.extend_deadline(
            Contest.objects.get(pk=contest.pk), kind=DeadlineKind.FORWARDING, new_date=day, reason="x", actor=staff_user
        )

    extend()
    one = queries_for(client, url)
    for _ in range(19):
        extend()
    with django_assert_num_queries(one):
        content = content_of(client.get(url))
    assert content.count('data-testid="extension"') == 20


def test_card_page_query_count_does_not_grow_with_files(contest, login, django_assert_num_queries):
    participation, representative = in_approval(contest)
    services.add_attachment(participation, actor=representative, kind=AttachmentKind.SUPPORTING, uploaded=pdf())
    client = login(municipal_user(Role.APPROVER_UNIONS))
    url = reverse("approval", args=[participation.pk])
    one = queries_for(client, url)
    for _ in range(19):
        services.add_attachment(participation, actor=representative, kind=AttachmentKind.SUPPORTING, uploaded=pdf())
    with django_assert_num_queries(one):
        client.get(url)
