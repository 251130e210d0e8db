"""The pages of the decisions' papers and the public results: who may open and do what, what they show, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest import selectors
from contest.enums import CertificateKind, Role
from contest.models import Certificate
from contest.services import awards, decisions
from regions.models import Municipality
from tests.contest.test_documents import SIGNATORY, decide_region, pdf_pages, pdf_text
from tests.contest.test_results_services import forward, participant
from tests.factories import UserFactory, municipal_user, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def decided(contest):
    return decide_region(contest)


def login(client, user):
    client.force_login(user)
    return client


def issue_data(kind: str, places: str = awards.PLACES_ALL, position="Глава администрации", name="А. Н. Ткачёв") -> dict:
    return {
        "kind": kind,
        f"{kind}-places": places,
        f"{kind}-signatory_position": position,
        f"{kind}-signatory_name": name,
    }


def test_the_regional_secretary_issues_certificates_and_prints_them_in_one_file(client, decided):
    regional = decided["regional"]
    login(client, UserFactory(role=Role.REGIONAL_SECRETARY))
    page = client.get(reverse("decision-documents", args=[regional.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'data-testid="issue-honorary"' in content
    assert 'data-testid="issue-diploma"' in content
    assert "не выдана" in content
    assert 'data-testid="batch-pdf"' not in content  # nothing to print yet
    # Bad input: no name of the signatory; nothing issued, the typed position kept.
    response = client.post(
        reverse("certificates-issue", args=[regional.pk]),
        issue_data(CertificateKind.HONORARY, awards.PLACES_FIRST, position="Губернатор края", name=""),
    )
    assert response.status_code == 200
    assert "Укажите, кто подписывает." in response.content.decode()
    assert 'value="Губернатор края"' in response.content.decode()
    assert not Certificate.objects.exists()
    response = client.post(
        reverse("certificates-issue", args=[regional.pk]), issue_data(CertificateKind.HONORARY, awards.PLACES_FIRST)
    )
    assert response.status_code == 302
    first_places = regional.awards.filter(place=1).count()
    assert Certificate.objects.filter(kind=CertificateKind.HONORARY).count() == first_places
    response = client.get(reverse("decision-documents", args=[regional.pk]))
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(f"Выдано: {first_places}, номера 2011-К-0001 — 2011-К-{first_places:04d}.")
    batch = client.get(reverse("decision-certificates-pdf", args=[regional.pk]))
    assert batch["Content-Type"] == "application/pdf"
    assert pdf_pages(batch.content) == first_places
    certificate = Certificate.objects.first()
    single = client.get(reverse("certificate-pdf", args=[certificate.pk]))
    assert certificate.number in pdf_text(single.content)
    register = client.get(reverse("certificate-register"))
    assert register.content.decode().count('href="/certificates/') == first_places
    found = client.get(reverse("certificate-register"), {"q": certificate.number})
    assert [paper.pk for paper in found.context["certificates"]] == [certificate.pk]
    by_name = client.get(reverse("certificate-register"), {"q": certificate.award.participation.organization.inn})
    assert certificate.pk in [paper.pk for paper in by_name.context["certificates"]]
    nothing = client.get(reverse("certificate-register"), {"q": "нет такой"})
    assert "По такому запросу наград нет." in nothing.content.decode()
    # A forged kind is refused with a message, not a 500.
    response = client.post(reverse("certificates-issue", args=[regional.pk]), {"kind": "medal"}, follow=True)
    assert "Выберите вид награды." in response.content.decode()


def test_papers_of_a_decision_are_its_viewers_only(client, decided):
    krasnodar = decided["municipal"]["Краснодар"]
    regional = decided["regional"]
    urls = [
        reverse("decision-documents", args=[krasnodar.pk]),
        reverse("decision-protocol-pdf", args=[krasnodar.pk]),
        reverse("decision-certificates-pdf", args=[krasnodar.pk]),
    ]
    # Another municipality's commission, the district administration: 404 everywhere; a participant of the decision
    # reads its result tables only (its outcome); anonymous: to the login page.
    for outsider in (
        municipal_user(Role.MUNICIPAL_SECRETARY, name="Сочи"),
        decided["winners"]["krd"].organization.representatives.first(),
        municipal_user(Role.DISTRICT_ADMINISTRATION, name="Краснодар"),
    ):
        login(client, outsider)
        for url in [*urls, reverse("decision-documents", args=[regional.pk])]:
            expected = 200 if outsider.has_role(Role.ORGANIZATION) and url == urls[1] else 404
            assert client.get(url).status_code == expected, (outsider.roles, url)
        register = client.get(reverse("certificate-register"))
        # Another municipality's commission has a register of its own (empty here); the others have none.
        assert register.status_code == (200 if outsider.has_role(Role.MUNICIPAL_SECRETARY) else 404)
    client.logout()
    assert client.get(urls[0])["Location"].startswith(reverse("login"))
    # A member sees the papers but does not issue them.
    login(client, municipal_user(Role.MUNICIPAL_MEMBER, name="Краснодар"))
    page = client.get(urls[0])
    assert page.status_code == 200
    assert "issue-municipal" not in page.content.decode()
    assert client.post(reverse("certificates-issue", args=[krasnodar.pk]), issue_data("municipal")).status_code == 403
    assert "ИТОГИ МУНИЦИПАЛЬНОГО ЭТАПА" in pdf_text(client.get(urls[1]).content)
    # Nothing issued yet: the batch explains instead of an empty file.
    response = client.get(urls[2], follow=True)
    assert "По этому решению награды ещё не выданы." in response.content.decode()
    # No draft resolution for a municipal decision.
    response = client.get(reverse("decision-resolution-pdf", args=[krasnodar.pk]), follow=True)
    assert "Проект постановления готовится по решению краевой комиссии." in response.content.decode()
    assert client.get(reverse("decision-documents", args=[999999])).status_code == 404


def test_the_municipal_secretary_issues_and_the_register_shows_only_the_municipality(client, decided):
    krasnodar, sochi = decided["municipal"]["Краснодар"], decided["municipal"]["Сочи"]
    awards.issue_certificates(
        sochi, actor=UserFactory(role=Role.STAFF), kind=CertificateKind.MUNICIPAL, signatory=SIGNATORY
    )
    login(client, municipal_user(Role.MUNICIPAL_SECRETARY, name="Краснодар"))
    response = client.post(reverse("certificates-issue", args=[krasnodar.pk]), issue_data("municipal"))
    assert response.status_code == 302
    register = client.get(reverse("certificate-register")).content.decode()
    assert "ООО «Кубань-Металл»" in register
    assert "ООО «Сочи-Энерго»" not in register
    sochi_paper = Certificate.objects.get(award__decision=sochi)
    assert client.get(reverse("certificate-pdf", args=[sochi_paper.pk])).status_code == 404
    # Issuing again numbers nothing new.
    client.post(reverse("certificates-issue", args=[krasnodar.pk]), issue_data("municipal"))
    assert Certificate.objects.filter(award__decision=krasnodar).count() == 2


def test_staff_print_the_draft_resolution(client, decided):
    login(client, UserFactory(role=Role.STAFF))
    response = client.get(reverse("decision-resolution-pdf", args=[decided["regional"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "О награждении победителей" in pdf_text(response.content)


def test_register_query_count_does_not_grow(client, decided):
    staff = UserFactory(role=Role.STAFF)
    login(client, staff)
    awards.issue_certificates(
        decided["municipal"]["Сочи"], actor=staff, kind=CertificateKind.MUNICIPAL, signatory=SIGNATORY
    )
    counts = []
    for decision in (decided["regional"], None):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("certificate-register")).status_code == 200
        counts.append(len(captured))
        if decision is not None:
            awards.issue_certificates(decision, actor=staff, kind=CertificateKind.DIPLOMA, signatory=SIGNATORY)
    assert Certificate.objects.count() > 5
    assert counts[0] == counts[1]


# ---------------------------------------------------------------------------------------------------------------------
# Public results (п. 6.2)


def test_nothing_is_public_before_the_regional_decision(client, contest):
    participant(contest, "113", "Кубань-Металл")
    forward(contest, "Краснодар")  # a municipal decision alone publishes nothing
    response = client.get(reverse("public-results"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="results-not-published"' in content
    assert "Кубань-Металл" not in content
    assert client.get(reverse("public-results-year", args=[contest.year])).status_code == 404
    assert client.get(reverse("press-release", args=[contest.year])).status_code == 404


def test_public_results_and_press_release_after_the_decision(client, decided, contest):
    response = client.get(reverse("public-results"))
    content = response.content.decode()
    assert response.context["contest"] == contest
    regional_names = [a.participation.organization.full_name for a in response.context["regional"]]
    assert regional_names[0] == "ООО «Кубань-Металл»"
    top = response.context["regional"][0].nomination
    assert [a.place for a in response.context["regional"] if a.nomination == top] == [1, 2, 3]
    assert "Три лучшие организации среднего и крупного бизнеса в крае" in content
    assert content.count('data-testid="public-municipal-winner"') == 4  # Krasnodar ×2, Sochi, Novorossiysk
    assert "ООО «Отстающая»" not in content  # not a winner: not published
    assert "3-к" in content
    release = client.get(reverse("press-release", args=[contest.year]))
    text = release.content.decode()
    assert (
        "Подведены итоги краевого смотра-конкурса на лучшую организацию работы в области охраны труда в 2011 году"
        in text
    )
    assert "муниципальные образования края (их 3); победителей — 4" in text
    assert "ООО «Новоросстрой»" in text
    assert client.get(reverse("press-release", args=[1999])).status_code == 404


def test_public_results_show_the_municipal_winners_by_whole_municipalities_a_page_at_a_time(
    client, decided, contest, monkeypatch
):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    pages = [client.get(reverse("public-results"), {"page": n}) for n in (1, 2)]

    shown = [[(str(town), len(awards)) for town, awards in page.context["by_municipality"]] for page in pages]
    assert sum(count for page in shown for _town, count in page) == 4  # every winner once, no town cut in two
    assert shown[0][0] == ("Краснодар", 2)
    assert 'href="?page=2"' in pages[0].content.decode()
    release = client.get(reverse("press-release", args=[contest.year])).content.decode()
    assert "ООО «Новоросстрой»" in release  # the printable release keeps every winner


def test_public_results_query_count_does_not_grow(client, decided, contest):
    counts = []
    for town in (None, "Анапа"):
        if town:  # one more municipality with its winner: staff reopen the regional decision, the krai decides again
            decisions.void_decision(decided["regional"], actor=UserFactory(role=Role.STAFF), reason="Анапа опоздала")
            participant(contest, "98", "Анапа-Строй", town=town, sector="construction")
            forward(contest, town)
            decisions.propose_regional_winners(contest, actor=UserFactory(role=Role.REGIONAL_MEMBER))
            decisions.record_regional_decision(
                contest, actor=UserFactory(role=Role.REGIONAL_SECRETARY), number="4-к", day=timezone.localdate()
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("public-results"))
        counts.append((len(captured), sum(len(awards) for _, awards in response.context["by_municipality"])))
    assert counts[1][1] == counts[0][1] + 1
    assert counts[0][0] == counts[1][0]


def test_public_results_count_the_winners_of_each_municipality_in_the_database_in_the_order_shown(decided, contest):
    winners, counts = selectors.public_municipal_winners(contest)

    towns = {m.pk: m.name for m in Municipality.objects.filter(pk__in=[pk for pk, _ in counts])}
    listed = [award.participation.organization.municipality_id for award in winners]
    assert sorted((towns[pk], n) for pk, n in counts) == [("Краснодар", 2), ("Новороссийск", 1), ("Сочи", 1)]
    assert [pk for pk, _ in counts] == list(dict.fromkeys(listed))  # the pages follow the list's order
    assert [n for _, n in counts] == [listed.count(pk) for pk, _ in counts]
