"""Announcements of the contest (п. 3.4: the territorial commission «доводит до сведения работодателей информацию о
проводимом смотре-конкурсе»): writing and publishing, the employers' list checked row by row, the letters with their
unsubscribe link, what became of each address, and the municipality's coordination figures."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from contest.enums import Role
from contest.imports import FileProblem
from core.exceptions import DomainError
from core.models import Letter
from outreach import selectors
from outreach.imports import read_employer_list, template_xlsx
from outreach.models import Announcement, AnnouncementLetter, EmployerContact, OptOut
from outreach.services import announcements as services
from outreach.services import employers
from tests.contest.helpers import in_approval, pdf, registered, started, submitted, under_review, verified
from tests.factories import OrganizationFactory, UserFactory, _company_inn, municipal_user, municipality, open_contest

from .helpers import asked, member, representative

pytestmark = pytest.mark.django_db

HEADING = "Наименование работодателя;ИНН;Электронная почта\n"


def csv_file(text: str, name: str = "список.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("список.xlsx", buffer.getvalue())


def published(contest, town: str | None = "Краснодар", by=None, **fields) -> Announcement:
    place = municipality(town) if town else None
    announcement = services.new_announcement(contest, place)
    for key, value in fields.items():
        setattr(announcement, key, value)
    author = by or (member(town) if town else UserFactory(role=Role.STAFF))
    return services.save_announcement(announcement, actor=author, publish=True)


def upload(town: str, text: str, by=None):
    return employers.save_list(
        municipality(town), read_employer_list(csv_file(HEADING + text)), actor=by or member(town)
    )


# --- the list of employers -------------------------------------------------------------------------------------------


def test_a_semicolon_csv_in_windows_1251_is_read_with_its_rows():
    good = _company_inn(501)
    result = read_employer_list(
        csv_file(HEADING + f"ООО «Ёлка»;{good};OT@Elka.example.ru\nИП Сидоров;;sidorov@example.ru\n", encoding="cp1251")
    )
    assert result.ok
    assert [(row.row, row.name, row.inn, row.email) for row in result.rows] == [
        (2, "ООО «Ёлка»", good, "ot@elka.example.ru"),
        (3, "ИП Сидоров", "", "sidorov@example.ru"),
    ]


def test_an_excel_list_finds_its_columns_in_any_order_and_reads_an_inn_typed_as_a_number():
    good = _company_inn(502)
    result = read_employer_list(
        xlsx_file([["Список на 1 марта"], ["E-mail", "ИНН", "Организация"], ["a@example.ru", int(good), "ООО «А»"]])
    )
    assert result.ok
    assert [(row.row, row.name, row.inn, row.email) for row in result.rows] == [(3, "ООО «А»", good, "a@example.ru")]


def test_every_problem_is_reported_with_its_row_and_column():
    result = read_employer_list(
        csv_file(
            HEADING
            + "ООО «А»;1234567890;a@example.ru\n"
            + ";;b@example.ru\n"
            + "ООО «В»;;не-адрес\n"
            + "ООО «Г»;;a@example.ru\n"
        )
    )
    assert not result.ok
    problems = [(problem.row, problem.column) for problem in result.problems]
    assert problems == [
        (2, "ИНН"),
        (3, "Наименование работодателя"),
        (4, "Электронная почта"),
        (5, "Электронная почта"),
    ]
    assert "строке 2" in result.problems[-1].message


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "Файл пустой"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls", "старого формата Excel"),
        (b"PK\x03\x04garbage", "a.xlsx", "не книга Excel"),
        ("Имя,Телефон\nА,1\n".encode(), "a.csv", "Не найдены заголовки"),
        (b"\x00\x01\x02binary", "a.bin", "Это не таблица"),
        (HEADING.encode(), "a.csv", "нет ни одной строки"),
    ],
)
def test_a_file_that_is_not_a_list_says_why(content, name, message):
    with pytest.raises(FileProblem) as error:
        read_employer_list(SimpleUploadedFile(name, content))
    assert message in error.value.message


def test_a_list_updates_the_addresses_it_knows_and_adds_the_new_ones():
    upload("Краснодар", "ООО «А»;;a@example.ru\n")
    saved = upload("Краснодар", "ООО «А» (новое имя);;a@example.ru\nООО «Б»;;b@example.ru\n")
    assert (saved.created, saved.updated, saved.unchanged) == (1, 1, 0)
    assert sorted(EmployerContact.objects.values_list("name", "email")) == [
        ("ООО «А» (новое имя)", "a@example.ru"),
        ("ООО «Б»", "b@example.ru"),
    ]


def test_only_the_commission_of_the_municipality_keeps_its_addresses():
    with pytest.raises(DomainError):
        upload("Краснодар", "ООО «А»;;a@example.ru\n", by=member("Сочи"))
    assert not EmployerContact.objects.exists()


def test_a_list_with_a_problem_saves_no_row_through_the_page(client):
    client.force_login(municipal_user(Role.LABOUR_OFFICE))
    response = client.post(
        reverse("outreach:employers"), {"file": csv_file(HEADING + "ООО «А»;;a@example.ru\nООО «Б»;;плохой\n")}
    )
    assert response.status_code == 400
    assert "Список не загружен" in response.content.decode()
    assert [(p.row, p.column) for p in response.context["report"].problems] == [(3, "Электронная почта")]
    assert not EmployerContact.objects.exists()


def test_the_template_has_the_headings_the_reader_finds():
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    headings = [cell.value for cell in workbook.active[1]]
    buffer = io.BytesIO()
    workbook.active.append(["ООО «А»", "", "a@example.ru"])
    workbook.save(buffer)
    assert headings == ["Наименование работодателя", "ИНН", "Электронная почта"]
    assert read_employer_list(SimpleUploadedFile("t.xlsx", buffer.getvalue())).ok


# --- writing and publishing ------------------------------------------------------------------------------------------


def test_the_region_announcement_is_the_departments():
    contest = open_contest()
    with pytest.raises(DomainError):
        services.save_announcement(services.new_announcement(contest, None), actor=member())
    announcement = published(contest, None)
    assert announcement.municipality is None
    assert announcement.is_published


def test_a_commission_cannot_write_for_another_municipality():
    contest = open_contest()
    with pytest.raises(DomainError):
        services.save_announcement(services.new_announcement(contest, municipality("Краснодар")), actor=member("Сочи"))


def test_an_announcement_needs_a_title_and_its_conditions_and_a_document_of_a_known_type():
    contest = open_contest()
    announcement = services.new_announcement(contest, municipality("Краснодар"))
    announcement.text = "   "
    with pytest.raises(DomainError, match="условия участия"):
        services.save_announcement(announcement, actor=member())
    announcement = services.new_announcement(contest, municipality("Краснодар"))
    with pytest.raises(DomainError):
        services.save_announcement(
            announcement, actor=member(), document=SimpleUploadedFile("Положение.pdf", b"MZ not a pdf")
        )
    assert not Announcement.objects.exists()


def test_a_draft_is_not_public_until_published(client):
    contest = open_contest()
    draft = services.save_announcement(services.new_announcement(contest, municipality("Краснодар")), actor=member())
    assert client.get(reverse("outreach:announcement", args=[draft.pk])).status_code == 404
    services.set_published(draft, actor=member(), published=True)
    page = client.get(reverse("outreach:announcement", args=[draft.pk]))
    assert page.status_code == 200
    assert draft.title in page.content.decode()


def test_the_public_pages_show_the_region_and_the_municipality_and_the_regulation(client):
    contest = open_contest()
    region = published(contest, None, title="Объявление департамента")
    services.save_announcement(region, actor=UserFactory(role=Role.STAFF), document=pdf("Положение.pdf"))
    local = published(contest, "Краснодар", title="Объявление Краснодара")
    published(contest, "Сочи", title="Объявление Сочи")
    home = client.get(reverse("home")).content.decode()
    assert "Объявление департамента" in home
    assert "Объявление Сочи" not in home
    page = client.get(reverse("outreach:announcements") + f"?municipality={municipality('Краснодар').pk}")
    text = page.content.decode()
    assert "Объявление департамента" in text
    assert "Объявление Краснодара" in text
    assert "Объявление Сочи" not in text
    detail = client.get(reverse("outreach:announcement", args=[local.pk])).content.decode()
    # the municipality's page offers the region's Положение when it has none of its own
    assert reverse("outreach:announcement-document", args=[region.pk]) in detail
    assert client.get(reverse("outreach:announcement-document", args=[region.pk])).status_code == 200


def test_an_organizations_start_page_shows_its_municipalitys_announcement(client):
    contest = open_contest()
    published(contest, "Краснодар", title="Объявление Краснодара")
    published(contest, "Сочи", title="Объявление Сочи")
    client.force_login(representative(OrganizationFactory(municipality=municipality("Краснодар"))))
    home = client.get(reverse("home")).content.decode()
    assert "Объявление Краснодара" in home
    assert "Объявление Сочи" not in home


# --- sending ---------------------------------------------------------------------------------------------------------


def test_the_audience_is_the_municipalitys_organizations_and_uploaded_addresses_once_each():
    contest = open_contest()
    organization = OrganizationFactory(municipality=municipality("Краснодар"), email="info@org.example.ru")
    rep = representative(organization, email="Rep@Org.example.ru")
    OrganizationFactory(municipality=municipality("Сочи"), email="sochi@example.ru")
    upload("Краснодар", f"Старое имя;{organization.inn};info@org.example.ru\nООО «Новое»;;new@example.ru\n")
    recipients = services.audience(published(contest))
    assert sorted((r.email, r.organization_id) for r in recipients) == [
        ("info@org.example.ru", organization.pk),
        ("new@example.ru", None),
        (rep.email.lower(), organization.pk),
    ]


def test_the_region_announcement_goes_to_every_municipality():
    contest = open_contest()
    upload("Краснодар", "ООО «А»;;a@example.ru\n")
    upload("Сочи", "ООО «Б»;;b@example.ru\n")
    assert {r.email for r in services.audience(published(contest, None))} == {"a@example.ru", "b@example.ru"}


def test_sending_writes_one_letter_per_address_with_its_own_links(django_capture_on_commit_callbacks):
    contest = open_contest()
    upload("Краснодар", "ООО «А»;;a@example.ru\nООО «Б»;;b@example.ru\n")
    announcement = published(contest, contacts="Сектор по труду, каб. 12")
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send(announcement, actor=member())
    assert sent.letters == 2
    letters = {letter.to[0]: letter for letter in mail.outbox}
    assert set(letters) == {"a@example.ru", "b@example.ru"}
    body = letters["a@example.ru"].body
    assert "/accounts/signup/?email=a%40example.ru" in body
    assert "Сектор по труду, каб. 12" in body
    assert f"/announcements/{announcement.pk}/" in body
    token = services.unsubscribe_token("a@example.ru")
    assert reverse("outreach:unsubscribe", args=[token]) in body
    assert reverse("outreach:unsubscribe", args=[token]) not in letters["b@example.ru"].body
    assert letters["a@example.ru"].subject == announcement.title


def test_sending_again_writes_only_to_the_addresses_added_since():
    contest = open_contest()
    upload("Краснодар", "ООО «А»;;a@example.ru\n")
    announcement = published(contest)
    services.send(announcement, actor=member())
    upload("Краснодар", "ООО «Б»;;b@example.ru\n")
    plan = services.plan(announcement)
    assert ([r.email for r in plan.new], plan.already) == (["b@example.ru"], 1)
    again = services.send(announcement, actor=member())
    assert (again.letters, again.already) == (1, 1)
    assert Letter.objects.filter(recipient="a@example.ru").count() == 1


def test_an_address_that_unsubscribed_gets_no_letter_but_a_row_saying_so(client):
    contest = open_contest()
    upload("Краснодар", "ООО «А»;;a@example.ru\nООО «Б»;;b@example.ru\n")
    url = reverse("outreach:unsubscribe", args=[services.unsubscribe_token("a@example.ru")])
    assert "Не получать больше" in client.get(url).content.decode()
    assert not OptOut.objects.exists()  # a mail client that opens the link unsubscribes no one
    client.post(url)
    sent = services.send(published(contest), actor=member())
    assert (sent.letters, sent.opted_out) == (1, 1)
    row = AnnouncementLetter.objects.get(email="a@example.ru")
    assert row.opted_out
    assert row.letter is None
    assert not Letter.objects.filter(recipient="a@example.ru").exists()
    client.post(url, {"again": "1"})
    assert not OptOut.objects.exists()


def test_a_forged_unsubscribe_link_is_refused(client):
    token = services.unsubscribe_token("a@example.ru")
    assert client.get(reverse("outreach:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404
    assert client.post(reverse("outreach:unsubscribe", args=["a@example.ru"])).status_code == 404
    assert not OptOut.objects.exists()


def test_an_unpublished_announcement_is_not_sent():
    contest = open_contest()
    upload("Краснодар", "ООО «А»;;a@example.ru\n")
    draft = services.save_announcement(services.new_announcement(contest, municipality("Краснодар")), actor=member())
    with pytest.raises(DomainError, match="опубликуйте"):
        services.send(draft, actor=member())
    assert not Letter.objects.exists()


def test_sign_up_from_the_letter_has_the_address_filled_in(client):
    page = client.get(reverse("signup") + "?email=a%40example.ru")
    assert page.context["form"]["email"].value() == "a@example.ru"


# --- what became of the letters, the coordination figures --------------------------------------------------------


def test_the_table_says_who_registered_and_applied_since():
    contest = open_contest()
    later_inn = _company_inn(777)
    upload(
        "Краснодар",
        f"ООО «С ИНН»;{later_inn};inn@example.ru\nООО «По почте»;;mail@example.ru\nООО «Нет»;;no@example.ru\n",
    )
    already = OrganizationFactory(municipality=municipality("Краснодар"), email="old@example.ru")
    announcement = published(contest)
    services.send(announcement, actor=member())
    Letter.objects.update(status="sent", sent_at=timezone.now())
    by_inn = OrganizationFactory(municipality=municipality("Краснодар"), inn=later_inn)
    representative(OrganizationFactory(municipality=municipality("Краснодар")), email="MAIL@example.ru")
    submitted(contest, by_inn)
    rows = {row.email: row for row in selectors.mailing_rows(announcement)}
    assert rows["inn@example.ru"].now_organization == by_inn.pk
    assert rows["inn@example.ru"].applied
    assert rows["mail@example.ru"].now_organization is not None
    assert not rows["mail@example.ru"].applied
    assert rows["no@example.ru"].now_organization is None
    assert [row.email for row in selectors.mailing_rows(announcement, status="applied")] == ["inn@example.ru"]
    assert rows["old@example.ru"].now_organization == already.pk
    summary = selectors.mailing_summary(announcement)
    assert (summary["sent"], summary["known"], summary["joined"], summary["applied"]) == (4, 1, 2, 1)
    figures = selectors.coordination(contest, municipality("Краснодар"))
    assert (figures.told, figures.known_told, figures.registered_told, figures.applied) == (4, 1, 2, 1)


def test_the_figures_count_each_stage_with_the_later_ones_and_the_questions():
    contest = open_contest()
    krd = municipality("Краснодар")
    for step in (started, registered, in_approval, under_review, verified):
        step(contest, OrganizationFactory(municipality=krd))
    submitted(contest, OrganizationFactory(municipality=municipality("Сочи")))
    asked(representative(OrganizationFactory(municipality=krd)))
    figures = selectors.coordination(contest, krd)
    assert (figures.applied, figures.registered, figures.cards, figures.approved, figures.verified) == (4, 4, 3, 2, 1)
    assert (figures.organizations, figures.waiting_questions) == (6, 1)


def test_a_participation_waiting_too_long_or_near_its_deadline_is_listed_with_who_owes_the_step():
    contest = open_contest(application_deadline=timezone.localdate() + timedelta(days=3))
    krd = municipality("Краснодар")
    near, _user = started(contest, OrganizationFactory(municipality=krd, full_name="ООО «Срок близко»"))
    idle, _user = registered(contest, OrganizationFactory(municipality=krd, full_name="ООО «Давно без движения»"))
    fresh, _user = registered(contest, OrganizationFactory(municipality=krd, full_name="ООО «Только что»"))
    type(idle).objects.filter(pk=idle.pk).update(updated_at=timezone.now() - timedelta(days=10))
    stuck = {item.participation.pk: item for item in selectors.stuck_participations(contest, krd)}
    assert set(stuck) == {near.pk, idle.pk}
    assert "подать заявку" in stuck[near.pk].owes
    assert stuck[near.pk].days_left == 3
    assert "карту" in stuck[idle.pk].owes
    assert stuck[idle.pk].idle_days == 10
    assert fresh.pk not in stuck


def test_the_coordination_page_of_another_municipality_is_not_shown(client):
    client.force_login(member("Сочи"))
    open_contest()
    url = reverse("outreach:coordination")
    assert client.get(url + f"?municipality={municipality('Краснодар').pk}").status_code == 404
    assert client.get(url + "?municipality=abc").status_code == 404
    assert "Сочи" in client.get(url).content.decode()


def test_the_letter_offers_the_regulation_only_when_the_page_has_one():
    contest = open_contest()
    upload("Краснодар", "ООО «А»;;a@example.ru\n")
    services.send(published(contest), actor=member())
    assert "Объявление на портале:" in Letter.objects.get(recipient="a@example.ru").body
    assert "Положение" not in Letter.objects.get(recipient="a@example.ru").body
    region = published(contest, None)
    services.save_announcement(region, actor=UserFactory(role=Role.STAFF), document=pdf("Положение.pdf"))
    upload("Краснодар", "ООО «Б»;;b@example.ru\n")
    services.send(published(contest), actor=member())
    assert "Объявление целиком и Положение о смотре-конкурсе:" in Letter.objects.get(recipient="b@example.ru").body


def test_a_registered_organization_is_asked_to_apply_not_to_register():
    contest = open_contest()
    OrganizationFactory(municipality=municipality("Краснодар"), email="known@example.ru")
    services.send(published(contest), actor=member())
    body = Letter.objects.get(recipient="known@example.ru").body
    assert "уже зарегистрирована на портале" in body
    assert "/accounts/signup/" not in body
    assert "организация с этим адресом зарегистрирована на портале" in body


def test_a_municipality_without_its_own_announcement_says_the_departments_holds(client):
    contest = open_contest()
    published(contest, None, title="Объявление департамента")
    page = client.get(reverse("outreach:announcements") + f"?municipality={municipality('Сочи').pk}")
    assert page.context["municipal_items"] == []
    assert "своих объявлений пока не публиковала" in page.content.decode()


def test_staff_see_every_municipality_side_by_side_at_the_same_cost(client, django_assert_max_num_queries):
    contest = open_contest()
    staff = UserFactory(role=Role.STAFF)
    client.force_login(staff)
    url = reverse("outreach:coordination")
    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(30) as empty:
        client.get(url)
    for town, address in (("Краснодар", "krd@example.ru"), ("Сочи", "sochi@example.ru")):
        upload(town, f"ООО «{town}»;;{address}\n")
        services.send(published(contest, town), actor=member(town))
        submitted(contest, OrganizationFactory(municipality=municipality(town)))
    Letter.objects.update(status="sent", sent_at=timezone.now())
    with django_assert_max_num_queries(len(empty.captured_queries)):
        page = client.get(url)
    rows = {municipality.name: figures for municipality, figures in page.context["rows"]}
    assert len(rows) == municipality("Краснодар").region.municipalities.count()
    assert (rows["Краснодар"].told, rows["Краснодар"].applied) == (1, 1)
    assert (rows["Сочи"].told, rows["Сочи"].applied) == (1, 1)
    assert (page.context["total"].told, page.context["total"].applied) == (2, 2)
    detail = client.get(url + f"?municipality={municipality('Сочи').pk}")
    assert detail.context["municipality"].name == "Сочи"


def test_a_commission_of_one_municipality_goes_straight_to_its_figures(client):
    open_contest()
    client.force_login(member("Сочи"))
    assert client.get(reverse("outreach:coordination") + "?municipality=all").url == reverse("outreach:coordination")


def test_the_mailing_page_lists_whom_the_letter_will_reach_before_sending(client):
    contest = open_contest()
    upload("Краснодар", "ООО «А»;;a@example.ru\nООО «Б»;;b@example.ru\n")
    announcement = published(contest)
    services.unsubscribe("b@example.ru")
    client.force_login(member())
    page = client.get(reverse("outreach:announcement-mailing", args=[announcement.pk])).content.decode()
    assert "Разослать (1)" in page
    assert "ООО «А» — a@example.ru" in page
    assert "ООО «Б» — b@example.ru <span" in page
