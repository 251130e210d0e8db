"""The pages of issue 10: a decision's results read its snapshot, the annex served is the one stored, the confirmations,
staff's reopening, certificates one by one and all at once through the forms the page renders, ties shared through the
page, and the participant's outcome. Every POST sends only fields the rendered form has."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from contest import rankings
from contest.enums import CertificateKind, Role
from contest.enums import ParticipationState as S
from contest.forms.results import tie_prefix
from contest.models import Certificate, Decision, InfoCard
from contest.services import awards, review
from tests.contest.helpers import PDF_BYTES, reload
from tests.contest.test_results_services import forward, participant
from tests.factories import UserFactory, municipal_user, municipality, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


class _Forms(HTMLParser):
    """The fields of the forms of a page, by the form's data-testid: name → value (checked/selected ones), and the
    options of each select."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, dict] = {}
        self.current = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = self.forms.setdefault(
                attrs.get("data-testid", ""), {"action": attrs.get("action", ""), "fields": {}, "options": {}}
            )
        elif self.current is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                self.current["options"].setdefault(attrs["name"], []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self.current["fields"][attrs["name"]] = attrs.get("value", "on")
                else:
                    self.current["fields"].setdefault(attrs["name"], None)
            elif kind != "submit":
                self.current["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag in ("select", "textarea") and attrs.get("name"):
            self.select = attrs["name"] if tag == "select" else None
            self.current["fields"][attrs["name"]] = ""
            self.current["options"].setdefault(attrs["name"], [])
        elif tag == "option" and self.select:
            self.current["options"][self.select].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.current["fields"][self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_of(response) -> dict[str, dict]:
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser.forms


def fill(form: dict, **values) -> dict:
    """The form's own fields with `values` typed in; a value for a field the page does not render is an error."""
    unknown = set(values) - set(form["fields"])
    assert not unknown, f"the page has no fields {unknown}"
    data = {name: value for name, value in form["fields"].items() if value is not None}
    for name, value in values.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def scan():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("протокол.pdf", PDF_BYTES, content_type="application/pdf")


def login(client, user):
    client.force_login(user)
    return client


def secretary():
    return municipal_user(Role.MUNICIPAL_SECRETARY)


# ---------------------------------------------------------------------------------------------------------------------
# Recording: the confirmation, the snapshot on the page, the annex as stored


def test_the_decision_asks_to_confirm_what_it_freezes_and_the_page_then_shows_what_was_signed(client, contest):
    winner = participant(contest, "108", "Первая")
    runner_up = participant(contest, "98", "Вторая")
    login(client, secretary())
    page = client.get(reverse("municipal-results"))
    form = forms_of(page)["decision-form"]
    assert "значения карт, файлы и состояния участников (их 2) будут заморожены" in page.content.decode()
    data = fill(form, number="5", day=timezone.localdate().isoformat(), confirm=None)
    response = client.post(form["action"], {**data, "scan": scan()})
    assert response.status_code == 200
    assert "Подтвердите, что понимаете последствия" in response.content.decode()
    assert not Decision.objects.exists()

    response = client.post(
        form["action"], {**fill(form, number="5", day=timezone.localdate().isoformat(), confirm="on"), "scan": scan()}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert not decision.annex  # not printed in the recording request: the first download prints and keeps it
    stored = client.get(reverse("decision-protocol-pdf", args=[decision.pk])).content
    decision.refresh_from_db()
    assert decision.annex
    assert decision.annex.open("rb").read() == stored

    # Someone changes the live data behind the portal's back: the page and the annex stay what was signed.
    InfoCard.objects.filter(participation=runner_up).update(verified_total=Decimal("140"))
    page = client.get(reverse("municipal-results")).content.decode()
    assert page.index("ООО «Первая»") < page.index("ООО «Вторая»")
    assert "140" not in page
    assert client.get(reverse("decision-protocol-pdf", args=[decision.pk])).content == stored
    assert reload(winner).state == S.MUNICIPAL_WINNER


def test_the_commission_page_of_a_covered_card_names_the_decision_and_offers_no_change(client, contest):
    participant(contest, "108", "Первая")
    runner_up = participant(contest, "98", "Вторая")
    decision = forward(contest)
    login(client, municipal_user(Role.MUNICIPAL_MEMBER))
    page = client.get(reverse("commission-card", args=[runner_up.pk]))
    content = page.content.decode()
    assert 'data-testid="frozen"' in content
    assert str(decision) in content
    assert 'data-testid="no-actions"' in content
    assert "paper-form" not in forms_of(page)
    # A request sent anyway (an old tab) is refused with the decision named, and nothing changes.
    response = client.post(reverse("commission-verify", args=[runner_up.pk]), {}, follow=True)
    assert str(decision) in response.content.decode()
    assert reload(runner_up).state == S.VERIFIED


# ---------------------------------------------------------------------------------------------------------------------
# Reopening


def test_staff_reopen_a_decision_through_the_page(client, contest):
    participant(contest, "108", "Первая")
    decision = forward(contest)
    login(client, UserFactory(role=Role.STAFF))
    page = client.get(reverse("decision-documents", args=[decision.pk]))
    form = forms_of(page)["void-form"]
    assert set(form["fields"]) == {"csrfmiddlewaretoken", "reason", "confirm"}
    response = client.post(form["action"], fill(form, reason="Ошибка в составе комиссии"))
    assert "Подтвердите отмену решения." in response.content.decode()
    assert not Decision.objects.get().is_void

    response = client.post(form["action"], fill(form, reason="Ошибка в составе комиссии", confirm="on"), follow=True)
    content = response.content.decode()
    assert f"{decision} отменён." in content
    assert 'data-testid="void"' in content
    assert "Ошибка в составе комиссии" in content
    assert 'data-testid="void-form"' not in content
    # The municipality's results are live again, with the void decision kept in the history.
    results = client.get(reverse("municipal-results") + f"?municipality={municipality('Краснодар').pk}")
    assert 'data-testid="void-decision"' in results.content.decode()
    assert "decision-form" in forms_of(results)


@pytest.mark.parametrize("role", [Role.MUNICIPAL_SECRETARY, Role.REGIONAL_SECRETARY])
def test_only_staff_may_reopen(client, contest, role):
    participant(contest, "108", "Первая")
    decision = forward(contest)
    user = municipal_user(role) if role == Role.MUNICIPAL_SECRETARY else UserFactory(role=role)
    login(client, user)
    page = client.get(reverse("decision-documents", args=[decision.pk]))
    assert "void-form" not in forms_of(page)
    response = client.post(reverse("decision-void", args=[decision.pk]), {"reason": "x", "confirm": "on"})
    assert response.status_code == 403
    assert not Decision.objects.get().is_void


def test_a_foreign_decision_cannot_be_reopened_or_seen(client, contest):
    participant(contest, "108", "Первая")
    decision = forward(contest)
    login(client, municipal_user(Role.MUNICIPAL_SECRETARY, name="Сочи"))
    assert client.post(reverse("decision-void", args=[decision.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("decision-void", args=[999999]), {"reason": "x"}).status_code == 404


# ---------------------------------------------------------------------------------------------------------------------
# Certificates through the forms a user sees


def test_municipal_certificates_one_by_one_and_then_the_rest_at_once(client, contest):
    first = participant(contest, "108", "Первая")
    energy = participant(contest, "98", "Энергия", sector="energy")
    decision = forward(contest)
    login(client, secretary())
    page = client.get(reverse("decision-documents", args=[decision.pk]))
    # «выдать» beside a place opens the form with that place chosen.
    award = decision.awards.get(participation=first)
    page = client.get(reverse("decision-documents", args=[decision.pk]) + f"?award={award.pk}")
    form = forms_of(page)["issue-municipal"]
    assert form["fields"]["municipal-places"] == f"award-{award.pk}"
    assert set(form["options"]["municipal-places"]) == {
        "all",
        f"award-{award.pk}",
        f"award-{decision.awards.get(participation=energy).pk}",
    }
    response = client.post(form["action"], fill(form, **{"municipal-signatory_name": "И. И. Глава"}), follow=True)
    [paper] = Certificate.objects.all()
    assert paper.award == award
    assert f"№ {paper.number}" in response.content.decode()

    form = forms_of(response)["issue-municipal"]
    assert f"award-{award.pk}" not in form["options"]["municipal-places"]
    client.post(form["action"], fill(form, **{"municipal-places": "all", "municipal-signatory_name": "И. И. Глава"}))
    assert Certificate.objects.count() == 2
    page = client.get(reverse("decision-documents", args=[decision.pk]))
    assert "issue-municipal" not in forms_of(page)
    assert 'data-testid="all-issued"' in page.content.decode()


def test_a_choice_the_form_does_not_offer_is_refused_next_to_the_field(client, contest):
    participant(contest, "108", "Первая")
    decision = forward(contest)
    login(client, secretary())
    form = forms_of(client.get(reverse("decision-documents", args=[decision.pk])))["issue-municipal"]
    response = client.post(form["action"], fill(form, **{"municipal-places": "award-999999"}))
    assert response.status_code == 200
    assert "этого варианта в списке нет" in response.content.decode()
    assert not Certificate.objects.exists()


# ---------------------------------------------------------------------------------------------------------------------
# Ties shared through the page


def test_the_secretary_lets_tied_participants_share_the_first_place(client, contest):
    one = participant(contest, "98", "Альфа")
    two = participant(contest, "98", "Бета")
    login(client, secretary())
    [group] = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    prefix = tie_prefix(group.key)
    form = forms_of(client.get(reverse("municipal-results")))["tie-form"]
    assert set(form["options"][f"{prefix}-mode"]) == {"order", "share"}
    response = client.post(
        form["action"], fill(form, **{f"{prefix}-mode": "share", f"{prefix}-reason": "Решение комиссии, протокол № 2"})
    )
    assert response.status_code == 302
    [group] = rankings.municipal_groups(contest, municipality("Краснодар").pk)
    assert [(e.place, e.prize) for e in group.entries] == [(1, True), (1, True)]
    content = client.get(reverse("municipal-results")).content.decode()
    assert "участники с равными баллами делят место" in content
    assert "делит место" in content
    # An order needs every number.
    form = forms_of(client.get(reverse("municipal-results")))["tie-form"]
    response = client.post(form["action"], fill(form, **{f"{prefix}-mode": "order", f"{prefix}-reason": "x"}))
    assert "Выберите номер по порядку." in response.content.decode()
    assert (reload(one).state, reload(two).state) == (S.VERIFIED, S.VERIFIED)


# ---------------------------------------------------------------------------------------------------------------------
# The participant's outcome


def test_the_participant_sees_verified_values_place_protocol_and_certificate(client, contest):
    winner = participant(contest, "108", "Первая")
    review.correct_value(
        reload(winner), actor=municipal_user(Role.MUNICIPAL_MEMBER), key="ppe_pct", value="96", reason="Акт № 3"
    )
    review.mark_verified(reload(winner), actor=municipal_user(Role.MUNICIPAL_MEMBER))
    participant(contest, "98", "Вторая")
    representative = winner.organization.representatives.first()
    login(client, representative)
    content = client.get(reverse("participation", args=[winner.pk])).content.decode()
    assert 'data-testid="outcome"' in content
    assert "Акт № 3" in content
    assert "Место в рейтинге появится" in content

    decision = forward(contest)
    [paper] = awards.issue_certificates(
        decision,
        actor=UserFactory(role=Role.STAFF),
        kind=CertificateKind.MUNICIPAL,
        signatory=awards.Signatory("Глава", "И. И. Глава"),
    )
    content = client.get(reverse("participation", args=[winner.pk])).content.decode()
    assert 'data-testid="standing"' in content
    assert "1 место" in content
    assert "победитель этапа" in content
    assert str(decision) in content
    assert reverse("decision-protocol-pdf", args=[decision.pk]) in content
    assert f"№ {paper.number} в реестре" in content
    assert client.get(reverse("decision-protocol-pdf", args=[decision.pk])).status_code == 200
    assert client.get(reverse("certificate-pdf", args=[paper.pk])).status_code == 200
    # Not someone else's papers.
    login(
        client,
        UserFactory(role=Role.ORGANIZATION, organization=participant(contest, "93", "Чужая", town="Сочи").organization),
    )
    assert client.get(reverse("decision-protocol-pdf", args=[decision.pk])).status_code == 404
    assert client.get(reverse("certificate-pdf", args=[paper.pk])).status_code == 404


def test_the_register_marks_the_papers_of_a_reopened_decision_void(client, contest):
    participant(contest, "108", "Первая")
    decision = forward(contest)
    [paper] = awards.issue_certificates(
        decision,
        actor=UserFactory(role=Role.STAFF),
        kind=CertificateKind.MUNICIPAL,
        signatory=awards.Signatory("Глава", "И. И. Глава"),
    )
    from contest.services import decisions as decision_services

    decision_services.void_decision(decision, actor=UserFactory(role=Role.STAFF), reason="Ошибка")
    login(client, UserFactory(role=Role.STAFF))
    content = client.get(reverse("certificate-register")).content.decode()
    assert 'data-testid="void-certificate"' in content
    assert f"<s>{paper.number}</s>" in content
    assert "аннулирована" in content


def test_the_draft_resolution_of_a_reopened_regional_decision_is_not_printed(client, contest):
    from contest.services import decisions as decision_services

    participant(contest, "108", "Первая")
    forward(contest)
    decision_services.propose_regional_winners(contest, actor=UserFactory(role=Role.STAFF))
    regional = decision_services.record_regional_decision(
        contest, actor=UserFactory(role=Role.STAFF), number="1-к", day=timezone.localdate()
    )
    decision_services.void_decision(regional, actor=UserFactory(role=Role.STAFF), reason="Ошибка")
    login(client, UserFactory(role=Role.STAFF))
    page = client.get(reverse("decision-documents", args=[regional.pk])).content.decode()
    assert 'data-testid="resolution-pdf"' not in page
    response = client.get(reverse("decision-resolution-pdf", args=[regional.pk]), follow=True)
    assert "Решение отменено: проект постановления готовится по новому решению" in response.content.decode()


def test_a_participant_reads_an_extract_without_other_participants_exclusion_reasons(client, contest):
    from tests.contest.test_documents import pdf_text

    winner = participant(contest, "108", "Первая")
    removed = participant(contest, "103", "Исключённая")
    review.exclude(reload(removed), actor=municipal_user(Role.MUNICIPAL_MEMBER), reason="Смертельный случай, акт № 7")
    decision = forward(contest)
    login(client, winner.organization.representatives.first())
    text = pdf_text(client.get(reverse("decision-protocol-pdf", args=[decision.pk])).content)
    assert "Выписка для участника" in text
    assert "ООО «Первая»" in text
    assert "акт № 7" not in text
    assert "ООО «Исключённая»" not in text
    login(client, removed.organization.representatives.first())
    text = pdf_text(client.get(reverse("decision-protocol-pdf", args=[decision.pk])).content)
    assert "акт № 7" in text
    assert "ООО «Первая»" not in text
    # The commission reads the whole annex.
    login(client, secretary())
    text = pdf_text(client.get(reverse("decision-protocol-pdf", args=[decision.pk])).content)
    assert "акт № 7" in text
    assert "ООО «Первая»" in text
