"""Heavy documents prepared by the worker (contest.tasks.build_document): all certificates of a decision, the result
tables of a protocol, the participants workbook. The tests run the tasks with the ImmediateBackend of the test
settings, on commit (django_capture_on_commit_callbacks(execute=True)); the size above which a document goes to the
worker is lowered to 0 where a test needs a big one."""

import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contest.enums import CertificateKind, DocumentKind, JobStatus, Role
from contest.models import Decision, DocumentJob
from contest.services import awards
from contest.services import documents as job_services
from contest.views import documents as document_views
from contest.views import exchange as exchange_views
from tests.contest.helpers import card_submitted, organization_in, under_review
from tests.contest.test_documents import SIGNATORY, decide_region, pdf_pages, pdf_text
from tests.core.test_outbox import DATABASE_TASKS, run_worker
from tests.factories import UserFactory, municipal_user, open_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    return open_contest()


@pytest.fixture
def big(monkeypatch):
    """Every document is big: the views offer the job instead of building it in the request."""
    monkeypatch.setattr(document_views, "DIRECT_PAGES", 0)
    monkeypatch.setattr(document_views, "DIRECT_ROWS", 0)
    monkeypatch.setattr(exchange_views, "DIRECT_ROWS", 0)


@pytest.fixture
def regional(contest):
    """The regional decision with its certificates issued: an honorary one for each first place, a diploma for the
    others."""
    decision = decide_region(contest)["regional"]
    secretary = UserFactory(role=Role.REGIONAL_SECRETARY)
    for kind, places in (
        (CertificateKind.HONORARY, awards.PLACES_FIRST),
        (CertificateKind.DIPLOMA, awards.PLACES_OTHER),
    ):
        awards.issue_certificates(decision, actor=secretary, kind=kind, signatory=SIGNATORY, places=places)
    return decision


def certificates_url(decision) -> str:
    return reverse("decision-certificates-pdf", args=[decision.pk])


def file_of(response) -> bytes:
    return b"".join(response.streaming_content)


def link_in(letter) -> str:
    """The path of the http link in the letter."""
    [link] = [word for word in letter.body.split() if word.startswith("http://")]
    return link.removeprefix("http://testserver")


def test_a_big_batch_of_certificates_is_offered_then_prepared_once_for_repeated_requests(client, login, regional, big):
    login(UserFactory(role=Role.REGIONAL_SECRETARY))
    offer = client.get(certificates_url(regional))
    assert offer.status_code == 200
    assert 'data-testid="prepare-button"' in offer.content.decode()
    assert not DocumentJob.objects.exists()  # a GET asks for nothing
    first = client.post(certificates_url(regional))
    second = client.post(certificates_url(regional))
    [job] = DocumentJob.objects.all()
    assert first["Location"] == second["Location"] == reverse("document-job", args=[job.pk])
    assert job.status == JobStatus.QUEUED
    assert job.kind == DocumentKind.CERTIFICATES
    # While it waits, the download link leads to its page.
    assert client.get(certificates_url(regional))["Location"] == reverse("document-job", args=[job.pk])
    page = client.get(reverse("document-job", args=[job.pk])).content.decode()
    assert "В очереди" in page
    assert f'data-job-status-url="{reverse("document-job-status", args=[job.pk])}"' in page
    assert "js/document-job.js" in page


def test_the_worker_prints_every_certificate_with_progress_by_chunks_and_writes_the_link(
    client, login, regional, big, monkeypatch, django_capture_on_commit_callbacks
):
    secretary = login(UserFactory(role=Role.REGIONAL_SECRETARY, email="secretary@example.ru"))
    count = regional.awards.filter(certificates__isnull=False).count()
    assert count >= 3
    monkeypatch.setattr("contest.exports.certificates.CHUNK", 2)
    seen = []
    advance = job_services.advance

    def recording(job, done):
        advance(job, done)
        seen.append(DocumentJob.objects.values_list("status", "done", "total").get(pk=job.pk))

    monkeypatch.setattr(job_services, "advance", recording)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary.post(certificates_url(regional))
    job = DocumentJob.objects.get()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total) == (count, count)
    expected = [("running", done, count) for done in range(2, count, 2)] + [("running", count, count)]
    assert seen == expected
    assert job.started_at <= job.finished_at
    # The job page shows the link; the file is the batch, a page a certificate.
    page = secretary.get(response["Location"]).content.decode()
    assert 'data-testid="job-download"' in page
    data = file_of(secretary.get(reverse("document-job-download", args=[job.pk])))
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == count
    assert "ДИПЛОМ" in pdf_text(data).upper()
    # Asking again serves the file at once.
    again = secretary.get(certificates_url(regional))
    assert again["Content-Type"] == "application/pdf"
    assert file_of(again) == data
    # The letter names the document and links its file.
    [letter] = mail.outbox
    assert letter.to == ["secretary@example.ru"]
    assert letter.subject.startswith("Документ готов: Все грамоты решения")
    assert link_in(letter) == reverse("document-job-download", args=[job.pk])
    assert file_of(secretary.get(link_in(letter))) == data


def test_a_certificate_issued_later_makes_a_new_batch(client, login, contest, big, django_capture_on_commit_callbacks):
    decision = decide_region(contest)["regional"]
    secretary = UserFactory(role=Role.REGIONAL_SECRETARY)
    awards.issue_certificates(
        decision, actor=secretary, kind=CertificateKind.HONORARY, signatory=SIGNATORY, places=awards.PLACES_FIRST
    )
    login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(certificates_url(decision))
    first = DocumentJob.objects.get()
    awards.issue_certificates(
        decision, actor=secretary, kind=CertificateKind.DIPLOMA, signatory=SIGNATORY, places=awards.PLACES_OTHER
    )
    offer = client.get(certificates_url(decision))
    assert offer.status_code == 200
    assert 'data-testid="prepare-button"' in offer.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(certificates_url(decision))
    second = DocumentJob.objects.exclude(pk=first.pk).get()
    assert pdf_pages(second.file.read()) == first.total + regional_diplomas(decision)


def regional_diplomas(decision) -> int:
    return decision.awards.filter(certificates__kind=CertificateKind.DIPLOMA).count()


def test_a_failed_job_shows_the_error_and_trying_again_builds_it(
    client, login, regional, big, monkeypatch, django_capture_on_commit_callbacks
):
    secretary = login(UserFactory(role=Role.REGIONAL_SECRETARY, email="secretary@example.ru"))

    def broken(html):
        raise RuntimeError("нет шрифта DejaVu Serif")

    with monkeypatch.context() as patch:
        patch.setattr("contest.exports.certificates.render_pages", broken)
        with django_capture_on_commit_callbacks(execute=True):
            response = secretary.post(certificates_url(regional))
    failed = DocumentJob.objects.get()
    assert failed.status == JobStatus.FAILED
    assert failed.error == "RuntimeError: нет шрифта DejaVu Serif"
    assert failed.finished_at is not None
    assert not failed.file
    page = secretary.get(response["Location"]).content.decode()
    assert "Не удалось подготовить документ." in page
    assert "нет шрифта DejaVu Serif" in page
    assert 'data-testid="job-retry"' in page
    assert f'action="{certificates_url(regional)}"' in page
    assert secretary.get(reverse("document-job-download", args=[failed.pk]))["Location"] == response["Location"]
    [letter] = mail.outbox
    assert letter.subject.startswith("Документ не подготовлен")
    assert link_in(letter) == reverse("document-job", args=[failed.pk])
    status = json.loads(secretary.get(reverse("document-job-status", args=[failed.pk])).content)
    assert (status["status"], status["error"], status["download_url"]) == ("failed", failed.error, "")
    # «Попробовать снова»: a new job, built; the failed one is kept.
    with django_capture_on_commit_callbacks(execute=True):
        retried = secretary.post(certificates_url(regional))
    job = DocumentJob.objects.exclude(pk=failed.pk).get()
    assert retried["Location"] == reverse("document-job", args=[job.pk])
    assert job.status == JobStatus.DONE
    assert pdf_pages(job.file.read()) == job.total
    assert DocumentJob.objects.get(pk=failed.pk).status == JobStatus.FAILED


def test_a_job_stuck_longer_than_its_worker_can_be_is_failed_and_asked_anew(client, login, regional, big):
    login(UserFactory(role=Role.REGIONAL_SECRETARY))
    client.post(certificates_url(regional))
    stuck = DocumentJob.objects.get()
    DocumentJob.objects.filter(pk=stuck.pk).update(created_at=stuck.created_at - job_services.STALE_AFTER)
    response = client.post(certificates_url(regional))
    stuck.refresh_from_db()
    assert stuck.status == JobStatus.FAILED
    assert stuck.error == "Подготовка прервалась: фоновая задача не закончилась за 30 минут."
    fresh = DocumentJob.objects.exclude(pk=stuck.pk).get()
    assert response["Location"] == reverse("document-job", args=[fresh.pk])
    assert fresh.status == JobStatus.QUEUED


def test_the_job_page_status_and_file_are_the_requesters_only(
    client, login, regional, big, django_capture_on_commit_callbacks
):
    secretary = UserFactory(role=Role.REGIONAL_SECRETARY)
    login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(certificates_url(regional))
    job = DocumentJob.objects.get()
    urls = [reverse(name, args=[job.pk]) for name in ("document-job", "document-job-status", "document-job-download")]
    answers = [client.get(url) for url in urls]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    status = json.loads(answers[1].content)
    assert status == {
        "status": "done",
        "status_label": "готов",
        "done": job.total,
        "total": job.total,
        "percent": 100,
        "progress_text": "Готово.",
        "download_url": urls[2],
        "error": "",
    }
    # A colleague of the same commission, who may print the certificates too, does not see this job.
    for other in (
        UserFactory(role=Role.REGIONAL_SECRETARY),
        UserFactory(role=Role.STAFF),
        municipal_user(Role.MUNICIPAL_SECRETARY),
    ):
        login(other)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    client.logout()
    assert all(client.get(url)["Location"].startswith(reverse("login")) for url in urls)


def test_the_result_tables_of_a_big_decision_are_prepared_and_then_kept_with_it(
    client, login, contest, big, django_capture_on_commit_callbacks
):
    decision = decide_region(contest)["municipal"]["Краснодар"]
    assert not decision.annex
    secretary = login(municipal_user(Role.MUNICIPAL_SECRETARY, email="krd@example.ru"))
    url = reverse("decision-protocol-pdf", args=[decision.pk])
    assert 'data-testid="prepare-button"' in secretary.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        secretary.post(url)
    job = DocumentJob.objects.get()
    assert (job.kind, job.status, job.done, job.total) == (DocumentKind.ANNEX, JobStatus.DONE, 1, 1)
    data = job.file.read()
    assert "Кубань-Металл" in pdf_text(data)
    # The decision keeps it as its annex: the next download is the stored file, without a job.
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.annex.read() == data
    served = secretary.get(url)
    assert served["Content-Type"] == "application/pdf"
    assert served.content == data
    assert secretary.post(url)["Location"] == url  # nothing to prepare
    assert DocumentJob.objects.count() == 1
    assert mail.outbox[-1].to == ["krd@example.ru"]


def test_a_participant_reads_its_extract_at_once_whatever_the_size(client, login, contest, big):
    winners = decide_region(contest)["winners"]
    representative = UserFactory(role=Role.ORGANIZATION, organization=winners["krd"].organization)
    decision = winners["krd"].decisions.filter(level="municipal").get()
    login(representative)
    response = client.get(reverse("decision-protocol-pdf", args=[decision.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert not DocumentJob.objects.exists()


def test_a_big_participants_workbook_is_prepared_with_its_rows(
    client, login, contest, big, django_capture_on_commit_callbacks
):
    under_review(contest)
    card_submitted(contest, organization_in(contest, "Краснодар", "energy"))
    card_submitted(contest, organization_in(contest, "Сочи"))
    member = login(municipal_user(Role.MUNICIPAL_MEMBER, email="member@example.ru"))
    url = reverse("export-participants")
    assert 'data-testid="prepare-button"' in member.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        member.post(url)
    job = DocumentJob.objects.get()
    assert (job.kind, job.status, job.done, job.total) == (DocumentKind.PARTICIPANTS, JobStatus.DONE, 2, 2)
    assert job.filename == "Участники и баллы — Краснодар — 2011.xlsx"
    response = member.get(reverse("document-job-download", args=[job.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(file_of(response)))
    sheet = book.worksheets[0]
    first = int(sheet.auto_filter.ref.split(":")[0][1:])
    rows = [row for row in sheet.iter_rows(min_row=first + 1, values_only=True) if row[0] != "Итого"]
    assert [row[1] for row in rows] == ["Краснодар", "Краснодар"]
    # Fresh for a while: served again at once; afterwards written anew.
    assert member.get(url)["Content-Disposition"].startswith("attachment;")
    DocumentJob.objects.update(finished_at=job.finished_at - job_services.EXPORT_FRESH_FOR)
    assert 'data-testid="prepare-button"' in member.get(url).content.decode()
    assert "Подготовить заново" in member.get(reverse("document-job", args=[job.pk])).content.decode()
    # Staff's job for one municipality is another document; a colleague of Сочи never sees this one.
    sochi = login(municipal_user(Role.MUNICIPAL_MEMBER, name="Сочи"))
    assert sochi.get(reverse("document-job", args=[job.pk])).status_code == 404


def test_small_documents_are_still_built_in_the_request(client, login, regional):
    login(UserFactory(role=Role.REGIONAL_SECRETARY))
    response = client.get(certificates_url(regional))
    assert response["Content-Type"] == "application/pdf"
    assert not DocumentJob.objects.exists()


def test_the_request_only_queues_the_job_and_the_worker_builds_it(
    client, login, regional, big, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS  # as in production: the request enqueues, the worker runs
    login(UserFactory(role=Role.REGIONAL_SECRETARY, email="secretary@example.ru"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(certificates_url(regional))
    job = DocumentJob.objects.get()
    assert job.status == JobStatus.QUEUED  # the request did not build it
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # the worker's letter is queued on its commit
        assert run_worker() == 1
    assert run_worker() == 1  # the letter
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert pdf_pages(job.file.read()) == job.total
    assert [letter.to for letter in mail.outbox] == [["secretary@example.ru"]]


def test_the_certificates_of_a_reopened_decision_are_no_longer_handed_out(
    client, login, regional, big, django_capture_on_commit_callbacks
):
    login(UserFactory(role=Role.REGIONAL_SECRETARY))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(certificates_url(regional))
    job = DocumentJob.objects.get()
    Decision.objects.filter(pk=regional.pk).update(voided_at=timezone.now(), void_reason="Ошибка в протоколе")
    assert client.get(reverse("document-job-download", args=[job.pk]))["Location"] == reverse(
        "document-job", args=[job.pk]
    )
    page = client.get(reverse("document-job", args=[job.pk])).content.decode()
    assert 'data-testid="job-annulled"' in page
    assert 'data-testid="job-download"' not in page


def test_finished_jobs_are_pruned_with_their_files_after_a_week_and_jobs_at_work_never(
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    user = UserFactory(role=Role.STAFF)
    now = timezone.now()

    def job(status, days_ago, with_file=True):
        made = DocumentJob.objects.create(
            requested_by=user,
            kind=DocumentKind.PARTICIPANTS,
            key=f"k{status}{days_ago}",
            title="Участники",
            filename="u.xlsx",
            status=status,
            finished_at=None if status in (JobStatus.QUEUED, JobStatus.RUNNING) else now - timedelta(days=days_ago),
        )
        if with_file:
            made.file.save("u.xlsx", ContentFile(b"PK"), save=True)
        return made

    old_done = job(JobStatus.DONE, 8)
    job(JobStatus.FAILED, 9, with_file=False)  # failed long ago: removed too
    recent, running = job(JobStatus.DONE, 2), job(JobStatus.RUNNING, 30, with_file=False)
    storage = old_done.file.storage
    old_file = old_done.file.name

    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("prune_document_jobs", stdout=out)

    assert out.getvalue().strip() == "Удалено документов: 2."
    assert set(DocumentJob.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not storage.exists(old_file)
    assert storage.exists(recent.file.name)


def test_pruning_refuses_a_negative_number_of_days():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="не может быть отрицательным"):
        call_command("prune_document_jobs", days=-1)
