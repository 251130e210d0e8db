"""Reads of the contest app, already limited to what the user may see."""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from regions.models import Municipality

from .enums import (
    APPROVER_ROLE_BODY,
    AWAITING_REVIEW_STATES,
    COMMISSION_STATES,
    FORWARDED_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    ApprovalState,
    DecisionLevel,
    JoinRequestState,
    ParticipationState,
    Role,
)
from .models import (
    Approval,
    Attachment,
    AuditRecord,
    Award,
    Certificate,
    Contest,
    Correction,
    DeadlineExtension,
    Decision,
    DocumentRequest,
    Membership,
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
    # The regional commission sees forwarded participations only, not organizations.
    seen = Q(pk__in=[user.organization_id] if user.organization_id else [])
    seen |= Q(municipality_id__in=user.municipality_ids())
    return queryset.filter(seen)


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
    # The union of what each of the person's memberships shows.
    seen = Q(pk__in=[])
    if user.organization_id:
        seen |= Q(organization_id=user.organization_id)
    # A draft is not filed: it stays the organization's own (its people's names before their consent, 152-ФЗ).
    commission = user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES)
    if commission:
        seen |= Q(organization__municipality_id__in=commission) & ~Q(state=ParticipationState.DRAFT)
    for hat in user.hats:
        if hat.role in APPROVER_ROLE_BODY:
            own_body = Approval.objects.filter(participation=OuterRef("pk"), body=APPROVER_ROLE_BODY[hat.role])
            seen |= Q(organization__municipality_id=hat.municipality_id) & Exists(own_body)
    if user.has_role(*REGIONAL_COMMISSION_ROLES):
        seen |= Q(state__in=FORWARDED_STATES)
    return queryset.filter(seen)


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
    return {
        APPROVER_ROLE_BODY[hat.role]
        for hat in user.hats
        if hat.role in APPROVER_ROLE_BODY and hat.municipality_id == municipality_id
    }


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
    pending_own = Q(pk__in=[])
    for hat in user.hats:
        if hat.role in APPROVER_ROLE_BODY:
            pending = Approval.objects.filter(
                participation_id=OuterRef("pk"), body=APPROVER_ROLE_BODY[hat.role], state=ApprovalState.PENDING
            )
            pending_own |= Q(organization__municipality_id=hat.municipality_id) & Exists(pending)
    if user.has_role(*APPROVER_ROLE_BODY):
        cards = participations_for(user).filter(pending_own, contest=contest, state=ParticipationState.CARD_APPROVAL)
        waiting["approvals"] = cards.count()
    if user.has_role(*REGIONAL_COMMISSION_ROLES):
        # Stage 2: the forwarded winners to look at, the places proposed, and whether the decision is recorded.
        waiting["forwarded"] = forwarded_participations(user, contest).count()
        waiting["proposed"] = regional_proposals(contest).count()
        waiting["regional_decision"] = int(regional_decision(contest) is not None)
    return waiting


# --- results: the municipal decision; the regional commission's materials, proposals and decision -------------------


def forwarded_participations(
    user,
    contest: Contest | None = None,
    *,
    municipality_id: int | None = None,
    size_category: str | None = None,
    sector_id: int | None = None,
) -> QuerySet[Participation]:
    """Participations forwarded to stage 2 that the user may see (of one contest if given), the best verified total
    first; optionally of one municipality, size category and sector."""
    queryset = participations_for(user).filter(state__in=FORWARDED_STATES)
    if contest is not None:
        queryset = queryset.filter(contest=contest)
    if municipality_id:
        queryset = queryset.filter(organization__municipality_id=municipality_id)
    if size_category:
        queryset = queryset.filter(size_category=size_category)
    if sector_id:
        queryset = queryset.filter(sector_id=sector_id)
    return queryset.order_by(F("card__verified_total").desc(nulls_last=True), "organization__full_name", "pk")


def municipalities_with_forwarded(user, contest: Contest | None) -> QuerySet[Municipality]:
    """Municipalities that forwarded winners to stage 2 of the contest, for the regional commission's filter."""
    forwarded = forwarded_participations(user, contest).order_by().values("organization__municipality_id")
    return Municipality.objects.filter(pk__in=forwarded)


def municipalities_of(contest: Contest | None) -> QuerySet[Municipality]:
    """The municipalities of the contest's region (staff choose one to see its results)."""
    if contest is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(region_id=contest.region_id)


def decisions_for(user) -> QuerySet[Decision]:
    """Protocols the user may see: all for staff and the regional commission (a copy of each municipal decision comes
    with the forwarded materials, п. 4.7); their own municipality's for the territorial commission and labour office."""
    queryset = Decision.objects.select_related("contest", "municipality", "recorded_by")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_staff_member or user.has_role(*REGIONAL_COMMISSION_ROLES):
        return queryset
    return queryset.filter(
        level=DecisionLevel.MUNICIPAL, municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES)
    )


def decisions_with_annex_for(user) -> QuerySet[Decision]:
    """Protocols whose result tables the user may read: those of decisions_for, and for an organization's
    representative the decisions that covered its own participations (it learns its outcome, п. 6.2)."""
    if user.is_authenticated and user.organization_id:
        own = Decision.objects.filter(participations__organization_id=user.organization_id).values("pk")
        seen = decisions_for(user).values("pk")
        return Decision.objects.select_related("contest", "municipality", "recorded_by").filter(
            Q(pk__in=own) | Q(pk__in=seen)
        )
    return decisions_for(user)


def own_participation_in(user, decision: Decision) -> int | None:
    """The id of the representative's own participation the decision covers, if the user is one."""
    if not (user.is_authenticated and user.organization_id):
        return None
    return decision.participations.filter(organization_id=user.organization_id).values_list("pk", flat=True).first()


def municipal_decision(contest: Contest, municipality_id: int) -> Decision | None:
    """The municipality's decision in force, if any (a reopened one is void and no longer counts)."""
    return (
        Decision.objects.active()
        .select_related("recorded_by", "contest", "municipality")
        .filter(contest=contest, level=DecisionLevel.MUNICIPAL, municipality_id=municipality_id)
        .first()
    )


def regional_decision(contest: Contest) -> Decision | None:
    """The regional decision in force, if any."""
    return (
        Decision.objects.active()
        .select_related("recorded_by", "contest")
        .filter(contest=contest, level=DecisionLevel.REGIONAL)
        .first()
    )


def void_decisions(contest: Contest, *, level: str = DecisionLevel.MUNICIPAL, municipality_id: int | None = None):
    """Reopened (void) decisions of a municipality or of the region, latest first: kept and shown in the history."""
    queryset = Decision.objects.filter(contest=contest, level=level, voided_at__isnull=False)
    if municipality_id is not None:
        queryset = queryset.filter(municipality_id=municipality_id)
    return list(queryset.select_related("recorded_by", "voided_by").order_by("-voided_at", "-pk"))


def _awards() -> QuerySet[Award]:
    return Award.objects.select_related(
        "participation__organization__municipality", "participation__card", "nomination", "sector"
    ).order_by("nomination__position", "nomination__pk", "size_category", "sector__position", "place", "pk")


def awards_of(decision: Decision) -> QuerySet[Award]:
    """The prize places a protocol named, by nomination, sector and place."""
    return _awards().filter(decision=decision)


def regional_proposals(contest: Contest) -> QuerySet[Award]:
    """The places the regional commission proposed that no decision has named yet."""
    return _awards().filter(
        contest=contest, level=DecisionLevel.REGIONAL, decision__isnull=True, voided_at__isnull=True
    )


def awards_of_participation(participation: Participation) -> QuerySet[Award]:
    """A participation's prize places and proposals in force (not of a reopened decision) with their protocols, the
    municipal one first."""
    return (
        participation.awards.filter(voided_at__isnull=True)
        .select_related("decision", "nomination", "sector")
        .order_by("level", "pk")
    )


# --- territorial commission: review of the cards (п. 4.4.3, 4.9, 5.2) ------------------------------------------------


def cards_for_review(user) -> QuerySet[Participation]:
    """Participations whose card the user reviews: of the municipality for its commission members, secretary and labour
    office; every municipality's for staff; none for anyone else. Only states from the card's submission on."""
    if not user.is_authenticated:
        return Participation.objects.none()
    queryset = participations_for(user).filter(state__in=COMMISSION_STATES)
    if user.is_staff_member:
        return queryset
    # Only the commission's municipalities: a commission member who also represents an organization or approves cards
    # elsewhere does not review those.
    return queryset.filter(organization__municipality_id__in=user.municipality_ids(*MUNICIPAL_COMMISSION_ROLES))


def commission_cards(
    user, *, contest: Contest | None, sector=None, size_category: str = "", state: str = ""
) -> QuerySet[Participation]:
    """The commission's work list of one contest, by organization name, optionally of one sector, size category and
    state («waiting» = AWAITING_REVIEW_STATES). Each row carries attachments_count, state_reason (the reason recorded
    with the move to its current state: why it was excluded …) and its approvals prefetched in the order of Appendix 2.
    """
    if contest is None:
        return Participation.objects.none()
    queryset = cards_for_review(user).filter(contest=contest)
    if sector is not None:
        queryset = queryset.filter(sector=sector)
    if size_category:
        queryset = queryset.filter(size_category=size_category)
    if state == "waiting":
        queryset = queryset.filter(state__in=AWAITING_REVIEW_STATES)
    elif state:
        queryset = queryset.filter(state=state)
    reason = AuditRecord.objects.filter(participation_id=OuterRef("pk"), to_state=OuterRef("state")).order_by(
        "-created_at", "-pk"
    )
    return (
        queryset.annotate(
            attachments_count=Count("attachments", distinct=True),
            state_reason=Subquery(reason.values("reason")[:1]),
        )
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.order_by("body")))
        .order_by("organization__full_name", "pk")
    )


def cards_awaiting_review_count(user, contest: Contest | None) -> int:
    """How many cards of the contest wait for the user's commission (start page)."""
    if contest is None:
        return 0
    return cards_for_review(user).filter(contest=contest, state__in=AWAITING_REVIEW_STATES).count()


def corrections_of(participation: Participation) -> QuerySet[Correction]:
    """The commission's corrections of a card, oldest first, with who made them."""
    return participation.corrections.select_related("corrected_by").order_by("created_at", "pk")


def document_requests_of(participation: Participation) -> QuerySet[DocumentRequest]:
    """The commission's document requests of a participation, newest first, with who asked and who answered."""
    return participation.document_requests.select_related("requested_by", "answered_by").order_by("-created_at", "-pk")


def open_document_request(participation: Participation) -> DocumentRequest | None:
    """The request the organization has not answered yet, if any."""
    return document_requests_of(participation).filter(answered_at__isnull=True).first()


# --- awards: the certificate register (п. 4.6, 6.1) and the public results (п. 6.2) ----------------------------------


def certificates_for(user) -> QuerySet[Certificate]:
    """The register as far as the user sees the decisions: everything for staff and the regional commission, the
    municipality's own papers for its territorial commission and labour office."""
    seen = Q(award__decision__in=decisions_for(user).values("pk"))
    if user.is_authenticated and user.organization_id:
        # A representative reads its own organization's papers.
        seen |= Q(award__participation__organization_id=user.organization_id)
    queryset = Certificate.objects.filter(seen)
    return (
        queryset.select_related(
            "issued_by",
            "award__contest",
            "award__nomination",
            "award__sector",
            "award__decision__municipality",
            "award__participation__organization__municipality",
        )
        .defer("award__decision__snapshot")
        .order_by("award__contest__year", "number")
    )


def awards_with_certificates(decision: Decision) -> QuerySet[Award]:
    return awards_of(decision).prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.select_related("issued_by"))
    )


def published_contests() -> QuerySet[Contest]:
    """Contests whose results are public: the regional commission's decision is recorded (п. 4.11, 6.2)."""
    return (
        Contest.objects.filter(decisions__level=DecisionLevel.REGIONAL, decisions__voided_at__isnull=True)
        .select_related("region")
        .order_by("-year")
    )


def public_awards(contest: Contest, level: str) -> QuerySet[Award]:
    """The prize places named by recorded decisions of a published contest: the regional ones by nomination, sector
    and place; the municipal first places by municipality, size category and sector."""
    queryset = _awards().filter(contest=contest, level=level, decision__isnull=False, decision__voided_at__isnull=True)
    if level == DecisionLevel.MUNICIPAL:
        # The municipal protocols the regional decision ranked: the winners that went into the krai's results.
        regional = regional_decision(contest)
        if regional is None:
            return queryset.none()
        if "municipal_decisions" in regional.snapshot:  # a decision recorded before snapshots: every one in force
            queryset = queryset.filter(
                decision_id__in=[ref["decision_id"] for ref in regional.snapshot["municipal_decisions"]]
            )
    if level == DecisionLevel.REGIONAL:
        return queryset  # _awards() orders by nomination, size category, sector, place
    return queryset.order_by(
        "participation__organization__municipality__position",
        "participation__organization__municipality__name",
        "size_category",
        "sector__position",
        "pk",
    )
