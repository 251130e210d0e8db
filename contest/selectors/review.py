"""The territorial commission's review of the cards (п. 4.4.3, 4.9, 5.2)."""

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.search import by_name_or_inn

from ..enums import (
    AWAITING_REVIEW_STATES,
    COMMISSION_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    REMOVED_STATES,
    ParticipationState,
)
from ..models import (
    Approval,
    Attachment,
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


# How the work list may be sorted (the «Порядок» choice): its value → the ordering. Unknown values sort by name.
CARD_ORDERS = {
    "name": ("organization__full_name", "pk"),
    "declared": (F("card__declared_total").desc(nulls_last=True), "organization__full_name", "pk"),
    "verified": (F("card__verified_total").desc(nulls_last=True), "organization__full_name", "pk"),
    "submitted": (F("submitted_at").asc(nulls_last=True), "pk"),
    "municipality": ("organization__municipality__name", "organization__full_name", "pk"),
}


def _commission_filtered(
    user, *, contest: Contest | None, sector=None, size_category: str = "", state: str = "", search: str = ""
) -> QuerySet[Participation]:
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
    return queryset.filter(by_name_or_inn(search))


def commission_cards(user, *, contest: Contest | None, order: str = "name", **filters) -> QuerySet[Participation]:
    """The commission's work list of one contest, by organization name (or another of CARD_ORDERS), optionally of one
    sector, size category and state («waiting» = AWAITING_REVIEW_STATES) and matching a search by name or ИНН. Each
    row carries attachments_count, state_reason (the reason recorded with the move to its current state: why it was
    excluded …) and its approvals prefetched in the order of Appendix 2. Counted and sliced, it reads one page.
    """
    reason = AuditRecord.objects.filter(participation_id=OuterRef("pk"), to_state=OuterRef("state")).order_by(
        "-created_at", "-pk"
    )
    # Subqueries, not a join with GROUP BY: the paginator's COUNT then reads the filtered rows only.
    attachments = (
        Attachment.objects.filter(participation_id=OuterRef("pk"))
        .order_by()
        .values("participation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _commission_filtered(user, contest=contest, **filters)
        .annotate(
            attachments_count=Coalesce(Subquery(attachments, output_field=IntegerField()), 0),
            state_reason=Subquery(reason.values("reason")[:1]),
        )
        .prefetch_related(Prefetch("approvals", queryset=Approval.objects.order_by("body")))
        .order_by(*CARD_ORDERS.get(order, CARD_ORDERS["name"]))
    )


def commission_summary(user, *, contest: Contest | None, **filters) -> dict[str, int]:
    """How many cards the filtered work list has: in all, waiting for review, verified, excluded or disqualified
    (one query, whatever the page shown)."""
    return _commission_filtered(user, contest=contest, **filters).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(state__in=AWAITING_REVIEW_STATES)),
        verified=Count("pk", filter=Q(state=ParticipationState.VERIFIED)),
        removed=Count("pk", filter=Q(state__in=REMOVED_STATES)),
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
