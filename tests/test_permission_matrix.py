"""One permission matrix over every URL name of the portal: each row is an address (with a real object where it takes
one) and a method; it names who gets which status, everyone else gets the default — 404 for a page or an object that
is not theirs, a redirect to the login page for an anonymous visitor. A test asserts that the matrix misses no URL
name. A POST changes the database only for the people its row means to act: a refused one (403, 404, 405, to the
login page) changes no row and leaves nothing to do after commit (no letter).

The world is built once per module, through the services, inside a transaction rolled back after the last test; each
request runs in a savepoint of its own. Two contests: last year's, decided at both stages with certificates (its
results public), and the current one under way — stage 1 in Краснодар, Сочи ready for its municipal decision,
Новороссийск's winner forwarded and proposed — so that every action can succeed for those allowed to take it. The
people are those of tests/people.py. WeasyPrint's layout is stubbed (speed; the templates still render). Rows marked
«DESIGN says …» encode today's behaviour where it differs from DESIGN.md («People and what they may see»).
"""

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import scoring
from contest import rankings
from contest.editions import KRASNODAR_2011
from contest.enums import CertificateKind, DocumentKind, Role
from contest.forms.results import tie_prefix
from contest.models import (
    Application,
    Approval,
    Attachment,
    Award,
    Certificate,
    Contest,
    Decision,
    DocumentJob,
    DocumentRequest,
    InfoCard,
    Membership,
    MethodMaterial,
    Organization,
    OrganizationJoinRequest,
    Participation,
    User,
)
from contest.services import awards, decisions, review
from contest.services import documents as job_services
from contest.services import materials as material_services
from contest.services import participation as participation_services
from contest.services.contests import create_contest_from_edition
from core import notifications
from core.enums import LetterStatus
from core.models import Letter, Notification
from outreach.imports import EmployerList
from outreach.imports import Row as EmployerRow
from outreach.models import Announcement, EmployerContact, FaqEntry, OptOut, Question
from outreach.services import announcements as announcement_services
from outreach.services import employers as employer_services
from outreach.services import questions as question_services
from practices.models import (
    EventMaterial,
    EventRegistration,
    ExplanatoryEvent,
    NothingNewStatement,
    PracticeMaterial,
    PracticeReport,
    Survey,
)
from practices.services import events as event_services
from practices.services import reports as report_services
from practices.services import surveys as survey_services
from tests.contest.helpers import (
    card_submitted,
    in_approval,
    organization_in,
    pdf,
    registered,
    reload,
    started,
    submitted,
    under_review,
)
from tests.contest.test_results_services import participant
from tests.factories import municipal_user, municipality, open_contest
from tests.people import (
    APPROVERS_KRD,
    COMMISSION_KRD,
    COMMISSION_SOCHI,
    EVERYONE,
    PEOPLE,
    REGIONAL_COMMISSION,
    STAFF,
    make_people,
)
from tests.practices import helpers as practice
from tests.practices.event_helpers import fields as event_fields
from tests.practices.event_helpers import moved_to_past
from tests.practices.test_events import form as event_form
from tests.practices.test_views import form_data as report_form

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the login page with ?next=
GET, POST = "get", "post"
REFUSED = {403, 404, 405, LOGIN}

# Django's own account views (django.contrib.auth.urls), left out of the matrix. Its password_reset is shadowed by the
# portal's own (config/urls.py: rate-limited), which comes first and is in the matrix.
DJANGO_AUTH_VIEWS = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
EXCLUDED_NAMESPACES = {"admin"}


# ---------------------------------------------------------------------------------------------------------------------
# The world


@dataclass
class World:
    """Real objects for every address that takes an id, and the people with a signed-in session each."""

    people: dict[str, User | None]
    objects: dict[str, Any]
    sessions: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]


def past_contest() -> Contest:
    """Last year's edition: both stages decided, certificates issued, results public. Its deadlines are open while
    the world is built (the services check them), as they were while it ran."""
    today = timezone.localdate()
    edition = dataclasses.replace(
        KRASNODAR_2011,
        key="krasnodar-2010",
        year=2010,
        title="Смотр-конкурс на лучшую организацию работы в области охраны труда в 2010 году",
        card_deadline=today + timedelta(days=60),
        forwarding_deadline=today + timedelta(days=80),
    )
    return create_contest_from_edition(edition)


SIGNATORY = awards.Signatory("Глава администрации (губернатор) Краснодарского края", "А. Н. Ткачёв")


def build_world() -> World:
    objects: dict[str, Any] = {}
    today = timezone.localdate()

    # --- last year: the own organization won both stages in Краснодар ------------------------------------------------
    past = past_contest()
    winner = participant(past, "113", "Кубань-Металл")
    own = winner.organization
    participant(past, "103", "Малая Кубань", small=True)  # a second municipal prize place, still without its paper
    sochi_winner = participant(past, "108", "Сочи-Энерго", town="Сочи")
    people = make_people(
        own=own,
        neighbour=organization_in(past, "Краснодар", "transport", full_name="ООО «Соседи»", short_name="ООО «Соседи»"),
        distant=sochi_winner.organization,
    )
    objects["decision_krd"] = decisions.record_municipal_decision(
        past,
        municipality_id=municipality("Краснодар").pk,
        actor=people["secretary_krd"],
        number="1",
        day=today,
        scan=pdf("протокол.pdf"),
    )
    decisions.record_municipal_decision(
        past, municipality_id=municipality("Сочи").pk, actor=people["secretary_sochi"], number="2", day=today
    )
    decisions.propose_regional_winners(past, actor=people["regional_member"])
    objects["decision_region"] = decisions.record_regional_decision(
        past, actor=people["regional_secretary"], number="3-к", day=today
    )
    municipal_award = Award.objects.get(decision=objects["decision_krd"], participation=winner)
    [objects["certificate_municipal"]] = awards.issue_certificates(
        objects["decision_krd"],
        actor=people["secretary_krd"],
        kind=CertificateKind.MUNICIPAL,
        signatory=SIGNATORY,
        places=awards.PLACES_ONE,
        award_id=municipal_award.pk,
    )
    regional = awards.issue_certificates(
        objects["decision_region"],
        actor=people["regional_secretary"],
        kind=CertificateKind.HONORARY,
        signatory=SIGNATORY,
        places=awards.PLACES_FIRST,
    )
    objects["certificate_regional"] = next(c for c in regional if c.award.participation_id == winner.pk)
    objects["past_winner"] = reload(winner)

    # --- this year (the current contest), Краснодар: stage 1 under way -----------------------------------------------
    contest = open_contest()
    objects["contest"] = contest
    member = people["member_krd"]
    # The own organization: the commission asked it for documents.
    mine, _ = under_review(contest, own)
    objects["document_request"] = review.request_documents(
        mine, actor=member, message="Копии актов о выдаче СИЗ", due_date=today + timedelta(days=5)
    )
    objects["mine"] = reload(mine)
    objects["attachment"] = mine.attachments.get()
    draft, draft_owner = started(contest, organization_in(contest, "Краснодар", "energy"))
    objects["draft_attachment"] = participation_services.add_attachment(
        draft, actor=draft_owner, kind="supporting", uploaded=pdf("справка.pdf")
    )
    objects["draft"] = draft
    objects["registered"], _ = registered(contest, organization_in(contest, "Краснодар", "energy"))
    objects["submitted"], _ = submitted(contest, organization_in(contest, "Краснодар", "energy"))
    objects["in_approval"], _ = in_approval(contest, organization_in(contest, "Краснодар", "energy"))
    objects["card_submitted"], _ = card_submitted(contest, organization_in(contest, "Краснодар", "energy"))
    checked, _ = under_review(contest, organization_in(contest, "Краснодар", "agriculture"))
    objects["commission_file"] = participation_services.add_commission_attachment(
        checked, actor=people["office_krd"], kind="signed_card", uploaded=pdf("карта.pdf")
    )
    objects["under_review"] = reload(checked)
    excluded, _ = under_review(contest, organization_in(contest, "Краснодар", "healthcare"))
    objects["excluded"] = review.exclude(excluded, actor=member, reason="Смертельный случай (п. 4.9)")
    # Two verified cards with equal totals at the first place of their group: the secretary orders them (R9).
    tied = [participant(contest, "98", name, sector="construction") for name in ("Альфа", "Бета")]
    [objects["tie"]] = [g for g in rankings.municipal_groups(contest, municipality("Краснодар").pk) if g.tied_at_prize]
    assert {p.pk for p in objects["tie"].tied_at_prize} == {p.pk for p in tied}

    # Сочи: every card verified, the municipal decision may be recorded.
    participant(contest, "98", "Сочи-Готово", town="Сочи")
    # Новороссийск decided: its winner is forwarded, and the regional commission proposed the winners.
    forwarded = participant(contest, "103", "Новоросстрой", town="Новороссийск", sector="construction")
    decisions.record_municipal_decision(
        contest,
        municipality_id=municipality("Новороссийск").pk,
        actor=municipal_user(Role.MUNICIPAL_SECRETARY, name="Новороссийск"),
        number="4",
        day=today,
    )
    decisions.propose_regional_winners(contest, actor=people["regional_member"])
    objects["forwarded"] = reload(forwarded)
    objects["nomination_group"] = rankings.nomination_groups(contest)[0]

    # --- requests to represent an organization ---------------------------------------------------------------------
    objects["join_request"] = OrganizationJoinRequest.objects.create(user=people["newcomer"], organization=own)

    # --- best practice of the own organization -----------------------------------------------------------------------
    rep = people["rep_own"]
    objects["draft_report"] = practice.draft(rep, title="Черновик")
    objects["draft_material"] = report_services.add_material(objects["draft_report"], actor=rep, uploaded=pdf())
    filed = practice.draft(rep, title="Представленный опыт")
    objects["filed_material"] = report_services.add_material(filed, actor=rep, uploaded=practice.pdf())
    objects["filed_report"] = report_services.submit_report(filed, actor=rep)
    published = practice.draft(rep, title="Опубликованный опыт")
    objects["public_material"] = report_services.add_material(
        published, actor=rep, uploaded=practice.png(), public=True
    )
    objects["private_material"] = report_services.add_material(
        published, actor=rep, uploaded=practice.pdf(), public=False
    )
    report_services.submit_report(published, actor=rep)
    objects["published_report"] = report_services.recommend_report(published, actor=people["district_krd"])
    objects["survey"] = survey_services.start_survey(own, actor=rep, kind="proposals", title="Предложения")
    objects["answer"] = survey_services.answer_survey(objects["survey"], proposal="Разметить проходы")
    objects["quarter"] = practice.current_quarter()

    # --- explanatory events: Краснодар's upcoming one (the own organization registered), a held region-wide one -----
    objects["event_krd"] = event_services.announce_event(
        municipality("Краснодар"), actor=people["district_krd"], notify_people=False, **event_fields()
    )
    event_services.register_participants(
        objects["event_krd"], actor=rep, organization=own, participants="Иванова Мария, экономист"
    )
    objects["event_past"] = moved_to_past(
        event_services.announce_event(None, actor=people["staff"], notify_people=False, **event_fields(topic="Краевой"))
    )
    objects["event_material"] = event_services.add_event_material(
        objects["event_past"], actor=people["staff"], uploaded=pdf("слайды.pdf")
    )

    # --- questions of the own organization to Краснодар's commission, and a visitor's (outreach) --------------------
    def own_question(subject: str, **kwargs):
        return question_services.ask_question(
            own, actor=rep, topic="participation", subject=subject, text="Какие документы приложить?", **kwargs
        )

    objects["question_waiting"] = own_question("Ждёт ответа", uploaded=pdf("вопрос.pdf"))
    objects["question_file"] = objects["question_waiting"].messages.get()
    objects["question_answered"] = own_question("Отвечен")
    question_services.answer(objects["question_answered"], actor=member, text="Акты выдачи СИЗ.")
    objects["question_published"] = own_question("Опубликован")
    question_services.answer(objects["question_published"], actor=member, text="Акты выдачи СИЗ.")
    question_services.publish(
        objects["question_published"], actor=member, question_text="Какие документы?", answer_text="Акты."
    )
    objects["visitor_question"] = question_services.ask_as_visitor(
        municipality("Краснодар"),
        name="Пётр Сидоров",
        email="petr@example.ru",
        topic="general",
        subject="Можно ли участвовать ИП",
        text="Можно?",
        uploaded=pdf("вопрос.pdf"),
    )
    objects["visitor_file"] = objects["visitor_question"].messages.get()
    objects["visitor_token"] = question_services.visitor_token(objects["visitor_question"])

    # --- announcements: the region's (staff), Краснодар's with its Положение, a draft; an uploaded address --------------
    region_announcement = announcement_services.new_announcement(contest, None)
    objects["announcement_region"] = announcement_services.save_announcement(
        region_announcement, actor=people["staff"], publish=True
    )
    objects["announcement_krd"] = announcement_services.save_announcement(
        announcement_services.new_announcement(contest, municipality("Краснодар")),
        actor=member,
        document=pdf("Положение.pdf"),
        publish=True,
    )
    objects["announcement_draft"] = announcement_services.save_announcement(
        announcement_services.new_announcement(contest, municipality("Краснодар")), actor=member
    )
    employer_services.save_list(
        municipality("Краснодар"),
        EmployerList(rows=[EmployerRow(2, "ООО «Ромашка»", "romashka@example.ru", "")]),
        actor=member,
    )
    objects["employer_contact"] = EmployerContact.objects.get(email="romashka@example.ru")
    objects["unsubscribe_token"] = announcement_services.unsubscribe_token("romashka@example.ru")
    # --- methodological materials (п. 3.4): the department's for the region, Краснодар's commission's --------------------
    objects["material_region"] = material_services.create_material(
        contest,
        actor=people["staff"],
        municipality=None,
        kind="sample_note",
        title="Образец аналитической записки",
        text="План записки",
        uploaded=pdf("образец.pdf"),
        publish=True,
    )
    objects["material_krd"] = material_services.create_material(
        contest,
        actor=member,
        municipality=municipality("Краснодар"),
        kind="card_howto",
        title="Как заполнить травматизм",
        text="Укажите 0, если случаев не было.",
        indicators=[contest.table.indicators[0].code],
        publish=True,
    )
    objects["material_krd_draft"] = material_services.create_material(
        contest,
        actor=member,
        municipality=municipality("Краснодар"),
        kind="document_list",
        title="Перечень документов (черновик)",
        uploaded=pdf("перечень.pdf"),
    )

    # --- a letter the mail server never took (the outbox gave it up) ------------------------------------------------
    objects["given_up_letter"] = Letter.objects.create(
        recipient="rep@example.ru", subject="Тема", body="Текст", status=LetterStatus.GIVEN_UP, attempts=30
    )

    # --- a document the worker prepared for Краснодар's secretary (all certificates of the decision) --------------------
    job, _ = job_services.request_job(
        people["secretary_krd"],
        kind=DocumentKind.CERTIFICATES,
        decision=objects["decision_krd"],
        title="Все грамоты решения",
        filename="gramoty.pdf",
    )
    job_services.claim(job, total=1)
    objects["document_job"] = job_services.finish(job, b"%PDF-1.4 stub")

    # --- notifications: everyone's read, one of the own representative's unread -----------------------------------
    Notification.objects.update(read_at=timezone.now())
    notifications.notify(
        [people["rep_own"]], subject="Тема", body="Текст", link=reverse("participation", args=[mine.pk])
    )
    objects["notification"] = Notification.objects.get(recipient=people["rep_own"], read_at__isnull=True)

    world = World(people=people, objects=objects)
    for key, user in people.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            world.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module in a transaction rolled back after its last test."""
    files = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("files"))
    files.enable()
    try:
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                yield build_world()
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
    finally:
        files.disable()


@pytest.fixture(scope="module", autouse=True)
def quick_pdf():
    """WeasyPrint's layout takes half a second a document, and a PDF row asks for one per viewer: here its last step
    returns a stub (the templates still render; tests/contest/test_documents.py and test_exports.py read real PDFs)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.4 stub")
        yield


@pytest.fixture(autouse=True)
def private_files(world):
    """The world's files stay where it stored them (replaces the suite's folder per test)."""
    return settings.MEDIA_ROOT


# ---------------------------------------------------------------------------------------------------------------------
# Rows: an address, a method, who gets which status


@dataclass(frozen=True)
class Row:
    """One address × method. `expect` maps a status to the people who get it; every other signed-in person gets
    `others`, an anonymous visitor `anonymous` (unless named in `expect`).

    A POST changes the database for the people in `changes` (by default those it redirects, 302) and for no one
    else: not for those refused, nor for those shown the form again or sent back with a message."""

    name: str
    method: str
    args: Callable[[World], list] = lambda world: []
    expect: dict[Any, frozenset[str]] = field(default_factory=dict)
    others: Any = 404
    anonymous: Any = LOGIN
    query: Callable[[World], str] = lambda world: ""
    data: Callable[[World], dict] = lambda world: {}
    changes: frozenset[str] | None = None
    label: str = ""

    def __post_init__(self):
        named = [person for people in self.expect.values() for person in people]
        assert len(named) == len(set(named)), f"{self.name}: a person named twice"
        assert set(named) <= EVERYONE, f"{self.name}: unknown people {set(named) - EVERYONE}"

    @property
    def id(self) -> str:
        return f"{self.name}[{self.method.upper()}{'; ' + self.label if self.label else ''}]"

    def expected(self, person: str) -> Any:
        for status, people in self.expect.items():
            if person in people:
                return status
        return self.anonymous if person == "anonymous" else self.others

    @property
    def acting(self) -> frozenset[str]:
        """Who changes something with this row's POST."""
        if self.method != POST:
            return frozenset()
        return self.changes if self.changes is not None else self.expect.get(302, frozenset())

    def url(self, world: World) -> str:
        return reverse(self.name, args=self.args(world)) + self.query(world)


def pk(key: str) -> Callable[[World], list]:
    return lambda world: [world[key].pk]


def town(name: str) -> Callable[[World], str]:
    return lambda world: f"?municipality={municipality(name).pk}"


def people(*groups) -> frozenset[str]:
    """People and groups of people as one set: people("rep_own", COMMISSION_KRD)."""
    return frozenset(p for group in groups for p in ([group] if isinstance(group, str) else group))


def get_only(name: str, args=lambda world: []) -> Row:
    """A POST-only action asked for with GET: 405 for everyone signed in."""
    return Row(name, GET, args, others=405, label="POST only")


def scan() -> SimpleUploadedFile:
    return pdf("протокол.pdf")


def tie_order(world: World) -> dict:
    """The municipal tie form filled: the tied participants in reverse order, with the reason."""
    group = world["tie"]
    prefix = tie_prefix(group.key)
    data = {"group": group.key, f"{prefix}-mode": "order", f"{prefix}-reason": "Протокол № 4: меньше травм"}
    for place, participation in enumerate(reversed(group.tied_at_prize), start=1):
        data[f"{prefix}-place_{participation.pk}"] = str(place)
    return data


def table_document(world: World) -> SimpleUploadedFile:
    """The current contest's table with another title: a changed document, kept as the next version."""
    table = dataclasses.replace(world["contest"].table, title="Таблица следующего года")
    return SimpleUploadedFile("table.json", scoring.write_table(table).encode(), content_type="application/json")


def editor_form(world: World, number: int | None = None) -> dict:
    """The editor's form of the current contest's table as the page renders it, with a changed title: a change
    kept as the next version."""
    from contest.forms.table_editor import IndicatorForm, TableTextsForm
    from contest.services.tables import document_of

    document = document_of(world["contest"].point_table)
    form = (
        TableTextsForm(document=document) if number is None else IndicatorForm(document=document, position=number - 1)
    )
    data = {}
    for bound in form:
        value = bound.value()
        if bound.widget_type != "checkbox":
            data[bound.html_name] = bound.field.widget.format_value(value) or ""
        elif value:
            data[bound.html_name] = "on"
    return data | {"title": "Изменённое наименование"}


def decision_form(world: World) -> dict:
    return {"number": "7", "day": timezone.localdate().isoformat(), "scan": scan(), "confirm": "on"}


def in_a_week(world: World) -> str:
    return (timezone.localdate() + timedelta(days=7)).isoformat()


PUBLIC = {"others": 200, "anonymous": 200}
KRD_VIEWERS = people(COMMISSION_KRD, STAFF)  # Краснодар's territorial commission with its labour office, and staff
PARTICIPATION_KRD = people("rep_own", COMMISSION_KRD, APPROVERS_KRD, STAFF)
DECISION_KRD = people(COMMISSION_KRD, REGIONAL_COMMISSION, STAFF)
REGIONAL = people(REGIONAL_COMMISSION, STAFF)
REPRESENTATIVES = people("rep_own", "rep_krd", "rep_sochi")
LABOUR_OFFICES = people("office_krd", "office_sochi")
DISTRICTS = people("district_krd", "district_sochi")
MATERIAL_KEEPERS = people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)  # the methodological materials (п. 3.4)

MATRIX = [
    # --- public pages --------------------------------------------------------------------------------------------------
    Row("home", GET, **PUBLIC),
    Row("scoring-rules", GET, **PUBLIC),
    Row("scoring-rules-table", GET, lambda w: ["krasnodar-2011"], **PUBLIC),
    Row("public-results", GET, **PUBLIC),
    Row("public-results-year", GET, lambda w: [2010], **PUBLIC),
    Row("public-results-year", GET, lambda w: [2011], others=404, anonymous=404, label="not decided yet"),
    Row("press-release", GET, lambda w: [2010], **PUBLIC),
    Row("certificate-check-form", GET, **PUBLIC),
    Row("certificate-check", GET, lambda w: [w["certificate_regional"].number], **PUBLIC),
    Row("certificate-check", GET, lambda w: ["2010-К-9999"], others=404, anonymous=404, label="not in the register"),
    Row("practices:library", GET, **PUBLIC),
    Row("practices:library-detail", GET, pk("published_report"), **PUBLIC),
    Row("practices:library-detail", GET, pk("filed_report"), others=404, anonymous=404, label="not published"),
    Row("practices:library-material", GET, pk("public_material"), **PUBLIC),
    Row("practices:library-material", GET, pk("private_material"), others=404, anonymous=404, label="not public"),
    Row("practices:survey-answer", GET, lambda w: [w["survey"].token], **PUBLIC),
    Row("practices:library-events", GET, **PUBLIC),
    Row("practices:library-event", GET, pk("event_past"), **PUBLIC),
    Row("practices:library-event", GET, pk("event_krd"), others=404, anonymous=404, label="not held yet"),
    Row("practices:library-event-material", GET, pk("event_material"), **PUBLIC),
    # The health check for a load balancer (core/health.py): everyone, GET only.
    Row("healthz", GET, **PUBLIC),
    Row("healthz", POST, others=405, anonymous=405),
    # A worker's answer needs no account.
    Row(
        "practices:survey-answer",
        POST,
        lambda w: [w["survey"].token],
        **PUBLIC,
        data=lambda w: {"proposal": "Поставить поручни на лестнице склада"},
        changes=EVERYONE,
    ),
    # --- accounts ------------------------------------------------------------------------------------------------------
    Row("signup", GET, expect={200: people("anonymous")}, others=302),  # signed in: to the start page
    Row("signup", POST, expect={200: people("anonymous")}, others=302),
    Row("signup-sent", GET, **PUBLIC),
    Row("signup-resend", GET, **PUBLIC),
    Row("signup-resend", POST, **PUBLIC),
    Row("signup-confirm", GET, lambda w: ["no-such-token"], **PUBLIC),  # «the link is not valid» and a resend form
    Row("password_reset", GET, **PUBLIC),
    Row("password_reset", POST, **PUBLIC),
    # --- the organization step and the profile ------------------------------------------------------------------------
    Row("organization-register", GET, expect={200: people("newcomer"), 302: REPRESENTATIVES}),
    Row("organization-register", POST, expect={200: people("newcomer"), 302: REPRESENTATIVES}, changes=frozenset()),
    # The newcomer's request is pending: back to the organization step.
    Row("organization-join", GET, expect={302: people("newcomer", REPRESENTATIVES)}),
    Row("organization-join", POST, expect={302: people("newcomer", REPRESENTATIVES)}, changes=frozenset()),
    Row("join-request-withdraw", POST, expect={302: people("newcomer")}),
    get_only("join-request-withdraw"),
    Row("organization-profile", GET, expect={200: REPRESENTATIVES, 302: people("newcomer")}),
    Row("organization-profile", POST, expect={200: REPRESENTATIVES, 302: people("newcomer")}, changes=frozenset()),
    Row("join-requests", GET, expect={200: people(REPRESENTATIVES, LABOUR_OFFICES, STAFF)}),
    Row(
        "join-request-decide",
        POST,
        pk("join_request"),
        expect={302: people("rep_own", STAFF)},
        data=lambda w: {"decision": "reject"},
    ),
    get_only("join-request-decide", pk("join_request")),
    # --- the organization's participation -----------------------------------------------------------------------------
    # DESIGN says staff see everything: the organization's own pages of this block answer 404 to staff, who read a
    # participation through the office and commission pages and its print forms.
    # The own organization takes part already (to its page); the others may start (a draft).
    Row(
        "participation-overview", GET, expect={302: people("rep_own"), 200: people("newcomer", "rep_krd", "rep_sochi")}
    ),
    Row("participation-start", POST, expect={302: REPRESENTATIVES}, changes=people("rep_krd", "rep_sochi")),
    get_only("participation-start"),
    Row("participation", GET, pk("mine"), expect={200: people("rep_own")}),
    Row("application-edit", GET, pk("mine"), expect={200: people("rep_own")}),
    Row("application-edit", POST, pk("mine"), expect={403: people("rep_own")}),  # filed: no longer editable
    Row("consent", GET, pk("mine"), expect={200: people("rep_own")}),
    Row(
        "consent",
        POST,
        pk("mine"),
        expect={302: people("rep_own")},
        data=lambda w: {"subject_name": "Иванова Мария Петровна"},
    ),
    Row("card-edit", GET, pk("mine"), expect={200: people("rep_own")}),
    Row("card-edit", POST, pk("mine"), expect={403: people("rep_own")}),  # under review: no longer editable
    Row("card-points", POST, pk("mine"), expect={200: people("rep_own")}),
    get_only("card-points", pk("mine")),
    # Under review: the autosave keeps nothing and says why; everyone else's card is 404.
    Row("card-autosave", POST, pk("mine"), expect={409: people("rep_own")}, data=lambda w: {"women_count": "1"}),
    get_only("card-autosave", pk("mine")),
    # Under review: submitted long ago, the page says so.
    Row("card-submit", POST, pk("mine"), expect={302: people("rep_own")}, changes=frozenset()),
    get_only("card-submit", pk("mine")),
    Row("attachments", GET, pk("mine"), expect={200: people("rep_own")}),
    Row(
        "attachments",
        POST,
        pk("mine"),
        expect={302: people("rep_own")},
        data=lambda w: {"kind": "supporting", "file": pdf("акт.pdf"), "comment": ""},
    ),
    # DESIGN says an approving body sees «cards of their municipality awaiting approval»: today it keeps seeing the
    # card it approved, its print forms and files, in every later state.
    Row("application-pdf", GET, pk("mine"), expect={200: PARTICIPATION_KRD}),
    Row("card-pdf", GET, pk("mine"), expect={200: PARTICIPATION_KRD}),
    Row("attachment-download", GET, pk("attachment"), expect={200: PARTICIPATION_KRD}),
    # A draft is not filed and stays the organization's own (the head's and the union chair's names, before the
    # organization gave its consent to their processing): not the municipality's commission; staff see everything.
    Row("application-pdf", GET, pk("draft"), expect={200: people(STAFF)}, label="draft"),
    Row("attachment-download", GET, pk("draft_attachment"), expect={200: people(STAFF)}, label="draft"),
    Row("attachment-delete", POST, pk("attachment"), expect={302: people("rep_own")}),
    get_only("attachment-delete", pk("attachment")),
    Row("document-answer", GET, lambda w: [w["mine"].pk, w["document_request"].pk], expect={200: people("rep_own")}),
    Row(
        "document-answer",
        POST,
        lambda w: [w["mine"].pk, w["document_request"].pk],
        expect={302: people("rep_own")},
        data=lambda w: {"answer": "Копии актов приложены"},
    ),
    # --- the labour office, the approving bodies, staff's deadlines ---------------------------------------------------
    Row("office-applications", GET, expect={200: people(LABOUR_OFFICES, STAFF)}),
    Row("office-application", GET, pk("submitted"), expect={200: people("office_krd", STAFF)}),
    Row("office-application", GET, pk("draft"), label="draft"),  # not filed: the organization's own
    Row(
        "office-application-register",
        POST,
        pk("submitted"),
        expect={302: people("office_krd", STAFF)},
        data=lambda w: {"number": "5"},
    ),
    get_only("office-application-register", pk("submitted")),
    Row(
        "office-application-return",
        POST,
        pk("submitted"),
        expect={302: people("office_krd", STAFF)},
        data=lambda w: {"reason": "Нет подписи руководителя"},
    ),
    get_only("office-application-return", pk("submitted")),
    Row("approvals", GET, expect={200: people(APPROVERS_KRD, "inspectorate_sochi", STAFF)}),
    Row("approval", GET, pk("in_approval"), expect={200: people(APPROVERS_KRD, STAFF)}),
    # DESIGN says «cards of their municipality awaiting approval»: a card approved long ago stays open to the bodies.
    Row("approval", GET, pk("mine"), expect={200: people(APPROVERS_KRD, STAFF)}, label="approved long ago"),
    Row("approval", GET, pk("registered"), label="not sent for approval"),
    # Staff look at the cards; only the bodies decide (403: staff see the card).
    Row(
        "approval-decide",
        POST,
        pk("in_approval"),
        expect={302: APPROVERS_KRD, 403: STAFF},
        data=lambda w: {"decision": "approve"},
    ),
    get_only("approval-decide", pk("in_approval")),
    Row("staff-deadlines", GET, pk("contest"), expect={200: STAFF}),
    Row(
        "staff-deadlines",
        POST,
        pk("contest"),
        expect={302: STAFF},
        data=lambda w: {"kind": "forwarding", "new_date": "2099-01-01", "reason": "Паводок"},
    ),
    # --- staff set up next year's edition: point tables, a contest copied to a new year ------------------------------
    Row("scoring-rules-table", GET, lambda w: ["krasnodar-2011"], query=lambda w: "?version=1", **PUBLIC, label="v1"),
    Row("staff-tables", GET, expect={200: STAFF}),
    Row(
        "staff-table-upload",
        POST,
        expect={302: STAFF},
        data=lambda w: {"document": table_document(w), "note": "Новое наименование"},
    ),
    get_only("staff-table-upload"),
    Row("staff-table-keep", POST, lambda w: ["example-2026"], expect={302: STAFF}),
    get_only("staff-table-keep", lambda w: ["example-2026"]),
    Row("staff-table", GET, lambda w: [w["contest"].point_table_id], expect={200: STAFF}),
    Row("staff-table", GET, lambda w: [999999], label="unknown"),
    # The current contest's cards are scored: its table is locked, staff are sent back with the reason.
    Row(
        "staff-table-choose",
        POST,
        lambda w: [w["contest"].point_table_id],
        expect={302: STAFF},
        data=lambda w: {"contest": w["contest"].pk},
        changes=frozenset(),
    ),
    get_only("staff-table-choose", lambda w: [w["contest"].point_table_id]),
    Row("staff-table-document", GET, lambda w: [w["contest"].point_table_id], expect={200: STAFF}),
    Row("staff-table-edit", GET, lambda w: [w["contest"].point_table_id], expect={200: STAFF}),
    Row("staff-table-edit", POST, lambda w: [w["contest"].point_table_id], expect={302: STAFF}, data=editor_form),
    Row("staff-table-indicator", GET, lambda w: [w["contest"].point_table_id, 1], expect={200: STAFF}),
    Row(
        "staff-table-indicator",
        POST,
        lambda w: [w["contest"].point_table_id, 1],
        expect={302: STAFF},
        data=lambda w: editor_form(w, 1),
    ),
    Row("staff-table-indicator", GET, lambda w: [w["contest"].point_table_id, 99], label="unknown indicator"),
    Row("staff-contest-copy", GET, pk("contest"), expect={200: STAFF}),
    Row(
        "staff-contest-copy",
        POST,
        pk("contest"),
        expect={302: STAFF},
        data=lambda w: {
            "year": "2030",
            "title": "Смотр-конкурс 2030 года",
            "point_table": w["contest"].point_table_id,
            "application_deadline": "",
            "card_deadline": "2031-02-01",
            "forwarding_deadline": "2031-02-20",
            "confirm": "on",
        },
    ),
    # --- the territorial commission -----------------------------------------------------------------------------------
    Row("commission-cards", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    # Сочи's commission is sent back to its list: Краснодар's card is not among its cards (nothing changes).
    Row(
        "commission-bulk",
        POST,
        expect={302: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)},
        data=lambda w: {"action": "start", "ids": [w["card_submitted"].pk]},
        changes=people(COMMISSION_KRD, STAFF),
    ),
    get_only("commission-bulk"),
    Row("commission-card", GET, pk("under_review"), expect={200: KRD_VIEWERS}),
    Row("commission-card", GET, pk("registered"), label="card not submitted"),
    Row("commission-start", POST, pk("card_submitted"), expect={302: KRD_VIEWERS}),
    get_only("commission-start", pk("card_submitted")),
    Row(
        "commission-correct",
        POST,
        pk("under_review"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"key": "ppe_pct", "value": "96", "reason": "Акт проверки"},
    ),
    get_only("commission-correct", pk("under_review")),
    Row(
        "commission-request-documents",
        POST,
        pk("under_review"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"message": "Копии актов", "due_date": in_a_week(w)},
    ),
    get_only("commission-request-documents", pk("under_review")),
    Row("commission-verify", POST, pk("under_review"), expect={302: KRD_VIEWERS}),
    get_only("commission-verify", pk("under_review")),
    Row(
        "commission-exclude",
        POST,
        pk("under_review"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"reason": "Смертельный случай", "confirm": "on"},
    ),
    get_only("commission-exclude", pk("under_review")),
    Row(
        "commission-disqualify",
        POST,
        pk("under_review"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"reason": "Недостоверные сведения", "confirm": "on"},
    ),
    get_only("commission-disqualify", pk("under_review")),
    Row(
        "commission-reinstate",
        POST,
        pk("excluded"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"reason": "Акт расследования пересмотрен"},
    ),
    get_only("commission-reinstate", pk("excluded")),
    Row(
        "commission-attach",
        POST,
        pk("under_review"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"kind": "signed_card", "file": pdf("карта.pdf")},
    ),
    get_only("commission-attach", pk("under_review")),
    Row(
        "commission-attachment-delete",
        POST,
        lambda w: [w["under_review"].pk, w["commission_file"].pk],
        expect={302: KRD_VIEWERS},
    ),
    get_only("commission-attachment-delete", lambda w: [w["under_review"].pk, w["commission_file"].pk]),
    Row(
        "commission-attachment-delete",
        POST,
        lambda w: [w["under_review"].pk, w["attachment"].pk],
        label="another card's file",
    ),
    # --- the overview in figures: the region for staff and the regional commission, the own municipality otherwise --
    Row("dashboard", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, REGIONAL_COMMISSION, STAFF)}),
    Row(
        "dashboard",
        GET,
        query=town("Краснодар"),
        expect={200: people(COMMISSION_KRD, REGIONAL_COMMISSION, STAFF)},
        label="one municipality",
    ),
    # --- results of both stages ---------------------------------------------------------------------------------------
    Row("municipal-results", GET, query=town("Краснодар"), expect={200: KRD_VIEWERS}),
    # Members and the labour office see the results but do not decide (403).
    Row(
        "municipal-tie",
        POST,
        query=town("Краснодар"),
        expect={302: people("secretary_krd", STAFF), 403: people("office_krd", "member_krd")},
        data=tie_order,
    ),
    get_only("municipal-tie"),
    Row(
        "municipal-decision",
        POST,
        query=town("Сочи"),
        expect={302: people("secretary_sochi", STAFF), 403: people("office_sochi", "member_sochi")},
        data=decision_form,
    ),
    get_only("municipal-decision"),
    Row("decision-file", GET, pk("decision_krd"), expect={200: DECISION_KRD}),
    Row("regional-participants", GET, expect={200: REGIONAL}),
    Row("regional-participant", GET, pk("forwarded"), expect={200: REGIONAL}),
    Row("regional-participant", GET, pk("under_review"), label="not forwarded"),
    Row("regional-results", GET, expect={200: REGIONAL}),
    # A group without a tie: the form says what is missing.
    Row("regional-tie", POST, expect={200: REGIONAL}, data=lambda w: {"group": w["nomination_group"].key}),
    get_only("regional-tie"),
    Row("regional-propose", POST, expect={302: REGIONAL}),
    get_only("regional-propose"),
    Row(
        "regional-decision",
        POST,
        expect={302: people("regional_secretary", STAFF), 403: people("regional_member")},
        data=decision_form,
    ),
    get_only("regional-decision"),
    # --- papers of the decisions --------------------------------------------------------------------------------------
    Row("decision-documents", GET, pk("decision_krd"), expect={200: DECISION_KRD}),
    Row("decision-documents", GET, pk("decision_region"), expect={200: REGIONAL}, label="regional"),
    # Those who see the decision but do not issue its papers get 403.
    Row(
        "certificates-issue",
        POST,
        pk("decision_krd"),
        expect={
            302: people("secretary_krd", STAFF),
            403: people("office_krd", "member_krd", REGIONAL_COMMISSION),
        },
        data=lambda w: {
            "kind": "municipal",
            "municipal-places": awards.PLACES_ALL,
            "municipal-signatory_position": "Глава муниципального образования",
            "municipal-signatory_name": "В. Л. Евланов",
        },
    ),
    get_only("certificates-issue", pk("decision_krd")),
    Row(
        "decision-void",
        POST,
        pk("decision_region"),
        expect={302: STAFF, 403: REGIONAL_COMMISSION},
        data=lambda w: {"reason": "Ошибка в протоколе", "confirm": "on"},
    ),
    get_only("decision-void", pk("decision_region")),
    Row("decision-certificates-pdf", GET, pk("decision_krd"), expect={200: DECISION_KRD}),
    # «Подготовить»: a job for the worker (views.jobs), for whoever may download the document.
    Row("decision-certificates-pdf", POST, pk("decision_krd"), expect={302: DECISION_KRD}),
    # A participant of the decision reads its extract.
    Row("decision-protocol-pdf", GET, pk("decision_krd"), expect={200: people("rep_own", DECISION_KRD)}),
    # Each participant of the regional decision reads its own extract of it.
    Row(
        "decision-protocol-pdf",
        GET,
        pk("decision_region"),
        expect={200: people("rep_own", "rep_sochi", REGIONAL)},
        label="regional",
    ),
    # A participant gets its extract at once: its «Подготовить» leads back to it and asks for nothing.
    Row(
        "decision-protocol-pdf",
        POST,
        pk("decision_krd"),
        expect={302: people("rep_own", DECISION_KRD)},
        changes=DECISION_KRD,
    ),
    # The job and its file are the requester's alone.
    Row("document-job", GET, pk("document_job"), expect={200: people("secretary_krd")}),
    Row("document-job-status", GET, pk("document_job"), expect={200: people("secretary_krd")}),
    Row("document-job-download", GET, pk("document_job"), expect={200: people("secretary_krd")}),
    Row("decision-resolution-pdf", GET, pk("decision_region"), expect={200: REGIONAL}),
    Row("certificate-register", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, REGIONAL)}),
    Row("certificate-pdf", GET, pk("certificate_municipal"), expect={200: people("rep_own", DECISION_KRD)}),
    Row(
        "certificate-pdf", GET, pk("certificate_regional"), expect={200: people("rep_own", REGIONAL)}, label="regional"
    ),
    # --- data exchange ------------------------------------------------------------------------------------------------
    Row("export-commission-cards", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("export-participants", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("export-participants", POST, expect={302: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("export-municipal-results", GET, query=town("Краснодар"), expect={200: KRD_VIEWERS}),
    Row("export-regional-results", GET, expect={200: REGIONAL}),
    Row("export-forwarded", GET, expect={200: REGIONAL}),
    Row("export-applications", GET, expect={200: people(LABOUR_OFFICES, STAFF)}),
    # DESIGN says staff see everything: the paper-card template and import are a municipality's (404 to staff).
    Row("paper-cards-template", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI)}),
    Row("paper-cards-import", GET, expect={200: LABOUR_OFFICES}),
    Row("paper-cards-import", POST, expect={200: LABOUR_OFFICES}),
    # --- best practice: the organization ------------------------------------------------------------------------------
    Row("practices:index", GET, expect={200: REPRESENTATIVES}),
    Row("practices:report-new", GET, expect={200: REPRESENTATIVES}),
    Row("practices:report-new", POST, expect={302: REPRESENTATIVES}, data=lambda w: report_form()),
    Row(
        "practices:nothing-new",
        POST,
        expect={302: REPRESENTATIVES},
        data=lambda w: {"quarter": w["quarter"].key},
        changes=people("rep_krd", "rep_sochi"),  # the own organization filed a report this quarter: the page says so
    ),
    get_only("practices:nothing-new"),
    Row("practices:report", GET, pk("filed_report"), expect={200: people("rep_own", "district_krd", STAFF)}),
    # A draft is the organization's own until it is filed.
    Row("practices:report", GET, pk("draft_report"), expect={200: people("rep_own", STAFF)}, label="draft"),
    Row("practices:report-edit", GET, pk("draft_report"), expect={200: people("rep_own")}),
    Row(
        "practices:report-edit", POST, pk("draft_report"), expect={302: people("rep_own")}, data=lambda w: report_form()
    ),
    Row("practices:report-submit", POST, pk("draft_report"), expect={302: people("rep_own")}),
    get_only("practices:report-submit", pk("draft_report")),
    Row("practices:report-delete", POST, pk("draft_report"), expect={302: people("rep_own")}),
    get_only("practices:report-delete", pk("draft_report")),
    Row(
        "practices:report-publication",
        POST,
        pk("filed_report"),
        expect={302: people("rep_own")},
        data=lambda w: {"allowed": "0"},
    ),
    get_only("practices:report-publication", pk("filed_report")),
    Row(
        "practices:material-add",
        POST,
        pk("draft_report"),
        expect={302: people("rep_own")},
        data=lambda w: {"url": "https://video.example.ru/1"},
    ),
    get_only("practices:material-add", pk("draft_report")),
    Row("practices:material", GET, pk("filed_material"), expect={200: people("rep_own", "district_krd", STAFF)}),
    Row("practices:material", GET, pk("draft_material"), expect={200: people("rep_own", STAFF)}, label="draft"),
    Row("practices:material-delete", POST, pk("draft_material"), expect={302: people("rep_own")}),
    get_only("practices:material-delete", pk("draft_material")),
    # DESIGN says staff see everything: an organization's surveys of its workers answer 404 to staff.
    Row("practices:surveys", GET, expect={200: REPRESENTATIVES}),
    Row(
        "practices:surveys",
        POST,
        expect={302: REPRESENTATIVES},
        data=lambda w: {"kind": "proposals", "title": "Предложения по охране труда"},
    ),
    Row("practices:survey", GET, pk("survey"), expect={200: people("rep_own")}),
    Row(
        "practices:survey-toggle",
        POST,
        pk("survey"),
        expect={302: people("rep_own")},
        data=lambda w: {"open": "0"},
    ),
    get_only("practices:survey-toggle", pk("survey")),
    Row("practices:answer-report", POST, pk("answer"), expect={302: people("rep_own")}),
    get_only("practices:answer-report", pk("answer")),
    # --- best practice: the district administration -------------------------------------------------------------------
    Row("practices:review", GET, expect={200: people(DISTRICTS, STAFF)}),
    Row(
        "practices:report-review",
        POST,
        pk("filed_report"),
        expect={302: people("district_krd", STAFF)},
        data=lambda w: {"action": "accept"},
    ),
    get_only("practices:report-review", pk("filed_report")),
    Row("practices:summary-current", GET, expect={200: people(DISTRICTS, STAFF)}),
    Row(
        "practices:summary",
        GET,
        lambda w: [w["quarter"].year, w["quarter"].quarter],
        expect={200: people(DISTRICTS, STAFF)},
    ),
    # Staff choose the municipality; an administration always gets its own, whatever is asked for.
    Row(
        "practices:summary-xlsx",
        GET,
        lambda w: [w["quarter"].year, w["quarter"].quarter],
        query=town("Краснодар"),
        expect={200: people(DISTRICTS, STAFF)},
    ),
    # --- explanatory events: the administration of the municipality and staff organize, its organizations register ---
    Row("practices:events", GET, expect={200: people(REPRESENTATIVES, DISTRICTS, STAFF)}),
    Row("practices:event-new", GET, expect={200: people(DISTRICTS, STAFF)}),
    # Сочи's administration may not announce for Краснодар: the form again, with the choice marked.
    Row(
        "practices:event-new",
        POST,
        expect={302: people("district_krd", STAFF), 200: people("district_sochi")},
        data=lambda w: event_form(municipality=str(municipality("Краснодар").pk)),
    ),
    Row("practices:event", GET, pk("event_krd"), expect={200: people("rep_own", "rep_krd", "district_krd", STAFF)}),
    Row("practices:event", GET, pk("event_past"), expect={200: people(REPRESENTATIVES, STAFF)}, label="region-wide"),
    Row("practices:event-edit", GET, pk("event_krd"), expect={200: people("district_krd", STAFF)}),
    Row(
        "practices:event-edit",
        POST,
        pk("event_krd"),
        expect={302: people("district_krd", STAFF)},
        data=lambda w: event_form(topic="Изменённая тема"),
    ),
    Row(
        "practices:event-cancel",
        POST,
        pk("event_krd"),
        expect={302: people("district_krd", STAFF)},
        data=lambda w: {"reason": "Спикер заболел"},
    ),
    get_only("practices:event-cancel", pk("event_krd")),
    Row("practices:event-register", GET, pk("event_krd"), expect={302: people("rep_own", "rep_krd")}),
    Row(
        "practices:event-register",
        POST,
        pk("event_krd"),
        expect={302: people("rep_own", "rep_krd")},
        data=lambda w: {"participants": "Петров Иван, мастер"},
    ),
    # The neighbour has nothing to withdraw: back to the page with a message.
    Row(
        "practices:event-withdraw",
        POST,
        pk("event_krd"),
        expect={302: people("rep_own", "rep_krd")},
        changes=people("rep_own"),
    ),
    get_only("practices:event-withdraw", pk("event_krd")),
    Row("practices:event-materials", GET, pk("event_krd"), expect={200: people("district_krd", STAFF)}),
    Row(
        "practices:event-materials",
        POST,
        pk("event_past"),
        expect={302: STAFF},
        data=lambda w: {"url": "https://video.example.ru/zapis", "title": "Запись"},
    ),
    Row("practices:event-material-delete", POST, pk("event_material"), expect={302: STAFF}),
    get_only("practices:event-material-delete", pk("event_material")),
    Row("practices:event-registrations-xlsx", GET, pk("event_krd"), expect={200: people("district_krd", STAFF)}),
    # --- consultations of the territorial commission (outreach) ---------------------------------------------------------
    Row("outreach:faq", GET, **PUBLIC),
    Row("outreach:faq", GET, query=town("Краснодар"), **PUBLIC, label="by municipality"),
    Row("outreach:my-questions", GET, expect={200: REPRESENTATIVES}),
    Row("outreach:ask", GET, expect={200: REPRESENTATIVES}),
    Row(
        "outreach:ask",
        POST,
        expect={302: REPRESENTATIVES},
        data=lambda w: {"topic": "general", "subject": "Сроки", "text": "До какого числа карта?"},
    ),
    # Anyone asks as a visitor; a linked representative is sent to ask as the organization.
    Row("outreach:ask-visitor", GET, expect={302: REPRESENTATIVES}, **PUBLIC),
    Row("outreach:ask-visitor", GET, query=lambda w: "?sent=1", expect={302: REPRESENTATIVES}, **PUBLIC, label="sent"),
    Row(
        "outreach:ask-visitor",
        POST,
        others=302,
        anonymous=302,
        changes=EVERYONE - REPRESENTATIVES,
        data=lambda w: {
            "name": "Анна",
            "email": "anna@example.ru",
            "municipality": municipality("Сочи").pk,
            "topic": "general",
            "subject": "Можно ли участвовать",
            "text": "Нас 5 человек.",
            "consent": "on",
        },
    ),
    Row("outreach:ask-visitor", POST, expect={302: REPRESENTATIVES}, **PUBLIC, changes=frozenset(), label="empty form"),
    Row("outreach:question", GET, pk("question_waiting"), expect={200: people("rep_own", KRD_VIEWERS)}),
    Row("outreach:question", GET, pk("visitor_question"), expect={200: KRD_VIEWERS}, label="a visitor's"),
    Row(
        "outreach:question-reply",
        POST,
        pk("question_waiting"),
        expect={302: people("rep_own", KRD_VIEWERS)},
        data=lambda w: {"text": "Дополнение"},
    ),
    get_only("outreach:question-reply", pk("question_waiting")),
    Row("outreach:question-publish", GET, pk("question_answered"), expect={200: KRD_VIEWERS}),
    Row(
        "outreach:question-publish",
        POST,
        pk("question_answered"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"question_text": "Какие документы?", "answer_text": "Акты выдачи СИЗ."},
    ),
    Row("outreach:question-withdraw", POST, pk("question_published"), expect={302: KRD_VIEWERS}),
    get_only("outreach:question-withdraw", pk("question_published")),
    Row("outreach:attachment", GET, pk("question_file"), expect={200: people("rep_own", KRD_VIEWERS)}),
    Row("outreach:attachment", GET, pk("visitor_file"), expect={200: KRD_VIEWERS}, label="a visitor's"),
    Row("outreach:commission-questions", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("outreach:visitor-thread", GET, lambda w: [w["visitor_token"]], **PUBLIC),
    Row("outreach:visitor-thread", GET, lambda w: ["no-such-token"], others=404, anonymous=404, label="bad link"),
    Row(
        "outreach:visitor-thread",
        POST,
        lambda w: [w["visitor_token"]],
        others=302,
        anonymous=302,
        changes=EVERYONE,
        data=lambda w: {"text": "Спасибо, а ещё?"},
    ),
    Row("outreach:visitor-attachment", GET, lambda w: [w["visitor_token"], w["visitor_file"].pk], **PUBLIC),
    Row(
        "outreach:visitor-attachment",
        GET,
        lambda w: [w["visitor_token"], w["question_file"].pk],
        others=404,
        anonymous=404,
        label="a file of another question",
    ),
    # --- announcements of the contest (outreach, п. 3.4): public pages, the unsubscribe link ----------------------------
    Row("outreach:announcements", GET, **PUBLIC),
    Row("outreach:announcements", GET, query=town("Сочи"), **PUBLIC, label="by municipality"),
    Row("outreach:announcement", GET, pk("announcement_krd"), **PUBLIC),
    Row(
        "outreach:announcement", GET, pk("announcement_draft"), expect={200: KRD_VIEWERS}, anonymous=404, label="draft"
    ),
    Row("outreach:announcement-document", GET, pk("announcement_krd"), **PUBLIC),
    Row("outreach:announcement-document", GET, pk("announcement_region"), anonymous=404, label="no document"),
    Row("outreach:unsubscribe", GET, lambda w: [w["unsubscribe_token"]], **PUBLIC),
    Row("outreach:unsubscribe", POST, lambda w: [w["unsubscribe_token"]], **PUBLIC, changes=EVERYONE),
    Row("outreach:unsubscribe", GET, lambda w: ["no-such-token"], others=404, anonymous=404, label="bad link"),
    # --- announcements: writing and sending (the department for the region, a commission for its municipality) -------
    Row("outreach:manage-announcements", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("outreach:announcement-new", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("outreach:announcement-new", GET, query=town("Краснодар"), expect={200: KRD_VIEWERS}, label="Краснодар"),
    Row(
        "outreach:announcement-new",
        POST,
        expect={302: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)},
        data=lambda w: {"title": "Приглашаем к участию", "text": "Условия участия.", "contacts": "", "publish": "1"},
    ),
    Row("outreach:announcement-edit", GET, pk("announcement_krd"), expect={200: KRD_VIEWERS}),
    Row("outreach:announcement-edit", GET, pk("announcement_region"), expect={200: STAFF}, label="the region's"),
    Row(
        "outreach:announcement-edit",
        POST,
        pk("announcement_draft"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"title": "Приглашаем", "text": "Условия.", "contacts": "Сектор по труду", "save": "1"},
    ),
    Row(
        "outreach:announcement-publication",
        POST,
        pk("announcement_krd"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {"published": "0"},
    ),
    get_only("outreach:announcement-publication", pk("announcement_krd")),
    Row("outreach:announcement-mailing", GET, pk("announcement_krd"), expect={200: KRD_VIEWERS}),
    Row(
        "outreach:announcement-mailing",
        GET,
        pk("announcement_krd"),
        query=lambda w: "?status=registered&q=ром",
        expect={200: KRD_VIEWERS},
        label="filtered",
    ),
    Row("outreach:announcement-send", POST, pk("announcement_krd"), expect={302: KRD_VIEWERS}),
    get_only("outreach:announcement-send", pk("announcement_krd")),
    # --- the employers' addresses and the coordination figures of a municipality --------------------------------------
    Row("outreach:employers", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("outreach:employers", GET, query=town("Краснодар"), expect={200: KRD_VIEWERS}, label="Краснодар"),
    Row(
        "outreach:employers",
        POST,
        expect={302: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)},
        data=lambda w: {
            "file": SimpleUploadedFile(
                "список.csv", "Наименование;ИНН;Электронная почта\nООО «Лютик»;;lutik@example.ru\n".encode()
            )
        },
    ),
    Row("outreach:employers-template", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("outreach:employer-delete", POST, pk("employer_contact"), expect={302: KRD_VIEWERS}),
    get_only("outreach:employer-delete", pk("employer_contact")),
    Row("outreach:coordination", GET, expect={200: people(COMMISSION_KRD, COMMISSION_SOCHI, STAFF)}),
    Row("outreach:coordination", GET, query=town("Краснодар"), expect={200: KRD_VIEWERS}, label="Краснодар"),
    # Staff keep every municipality: the table of all; a commission of one municipality is sent to its own figures.
    Row(
        "outreach:coordination",
        GET,
        query=lambda w: "?municipality=all",
        expect={200: STAFF, 302: people(COMMISSION_KRD, COMMISSION_SOCHI)},
        label="all",
    ),
    # --- methodological materials (п. 3.4): public; kept by staff and the territorial commissions -------------------
    Row("materials", GET, **PUBLIC),
    Row("materials", GET, query=town("Сочи"), **PUBLIC, label="by municipality"),
    Row("materials-manage", GET, expect={200: MATERIAL_KEEPERS}),
    Row("material-new", GET, expect={200: MATERIAL_KEEPERS}),
    # Staff write a region-wide material (the municipality left empty), a commission one of its municipality.
    Row(
        "material-new",
        POST,
        expect={302: MATERIAL_KEEPERS},
        data=lambda w: {"kind": "other", "title": "Памятка", "text": "Текст памятки"},
    ),
    Row("material-edit", GET, pk("material_krd"), expect={200: KRD_VIEWERS}),
    Row("material-edit", GET, pk("material_region"), expect={200: STAFF}, label="region-wide"),
    Row(
        "material-edit",
        POST,
        pk("material_krd"),
        expect={302: KRD_VIEWERS},
        data=lambda w: {
            "municipality": municipality("Краснодар").pk,
            "kind": "card_howto",
            "title": "Изменённая памятка",
            "text": "Текст",
        },
    ),
    Row("material-publish", POST, pk("material_krd_draft"), expect={302: KRD_VIEWERS}),
    get_only("material-publish", pk("material_krd_draft")),
    Row("material-withdraw", POST, pk("material_krd"), expect={302: KRD_VIEWERS}),
    get_only("material-withdraw", pk("material_krd")),
    Row("material-file", GET, pk("material_region"), **PUBLIC),
    Row("material-file", GET, pk("material_krd_draft"), expect={200: KRD_VIEWERS}, anonymous=404, label="unpublished"),
    # --- the outbox of letters (staff) -----------------------------------------------------------------------------
    Row("staff-outbox", GET, expect={200: STAFF}),
    Row("staff-outbox", GET, query=lambda w: "?status=given_up&page=2", expect={200: STAFF}, label="filtered"),
    get_only("staff-letter-resend", pk("given_up_letter")),
    Row("staff-letter-resend", POST, pk("given_up_letter"), expect={302: STAFF}),
    # --- one's own notifications (core): everyone signed in has a list; a notification opens for its recipient only --
    Row("notifications", GET, others=200),
    Row("notifications", GET, query=lambda w: "?page=2", others=200, label="page"),
    Row("notification", GET, pk("notification"), expect={302: people("rep_own")}),
    get_only("notifications-read"),
    # Everyone is sent back to their list; only the one with an unread notification has anything to mark.
    Row("notifications-read", POST, others=302, changes=people("rep_own")),
]


# ---------------------------------------------------------------------------------------------------------------------
# Asking


def status_of(response) -> Any:
    if response.status_code == 302 and response["Location"].startswith(f"{reverse('login')}?next="):
        return LOGIN
    return response.status_code


# What a refused request must leave as it was, beyond the number of rows of every table.
WATCHED = {
    Participation: ("state", "updated_at"),
    Application: ("updated_at", "registration_number", "submitted_at", "registered_at"),
    InfoCard: ("updated_at", "verified_total"),
    Approval: ("state", "decided_at"),
    Attachment: ("file",),
    DocumentRequest: ("answer", "answered_at"),
    Decision: ("voided_at",),
    Award: ("decision_id", "voided_at", "place"),
    Certificate: ("number", "voided_at"),
    Contest: ("application_deadline", "card_deadline", "forwarding_deadline"),
    Organization: ("updated_at",),
    OrganizationJoinRequest: ("state", "decided_at"),
    User: ("is_active",),
    Membership: ("role", "organization_id", "municipality_id"),
    PracticeReport: ("state", "updated_at", "publication_allowed"),
    PracticeMaterial: ("public",),
    Survey: ("is_open",),
    NothingNewStatement: ("submitted_at",),
    ExplanatoryEvent: ("topic", "cancelled_at", "updated_at"),
    EventRegistration: ("participants", "participants_count"),
    EventMaterial: ("title",),
    Letter: ("status", "attempts"),
    DocumentJob: ("status",),
    Question: ("state",),
    FaqEntry: ("is_published", "question_text"),
    MethodMaterial: ("is_published", "title"),
    Notification: ("read_at",),
    Announcement: ("updated_at", "published_at"),
    OptOut: ("email",),
}


@functools.cache
def _snapshot_sql() -> list[tuple[str, str]]:
    """(what, SQL): one query counting the rows of every table, and one per watched model reading its fields."""
    quote = connection.ops.quote_name
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    queries = [
        ("rows", "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)}) AS {quote(table)}" for table in tables))
    ]
    for model, fields in WATCHED.items():
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in ("pk", *fields) if name != "pk")
        key = quote(model._meta.pk.column)
        queries.append((model.__name__, f"SELECT {key}, {columns} FROM {quote(model._meta.db_table)} ORDER BY {key}"))
    return queries


def snapshot() -> dict[str, Any]:
    """The number of rows of every table and the watched fields of the objects a request may touch (raw SQL: this
    runs for every person of every POST row)."""
    state: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for what, sql in _snapshot_sql():
            cursor.execute(sql)
            if what == "rows":
                state.update(zip([column[0] for column in cursor.description], cursor.fetchone(), strict=True))
            else:
                state[what] = cursor.fetchall()
    return state


def changes(before: dict, after: dict) -> list[str]:
    return [key for key in before if before[key] != after[key]]


def ask(world: World, row: Row, person: str, before: dict | None) -> tuple[Any, list[str]]:
    """Send the row's request as the person, in a savepoint rolled back afterwards: the status, and for a POST of
    someone the row does not mean to act what it changed (against `before`) and what it left to do after commit.

    After-commit work (letters, removing a deleted file) is caught, not run: a rolled-back savepoint would keep the row
    while the file is gone. Only a request that should have changed nothing has its work run, to count the letters."""
    client = Client()
    if person in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[person]
    url = row.url(world)
    problems: list[str] = []
    with transaction.atomic():
        with TestCase.captureOnCommitCallbacks() as queued:
            response = client.post(url, row.data(world)) if row.method == POST else client.get(url)
        status = status_of(response)
        if response.streaming:
            # A file download: reading it to the end lets the client close it (its file handle) the way it closes
            # every other response — without Django's close_old_connections, which would close the connection
            # holding the world's open transaction. Calling response.close() here instead closes it on PostgreSQL.
            b"".join(response.streaming_content)
        if before is not None:
            changed = changes(before, snapshot())
            if person in row.acting:
                if not changed:
                    problems.append("changed nothing (the row means it to act)")
            else:
                if changed:
                    problems.append(f"changed {', '.join(changed)}")
                if queued:
                    letters = len(mail.outbox)
                    for callback in queued:
                        callback()
                    sent = len(mail.outbox) - letters
                    del mail.outbox[letters:]
                    problems.append(f"left {len(queued)} thing(s) to do after commit ({sent} letter(s))")
        transaction.set_rollback(True)
    return status, problems


@pytest.mark.parametrize("row", MATRIX, ids=[row.id for row in MATRIX])
def test_permission_matrix(world, row):
    before = snapshot() if row.method == POST else None
    failures = []
    for person in PEOPLE:
        status, problems = ask(world, row, person, before)
        expected = row.expected(person)
        if status != expected:
            failures.append(f"{person}: expected {expected}, got {status}")
        answer = f"refused ({status})" if status in REFUSED else f"answered {status}"
        failures.extend(f"{person}: {answer} but {problem}" for problem in problems)
    assert not failures, f"{row.id} {row.url(world)}\n" + "\n".join(failures)


# ---------------------------------------------------------------------------------------------------------------------
# The matrix lists every URL name


def url_names(resolver=None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """Every named address of the project with its pattern, namespaced as reverse() takes it."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            found += url_names(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        else:
            found.append((namespace + (pattern.name or f"<no name: {pattern.pattern}>"), pattern))
    return found


def is_django_auth_view(pattern: URLPattern) -> bool:
    view = getattr(pattern.callback, "view_class", pattern.callback)
    return view.__module__ == auth_views.__name__


def test_the_matrix_lists_every_url_name():
    project, left_out = set(), set()
    for name, pattern in url_names():
        if name in DJANGO_AUTH_VIEWS and is_django_auth_view(pattern):
            left_out.add(name)
        else:
            project.add(name)
    assert left_out == DJANGO_AUTH_VIEWS, f"not Django's own views: {sorted(DJANGO_AUTH_VIEWS - left_out)}"
    rows = {row.name for row in MATRIX}
    missing = sorted(project - rows)
    assert not missing, "URL names without a row in the permission matrix: " + ", ".join(missing)
    stale = sorted(rows - project)
    assert not stale, "rows of the permission matrix for URL names that no longer exist: " + ", ".join(stale)


def test_every_url_name_has_a_get_row_and_a_post_only_one_a_post_row():
    gets = {row.name for row in MATRIX if row.method == GET}
    post_only = {row.name for row in MATRIX if row.method == GET and row.others == 405}
    posts = {row.name for row in MATRIX if row.method == POST}
    assert not {row.name for row in MATRIX} - gets, "URL names without a GET row"
    assert not post_only - posts, "POST-only URL names without a POST row"


def test_the_rows_of_the_matrix_are_told_apart():
    ids = [row.id for row in MATRIX]
    assert len(ids) == len(set(ids)), "two rows of one URL name and method: give one a label"
