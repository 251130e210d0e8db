"""The commission's bulk actions on the work list (issue 10, item 9): several cards accepted for review or marked
verified in one go, each still one audited state change; who may; what the list offers; the message and the redirect.
"""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from contest.enums import ParticipationState as S
from contest.enums import Role
from contest.models import AuditRecord
from contest.services import bulk
from tests.contest.helpers import card_submitted, organization_in, reload, under_review, verified
from tests.contest.test_review_views import WALKS, documents_requested, queries_for
from tests.factories import ContestFactory, UserFactory, municipal_user, open_contest

pytestmark = pytest.mark.django_db

LIST = "/commission/"


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def member():
    return municipal_user(Role.MUNICIPAL_MEMBER)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def audit_of(participation, to_state: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(participation=participation, to_state=to_state))


# ---------------------------------------------------------------------------------------------------------------------
# The service


def test_bulk_start_accepts_each_card_with_one_audit_record(contest, member):
    cards = [card_submitted(contest)[0] for _ in range(3)]
    result = bulk.bulk_review(cards, actor=member, action="start")
    assert [p.pk for p in result.done] == [p.pk for p in cards]
    assert result.failed == []
    for participation in cards:
        participation = reload(participation)
        assert participation.state == S.UNDER_REVIEW
        assert participation.card.verified_total == Decimal("98")  # start_review recounts the verified total
        [record] = audit_of(participation, S.UNDER_REVIEW)
        assert (record.actor, record.from_state, record.text) == (
            member,
            S.CARD_SUBMITTED,
            "Карта принята на проверку",
        )


def test_bulk_verify_marks_each_card_verified_with_one_audit_record(contest, member):
    cards = [under_review(contest)[0] for _ in range(2)]
    result = bulk.bulk_review(cards, actor=member, action="verify")
    assert [p.pk for p in result.done] == [p.pk for p in cards]
    for participation in cards:
        assert reload(participation).state == S.VERIFIED
        [record] = audit_of(participation, S.VERIFIED)
        assert (record.actor, record.from_state, record.text) == (member, S.UNDER_REVIEW, "Карта проверена комиссией")


def test_bulk_verify_reports_a_refused_card_and_keeps_the_others(contest, member):
    first, _ = under_review(contest)
    submitted, _ = card_submitted(contest)  # not yet under review: «verify» is not a move of its state
    elsewhere, _ = under_review(contest, organization_in(contest, municipality="Сочи"))  # not this member's
    last, _ = under_review(contest)
    audit_before = AuditRecord.objects.count()
    result = bulk.bulk_review([first, submitted, elsewhere, last], actor=member, action="verify")
    assert [p.pk for p in result.done] == [first.pk, last.pk]
    assert [(f.participation.pk, f.message) for f in result.failed] == [
        (submitted.pk, "Нельзя перейти из состояния «Карта представлена» в «Проверена комиссией»."),
        (
            elsewhere.pk,
            "Это действие выполняет территориальная конкурсная комиссия муниципального образования участника.",
        ),
    ]
    assert (reload(first).state, reload(last).state) == (S.VERIFIED, S.VERIFIED)
    submitted = reload(submitted)
    assert submitted.state == S.CARD_SUBMITTED
    assert submitted.card.verified_total is None  # the refused card's own transaction rolled back its recount
    assert reload(elsewhere).state == S.UNDER_REVIEW
    assert AuditRecord.objects.count() == audit_before + 2


def test_bulk_start_of_a_card_already_under_review_says_so(contest, member):
    waiting, _ = card_submitted(contest)
    taken, _ = under_review(contest)
    result = bulk.bulk_review([taken, waiting], actor=member, action="start")
    assert [p.pk for p in result.done] == [waiting.pk]
    assert [f.message for f in result.failed] == ["Это уже сделано: состояние — «На проверке комиссии»."]
    assert len(audit_of(taken, S.UNDER_REVIEW)) == 1  # the one of the helper, none more


def test_bulk_review_with_an_unknown_action_raises_and_changes_nothing(contest, member):
    participation, _ = card_submitted(contest)
    with pytest.raises(ValueError, match="unknown bulk review action"):
        bulk.bulk_review([participation], actor=member, action="exclude")
    assert reload(participation).state == S.CARD_SUBMITTED


def test_bulk_review_of_nothing_does_nothing(member):
    result = bulk.bulk_review([], actor=member, action="verify")
    assert (result.done, result.failed) == ([], [])


# ---------------------------------------------------------------------------------------------------------------------
# The work list: a checkbox only where a bulk move is allowed, the buttons of the moves offered


def checkboxes(content: str) -> dict[int, str]:
    """The rendered row checkboxes: {value of `ids`: the move it offers}."""
    return {
        int(value): action
        for value, action in re.findall(
            r'<input class="form-check-input" type="checkbox" name="ids" value="(\d+)" id="bulk-\d+" '
            r'data-bulk-action="(\w+)">',
            content,
        )
    }


def buttons(content: str) -> dict[str, str]:
    """The rendered submit buttons of the bulk form: {value of `action`: the button's text}."""
    form = re.search(r'<form method="post" action="/commission/bulk/".*?</form>', content, re.S)
    if form is None:
        return {}
    return dict(re.findall(r'<button type="submit" name="action" value="(\w+)"[^>]*>([^<]+)</button>', form.group(0)))


def hidden_next(content: str) -> str:
    return unescape(re.search(r'<input type="hidden" name="next" value="([^"]*)">', content).group(1))


def test_list_offers_a_checkbox_only_for_rows_a_bulk_move_allows(contest, member, login):
    waiting, _ = card_submitted(contest)
    taken, _ = under_review(contest)
    asked, _ = documents_requested(contest)
    done, _ = verified(contest)
    excluded, _ = WALKS["excluded"](contest)
    response = login(member).get(LIST)
    content = response.content.decode()
    assert {row.participation.pk for row in response.context["rows"]} == {
        waiting.pk,
        taken.pk,
        asked.pk,
        done.pk,
        excluded.pk,
    }
    assert checkboxes(content) == {waiting.pk: "start", taken.pk: "verify"}
    assert buttons(content) == {
        "start": "Принять на проверку отмеченные",
        "verify": "Признать отмеченные карты проверенными",
    }
    for participation in (waiting, taken):
        label = re.search(rf'<label class="visually-hidden" for="bulk-{participation.pk}">([^<]+)</label>', content)
        assert unescape(label.group(1)) == f"Отметить карту: {participation.organization}"
    select_all = "Отметить все карты, которые можно принять на проверку или отметить проверенными"
    assert f'data-bulk-all aria-label="{select_all}"' in content
    assert '<script src="/static/js/commission-bulk.js"></script>' in content
    assert hidden_next(content) == LIST


def test_list_offers_only_the_button_of_the_moves_its_rows_allow(contest, member, login):
    under_review(contest)
    content = login(member).get(LIST).content.decode()
    assert buttons(content) == {"verify": "Признать отмеченные карты проверенными"}


def test_list_without_an_actionable_row_has_no_bulk_form(contest, member, login):
    verified(contest)
    content = login(member).get(LIST).content.decode()
    assert checkboxes(content) == {}
    assert buttons(content) == {}
    assert 'name="ids"' not in content
    assert "commission-bulk.js" not in content


# ---------------------------------------------------------------------------------------------------------------------
# The bulk POST


def test_member_accepts_three_cards_in_one_post(contest, member, login):
    cards = [card_submitted(contest)[0] for _ in range(3)]
    client = login(member)
    content = client.get(LIST).content.decode()
    ids = list(checkboxes(content))
    assert sorted(ids) == sorted(p.pk for p in cards)
    assert "start" in buttons(content)
    response = client.post(
        reverse("commission-bulk"), {"ids": ids, "action": "start", "next": hidden_next(content)}, follow=True
    )
    assert response.redirect_chain == [(LIST, 302)]
    assert messages_of(response) == ["Карт принято на проверку: 3."]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    for participation in cards:
        assert reload(participation).state == S.UNDER_REVIEW
        assert len(audit_of(participation, S.UNDER_REVIEW)) == 1
    # The list now offers «verify» for the same cards.
    content = response.content.decode()
    assert checkboxes(content) == dict.fromkeys(ids, "verify")
    response = client.post(
        reverse("commission-bulk"), {"ids": ids, "action": "verify", "next": hidden_next(content)}, follow=True
    )
    assert messages_of(response) == ["Карт отмечено проверенными: 3."]
    assert {reload(p).state for p in cards} == {S.VERIFIED}


def test_a_refused_card_is_named_with_the_reason_and_the_others_are_done(contest, member, login):
    waiting, _ = card_submitted(contest, organization_in(contest, full_name="ООО «Альфа»", short_name="ООО «Альфа»"))
    taken, _ = under_review(contest, organization_in(contest, full_name="ООО «Бета»", short_name="ООО «Бета»"))
    client = login(member)
    ids = list(checkboxes(client.get(LIST).content.decode()))
    response = client.post(reverse("commission-bulk"), {"ids": ids, "action": "verify"}, follow=True)
    assert messages_of(response) == [
        "Карт отмечено проверенными: 1. Не выполнено (1): "
        "ООО «Альфа» — Нельзя перейти из состояния «Карта представлена» в «Проверена комиссией»."
    ]
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert (reload(waiting).state, reload(taken).state) == (S.CARD_SUBMITTED, S.VERIFIED)


def test_cards_refused_for_the_same_reason_are_named_together(contest, member, login):
    for name in ("ООО «Альфа»", "ООО «Бета»"):
        under_review(contest, organization_in(contest, full_name=name, short_name=name))
    waiting, _ = card_submitted(contest, organization_in(contest, full_name="ООО «Гамма»", short_name="ООО «Гамма»"))
    client = login(member)
    ids = list(checkboxes(client.get(LIST).content.decode()))  # «отметить все»: every box of the page
    response = client.post(reverse("commission-bulk"), {"ids": ids, "action": "start"}, follow=True)
    assert messages_of(response) == [
        "Карт принято на проверку: 1. Не выполнено (2): "
        "ООО «Альфа», ООО «Бета» — Это уже сделано: состояние — «На проверке комиссии»."
    ]
    assert reload(waiting).state == S.UNDER_REVIEW


def test_a_foreign_municipalitys_card_is_ignored_and_counted_as_not_found(contest, member, login):
    own, _ = card_submitted(contest)
    foreign, _ = card_submitted(contest, organization_in(contest, municipality="Сочи"))
    audit_before = AuditRecord.objects.filter(participation=foreign).count()
    response = login(member).post(
        reverse("commission-bulk"), {"ids": [str(own.pk), str(foreign.pk)], "action": "start"}, follow=True
    )
    assert messages_of(response) == ["Карт принято на проверку: 1. Не найдено среди карт списка: 1."]
    assert reload(own).state == S.UNDER_REVIEW
    assert reload(foreign).state == S.CARD_SUBMITTED
    assert AuditRecord.objects.filter(participation=foreign).count() == audit_before


def test_a_card_of_an_earlier_contest_is_not_found(contest, login):
    earlier, _ = card_submitted(contest)
    ContestFactory(year=2012)  # now the current contest
    response = login(UserFactory(role=Role.STAFF)).post(
        reverse("commission-bulk"), {"ids": [str(earlier.pk)], "action": "start"}, follow=True
    )
    assert messages_of(response) == ["Ни одна карта не изменена. Не найдено среди карт списка: 1."]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert reload(earlier).state == S.CARD_SUBMITTED


def test_staff_accept_cards_of_several_municipalities(contest, login):
    here, _ = card_submitted(contest)
    there, _ = card_submitted(contest, organization_in(contest, municipality="Сочи"))
    client = login(UserFactory(role=Role.STAFF))
    ids = list(checkboxes(client.get(LIST).content.decode()))
    assert sorted(ids) == sorted([here.pk, there.pk])
    response = client.post(reverse("commission-bulk"), {"ids": ids, "action": "start"}, follow=True)
    assert messages_of(response) == ["Карт принято на проверку: 2."]


@pytest.mark.parametrize(
    "ids",
    [
        ["abc"],
        ["-1"],
        ["1e3"],
        ["²"],
        ["٣"],
        ["9" * 40],
        ["99999"],
        ["1; DROP TABLE"],
    ],
)
def test_garbage_ids_give_a_message_not_an_error(contest, member, login, ids):
    participation, _ = card_submitted(contest)
    response = login(member).post(reverse("commission-bulk"), {"ids": ids, "action": "start"}, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert messages_of(response) == ["Ни одна карта не изменена. Не найдено среди карт списка: 1."]
    assert reload(participation).state == S.CARD_SUBMITTED


@pytest.mark.parametrize("data", [{"action": "start"}, {"action": "start", "ids": ["", " "]}, {"ids": []}])
def test_nothing_checked_is_told(contest, member, login, data):
    participation, _ = card_submitted(contest)
    response = login(member).post(reverse("commission-bulk"), data, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    expected = (
        "Не отмечено ни одной карты: отметьте карты в списке и нажмите кнопку ещё раз."
        if "action" in data
        else "Выберите действие: принять карты на проверку или отметить их проверенными."
    )
    assert messages_of(response) == [expected]
    assert reload(participation).state == S.CARD_SUBMITTED


@pytest.mark.parametrize("action", ["", "exclude", "START", "verify "])
def test_an_unknown_action_is_told_and_changes_nothing(contest, member, login, action):
    participation, _ = card_submitted(contest)
    response = login(member).post(
        reverse("commission-bulk"), {"ids": [participation.pk], "action": action}, follow=True
    )
    assert messages_of(response) == ["Выберите действие: принять карты на проверку или отметить их проверенными."]
    assert reload(participation).state == S.CARD_SUBMITTED


def test_the_redirect_keeps_the_lists_filters(contest, member, login):
    participation, _ = card_submitted(contest)
    sector = contest.sectors.get(code="manufacturing")
    client = login(member)
    shown = f"{LIST}?sector={sector.pk}&size_category=medium_large&state=waiting"
    content = client.get(shown).content.decode()
    assert hidden_next(content) == shown
    response = client.post(
        reverse("commission-bulk"),
        {"ids": list(checkboxes(content)), "action": "start", "next": hidden_next(content)},
    )
    assert response.status_code == 302
    assert response["Location"] == shown
    assert reload(participation).state == S.UNDER_REVIEW


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("", LIST),
        ("https://evil.example/commission/?state=waiting", LIST),
        ("//evil.example/commission/", LIST),
        ("/\\evil.example/commission/", LIST),
        ("/accounts/logout/", LIST),
        ("/commission/1/", LIST),
        ("javascript:alert(1)", LIST),
        ("/commission/?state=waiting&next=https://evil.example/", f"{LIST}?state=waiting"),
        ("/commission/?state=verified&sector=&page=2", f"{LIST}?state=verified&page=2"),  # back to the page it was on
    ],
)
def test_the_redirect_never_leaves_the_list(contest, member, login, next_url, location):
    participation, _ = card_submitted(contest)
    response = login(member).post(
        reverse("commission-bulk"), {"ids": [participation.pk], "action": "start", "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == location


def test_the_bulk_action_answers_405_to_get(member, login):
    assert login(member).get(reverse("commission-bulk")).status_code == 405


# ---------------------------------------------------------------------------------------------------------------------
# Query counts: the checkbox column costs no query; the list costs the same with 1 and 20 cards


def test_the_checkbox_column_costs_no_query(contest, member, login):
    done, _ = verified(contest)
    client = login(member)
    without = queries_for(client, LIST)
    assert 'name="ids"' not in client.get(LIST).content.decode()
    done.delete()
    card_submitted(contest)
    assert queries_for(client, LIST) == without
    assert len(checkboxes(client.get(LIST).content.decode())) == 1


def test_work_list_with_checkboxes_costs_the_same_for_1_and_20_cards(contest, member, login, django_assert_num_queries):
    card_submitted(contest)
    client = login(member)
    one = queries_for(client, LIST)
    for index in range(19):
        (card_submitted, under_review, verified)[index % 3](contest)
    with django_assert_num_queries(one):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 20
    assert len(checkboxes(response.content.decode())) == 14  # 8 submitted + 6 under review; the 6 verified have none
