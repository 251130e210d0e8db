"""Reads of the contest app, already limited to what the user may see."""

from django.db.models import QuerySet

from .enums import Scope
from .models import Contest, Organization


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
