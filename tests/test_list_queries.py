"""A pinned query count on every list page, the same for 1 and for 20 rows (DESIGN, «Conventions»).

Each list page is built with N rows through the services (tests/contest/helpers.py, tests/practices/helpers.py), then
opened by the person who uses it (tests/people.py): the page answers 200, shows the N rows, and costs exactly the
number of queries in QUERIES — for 1 row and for 20. A page whose count grows with its rows (N+1) is marked xfail with
the query that repeats; the application is not changed here. Exports and printed documents are lists too: their rows
are read from the workbook, and from the HTML a PDF is laid out from (WeasyPrint's layout is stubbed to return it).

Before the counted request the page is opened once, so that what Django caches per process (content types, the
translation catalogues) is not counted, whichever test ran first. Addresses that are not lists are named in
NOT_LISTS, so that the choice is visible; a test asserts that the two tables together name every URL name.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import scoring
from contest.enums import CertificateKind, DeadlineKind, MaterialKind, Role
from contest.models import Contest, Decision, OrganizationJoinRequest, User
from contest.services import awards, decisions
from contest.services import materials as material_services
from contest.services import participation as participation_services
from contest.services import tables as table_services
from core.notifications import notify, send_after_commit
from outreach.imports import EmployerList
from outreach.imports import Row as EmployerRow
from outreach.services import announcements as announcement_services
from outreach.services import employers as employer_services
from outreach.services import questions as question_services
from practices.services import events as event_services
from practices.services import surveys as survey_services
from tests.contest.helpers import card_submitted, in_approval, organization_in, pdf, submitted
from tests.contest.test_results_services import participant
from tests.factories import UserFactory, municipal_user, municipality, open_contest
from tests.people import make_people
from tests.practices import event_helpers
from tests.practices import helpers as practice

pytestmark = pytest.mark.django_db

ROWS = (1, 20)

# The number of queries of each list page, the same for 1 and 20 rows.
# A signed-in page starts with the session, the user and their memberships (3), and — as soon as the rules refuse a
# permission, e.g. a menu entry of another role — Django's ModelBackend reads the user's and groups' permissions once (2).
# A page with the header counts the person's unread notifications once (1, issue 15: every pin of an HTML page below
# went up by this one query; the exports, PDFs and the public pages seen without signing in did not).
QUERIES: dict[str, int] = {
    # the labour office, the approving bodies, staff
    "office-applications": 9,  # + the paginator's COUNT (50 rows a page)
    "approvals": 9,
    "staff-deadlines": 8,
    # the tables with their uploaders, their contests, which of them are locked (2), the kept built-in keys, the contests
    "staff-tables": 12,
    "export-applications": 6,  # + the names of the contest's categories of participants, once
    # the territorial commission
    # + the contest's categories of participants for the «Категория» filter (data since issue 13, part 5)
    # + the counts of the summary line over the filtered cards (one aggregate; it is also the paginator's count)
    "commission-cards": 12,
    "export-commission-cards": 7,  # + the names of the contest's categories of participants, once
    # + the names of the contest's categories of participants, once; + the COUNT that tells a small export from one
    # for the worker (views.jobs)
    "export-participants": 10,
    "municipal-results": 16,
    "export-municipal-results": 12,  # + the names of the contest's categories of participants, once
    # the regional commission
    "regional-participants": 12,  # + the categories for the filter, as on the commission's cards; + the paginator's COUNT
    "regional-results": 15,
    "export-regional-results": 11,
    "export-forwarded": 7,  # + the names of the contest's categories of participants, once
    # papers of the decisions
    "decision-documents": 10,
    "decision-protocol-pdf": 4,
    "decision-certificates-pdf": 5,
    "decision-resolution-pdf": 6,
    "certificate-register": 8,  # + the paginator's COUNT (50 rows a page)
    # public results
    # + the winners counted by municipality: a page reads the awards of its municipalities only
    "public-results": 7,
    "public-results-year": 7,
    "press-release": 5,
    # the organization
    "join-requests": 7,
    # + the published sample analytical notes (п. 4.4.2) of the region and the municipality, beside the upload form
    "attachments": 10,
    # best practice
    # + the open quarters' filed reports (the paged list no longer feeds the table of quarters) and the page's COUNT
    "practices:index": 22,
    "practices:surveys": 8,  # + the paginator's COUNT (50 a page)
    "practices:survey": 10,  # + the paginator's COUNT of the answers (50 a page)
    "practices:review": 9,  # + the paginator's COUNT (issue 14: one page of reports)
    # + the paginator's COUNT, the counts by status and the reports by kind (aggregates: only one page is read)
    "practices:summary-current": 14,
    "practices:summary": 14,
    "practices:summary-xlsx": 12,  # + the counts by status and the reports by kind (aggregates, as on the page)
    # + the latest explanatory events with materials (issue 16, п. 5: the library's section; their materials are one
    # more query when there are any)
    "practices:library": 6,
    # the organization's events: the upcoming ones with its registrations, the past ones (+ their COUNT, materials)
    "practices:events": 8,
    "practices:library-events": 3,  # the held events with materials, the paginator's COUNT and the materials
    # staff: the outbox page (+ the letters and their count for the pages)
    "staff-outbox": 8,
    # everyone signed in: their notifications (+ the page's COUNT and rows; the unread count, which the header reuses)
    "notifications": 8,
    # consultations of the territorial commission (outreach); signed in, + the header's unread count
    "outreach:my-questions": 8,  # + the paginator's COUNT (20 a page)
    "outreach:commission-questions": 8,  # + the paginator's COUNT (20 a page)
    # a thread: its messages are the rows; + the history (the commission sees it), the publication's permission
    "outreach:question": 9,
    "outreach:visitor-thread": 3,  # no account: the question of the signed link and its messages
    # the current contest, the municipality asked for, the filter's municipalities, the paginator's COUNT, the rows
    "outreach:faq": 5,
    # announcements (outreach, п. 3.4): the current contest, the filter's municipalities, the rows
    "outreach:announcements": 3,
    # signed in (+ the unread count, the header's menus): the current contest, the rows with their letters counted
    "outreach:manage-announcements": 9,
    # the announcement, the plan (audience: organizations, representatives, addresses; sent; opted out), the summary,
    # the paginator's COUNT, the rows with their organization now and whether it applied (50 a page)
    "outreach:announcement-mailing": 15,
    # the user's municipalities, the one shown, the paginator's COUNT, the rows (50 a page)
    "outreach:employers": 10,
    # the municipality, the figures (letters, opted out, states, organizations, questions), the waiting participations
    "outreach:coordination": 15,
    # methodological materials (п. 3.4): the public page, no account — the current contest, the municipality asked
    # for, the filter's municipalities, the paginator's COUNT, the rows
    "materials": 5,
    # signed in, + the header's unread count; the current contest, the filter's municipalities, the COUNT, the rows
    "materials-manage": 10,
}

# Pages whose count grows with their rows: url name → what repeats. Their 20-row case is xfail(strict).
N_PLUS_ONE: dict[str, str] = {}

# URL names judged not to be lists: one object, a form, an action (POST), a file, or rows that are not the
# database's (the point table of scoring-rules comes from a JSON document; the paper-card template is empty).
NOT_LISTS = {
    "home",  # the start page: a summary per role, no rows
    "healthz",  # the health check: a query per check, no rows
    "dashboard",  # the overview: aggregates, no rows of their own (its constant count: tests/contest/test_dashboard.py)
    "certificate-check-form",
    "certificate-check",  # one certificate
    "scoring-rules",
    "scoring-rules-table",
    "signup",
    "signup-sent",
    "signup-resend",
    "signup-confirm",
    "password_reset",
    "organization-register",
    "organization-join",
    "join-request-withdraw",
    "organization-profile",  # one organization (its few representatives beside it)
    "join-request-decide",
    "participation-overview",  # redirects to the one participation of the current contest
    "participation-start",
    "participation",
    "application-edit",
    "consent",
    "card-edit",
    "card-points",
    "card-autosave",
    "card-submit",
    "application-pdf",
    "card-pdf",
    "attachment-download",
    "attachment-delete",
    "office-application",
    "office-application-register",
    "office-application-return",
    "approval",
    "approval-decide",
    "commission-bulk",  # POST: back to the list
    "commission-card",
    "commission-start",
    "commission-correct",
    "commission-request-documents",
    "commission-verify",
    "commission-exclude",
    "commission-disqualify",
    "commission-reinstate",
    "commission-attach",
    "commission-attachment-delete",
    "document-answer",
    "municipal-tie",
    "municipal-decision",
    "decision-file",
    "regional-participant",
    "regional-tie",
    "regional-propose",
    "regional-decision",
    "certificates-issue",
    "decision-void",
    "certificate-pdf",
    "paper-cards-template",
    "paper-cards-import",  # a form; what an import did is shown after the POST
    "practices:report-new",
    "practices:nothing-new",
    "practices:report",
    "practices:report-edit",
    "practices:report-submit",
    "practices:report-delete",
    "practices:report-publication",
    "practices:material-add",
    "practices:material",
    "practices:material-delete",
    "practices:survey-toggle",
    "practices:answer-report",
    "practices:survey-answer",
    "practices:report-review",
    "practices:library-detail",
    "practices:library-material",
    "practices:event-new",  # a form
    "practices:event",  # one event: its registered organizations are few (one per organization of a municipality)
    "practices:event-edit",  # a form
    "practices:event-cancel",  # POST: back to the event
    "practices:event-register",  # POST: back to the event
    "practices:event-withdraw",  # POST: back to the event
    "practices:event-materials",  # one event's few materials and the form
    "practices:event-material-delete",  # POST: back to the materials
    "practices:event-registrations-xlsx",  # one event's participants as a workbook
    "practices:library-event",  # one event and its materials
    "practices:library-event-material",  # a file
    "staff-table-upload",  # POST: to the table page, or the list again with the document's errors
    "staff-table-keep",
    "staff-table",  # one table; its rows and sample cards are the document's, not the database's
    "staff-table-choose",
    "staff-table-document",
    "staff-table-edit",  # a form of one table document's texts
    "staff-table-indicator",  # a form of one indicator of a table document
    "staff-contest-copy",  # a form; what it copies is one contest's few categories, sectors and nominations
    "staff-letter-resend",  # POST: back to the outbox page
    "document-job",  # one document job: its status and progress
    "document-job-status",  # the same job as JSON, for the page's poll
    "document-job-download",  # the job's file
    "outreach:ask",  # a form
    "outreach:ask-visitor",  # a form
    "outreach:question-reply",  # POST: back to the thread
    "outreach:question-publish",  # a form of one question's published texts
    "outreach:question-withdraw",  # POST: back to the thread
    "outreach:attachment",  # a message's file
    "outreach:visitor-attachment",
    "outreach:announcement",  # one announcement
    "outreach:announcement-document",  # its file
    "outreach:announcement-new",  # a form
    "outreach:announcement-edit",  # a form
    "outreach:announcement-publication",  # POST
    "outreach:announcement-send",  # POST
    "outreach:employers-template",  # an empty workbook
    "outreach:employer-delete",  # POST
    "outreach:unsubscribe",  # one address
    "material-new",  # a form
    "material-edit",  # a form of one material
    "material-publish",  # POST: back to the management list
    "material-withdraw",  # POST: back to the management list
    "material-file",  # a material's file
    "notification",  # one notification: marked read, then its page
    "notifications-read",  # POST: back to the list
}


# ---------------------------------------------------------------------------------------------------------------------
# Reading what a page shows


def html_text(response) -> str:
    return response.content.decode()


def xlsx_text(response) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def pdf_text(response) -> str:
    """The text of the document (the stubbed layout returns it instead of a PDF)."""
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.fixture(autouse=True)
def pdf_as_text(monkeypatch):
    """WeasyPrint's layout returns the text of the HTML it was given: the rows can be read, and no page is laid out."""
    monkeypatch.setattr(
        "weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: " ".join(self.etree_element.itertext()).encode()
    )


# ---------------------------------------------------------------------------------------------------------------------
# The worlds: N rows of each page


@dataclass
class Page:
    """What to open, as whom, and the names of the rows it must show."""

    viewer: User | None
    url: str
    shown: list[str]
    read: Callable = html_text


def name(index: int) -> str:
    return f"ООО «Строка {index:02d}»"


def row_organization(contest, index: int, town: str = "Краснодар", sector: str = "manufacturing"):
    return organization_in(contest, town, sector, full_name=name(index), short_name=name(index))


SECTORS = (
    "manufacturing",
    "energy",
    "construction",
    "transport",
    "communications",
    "housing_utilities",
    "agriculture",
    "healthcare",
    "social_protection",
    "consumer_services",
)


def winners(contest, rows: int, town: str = "Краснодар") -> list[str]:
    """`rows` verified participants of the town, each first in its own size category and sector; in each size
    category the first three totals differ and the rest are lower, so that no tie crosses a regional prize line."""
    for index in range(rows):
        rank = index // 2  # within the size category
        total = ("113", "108", "103")[rank] if rank < 3 else "93"
        participant(contest, total, f"Строка {index:02d}", town=town, sector=SECTORS[rank], small=bool(index % 2))
    return [name(index) for index in range(rows)]


def forward(contest, town: str = "Краснодар"):
    return decisions.record_municipal_decision(
        contest,
        municipality_id=municipality(town).pk,
        actor=municipal_user(Role.MUNICIPAL_SECRETARY, name=town),
        number="1",
        day=timezone.localdate(),
    )


SIGNATORY = awards.Signatory("Глава муниципального образования", "В. Л. Евланов")


def decided(contest, rows: int):
    names = winners(contest, rows)
    return forward(contest), names


def published(contest, rows: int) -> list[str]:
    """The contest decided at both stages with `rows` municipal winners in Краснодар."""
    names = winners(contest, rows)
    forward(contest)
    staff = UserFactory(role=Role.STAFF)
    decisions.propose_regional_winners(contest, actor=staff)
    decisions.record_regional_decision(contest, actor=staff, number="3-к", day=timezone.localdate())
    return names


def regional_winners(names: list[str]) -> list[str]:
    """Who of `published` wins the krai (п. 4.11): every medium or large one, first of its sector; of the small ones
    the three best. The press release and the draft resolution name only them."""
    return [shown for index, shown in enumerate(names) if index % 2 == 0 or index // 2 < 3]


WINNERS_ONLY = {"press-release", "decision-resolution-pdf"}  # their rows: the regional winners of `published`


def town(name: str) -> str:
    return f"?municipality={municipality(name).pk}"


def build(url_name: str, rows: int, people: dict, contest: Contest) -> Page:
    """The world of one list page with `rows` rows."""
    if url_name in ("office-applications", "export-applications"):
        for index in range(rows):
            submitted(contest, row_organization(contest, index))
        read = xlsx_text if url_name.startswith("export") else html_text
        return Page(people["office_krd"], reverse(url_name) + "?show=all", [name(i) for i in range(rows)], read)
    if url_name == "approvals":
        for index in range(rows):
            in_approval(contest, row_organization(contest, index))
        return Page(people["inspectorate_krd"], reverse(url_name), [name(i) for i in range(rows)])
    if url_name == "staff-deadlines":
        day = contest.forwarding_deadline
        for index in range(rows):
            day += timedelta(days=1)
            participation_services.extend_deadline(
                Contest.objects.get(pk=contest.pk),
                kind=DeadlineKind.FORWARDING,
                new_date=day,
                reason=f"Причина {index:02d}",
                actor=people["staff"],
            )
        return Page(people["staff"], reverse(url_name, args=[contest.pk]), [f"Причина {i:02d}" for i in range(rows)])
    if url_name == "staff-tables":
        base = scoring.get_table("krasnodar-2011")
        for index in range(rows):
            table = replace(base, key=f"row-{index:02d}", title=name(index))
            point_table, _ = table_services.import_table(scoring.dump_table(table), actor=people["staff"])
            Contest.objects.create(
                region=contest.region,
                year=2050 + index,
                title=f"Год {index:02d}",
                point_table=point_table,
                card_deadline=contest.card_deadline,
                forwarding_deadline=contest.forwarding_deadline,
            )
        return Page(people["staff"], reverse(url_name), [name(i) for i in range(rows)])
    if url_name in ("commission-cards", "export-commission-cards", "export-participants"):
        for index in range(rows):
            card_submitted(contest, row_organization(contest, index))
        read = xlsx_text if url_name.startswith("export") else html_text
        return Page(people["member_krd"], reverse(url_name), [name(i) for i in range(rows)], read)
    if url_name in ("municipal-results", "export-municipal-results"):
        names = winners(contest, rows)
        read = xlsx_text if url_name.startswith("export") else html_text
        return Page(people["secretary_krd"], reverse(url_name) + town("Краснодар"), names, read)
    if url_name in ("regional-participants", "regional-results", "export-regional-results", "export-forwarded"):
        names = winners(contest, rows)
        forward(contest)
        read = xlsx_text if url_name.startswith("export") else html_text
        return Page(people["regional_secretary"], reverse(url_name), names, read)
    if url_name in ("decision-documents", "decision-protocol-pdf"):
        decision, names = decided(contest, rows)
        read = pdf_text if url_name.endswith("pdf") else html_text
        return Page(people["secretary_krd"], reverse(url_name, args=[decision.pk]), names, read)
    if url_name in ("decision-certificates-pdf", "certificate-register"):
        decision, names = decided(contest, rows)
        awards.issue_certificates(
            decision,
            actor=people["secretary_krd"],
            kind=CertificateKind.MUNICIPAL,
            signatory=SIGNATORY,
            places=awards.PLACES_ALL,
        )
        if url_name == "certificate-register":
            return Page(people["secretary_krd"], reverse(url_name), names)
        return Page(people["secretary_krd"], reverse(url_name, args=[decision.pk]), names, pdf_text)
    if url_name == "decision-resolution-pdf":
        names = regional_winners(published(contest, rows))
        decision = Decision.objects.get(contest=contest, level="regional")
        return Page(people["staff"], reverse(url_name, args=[decision.pk]), names, pdf_text)
    if url_name in ("public-results", "public-results-year", "press-release"):
        names = published(contest, rows)
        if url_name == "press-release":
            names = regional_winners(names)
        args = [] if url_name == "public-results" else [contest.year]
        return Page(None, reverse(url_name, args=args), names)
    if url_name == "join-requests":
        own = people["rep_own"].organization
        shown = []
        for index in range(rows):
            user = UserFactory(role=Role.ORGANIZATION, organization=None, last_name=f"Строкова{index:02d}")
            OrganizationJoinRequest.objects.create(user=user, organization=own)
            shown.append(f"Строкова{index:02d}")
        return Page(people["rep_own"], reverse(url_name), shown)
    if url_name == "attachments":
        rep = people["rep_own"]
        participation = participation_services.start_participation(rep.organization, contest=contest, actor=rep)
        for index in range(rows):
            participation_services.add_attachment(
                participation, actor=rep, kind="supporting", uploaded=pdf(f"строка-{index:02d}.pdf")
            )
        return Page(rep, reverse(url_name, args=[participation.pk]), [f"строка-{i:02d}.pdf" for i in range(rows)])
    titles = [f"Опыт {index:02d}" for index in range(rows)]
    if url_name == "practices:index":
        for title in titles:
            practice.draft(people["rep_own"], title=title)
        return Page(people["rep_own"], reverse(url_name), titles)
    if url_name == "practices:surveys":
        for title in titles:
            survey_services.start_survey(
                people["rep_own"].organization, actor=people["rep_own"], kind="proposals", title=title
            )
        return Page(people["rep_own"], reverse(url_name), titles)
    if url_name == "practices:survey":
        survey = survey_services.start_survey(
            people["rep_own"].organization, actor=people["rep_own"], kind="proposals", title="Предложения"
        )
        for title in titles:
            survey_services.answer_survey(survey, proposal=title)
        return Page(people["rep_own"], reverse(url_name, args=[survey.pk]), titles)
    if url_name in ("practices:review", "practices:summary-current", "practices:summary", "practices:summary-xlsx"):
        for index, title in enumerate(titles):
            practice.submitted(practice.representative(row_organization(contest, index)), title=title)
        quarter = practice.current_quarter()
        args = [quarter.year, quarter.quarter] if url_name in ("practices:summary", "practices:summary-xlsx") else []
        read = xlsx_text if url_name.endswith("xlsx") else html_text
        shown = [name(i) for i in range(rows)] if url_name.endswith("xlsx") else titles
        return Page(people["district_krd"], reverse(url_name, args=args), shown, read)
    if url_name == "practices:library":
        for index, title in enumerate(titles):
            practice.recommended(practice.representative(row_organization(contest, index)), title=title)
        return Page(None, reverse(url_name), titles)
    if url_name in ANNOUNCEMENT_PAGES:
        return announcement_page(url_name, rows, people, contest)
    if url_name == "practices:events":
        for title in titles:
            event_helpers.announced("Краснодар", topic=title)
        return Page(people["rep_own"], reverse(url_name), titles)
    if url_name == "practices:library-events":
        for title in titles:
            event = event_helpers.moved_to_past(event_helpers.announced(None, topic=title))
            event_services.add_event_material(event, actor=None, url="https://video.example.ru/1", title="Запись")
        return Page(None, reverse(url_name), titles)
    if url_name.startswith("outreach:"):
        return outreach_page(url_name, rows, people, contest)
    if url_name in ("materials", "materials-manage"):
        return materials_page(url_name, rows, people, contest)
    if url_name == "staff-outbox":
        for index in range(rows):
            send_after_commit([f"row{index:02d}@example.ru"], subject=name(index), body="Текст")
        return Page(people["staff"], reverse(url_name), [name(i) for i in range(rows)])
    if url_name == "notifications":
        for index in range(rows):
            notify([people["rep_own"]], subject=name(index), body="Текст", link="/")
        return Page(people["rep_own"], reverse(url_name), [name(i) for i in range(rows)])
    raise AssertionError(f"no world for {url_name}")


def outreach_page(url_name: str, rows: int, people: dict, contest: Contest) -> Page:
    """Questions to Краснодар's commission: N questions of N organizations (the own one's for «Мои вопросы»), a
    thread of N messages, N published answers."""
    rep, member = people["rep_own"], people["member_krd"]
    subjects = [f"Вопрос {index:02d}" for index in range(rows)]
    if url_name in ("outreach:question", "outreach:visitor-thread"):
        if url_name == "outreach:question":
            question = question_services.ask_question(
                rep.organization, actor=rep, topic="general", subject="Тема", text=subjects[0]
            )
            url, viewer = reverse(url_name, args=[question.pk]), member
        else:
            question = question_services.ask_as_visitor(
                municipality("Краснодар"),
                name="Пётр",
                email="p@example.ru",
                topic="general",
                subject="Т",
                text=subjects[0],
            )
            url, viewer = reverse(url_name, args=[question_services.visitor_token(question)]), None
        for index, text in enumerate(subjects[1:], start=1):
            if index % 2:
                question_services.answer(question, actor=member, text=text, uploaded=pdf(f"ответ-{index:02d}.pdf"))
            else:
                question_services.reply(question, actor=None if question.is_visitor else rep, text=text)
        return Page(viewer, url, subjects)
    for index, subject in enumerate(subjects):
        asker = (
            rep if url_name == "outreach:my-questions" else practice.representative(row_organization(contest, index))
        )
        question = question_services.ask_question(
            asker.organization, actor=asker, topic="general", subject=subject, text="Текст"
        )
        if url_name == "outreach:faq":
            question_services.answer(question, actor=member, text="Ответ")
            question_services.publish(question, actor=member, question_text=subject, answer_text="Ответ")
    if url_name == "outreach:my-questions":
        return Page(rep, reverse(url_name), subjects)
    if url_name == "outreach:commission-questions":
        return Page(member, reverse(url_name) + "?q=вопрос&state=waiting", subjects)
    return Page(None, reverse(url_name) + town("Краснодар"), subjects)


ANNOUNCEMENT_PAGES = (
    "outreach:announcements",
    "outreach:manage-announcements",
    "outreach:announcement-mailing",
    "outreach:employers",
    "outreach:coordination",
)


def announcement_page(url_name: str, rows: int, people: dict, contest: Contest) -> Page:
    """Краснодар's announcements (N of them), its uploaded employers' addresses (N) and the letters of one
    announcement to them, its participations waiting for a step for ten days (N)."""
    member, krd = people["member_krd"], municipality("Краснодар")
    names = [name(index) for index in range(rows)]
    if url_name in ("outreach:announcements", "outreach:manage-announcements"):
        for title in names:
            announcement = announcement_services.new_announcement(contest, krd)
            announcement.title = title
            announcement_services.save_announcement(announcement, actor=member, publish=True)
        viewer = None if url_name == "outreach:announcements" else member
        return Page(viewer, reverse(url_name), names)
    if url_name == "outreach:coordination":
        for index in range(rows):
            submitted(contest, row_organization(contest, index))
        contest.participations.update(updated_at=timezone.now() - timedelta(days=10))
        return Page(member, reverse(url_name), names)
    addresses = [EmployerRow(index + 2, title, f"row{index:02d}@example.ru", "") for index, title in enumerate(names)]
    employer_services.save_list(krd, EmployerList(rows=addresses), actor=member)
    if url_name == "outreach:employers":
        return Page(member, reverse(url_name), names)
    announcement = announcement_services.save_announcement(
        announcement_services.new_announcement(contest, krd), actor=member, publish=True
    )
    announcement_services.send(announcement, actor=member)
    return Page(member, reverse(url_name, args=[announcement.pk]), names)


def materials_page(url_name: str, rows: int, people: dict, contest: Contest) -> Page:
    """N published materials of every kind, the region's and Краснодар's commission's."""
    titles = [f"Материал {index:02d}" for index in range(rows)]
    kinds = list(MaterialKind)
    for index, title in enumerate(titles):
        material_services.create_material(
            contest,
            actor=None,
            municipality=municipality("Краснодар") if index % 2 else None,
            kind=kinds[index % len(kinds)],
            title=title,
            text="Текст",
            publish=True,
        )
    if url_name == "materials":
        return Page(None, reverse(url_name) + town("Краснодар"), titles)
    return Page(people["member_krd"], reverse(url_name), titles)


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def people(contest):
    return make_people(
        own=row_organization(contest, 90),
        neighbour=organization_in(contest, "Краснодар", "transport"),
        distant=organization_in(contest, "Сочи"),
    )


def cases():
    for url_name in QUERIES:
        for rows in ROWS:
            marks = []
            if rows > 1 and url_name in N_PLUS_ONE:
                marks.append(pytest.mark.xfail(strict=True, reason=f"N+1: {N_PLUS_ONE[url_name]}"))
            yield pytest.param(url_name, rows, marks=marks, id=f"{url_name}-{rows}")


@pytest.mark.parametrize(("url_name", "rows"), list(cases()))
def test_list_page_query_count_is_pinned_for_1_and_20_rows(
    url_name, rows, contest, people, client, django_assert_num_queries
):
    page = build(url_name, rows, people, contest)
    everyone = [name(index) for index in range(rows)]
    assert len(page.shown) == (len(regional_winners(everyone)) if url_name in WINNERS_ONLY else rows)
    if page.viewer is not None:
        client.force_login(page.viewer)
    warm = client.get(page.url)
    assert warm.status_code == 200, warm
    with django_assert_num_queries(QUERIES[url_name]):
        response = client.get(page.url)
    assert response.status_code == 200
    text = page.read(response)
    missing = [shown for shown in page.shown if shown not in text]
    assert not missing, f"{url_name}: rows not shown: {missing}"


# ---------------------------------------------------------------------------------------------------------------------
# The tables name every URL name


DJANGO_AUTH_VIEWS = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def project_url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named address of the project (without the admin and Django's own account views)."""
    found = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                found |= project_url_names(
                    pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                )
        elif isinstance(pattern, URLPattern) and pattern.name:
            view = getattr(pattern.callback, "view_class", pattern.callback)
            if not (pattern.name in DJANGO_AUTH_VIEWS and view.__module__ == auth_views.__name__):
                found.add(namespace + pattern.name)
    return found


def test_every_list_page_of_the_table_is_a_url_name():
    assert not set(QUERIES) - project_url_names(), "list pages that are not URL names"
    assert not set(N_PLUS_ONE) - set(QUERIES)


def test_every_url_name_is_judged_a_list_or_not():
    names = project_url_names()
    assert not set(QUERIES) & NOT_LISTS, "named both a list and not a list"
    assert not NOT_LISTS - names, "not-lists that are not URL names"
    assert not names - set(QUERIES) - NOT_LISTS, "URL names judged neither a list nor not a list"
