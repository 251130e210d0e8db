"""The pages do what they say: an organization files a report with a material through the forms, the administration
decides, bad input is told next to the field with nothing typed lost, and lists cost the same for 1 and 20 rows."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest.enums import Role
from practices.enums import ReportState
from practices.models import NothingNewStatement, PracticeMaterial, PracticeReport, SurveyAnswer
from practices.services import reports as services
from practices.services import surveys
from tests.factories import OrganizationFactory, UserFactory, municipality

from .helpers import (
    PDF_BYTES,
    PNG_BYTES,
    current_quarter,
    district,
    draft,
    pdf,
    png,
    recommended,
    reload,
    representative,
    submitted,
)

pytestmark = pytest.mark.django_db
S = ReportState


def form_data(**overrides) -> dict:
    data = {
        "quarter": current_quarter().key,
        "kind": "technology",
        "title": "Механизация загрузки мешков",
        "problem": "Травмы спины у грузчиков при ручной загрузке мешков с мукой.",
        "solution": "Установлен вакуумный подъёмник, грузчиков обучили.",
        "results": "Ручной подъём тяжестей исключён.",
        "injuries_before": "2",
        "injuries_after": "0",
        "violations_before": "",
        "violations_after": "",
        "productivity_change_pct": "7,5",
        "economic_effect_rub": "150 000,00",
        "investment_rub": "420000,50",
        "publication_allowed": "on",
    }
    return {**data, **overrides}


def test_organization_files_a_report_with_a_material_through_the_pages(client, django_capture_on_commit_callbacks):
    user = representative()
    administration = district()
    client.force_login(user)
    response = client.post(reverse("practices:report-new"), form_data())
    report = PracticeReport.objects.get()
    assert response["Location"] == reverse("practices:report", args=[report.pk])
    assert (report.kind, report.injuries_before, str(report.productivity_change_pct)) == ("technology", 2, "7.50")
    assert str(report.investment_rub) == "420000.50"
    assert str(report.economic_effect_rub) == "150000.00"
    assert report.publication_allowed is True

    response = client.post(
        reverse("practices:material-add", args=[report.pk]),
        {"file": png("подъёмник.png"), "title": "Подъёмник", "public": "on"},
    )
    assert response.status_code == 302
    material = PracticeMaterial.objects.get()
    assert (material.title, material.public, material.original_name) == ("Подъёмник", True, "подъёмник.png")

    page = client.get(reverse("practices:report", args=[report.pk])).content.decode()
    assert "Подъёмник" in page
    assert "Представить отчёт" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:report-submit", args=[report.pk]))
    assert reload(report).state == S.SUBMITTED
    assert [m.to for m in mail.outbox] == [[administration.email]]
    page = client.get(response["Location"]).content.decode()
    assert "Отчёт представлен в администрацию" in page


def test_filing_late_says_so_to_the_organization(client):
    report = draft(quarter=current_quarter().previous())
    client.force_login(report.created_by)
    response = client.post(reverse("practices:report-submit", args=[report.pk]), follow=True)
    assert "принят с отметкой о представлении после срока" in response.content.decode()
    assert 'data-testid="late"' in response.content.decode()


def test_report_form_errors_are_next_to_the_field_and_nothing_is_lost(client):
    client.force_login(representative())
    response = client.post(
        reverse("practices:report-new"),
        form_data(investment_rub="много", injuries_after="-1", quarter="2031-9", kind="magic"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"investment_rub", "injuries_after", "quarter", "kind"}
    page = response.content.decode()
    assert "Механизация загрузки мешков" in page
    assert "Травмы спины у грузчиков" in page
    assert "Введённое не потеряно" in page
    assert not PracticeReport.objects.exists()


def test_a_draft_without_a_solution_is_saved_and_filing_says_what_is_missing(client):
    client.force_login(representative())
    client.post(
        reverse("practices:report-new"),
        form_data(
            solution="",
            results="",
            injuries_before="",
            injuries_after="",
            productivity_change_pct="",
            economic_effect_rub="",
            investment_rub="",
        ),
    )
    report = PracticeReport.objects.get()
    page = client.get(reverse("practices:report", args=[report.pk])).content.decode()
    assert "Заполните: что сделано." in page
    response = client.post(reverse("practices:report-submit", args=[report.pk]), follow=True)
    assert "Заполните: что сделано." in response.content.decode()
    assert reload(report).state == S.DRAFT


def test_edit_saves_and_a_filed_report_is_not_editable(client):
    report = draft()
    client.force_login(report.created_by)
    url = reverse("practices:report-edit", args=[report.pk])
    response = client.post(url, form_data(title="Новое название"))
    assert response["Location"] == reverse("practices:report", args=[report.pk])
    assert reload(report).title == "Новое название"
    services.submit_report(reload(report), actor=report.created_by)
    assert client.get(url)["Location"] == reverse("practices:report", args=[report.pk])
    client.post(url, form_data(title="Подмена"))
    assert reload(report).title == "Новое название"


def test_returned_report_shows_the_remarks_and_can_be_edited_but_its_quarter_stays(client):
    report = submitted()
    services.return_report(report, actor=district(), remarks="Добавьте фото")
    client.force_login(report.created_by)
    page = client.get(reverse("practices:report-edit", args=[report.pk]))
    assert "Добавьте фото" in page.content.decode()
    assert "quarter" not in page.context["form"].fields


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("вирус.pdf", b"MZ\x90\x00", "application/pdf"), "Этот вид файла не принимается"),
        (lambda: SimpleUploadedFile("пусто.png", b"", "image/png"), "Отправленный файл пуст"),
    ],
)
def test_bad_files_are_told_next_to_the_field(client, upload, message):
    report = draft()
    client.force_login(report.created_by)
    response = client.post(reverse("practices:material-add", args=[report.pk]), {"file": upload(), "title": "Акт"})
    assert response.status_code == 200
    assert message in str(response.context["material_form"].errors["file"])
    assert response.context["material_form"]["title"].value() == "Акт"
    assert not PracticeMaterial.objects.exists()


def test_material_form_needs_a_file_or_a_link_not_both_and_a_web_link(client):
    report = draft()
    client.force_login(report.created_by)
    url = reverse("practices:material-add", args=[report.pk])
    assert "Выберите файл или укажите ссылку" in str(client.post(url, {}).context["material_form"].errors)
    both = client.post(url, {"file": pdf(), "url": "https://video.example.ru/1"})
    assert "что-то одно" in str(both.context["material_form"].errors["url"])
    bad = client.post(url, {"url": "ftp://video.example.ru/1"})
    assert "https://" in str(bad.context["material_form"].errors["url"])
    assert not PracticeMaterial.objects.exists()
    client.post(url, {"url": "video.example.ru/ролик"})
    assert PracticeMaterial.objects.get().url == "https://video.example.ru/ролик"


def test_material_download_sends_the_file_privately_and_pictures_inline(client):
    report = draft()
    document = services.add_material(report, actor=report.created_by, uploaded=pdf("акт.pdf"))
    picture = services.add_material(report, actor=report.created_by, uploaded=png())
    client.force_login(report.created_by)
    response = client.get(reverse("practices:material", args=[document.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    response = client.get(reverse("practices:material", args=[picture.pk]))
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Disposition"].startswith("inline")


def test_a_material_whose_file_is_gone_answers_404(client):
    report = draft()
    material = services.add_material(report, actor=report.created_by, uploaded=pdf())
    material.file.delete(save=False)
    client.force_login(report.created_by)
    assert client.get(reverse("practices:material", args=[material.pk])).status_code == 404


def test_nothing_new_through_the_page(client):
    user = representative()
    client.force_login(user)
    response = client.post(reverse("practices:nothing-new"), {"quarter": current_quarter().key, "comment": "Нет"})
    assert response["Location"] == reverse("practices:index")
    assert NothingNewStatement.objects.get().comment == "Нет"
    page = client.get(reverse("practices:index")).content.decode()
    assert "нового опыта нет" in page
    again = client.post(reverse("practices:nothing-new"), {"quarter": current_quarter().key}, follow=True)
    assert "уже сообщила" in again.content.decode()
    bad = client.post(reverse("practices:nothing-new"), {"quarter": "2025-7"}, follow=True)
    assert "Выберите квартал из списка" in bad.content.decode()
    assert NothingNewStatement.objects.count() == 1


def test_delete_draft_and_publication_toggle_through_the_pages(client):
    report = draft()
    client.force_login(report.created_by)
    client.post(reverse("practices:report-publication", args=[report.pk]), {"allowed": "0"})
    assert reload(report).publication_allowed is False
    response = client.post(reverse("practices:report-delete", args=[report.pk]))
    assert response["Location"] == reverse("practices:index")
    assert not PracticeReport.objects.exists()


@pytest.mark.parametrize("name", ["practices:report-submit", "practices:report-delete", "practices:report-review"])
def test_actions_answer_405_to_get(client, name):
    report = draft()
    client.force_login(report.created_by)
    assert client.get(reverse(name, args=[report.pk])).status_code == 405


# --- the administration ------------------------------------------------------------------------------------------------


def test_district_recommends_through_the_page_and_the_organization_hears(client, django_capture_on_commit_callbacks):
    report = submitted()
    client.force_login(district())
    page = client.get(reverse("practices:report", args=[report.pk])).content.decode()
    assert "Рекомендовать к распространению" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:report-review", args=[report.pk]), {"action": "recommend"})
    assert response["Location"] == reverse("practices:report", args=[report.pk])
    assert reload(report).state == S.RECOMMENDED
    assert mail.outbox[0].to == [report.created_by.email]
    page = client.get(reverse("practices:report", args=[report.pk])).content.decode()
    assert "Снять рекомендацию" in page


def test_returning_without_remarks_is_told_next_to_the_field(client):
    report = submitted()
    client.force_login(district())
    response = client.post(reverse("practices:report-review", args=[report.pk]), {"action": "return", "comment": " "})
    assert response.status_code == 200
    assert "Напишите замечания" in str(response.context["review_form"].errors["comment"])
    assert reload(report).state == S.SUBMITTED
    response = client.post(
        reverse("practices:report-review", args=[report.pk]), {"action": "return", "comment": "Нет цифр"}
    )
    assert reload(report).state == S.RETURNED
    assert reload(report).remarks == "Нет цифр"


@pytest.mark.parametrize("data", [{"action": "delete"}, {}, {"action": ""}])
def test_review_with_an_unknown_action_changes_nothing(client, data):
    report = submitted()
    client.force_login(district())
    response = client.post(reverse("practices:report-review", args=[report.pk]), data)
    assert response.status_code == 200
    assert reload(report).state == S.SUBMITTED


def test_a_move_the_table_refuses_is_a_message_not_an_error_page(client):
    report = recommended()
    client.force_login(district())
    response = client.post(reverse("practices:report-review", args=[report.pk]), {"action": "recommend"}, follow=True)
    assert response.status_code == 200
    assert "Это уже сделано" in response.content.decode()


def test_review_list_filters_by_quarter_and_state_and_ignores_bad_values(client):
    report = submitted()
    old = submitted(quarter=current_quarter().previous())
    services.accept_report(old, actor=district())
    client.force_login(district())
    url = reverse("practices:review")
    assert [r.pk for r in client.get(url, {"quarter": current_quarter().key}).context["rows"]] == [report.pk]
    assert [r.pk for r in client.get(url, {"state": "accepted"}).context["rows"]] == [old.pk]
    for bad in ({"quarter": "2025-9"}, {"state": "draft"}, {"quarter": "x", "state": "<script>"}):
        response = client.get(url, bad)
        assert response.status_code == 200
        assert {r.pk for r in response.context["rows"]} == {report.pk, old.pk}


# --- the quarterly summary ------------------------------------------------------------------------------------------


def test_summary_shows_who_reported_who_stated_nothing_new_and_who_did_not(client):
    reporter = representative(OrganizationFactory(full_name="А-Отчитались"))
    submitted(reporter, kind="technique")
    submitted(reporter, kind="ohs_service")
    quiet = representative(OrganizationFactory(full_name="Б-Нового нет"))
    services.state_nothing_new(quiet.organization, actor=quiet, quarter=current_quarter())
    silent = representative(OrganizationFactory(full_name="В-Молчат"))
    draft(silent)  # a draft is not a report
    OrganizationFactory(full_name="Г-Без представителя")
    OrganizationFactory(full_name="Сочинская", municipality=municipality("Сочи"))
    client.force_login(district())
    response = client.get(reverse("practices:summary-current"))
    summary = response.context["summary"]
    statuses = {row.organization.full_name: row.status for row in summary.rows}
    assert statuses == {
        "А-Отчитались": "reported",
        "Б-Нового нет": "nothing_new",
        "В-Молчат": "missing",
        "Г-Без представителя": "missing",
    }
    assert {row.organization.full_name: row.has_representative for row in summary.rows}["Г-Без представителя"] is False
    kinds = {kind: count for kind, _label, count, _rec in summary.by_kind()}
    assert kinds == {"technique": 1, "technology": 0, "labour_organization": 0, "ohs_service": 1}
    page = response.content.decode()
    assert page.count('data-status="missing"') == 2
    assert "нет представителя на портале" in page


def test_summary_marks_late_reporters(client):
    user = representative()
    report = submitted(user, quarter=current_quarter().previous())
    client.force_login(district())
    previous = current_quarter().previous()
    summary = client.get(reverse("practices:summary", args=[previous.year, previous.quarter])).context["summary"]
    (row,) = summary.rows
    assert row.is_late is True
    assert summary.counts["late"] == 1
    assert row.reports == [report]


@pytest.mark.parametrize("args", [(2025, 5), (2025, 0), (1999, 4), (2101, 1)])
def test_summary_of_a_quarter_that_does_not_exist_is_404(client, args):
    client.force_login(district())
    assert client.get(reverse("practices:summary", args=args)).status_code == 404
    assert client.get(reverse("practices:summary-xlsx", args=args)).status_code == 404


def test_staff_choose_a_municipality_for_the_summary_and_bad_choices_are_ignored(client):
    organization = OrganizationFactory(municipality=municipality("Сочи"))
    client.force_login(UserFactory(role=Role.STAFF))
    url = reverse("practices:summary-current")
    assert client.get(url).context["summary"] is None
    assert client.get(url, {"municipality": "abc"}).context["summary"] is None
    sochi = municipality("Сочи")
    summary = client.get(url, {"municipality": sochi.pk}).context["summary"]
    assert [row.organization for row in summary.rows] == [organization]
    quarter = current_quarter()
    export = client.get(
        reverse("practices:summary-xlsx", args=[quarter.year, quarter.quarter]), {"municipality": sochi.pk}
    )
    assert export.status_code == 200


def test_summary_links_to_neighbouring_quarters_but_not_beyond_the_next(client):
    client.force_login(district())
    quarter = current_quarter()
    context = client.get(reverse("practices:summary-current")).context
    assert (context["previous"], context["next"]) == (quarter.previous(), None)
    context = client.get(reverse("practices:summary", args=[2000, 1])).context
    assert context["previous"] is None


# --- the public library -----------------------------------------------------------------------------------------------


def test_library_finds_by_any_case_of_a_cyrillic_word_and_by_kind(client):
    recommended(title="Ограждение ЛЕНТОЧНОГО конвейера", kind="technique")
    recommended(
        title="Поведенческий аудит",
        problem="Нарушения дисциплины",
        solution="Беседы",
        results="Нарушений меньше",
        kind="labour_organization",
    )
    url = reverse("practices:library")

    def titles(**params):
        return [r.title for r in client.get(url, params).context["page"]]

    assert titles(q="ленточного") == ["Ограждение ЛЕНТОЧНОГО конвейера"]
    assert titles(q="ленточный конвейеры") == ["Ограждение ЛЕНТОЧНОГО конвейера"]  # another form of the words
    assert titles(q="Дисциплины беседы") == ["Поведенческий аудит"]
    assert titles(q="дисциплины конвейер") == []
    assert titles(kind="labour_organization") == ["Поведенческий аудит"]
    assert titles(q="конвейер", kind="labour_organization") == []


def test_library_filters_by_sector_municipality_and_budget_or_commercial(client):
    school = OrganizationFactory(legal_form="budget_institution", municipality=municipality("Сочи"))
    recommended(representative(school), title="Школьный опыт")
    recommended(title="Заводской опыт")
    url = reverse("practices:library")

    def titles(**params):
        return sorted(r.title for r in client.get(url, params).context["page"])

    assert titles(finance="budget") == ["Школьный опыт"]
    assert titles(finance="commercial") == ["Заводской опыт"]
    assert titles(municipality=municipality("Сочи").pk) == ["Школьный опыт"]
    assert titles(sector="manufacturing") == ["Заводской опыт", "Школьный опыт"]
    assert titles(sector="energy") == ["Заводской опыт", "Школьный опыт"]  # not a sector of the library: ignored


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "<script>"},
        {"municipality": "abc"},
        {"municipality": "999999"},
        {"finance": "state"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"q": "x" * 500},
        {"q": "%_\\'\""},
    ],
)
def test_library_bad_filters_are_ignored_not_errors(client, params):
    recommended()
    response = client.get(reverse("practices:library"), params)
    assert response.status_code == 200


def test_library_detail_shows_only_public_materials_and_serves_them(client):
    report = draft()
    public = services.add_material(report, actor=report.created_by, uploaded=png(), title="Фото", public=True)
    hidden = services.add_material(report, actor=report.created_by, uploaded=pdf(), title="Приказ", public=False)
    link = services.add_material(report, actor=report.created_by, url="https://video.example.ru/1", public=True)
    services.submit_report(report, actor=report.created_by)
    services.recommend_report(report, actor=district())
    response = client.get(reverse("practices:library-detail", args=[report.pk]))
    assert list(response.context["materials"]) == [public, link]
    page = response.content.decode()
    assert "Фото" in page
    assert "Приказ" not in page
    assert 'rel="noopener noreferrer nofollow"' in page
    assert client.get(reverse("practices:library-material", args=[public.pk])).status_code == 200
    assert client.get(reverse("practices:library-material", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("practices:library-material", args=[link.pk])).status_code == 404
    services.set_publication(report, actor=report.created_by, allowed=False)
    assert client.get(reverse("practices:library-material", args=[public.pk])).status_code == 404
    assert client.get(reverse("practices:library-detail", args=[report.pk])).status_code == 404


def test_library_paginates_by_twenty_and_keeps_the_filters_in_the_links(client):
    user = representative()
    for n in range(21):
        recommended(user, title=f"Опыт {n}")
    response = client.get(reverse("practices:library"), {"kind": "technique"})
    assert len(response.context["page"]) == 20
    assert "?kind=technique&amp;page=2" in response.content.decode()
    assert len(client.get(reverse("practices:library"), {"kind": "technique", "page": 2}).context["page"]) == 1


# --- surveys ----------------------------------------------------------------------------------------------------------


def test_survey_is_opened_answered_anonymously_and_turned_into_a_report(client):
    user = representative()
    client.force_login(user)
    response = client.post(
        reverse("practices:surveys"), {"kind": "proposals", "title": "Предложения", "intro": "Пишите"}
    )
    survey = user.organization.surveys.get()
    assert response["Location"] == reverse("practices:survey", args=[survey.pk])
    link = client.get(response["Location"]).context["link"]
    assert link.endswith(f"/practices/s/{survey.token}/")
    assert len(survey.token) >= 32

    client.logout()
    answer_url = reverse("practices:survey-answer", args=[survey.token])
    page = client.get(answer_url)
    assert page["Referrer-Policy"] == "no-referrer"
    response = client.post(
        answer_url, {"proposal": "Разметить проходы", "problem": "Погрузчики", "department": "Склад"}
    )
    assert "Спасибо, ответ принят" in response.content.decode()
    answer = SurveyAnswer.objects.get()
    assert (answer.proposal, answer.department, answer.answered_on) == (
        "Разметить проходы",
        "Склад",
        timezone.localdate(),
    )
    assert {f.name for f in SurveyAnswer._meta.fields} == {
        "id",
        "survey",
        "answered_on",
        "department",
        "proposal",
        "problem",
        "usefulness",
        "learned",
        "unclear",
    }

    client.force_login(user)
    page = client.get(reverse("practices:survey", args=[survey.pk])).content.decode()
    assert "Разметить проходы" in page
    response = client.post(reverse("practices:answer-report", args=[answer.pk]))
    report = PracticeReport.objects.get()
    assert response["Location"] == reverse("practices:report-edit", args=[report.pk])
    assert (report.solution, report.problem, report.source_answer) == ("Разметить проходы", "Погрузчики", answer)
    assert report.state == S.DRAFT
    assert report.period.as_quarter == current_quarter()


def test_survey_answers_are_shown_a_page_at_a_time(client, monkeypatch):
    monkeypatch.setattr("core.paging.PAGE_SIZE", 2)
    user = representative()
    client.force_login(user)
    client.post(reverse("practices:surveys"), {"kind": "proposals", "title": "Предложения", "intro": "Пишите"})
    survey = user.organization.surveys.get()
    for n in range(3):
        SurveyAnswer.objects.create(survey=survey, answered_on=timezone.localdate(), proposal=f"Предложение {n}")

    first = client.get(reverse("practices:survey", args=[survey.pk]))
    second = client.get(reverse("practices:survey", args=[survey.pk]), {"page": 2})

    assert len(first.context["answers"]) == 2
    assert len(second.context["answers"]) == 1
    assert "Ответов: 3" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()


def test_survey_answer_errors_and_the_honeypot(client):
    user = representative()
    survey = surveys.start_survey(
        user.organization, actor=user, kind="training", title="После обучения", training_name="Первая помощь"
    )
    url = reverse("practices:survey-answer", args=[survey.token])
    response = client.post(url, {"learned": "Повязки", "usefulness": "9"})
    assert response.status_code == 200
    assert "usefulness" in response.context["form"].errors
    assert "Повязки" in response.content.decode()
    response = client.post(url, {"usefulness": "5", "website": "http://spam.example"})
    assert "Ответ не принят" in response.content.decode()
    assert not SurveyAnswer.objects.exists()
    client.post(url, {"usefulness": "4", "learned": "Повязки"})
    assert SurveyAnswer.objects.get().usefulness == 4


def test_a_closed_survey_takes_no_answers_and_an_unknown_link_is_404(client):
    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="Предложения")
    client.force_login(user)
    client.post(reverse("practices:survey-toggle", args=[survey.pk]), {"open": "0"})
    client.logout()
    url = reverse("practices:survey-answer", args=[survey.token])
    assert "Опрос закрыт" in client.get(url).content.decode()
    client.post(url, {"proposal": "Поздно"})
    assert not SurveyAnswer.objects.exists()
    assert client.get(reverse("practices:survey-answer", args=["x" * 32])).status_code == 404


def test_survey_form_errors_are_next_to_the_field(client):
    client.force_login(representative())
    response = client.post(reverse("practices:surveys"), {"kind": "training", "title": "Опрос"})
    assert "training_name" in response.context["form"].errors
    response = client.post(reverse("practices:surveys"), {"kind": "other", "title": ""})
    assert set(response.context["form"].errors) >= {"kind", "title"}


# --- start pages ------------------------------------------------------------------------------------------------------


def test_start_pages_show_the_practice_panels(client):
    user = representative()
    submitted(user)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="practices-panel"' in page
    assert "Представлен 1 отчёт." in page
    client.force_login(district())
    page = client.get(reverse("home")).content.decode()
    assert "1 отчёт ждёт рассмотрения." in page
    client.logout()
    assert reverse("practices:library") in client.get(reverse("home")).content.decode()


# --- query counts: the same for 1 and 20 rows -------------------------------------------------------------------------


def queries(client, url: str, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_library_query_count_does_not_grow(client, django_assert_num_queries):
    user = representative()
    report = recommended(user)
    url = reverse("practices:library")
    one = queries(client, url, {"q": "конвейер"})
    for n in range(19):
        recommended(representative(OrganizationFactory(municipality=municipality("Сочи" if n % 2 else "Краснодар"))))
    with django_assert_num_queries(one):
        response = client.get(url, {"q": "конвейер"})
    assert len(response.context["page"]) == 20
    assert report in response.context["page"]


def test_review_list_query_count_does_not_grow(client, django_assert_num_queries):
    submitted()
    client.force_login(district())
    url = reverse("practices:review")
    one = queries(client, url)
    for _ in range(19):
        report = draft()
        services.add_material(report, actor=report.created_by, uploaded=pdf())
        services.submit_report(report, actor=report.created_by)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["rows"]) == 20


def test_organization_page_query_count_does_not_grow(client, django_assert_num_queries):
    user = representative()
    report = draft(user)
    services.add_material(report, actor=user, uploaded=pdf())
    client.force_login(user)
    url = reverse("practices:index")
    one = queries(client, url)
    for n in range(19):
        other = draft(user, quarter=current_quarter().previous() if n % 2 else current_quarter())
        services.add_material(other, actor=user, uploaded=pdf())
        if n % 3 == 0:
            services.submit_report(other, actor=user)
    with django_assert_num_queries(one):
        client.get(url)


def test_summary_query_count_does_not_grow(client, django_assert_num_queries):
    submitted()
    client.force_login(district())
    url = reverse("practices:summary-current")
    one = queries(client, url)
    for n in range(19):
        user = representative()
        if n % 2:
            submitted(user)
        elif n % 3:
            services.state_nothing_new(user.organization, actor=user, quarter=current_quarter())
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["summary"].rows) == 20


def test_survey_page_query_count_does_not_grow(client, django_assert_num_queries):
    user = representative()
    survey = surveys.start_survey(user.organization, actor=user, kind="proposals", title="Предложения")
    surveys.report_from_answer(surveys.answer_survey(survey, proposal="Первое"), actor=user)
    client.force_login(user)
    url = reverse("practices:survey", args=[survey.pk])
    one = queries(client, url)
    for n in range(19):
        answer = surveys.answer_survey(survey, proposal=f"Предложение {n}")
        if n % 2:
            surveys.report_from_answer(answer, actor=user)
    with django_assert_num_queries(one):
        client.get(url)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Крышки", ["крышк"]),
        ("ленточного конвейера", ["ленточн", "конвейер"]),
        ("Ёмкостями", ["емкост"]),
        ("СИЗ пыль", ["сиз", "пыл"]),
        ("ой", ["ой"]),
    ],
)
def test_library_searches_words_by_their_stems(query, words):
    from practices.selectors import search_words

    assert search_words(query) == words
