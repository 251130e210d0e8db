"""Reads of the contest app, already limited to what the user may see."""

from django.db.models import QuerySet

from .enums import (
    APPROVER_ROLE_BODY,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    ParticipationState,
    Role,
    Scope,
)
from .models import Attachment, AuditRecord, Contest, Organization, Participation


def current_contest() -> Contest | None:
    """The latest contest: the one the start page and the public pages talk about."""
    return Contest.objects.select_related("region").order_by("-year", "pk").first()


def organizations_for(user) -> QuerySet[Organization]:
    """Organizations the user may see: their own, their municipality's, or all of them for regional users and staff."""
    queryset = Organization.objects.select_related("municipality", "sector")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_staff_member:
        return queryset
    if user.scope == Scope.ORGANIZATION:
        return queryset.filter(pk=user.organization_id) if user.organization_id else queryset.none()
    if user.scope == Scope.MUNICIPALITY:
        return queryset.filter(municipality_id=user.municipality_id)
    # The regional commission sees forwarded participations only; those come with stage 2.
    return queryset.none()


FORWARDED_STATES = frozenset(
    {ParticipationState.MUNICIPAL_WINNER, ParticipationState.REGIONAL_SHORTLIST, ParticipationState.REGIONAL_WINNER}
)


def participations_for(user) -> QuerySet[Participation]:
    """Participations the user may see: own organization's; the municipality's for its labour office and commission;
    those with an approval of their body for an approving body; forwarded ones for the regional commission; all for staff.
    """
    queryset = Participation.objects.select_related(
        "contest", "organization__municipality", "sector", "application", "card"
    )
    if not user.is_authenticated:
        return queryset.none()
    if user.is_staff_member:
        return queryset
    if user.role == Role.ORGANIZATION:
        return queryset.filter(organization_id=user.organization_id) if user.organization_id else queryset.none()
    if user.role in MUNICIPAL_COMMISSION_ROLES:
        return queryset.filter(organization__municipality_id=user.municipality_id)
    if user.role in APPROVER_ROLE_BODY:
        return queryset.filter(
            organization__municipality_id=user.municipality_id, approvals__body=APPROVER_ROLE_BODY[user.role]
        )
    if user.role in REGIONAL_COMMISSION_ROLES:
        return queryset.filter(state__in=FORWARDED_STATES)
    return queryset.none()


def attachments_for(user) -> QuerySet[Attachment]:
    return Attachment.objects.select_related("participation").filter(
        participation__in=participations_for(user).values("pk")
    )


def participation_of(organization_id: int | None, contest: Contest | None) -> Participation | None:
    if organization_id is None or contest is None:
        return None
    return (
        Participation.objects.select_related("contest", "sector", "application", "card")
        .filter(organization_id=organization_id, contest=contest)
        .first()
    )


def history(participation: Participation) -> QuerySet[AuditRecord]:
    return participation.audit_records.select_related("actor").order_by("created_at", "pk")
