"""The labour office's applications, the approving bodies' cards, staff's deadlines, the start page's counts."""

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from core.search import by_name_or_inn
from regions.models import Municipality

from ..enums import (
    APPROVER_ROLE_BODY,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    ApprovalState,
    ParticipationState,
    Role,
)
from ..models import (
    Approval,
    Contest,
    DeadlineExtension,
    Membership,
    Participation,
    PersonalDataConsent,
)
from .people import by_own_bodies, participations_for
from .results import forwarded_participations, regional_decision, regional_proposals
from .review import cards_awaiting_review_count

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


def applications_to_register(
    user, *, contest: Contest | None, show: str = "submitted", search: str = ""
) -> QuerySet[Participation]:
    """The filed applications of the contest the user may see, newest first, limited by a filter of APPLICATION_FILTERS
    and a search by the organization's name or ИНН."""
    if contest is None:
        return Participation.objects.none()
    queryset = filed_applications(user).filter(contest=contest).filter(by_name_or_inn(search))
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
    bodies = approving_bodies(user, participation.organization.municipality_id)
    return next((approval for approval in participation.approvals.all() if approval.body in bodies), None)


def approver_hats(user) -> list[Membership]:
    """The user's memberships of an approving body, each with its municipality."""
    return [hat for hat in user.hats if hat.role in APPROVER_ROLE_BODY]


def commission_municipalities(user) -> frozenset[int]:
    """The municipalities whose territorial commission (or labour office) the user sits on."""
    return user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES) if user.is_authenticated else frozenset()


def commission_municipality(user) -> Municipality | None:
    """The municipality of the user's commission (the first, for the rare person on two): their results and exports."""
    return user.municipality_for(*MUNICIPAL_COMMISSION_ROLES) if user.is_authenticated else None


def approving_bodies(user, municipality_id: int | None) -> set[str]:
    """The approving bodies the user speaks for in the municipality (one for most people)."""
    if not user.is_authenticated:
        return set()
    return {body for where, body in user.approving_bodies if where == municipality_id}


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
    """How many items wait for the user on the start page: cards to review (territorial commission and labour office),
    applications to register (labour office), cards to approve (approving body), forwarded winners and proposed places
    (regional commission). Keys present only for the roles they concern.
    """
    if not user.is_authenticated or contest is None:
        return {}
    waiting: dict[str, int] = {}
    if user.has_role(*MUNICIPAL_COMMISSION_ROLES):
        # The territorial commission: cards to review; the labour office also registers the applications.
        waiting["cards"] = cards_awaiting_review_count(user, contest)
        if user.has_role(Role.LABOUR_OFFICE):
            waiting["applications"] = applications_to_register(user, contest=contest).count()
    if user.has_role(*APPROVER_ROLE_BODY):
        pending_own = by_own_bodies(user, state=ApprovalState.PENDING)
        cards = participations_for(user).filter(pending_own, contest=contest, state=ParticipationState.CARD_APPROVAL)
        waiting["approvals"] = cards.count()
    if user.has_role(*REGIONAL_COMMISSION_ROLES):
        # Stage 2: the forwarded winners to look at, the places proposed, and whether the decision is recorded.
        waiting["forwarded"] = forwarded_participations(user, contest).count()
        waiting["proposed"] = regional_proposals(contest).count()
        waiting["regional_decision"] = int(regional_decision(contest, snapshot=False) is not None)
    return waiting
