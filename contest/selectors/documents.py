"""Reads of the document jobs (models.DocumentJob): a job is its requester's alone."""

from django.db.models import QuerySet

from ..models import DocumentJob


def jobs_for(user) -> QuerySet[DocumentJob]:
    """The jobs the user asked for; none for an anonymous visitor."""
    if not user.is_authenticated:
        return DocumentJob.objects.none()
    return DocumentJob.objects.filter(requested_by=user).select_related("decision")
