"""Background jobs of the contest app, run by the worker (`manage.py db_worker`): heavy documents.

All certificates of a decision, the result tables annexed to a protocol and the participants workbook take seconds to
build (500 certificates about 18 s, the annex of a big municipality 7–9 s, 10 000 participants about 5 s), longer than
a request may wait. The view asks for a job (request_document); build_document runs after the commit, builds the
document as the one who asked may see it, records its progress, stores the file and writes to them with the link.
"""

import logging
import tempfile
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from core.exceptions import DomainError
from core.notifications import notify
from regions.models import Municipality

from . import selectors
from .enums import DocumentKind, JobStatus
from .exports import certificates as certificate_papers
from .exports import excel
from .exports.papers import protocol_results_pdf
from .models import Contest, Decision, DocumentJob, User
from .services import documents

logger = logging.getLogger(__name__)


def request_document(
    user: User,
    *,
    kind: str,
    base_url: str,
    decision: Decision | None = None,
    parameters: dict | None = None,
    title: str,
    filename: str,
) -> DocumentJob:
    """Find the user's job for the document or create one and have the worker build it after the commit.

    `base_url` (scheme and host) makes the link of the letter. Side effects: services.documents.request_job; a
    build_document task on commit for a new job."""
    job, created = documents.request_job(
        user, kind=kind, decision=decision, parameters=parameters, title=title, filename=filename
    )
    if created:
        # robust: an enqueue that fails must not fail the request; the job then goes stale and is asked for anew.
        transaction.on_commit(partial(build_document.enqueue, job.pk, base_url), robust=True)
    return job


@task()
def build_document(job_id: int, base_url: str) -> str:
    """Build the job's document, store it, and write to the one who asked.

    Side effects: the job's status and progress; the file in the media storage; a letter (core.notifications)."""
    job = DocumentJob.objects.select_related("requested_by", "decision__contest", "decision__municipality").get(
        pk=job_id
    )
    if job.status != JobStatus.QUEUED:
        return job.status  # built by another run, or given up as stale
    try:
        data = BUILDERS[job.kind](job)
    except Exception as error:
        logger.exception("Документ %s (задание %s) не подготовлен", job.kind, job.pk)
        message = error.message if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
        documents.fail(job, message)
        _letter(job, base_url)
        return job.status
    if data is None:  # not claimed
        return DocumentJob.objects.get(pk=job.pk).status
    documents.finish(job, data)
    _letter(job, base_url)
    return job.status


def _certificates(job: DocumentJob) -> bytes | None:
    certificates = list(
        selectors.certificates_for(job.requested_by)
        .filter(award__decision=job.decision, voided_at__isnull=True)
        .order_by("number")
    )
    if not documents.claim(job, total=len(certificates)):
        return None
    if not certificates:
        raise DomainError(_("По этому решению награды ещё не выданы."))
    return certificate_papers.certificates_pdf_in_chunks(
        certificates, progress=lambda pages: documents.advance(job, pages)
    )


def _annex(job: DocumentJob) -> bytes | None:
    """The result tables in one pass (a table is laid out as a whole): progress in one step. A decision in force
    keeps the file as its annex (papers.store_annex): later downloads serve it without a job."""
    if not documents.claim(job, total=1):
        return None
    decision = job.decision
    data = protocol_results_pdf(decision)
    if not decision.is_void and not decision.annex:
        decision.annex.save(job.filename, ContentFile(data), save=False)
        Decision.objects.filter(pk=decision.pk, annex="").update(annex=decision.annex.name)
    return data


def _participants(job: DocumentJob) -> bytes | None:
    user = job.requested_by
    contest = Contest.objects.get(pk=job.parameters["contest"])
    municipality_id = job.parameters.get("municipality")
    municipality = Municipality.objects.get(pk=municipality_id) if municipality_id else None
    participations = selectors.participations_for(user)
    total = excel.participants_queryset(contest, municipality=municipality, participations=participations).count()
    if not documents.claim(job, total=total):
        return None
    with tempfile.TemporaryFile() as handle:
        excel.write_participants(
            contest,
            handle,
            municipality=municipality,
            participations=participations,
            progress=lambda rows: documents.advance(job, rows),
        )
        handle.seek(0)
        return handle.read()


BUILDERS = {
    DocumentKind.CERTIFICATES: _certificates,
    DocumentKind.ANNEX: _annex,
    DocumentKind.PARTICIPANTS: _participants,
}


def _letter(job: DocumentJob, base_url: str) -> None:
    page = base_url + reverse("document-job", args=[job.pk])
    if job.status == JobStatus.DONE:
        link = base_url + reverse("document-job-download", args=[job.pk])
        subject = _("Документ готов: %(title)s") % {"title": job.title}
        body = _(
            "Документ «%(title)s», который вы заказали на портале смотра-конкурса по охране труда, готов.\n\n"
            "Скачать: %(link)s\n\n"
            "Ссылка открывается после входа на портал под вашей учётной записью."
        ) % {"title": job.title, "link": link}
    else:
        subject = _("Документ не подготовлен: %(title)s") % {"title": job.title}
        body = _(
            "Документ «%(title)s» подготовить не удалось: %(error)s\n\n"
            "Попробовать снова можно на странице документа: %(link)s"
        ) % {"title": job.title, "error": job.error, "link": page}
    notify([job.requested_by], subject=subject, body=body)
