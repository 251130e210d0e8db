"""Best practice: who may act on a report (the addresses × people are in tests/test_permission_matrix.py). Someone else's object answers 404; anonymous users are sent to
log in, except for the public library and a survey's answer link."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from contest.enums import Role
from practices.models import PracticeMaterial, PracticeReport, Survey, SurveyAnswer
from practices.services import reports as services
from practices.services import surveys
from tests.factories import OrganizationFactory, UserFactory, municipal_user, municipality

from .helpers import current_quarter, district, draft, pdf, png, recommended, representative, submitted

pytestmark = pytest.mark.django_db


@dataclass
class World:
    users: dict
    report: PracticeReport  # filed by the owner, Krasnodar
    draft: PracticeReport  # the owner's draft
    material: PracticeMaterial  # of the filed report
    published: PracticeReport  # another Krasnodar organization's, in the library
    public_material: PracticeMaterial
    private_material: PracticeMaterial
    survey: Survey
    answer: SurveyAnswer


@pytest.fixture
def world() -> World:
    owner = representative()
    report = draft(owner)
    material = services.add_material(report, actor=owner, uploaded=pdf())
    services.submit_report(report, actor=owner)
    own_draft = draft(owner, title="Черновик")

    publisher = representative()
    published = draft(publisher, title="Опубликованный опыт")
    public_material = services.add_material(published, actor=publisher, uploaded=png(), public=True)
    private_material = services.add_material(published, actor=publisher, uploaded=pdf(), public=False)
    services.submit_report(published, actor=publisher)
    services.recommend_report(published, actor=district())

    survey = surveys.start_survey(owner.organization, actor=owner, kind="proposals", title="Предложения")
    answer = surveys.answer_survey(survey, proposal="Разметить проходы")
    users = {
        "anonymous": None,
        "owner": owner,
        "other_org": representative(),
        "sochi_org": representative(OrganizationFactory(municipality=municipality("Сочи"))),
        "district": district(),
        "district_sochi": district("Сочи"),
        "labour_office": municipal_user(Role.LABOUR_OFFICE),
        "commission": municipal_user(Role.MUNICIPAL_MEMBER),
        "regional": UserFactory(role=Role.REGIONAL_MEMBER),
        "staff": UserFactory(role=Role.STAFF),
    }
    return World(users, report, own_draft, material, published, public_material, private_material, survey, answer)


USERS = [
    "anonymous",
    "owner",
    "other_org",
    "sochi_org",
    "district",
    "district_sochi",
    "labour_office",
    "commission",
    "regional",
    "staff",
]

LOGIN = "login"  # a redirect to the login page


def row(**expected) -> dict:
    """Expected status per user; `others` is the default for users not named."""
    others = expected.pop("others")
    return {user: expected.get(user, others) for user in USERS}


def _status(client, world, user_key, response) -> object:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return response.status_code


# POST actions of the organization: only the owner gets through (a redirect); everyone else 404, anonymous to login.
ORGANIZATION_POSTS = [
    ("practices:report-submit", lambda w: [w.draft.pk], {}),
    ("practices:report-delete", lambda w: [w.draft.pk], {}),
    ("practices:report-publication", lambda w: [w.report.pk], {"allowed": "0"}),
    ("practices:material-add", lambda w: [w.draft.pk], {"url": "https://video.example.ru/1"}),
    ("practices:material-delete", lambda w: [w.material.pk], {}),
    ("practices:survey-toggle", lambda w: [w.survey.pk], {"open": "0"}),
    ("practices:answer-report", lambda w: [w.answer.pk], {}),
]


@pytest.mark.parametrize(("name", "args", "data"), ORGANIZATION_POSTS, ids=[p[0] for p in ORGANIZATION_POSTS])
def test_organization_actions_go_through_for_the_owner(client, world, name, args, data):
    client.force_login(world.users["owner"])
    response = client.post(reverse(name, args=args(world)), data)
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("user_key", "expected"),
    [
        ("anonymous", LOGIN),
        ("owner", 404),
        ("other_org", 404),
        ("district_sochi", 404),
        ("labour_office", 404),
        ("commission", 404),
        ("regional", 404),
        ("district", 302),
        ("staff", 302),
    ],
)
def test_review_only_by_the_district_of_the_municipality_or_staff(client, world, user_key, expected):
    user = world.users[user_key]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("practices:report-review", args=[world.report.pk]), {"action": "accept"})
    assert _status(client, world, user_key, response) == expected
    state = PracticeReport.objects.get(pk=world.report.pk).state
    assert state == ("accepted" if expected == 302 else "submitted")


def test_nothing_new_is_the_organizations_own(client, world):
    for user_key in ("district", "staff", "labour_office"):
        client.force_login(world.users[user_key])
        response = client.post(reverse("practices:nothing-new"), {"quarter": current_quarter().key})
        assert response.status_code == 404
    client.logout()
    response = client.post(reverse("practices:nothing-new"), {"quarter": current_quarter().key})
    assert response["Location"].startswith(reverse("login"))


def test_a_representative_not_linked_to_an_organization_sees_no_practice_pages(client):
    client.force_login(UserFactory(role=Role.ORGANIZATION))
    for name in ("practices:index", "practices:report-new", "practices:surveys"):
        assert client.get(reverse(name)).status_code == 404


def test_district_lists_show_only_their_municipality(client, world):
    sochi_report = submitted(world.users["sochi_org"])
    client.force_login(world.users["district"])
    rows = client.get(reverse("practices:review")).context["rows"]
    assert {r.pk for r in rows} == {world.report.pk, world.published.pk}
    client.force_login(world.users["district_sochi"])
    assert [r.pk for r in client.get(reverse("practices:review")).context["rows"]] == [sochi_report.pk]
    assert client.get(reverse("practices:report", args=[world.report.pk])).status_code == 404
    client.force_login(world.users["staff"])
    rows = client.get(reverse("practices:review")).context["rows"]
    assert {r.pk for r in rows} == {world.report.pk, world.published.pk, sochi_report.pk}


def test_drafts_are_not_in_the_districts_list(client, world):
    client.force_login(world.users["district"])
    rows = client.get(reverse("practices:review")).context["rows"]
    assert world.draft.pk not in {r.pk for r in rows}


def test_the_library_shows_only_recommended_reports_the_organization_allowed_to_publish(client):
    shown = recommended(title="Видно всем")
    recommended(title="Не разрешено", publication_allowed=False)
    submitted(title="Только представлен")
    accepted = submitted(title="Только принят")
    services.accept_report(accepted, actor=district())
    titles = [r.title for r in client.get(reverse("practices:library")).context["page"]]
    assert titles == [shown.title]
