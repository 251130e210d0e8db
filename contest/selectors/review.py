"""The territorial commission's review of the cards (п. 4.4.3, 4.9, 5.2)."""

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from ..enums import (
    AWAITING_REVIEW_STATES,
    COMMISSION_STATES,
    MUNICIPAL_COMMISSION_ROLES,
)
from ..models import (
    Approval,
    AuditRecord,
    Contest,
    Correction,
    DocumentRequest,
    Participation,
)
from .people import participations_for

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
