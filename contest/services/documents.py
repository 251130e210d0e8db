"""Document jobs (models.DocumentJob): asking for a heavy document, and the worker's moves of a job.

A job's status moves only here, each move a conditional UPDATE of one row, so that a job is built by one worker:
queued → running (claim) → done | failed. Asking again for the same document (the same user, kind, decision and
parameters) returns the job at work or the done one while it is valid; a failed one is kept for the record and asking
again makes a new job. A job at work for longer than STALE_AFTER has lost its worker (stopped, restarted) or its
enqueue: the next request marks it failed and asks anew.

The views decide whether to ask (the same checks as the downloads they replace); contest.tasks enqueues the build on
commit. Nothing here renders a document.
"""

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import ACTIVE_JOB_STATUSES, DocumentKind, JobStatus
from ..models import Decision, DocumentJob, User

STALE_AFTER = timedelta(minutes=30)
# A participants workbook is the data of the moment it was written: served again for this long, then written anew.
EXPORT_FRESH_FOR = timedelta(minutes=10)
ERROR_LENGTH = 2000


def document_key(kind: str, *, decision: Decision | None, parameters: dict[str, Any]) -> str:
    """The name of a document: the same kind, decision and parameters make the same key."""
    text = json.dumps([kind, decision.pk if decision else None, parameters], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(ids) -> str:
    """A short name of a set of ids (the certificates a batch prints): the same set, the same name."""
    return hashlib.sha256(",".join(str(i) for i in sorted(ids)).encode()).hexdigest()[:32]


def is_valid(job: DocumentJob, *, now=None) -> bool:
    """A done job whose file still stands for the document: the certificates and the annex are keyed by what they
    print (the certificate ids, the void mark), so they stay valid — unless the decision was reopened, which annuls
    its certificates; a workbook of live data is fresh for a while."""
    if job.status != JobStatus.DONE or not job.file:
        return False
    if job.kind == DocumentKind.CERTIFICATES:
        return job.decision is not None and not job.decision.is_void
    if job.kind == DocumentKind.PARTICIPANTS:
        now = now or timezone.now()
        return job.finished_at is not None and now - job.finished_at < EXPORT_FRESH_FOR
    return True


def usable_job(user: User, key: str) -> DocumentJob | None:
    """The user's job for the document that is at work, or done and valid; None when a new one is needed.

    Side effects: a job at work for longer than STALE_AFTER is marked failed (its worker is gone)."""
    now = timezone.now()
    for job in DocumentJob.objects.filter(requested_by=user, key=key).exclude(status=JobStatus.FAILED)[:5]:
        if job.is_active:
            since = job.started_at or job.created_at
            if now - since < STALE_AFTER:
                return job
            fail(
                job,
                _("Подготовка прервалась: фоновая задача не закончилась за %(minutes)s минут.")
                % {"minutes": int(STALE_AFTER.total_seconds() // 60)},
                statuses=ACTIVE_JOB_STATUSES,
            )
            continue
        if is_valid(job, now=now):
            return job
    return None


def request_job(
    user: User,
    *,
    kind: str,
    decision: Decision | None = None,
    parameters: dict[str, Any] | None = None,
    title: str,
    filename: str,
) -> tuple[DocumentJob, bool]:
    """Find or create the user's job for the document; (job, created). The caller has checked that the user may have
    the document, and enqueues the build of a created job on commit (contest.tasks.request_document).

    Side effects: a DocumentJob row (queued); a stale job marked failed."""
    parameters = parameters or {}
    key = document_key(kind, decision=decision, parameters=parameters)
    existing = usable_job(user, key)
    if existing is not None:
        return existing, False
    job = DocumentJob(
        requested_by=user,
        kind=kind,
        decision=decision,
        parameters=parameters,
        key=key,
        title=str(title)[:500],
        filename=filename[:200],
    )
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # Another request of the same user created it a moment ago.
        found = usable_job(user, key)
        if found is None:
            raise
        return found, False
    return job, True


def claim(job: DocumentJob, *, total: int) -> bool:
    """queued → running with the number of steps; False when another worker has it or it is no longer queued.

    Side effects: the job's status, started time, progress."""
    now = timezone.now()
    claimed = DocumentJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, done=0, total=total
    )
    if claimed:
        job.status, job.started_at, job.done, job.total = JobStatus.RUNNING, now, 0, total
    return bool(claimed)


def advance(job: DocumentJob, done: int) -> None:
    """Record how far the worker is (steps done of job.total). Side effects: the job's progress."""
    job.done = min(done, job.total)
    DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(done=job.done)


def finish(job: DocumentJob, data: bytes) -> DocumentJob:
    """running → done with the built file. Side effects: the file in the media storage; the job's status."""
    job.file.save(job.filename, ContentFile(data), save=False)
    now = timezone.now()
    moved = DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE, file=job.file.name, done=job.total, finished_at=now, error=""
    )
    if not moved:  # marked failed meanwhile (stale): its file is not served
        job.file.delete(save=False)
        job.refresh_from_db()
        return job
    job.status, job.done, job.finished_at = JobStatus.DONE, job.total, now
    return job


def fail(job: DocumentJob, message: str, *, statuses=(JobStatus.RUNNING,)) -> None:
    """→ failed with the message shown to the user. Side effects: the job's status, error, finished time."""
    now = timezone.now()
    text = str(message)[:ERROR_LENGTH]
    DocumentJob.objects.filter(pk=job.pk, status__in=statuses).update(
        status=JobStatus.FAILED, error=text, finished_at=now
    )
    job.status, job.error, job.finished_at = JobStatus.FAILED, text, now


KEEP_FINISHED = timedelta(days=7)


def prune_jobs(*, older_than: timedelta = KEEP_FINISHED, now=None) -> int:
    """Remove the finished jobs (done or failed) that ended more than ``older_than`` ago, with their files: a
    document asked for again is built anew. Jobs at work are never touched. Returns how many were removed.

    Side effects: deletes DocumentJob rows, and their files from the media storage after the commit."""
    cutoff = (now or timezone.now()) - older_than
    old = DocumentJob.objects.exclude(status__in=ACTIVE_JOB_STATUSES).filter(finished_at__lt=cutoff)
    with transaction.atomic():
        files = list(old.exclude(file="").values_list("file", flat=True))
        _total, by_model = old.delete()
        storage = DocumentJob._meta.get_field("file").storage

        def delete_files() -> None:
            for name in files:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return by_model.get(DocumentJob._meta.label, 0)
