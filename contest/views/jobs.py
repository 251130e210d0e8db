"""Heavy documents built by the worker (contest.tasks.build_document): the page that offers to prepare one, the job's
page with its progress, its status as JSON for the page's poll, and its file.

The download views of the documents (documents.certificates_pdf, documents.protocol_pdf, exchange.participants_xlsx)
check who may have the document as before, then build a small one in the request as before, and for a big one call
`offer` (GET: the file of a done job, the page of a job at work, or the offer) or `start` (POST «Подготовить» and
«Попробовать снова»: find or create the job). A job is its requester's: everyone else gets 404, and so does the
requester once they may no longer have the document (`still_allowed` asks the same questions as the download view).
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors, tasks
from ..enums import DocumentKind, JobStatus
from ..models import Decision, DocumentJob
from ..selectors.documents import jobs_for
from ..services import documents

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def offer(
    request,
    *,
    kind: str,
    decision: Decision | None = None,
    parameters: dict[str, Any] | None = None,
    title: str,
    size: str,
) -> HttpResponse:
    """GET of a big document: the file of the user's done job, the page of their job at work, or the page offering
    to prepare it (`size` says why it is not built at once: «500 страниц»)."""
    key = documents.document_key(kind, decision=decision, parameters=parameters or {})
    job = documents.usable_job(request.user, key)
    if job is not None and job.status == JobStatus.DONE:
        return serve(job)
    if job is not None:
        return redirect("document-job", pk=job.pk)
    return render(
        request,
        "contest/documents/prepare.html",
        {"title": title, "size": size, "action": request.get_full_path(), "back": request.headers.get("referer", "")},
    )


def start(
    request,
    *,
    kind: str,
    decision: Decision | None = None,
    parameters: dict[str, Any] | None = None,
    title: str,
    filename: str,
) -> HttpResponse:
    """POST «Подготовить»: the user's job for the document (found or created; the worker builds a new one after the
    commit), and its page."""
    job = tasks.request_document(
        request.user,
        kind=kind,
        decision=decision,
        parameters=parameters,
        title=title,
        filename=filename,
        base_url=_base_url(request),
    )
    return redirect("document-job", pk=job.pk)


def source_url(job: DocumentJob) -> str:
    """The address the document is asked for at (its «Подготовить» and «Попробовать снова» post there)."""
    if job.kind == DocumentKind.CERTIFICATES:
        return reverse("decision-certificates-pdf", args=[job.decision_id])
    if job.kind == DocumentKind.ANNEX:
        return reverse("decision-protocol-pdf", args=[job.decision_id])
    municipality = job.parameters.get("municipality")
    return reverse("export-participants") + (f"?municipality={municipality}" if municipality else "")


def still_allowed(user, job: DocumentJob) -> bool:
    """Whether the requester may still have the document: the checks of the download view it came from."""
    if job.kind == DocumentKind.CERTIFICATES:
        return selectors.decisions_for(user).filter(pk=job.decision_id).exists()
    if job.kind == DocumentKind.ANNEX:
        decision = selectors.decisions_with_annex_for(user).filter(pk=job.decision_id).first()
        # A participant gets its extract, built at once, never the whole tables.
        return decision is not None and selectors.own_participation_in(user, decision) is None
    if not user.has_perm("contest.export_participants"):
        return False
    if user.has_perm("contest.choose_municipality"):
        return True
    own = selectors.commission_municipality(user)
    return job.parameters.get("municipality") == (own.pk if own else None)


def _job_or_404(request, pk: int) -> DocumentJob:
    job = get_object_or_404(jobs_for(request.user), pk=pk)
    if not still_allowed(request.user, job):
        raise Http404
    return job


def serve(job: DocumentJob) -> FileResponse:
    """The job's file: a PDF in the browser's viewer, a workbook as an attachment; never cached by a proxy."""
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    workbook = job.kind == DocumentKind.PARTICIPANTS
    response = FileResponse(
        handle,
        as_attachment=workbook,
        filename=job.filename,
        content_type=XLSX if workbook else "application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _annulled(job: DocumentJob) -> bool:
    """Certificates of a decision reopened since: they are annulled, their file is not handed out any more."""
    return job.kind == DocumentKind.CERTIFICATES and job.status == JobStatus.DONE and not documents.is_valid(job)


def _progress_text(job: DocumentJob) -> str:
    if job.status == JobStatus.QUEUED:
        return _("В очереди: подготовка начнётся, как только освободится сервер.")
    if job.status == JobStatus.RUNNING:
        if job.total and job.done >= job.total:
            return _("Собираем файл…")
        if job.kind == DocumentKind.CERTIFICATES:
            return _("Напечатано грамот: %(done)s из %(total)s.") % {"done": job.done, "total": job.total}
        if job.kind == DocumentKind.PARTICIPANTS:
            return _("Записано строк: %(done)s из %(total)s.") % {"done": job.done, "total": job.total}
        return _("Печатаем итоговые таблицы…")
    if job.status == JobStatus.DONE:
        return _("Готово.")
    return _("Не удалось подготовить документ.")


@login_required
def job_page(request, pk: int):
    """The job: its status and progress (the page asks for the status every 2 s while it is at work), the link to
    its file when done, the error and «Попробовать снова» when it failed."""
    job = _job_or_404(request, pk)
    return render(
        request,
        "contest/documents/job.html",
        {
            "job": job,
            "progress_text": _progress_text(job),
            "source_url": source_url(job),
            "valid": documents.is_valid(job),
            "annulled": _annulled(job),
        },
    )


@login_required
def job_status(request, pk: int):
    """The job's status for the page's poll."""
    job = _job_or_404(request, pk)
    data = {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "progress_text": _progress_text(job),
        "download_url": reverse("document-job-download", args=[job.pk]) if job.status == JobStatus.DONE else "",
        "error": job.error,
    }
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def job_download(request, pk: int):
    """The built document (the link of the letter); before it is done, the job's page."""
    job = _job_or_404(request, pk)
    if job.status != JobStatus.DONE or not job.file or _annulled(job):
        return redirect("document-job", pk=job.pk)
    return serve(job)
