"""The people's own reads: what each user sees of organizations and participations, and registration."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from regions.models import Municipality

from ..enums import (
    FORWARDED_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    JoinRequestState,
    ParticipationState,
    Role,
)
from ..models import (
    Approval,
    Attachment,
    AuditRecord,
    Category,
    Contest,
    Membership,
    Organization,
    OrganizationJoinRequest,
    Participation,
    User,
)


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
    # The regional commission sees forwarded participations only, not organizations.
    seen = Q(pk__in=[user.organization_id] if user.organization_id else [])
    seen |= Q(municipality_id__in=user.municipality_ids())
    return queryset.filter(seen)


def category_name() -> Subquery:
    """The name of a participation's category among its contest's (for an annotation: no query per row)."""
    categories = Category.objects.filter(contest_id=OuterRef("contest_id"), code=OuterRef("size_category"))
    return Subquery(categories.values("name")[:1])


def participations_for(user) -> QuerySet[Participation]:
    """Participations the user may see: own organization's; the municipality's for its labour office and commission;
    those with an approval of their body for an approving body; forwarded ones for the regional commission; all for staff.
    """
    queryset = Participation.objects.select_related(
        "contest", "organization__municipality", "sector", "application", "card"
    ).annotate(category_name=category_name())
    if not user.is_authenticated:
        return queryset.none()
    if user.is_staff_member:
        return queryset
    # The union of what each of the person's memberships shows.
    seen = Q(pk__in=[])
    if user.organization_id:
        seen |= Q(organization_id=user.organization_id)
    # A draft is not filed: it stays the organization's own (its people's names before their consent, 152-ФЗ).
    commission = user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES)
    if commission:
        seen |= Q(organization__municipality_id__in=commission) & ~Q(state=ParticipationState.DRAFT)
    seen |= by_own_bodies(user)
    if user.has_role(*REGIONAL_COMMISSION_ROLES):
        seen |= Q(state__in=FORWARDED_STATES)
    return queryset.filter(seen)


def by_own_bodies(user, **approval) -> Q:
    """Participations with an approval (filtered by `approval`) of one of the user's approving bodies, in the
    municipality where the user speaks for that body."""
    found = Q(pk__in=[])
    for municipality_id, body in sorted(user.approving_bodies):
        own = Approval.objects.filter(participation=OuterRef("pk"), body=body, **approval)
        found |= Q(organization__municipality_id=municipality_id) & Exists(own)
    return found


def with_hats(user_field: str) -> Prefetch:
    """Prefetch the memberships of the users a list names (who uploaded each file …): User.hats reads them."""
    return Prefetch(
        f"{user_field}__memberships", queryset=Membership.objects.select_related("municipality", "organization")
    )


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


# --- registration: new organizations and requests to represent one ------------------------------------------------


def municipalities_for_registration(contest: Contest | None) -> QuerySet[Municipality]:
    """Municipalities an organization may name: those of the contest's region, or all when no contest is announced."""
    queryset = Municipality.objects.select_related("region")
    return queryset.filter(region_id=contest.region_id) if contest is not None else queryset


def registered_organization(inn: str) -> Organization | None:
    """The organization registered with this ИНН, if any (the ИНН is public, so no scoping)."""
    return Organization.objects.select_related("municipality").filter(inn=inn).first()


def representatives_of(organization: Organization) -> QuerySet[User]:
    """The active representatives of an organization, by name."""
    return User.objects.holding(Role.ORGANIZATION, organization=organization).order_by("last_name", "first_name", "pk")


def pending_join_request_of(user) -> OrganizationJoinRequest | None:
    """The user's own request to represent an organization that still awaits a decision, if any."""
    if not user.is_authenticated or not user.is_representative:
        return None
    return (
        OrganizationJoinRequest.objects.select_related("organization__municipality")
        .filter(user_id=user.pk, state=JoinRequestState.PENDING)
        .first()
    )


def join_requests_to_decide(user) -> QuerySet[OrganizationJoinRequest]:
    """Pending requests the user decides on: their organization's for a representative; for the labour office, those
    of organizations of its municipality that have no active representative; all of them for staff.
    """
    queryset = (
        OrganizationJoinRequest.objects.select_related("user", "organization__municipality")
        .filter(state=JoinRequestState.PENDING)
        .order_by("created_at", "pk")
    )
    if not user.is_authenticated:
        return queryset.none()
    if user.is_staff_member:
        return queryset
    seen = Q(organization_id__in=[user.organization_id] if user.organization_id else [])
    offices = user.municipality_ids(Role.LABOUR_OFFICE)
    if offices:
        represented = Membership.objects.filter(
            organization_id=OuterRef("organization_id"), role=Role.ORGANIZATION, user__is_active=True
        )
        seen |= Q(organization__municipality_id__in=offices) & ~Exists(represented)
    return queryset.filter(seen)
