"""Reads of the contest app, already limited to what the user may see."""

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from regions.models import Municipality

from .enums import (
    APPROVER_ROLE_BODY,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    ApprovalState,
    JoinRequestState,
    ParticipationState,
    Role,
    Scope,
)
from .models import (
    Approval,
    Attachment,
    AuditRecord,
    Contest,
    DeadlineExtension,
    Organization,
    OrganizationJoinRequest,
    Participation,
    PersonalDataConsent,
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
    return User.objects.filter(organization=organization, role=Role.ORGANIZATION, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


def pending_join_request_of(user) -> OrganizationJoinRequest | None:
    """The user's own request to represent an organization that still awaits a decision, if any."""
    if not user.is_authenticated or user.role != Role.ORGANIZATION:
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
    if user.role == Role.ORGANIZATION:
        return queryset.filter(organization_id=user.organization_id) if user.organization_id else queryset.none()
    if user.role == Role.LABOUR_OFFICE:
        represented = User.objects.filter(
            organization_id=OuterRef("organization_id"), role=Role.ORGANIZATION, is_active=True
        )
        return queryset.filter(organization__municipality_id=user.municipality_id).exclude(Exists(represented))
    return queryset.none()


# --- office: the labour office's applications, the approving bodies' cards, staff's deadlines -----------------------

# The labour office's list filters: which states each shows. «registered» means registered at some point: every state
# after registration; «all» is every filed application (a draft is not filed and stays the organization's own).
APPLICATION_FILTERS: dict[str, frozenset[str] | None] = {
    "submitted": frozenset({ParticipationState.SUBMITTED}),
    "returned": frozenset({ParticipationState.RETURNED}),
    "registered": frozenset(ParticipationState)
    - {ParticipationState.DRAFT, ParticipationState.SUBMITTED, ParticipationState.RETURNED},
    "all": None,
}


def filed_applications(user) -> QuerySet[Participation]:
    """Participations the user may see whose application has been filed (drafts left out)."""
    return participations_for(user).exclude(state=ParticipationState.DRAFT)


def applications_to_register(user, *, contest: Contest | None, show: str = "submitted") -> QuerySet[Participation]:
    """The filed applications of the contest the user may see, newest first, limited by a filter of APPLICATION_FILTERS."""
    if contest is None:
        return Participation.objects.none()
    queryset = filed_applications(user).filter(contest=contest)
    states = APPLICATION_FILTERS[show]
    if states is not None:
        queryset = queryset.filter(state__in=states)
    return queryset.order_by(F("application__submitted_at").desc(nulls_last=True), "-pk")


def consent_of(participation: Participation) -> PersonalDataConsent | None:
    """The latest consent to the processing of personal data given for the participation and not withdrawn."""
    return (
        PersonalDataConsent.objects.filter(participation=participation, withdrawn_at__isnull=True)
        .order_by("-given_at", "-pk")
        .first()
    )


def cards_in_approval(user, *, contest: Contest | None = None) -> QuerySet[Participation]:
    """Participations whose card went to approval that the user may see (for an approving body: of its municipality,
    with an approval of its body), with their approvals prefetched in the order of Appendix 2; of one contest if given.
    """
    queryset = (
        participations_for(user)
        .filter(Exists(Approval.objects.filter(participation_id=OuterRef("pk"))))
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("decided_by")))
        .order_by("-updated_at", "-pk")
    )
    return queryset.filter(contest=contest) if contest is not None else queryset


def own_approval(participation: Participation, user) -> Approval | None:
    """The approval of the user's approving body on the participation (uses prefetched approvals), if any."""
    body = APPROVER_ROLE_BODY.get(getattr(user, "role", None))
    return next((approval for approval in participation.approvals.all() if approval.body == body), None)


def awaits_decision_of(participation: Participation, user) -> bool:
    """The card is in approval and the user's body has not decided on it yet."""
    approval = own_approval(participation, user)
    return (
        participation.state == ParticipationState.CARD_APPROVAL
        and approval is not None
        and approval.state == ApprovalState.PENDING
    )


def managed_contests(user) -> QuerySet[Contest]:
    """Contests whose settings the user manages: all of them for staff, none for anyone else."""
    if not user.is_authenticated or not user.is_staff_member:
        return Contest.objects.none()
    return Contest.objects.select_related("region")


def deadline_history(contest: Contest) -> QuerySet[DeadlineExtension]:
    """The contest's deadline extensions, latest first, with who made them."""
    return contest.deadline_extensions.select_related("extended_by").order_by("-created_at", "-pk")


def waiting_work(user, contest: Contest | None) -> dict[str, int]:
    """How many items wait for the user on the start page: applications to register (labour office), cards to approve
    (approving body). Keys present only for the roles they concern.
    """
    if not user.is_authenticated or contest is None:
        return {}
    if user.role == Role.LABOUR_OFFICE:
        return {"applications": applications_to_register(user, contest=contest).count()}
    body = APPROVER_ROLE_BODY.get(user.role)
    if body is not None:
        pending = Approval.objects.filter(participation_id=OuterRef("pk"), body=body, state=ApprovalState.PENDING)
        cards = participations_for(user).filter(
            Exists(pending), contest=contest, state=ParticipationState.CARD_APPROVAL
        )
        return {"approvals": cards.count()}
    return {}
