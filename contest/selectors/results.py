"""Results: the municipal decision; the regional commission's materials, proposals and decision; the certificate register and the public results."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from core.search import by_name_or_inn
from regions.models import Municipality

from ..enums import (
    FORWARDED_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    REGIONAL_COMMISSION_ROLES,
    DecisionLevel,
)
from ..models import (
    Award,
    Certificate,
    Contest,
    Decision,
    Participation,
)
from .people import participations_for

# --- results: the municipal decision; the regional commission's materials, proposals and decision -------------------


def forwarded_participations(
    user,
    contest: Contest | None = None,
    *,
    municipality_id: int | None = None,
    size_category: str | None = None,
    sector_id: int | None = None,
    search: str = "",
) -> QuerySet[Participation]:
    """Participations forwarded to stage 2 that the user may see (of one contest if given), the best verified total
    first; optionally of one municipality, size category and sector, and matching a search by name or ИНН."""
    queryset = participations_for(user).filter(state__in=FORWARDED_STATES).filter(by_name_or_inn(search))
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


def regional_decision(contest: Contest, *, snapshot: bool = True) -> Decision | None:
    """The regional decision in force, if any; ``snapshot=False``: without its snapshot (the whole region's rankings,
    megabytes of JSON at 10 000 organizations), for a page that shows only its number and date."""
    queryset = Decision.objects.active().select_related("recorded_by", "contest")
    if not snapshot:
        queryset = queryset.defer("snapshot")
    return queryset.filter(contest=contest, level=DecisionLevel.REGIONAL).first()


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


# --- awards: the certificate register (п. 4.6, 6.1) and the public results (п. 6.2) ----------------------------------


def certificates_for(user, *, search: str = "") -> QuerySet[Certificate]:
    """The register as far as the user sees the decisions: everything for staff and the regional commission, the
    municipality's own papers for its territorial commission and labour office; with ``search``, the papers whose
    organization matches it by name or ИНН, or whose number contains it."""
    seen = Q(award__decision__in=decisions_for(user).values("pk"))
    if user.is_authenticated and user.organization_id:
        # A representative reads its own organization's papers.
        seen |= Q(award__participation__organization_id=user.organization_id)
    queryset = Certificate.objects.filter(seen)
    if search.strip():
        queryset = queryset.filter(
            by_name_or_inn(search, "award__participation__organization") | Q(number__icontains=search.strip())
        )
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
    queryset = (
        Award.objects.select_related("participation__organization__municipality", "nomination", "sector")
        .filter(contest=contest, level=level, decision__isnull=False, decision__voided_at__isnull=True)
        .order_by("nomination__position", "nomination__pk", "size_category", "sector__position", "place", "pk")
    )
    if level == DecisionLevel.MUNICIPAL:
        # The municipal protocols the regional decision ranked: the winners that went into the krai's results. Only
        # that part of its snapshot is read (the snapshot holds the rankings of the whole region).
        refs = (
            Decision.objects.active()
            .filter(contest=contest, level=DecisionLevel.REGIONAL)
            .values_list("snapshot__municipal_decisions", flat=True)[:1]
        )
        if not refs:
            return queryset.none()
        if refs[0] is not None:  # None: a decision recorded before snapshots, when every one in force counts
            queryset = queryset.filter(decision_id__in=[ref["decision_id"] for ref in refs[0]])
    if level == DecisionLevel.REGIONAL:
        return queryset
    return queryset.order_by(*PUBLIC_MUNICIPAL_ORDER, "size_category", "sector__position", "pk")


PUBLIC_MUNICIPAL_ORDER = (
    "participation__organization__municipality__position",
    "participation__organization__municipality__name",
)


def public_municipal_winners(contest: Contest) -> tuple[QuerySet[Award], list[tuple[int, int]]]:
    """The municipal winners of the public results (public_awards), and (municipality id, its winners) in the order
    they are listed, counted in the database: a page of the results reads the winners of its municipalities only."""
    winners = public_awards(contest, DecisionLevel.MUNICIPAL)
    counts = [
        (row["participation__organization__municipality"], row["winners"])
        for row in winners.values("participation__organization__municipality", *PUBLIC_MUNICIPAL_ORDER)
        .annotate(winners=Count("pk"))
        .order_by(*PUBLIC_MUNICIPAL_ORDER, "participation__organization__municipality")
    ]
    return winners, counts


LATIN_LOOKALIKES = str.maketrans({"K": "К", "M": "М"})  # the register's numbers use Cyrillic «К» and «М»


def certificate_to_check(number: str) -> Certificate | None:
    """The paper of the register with this number, for its public check page (the number printed under the QR code),
    with what the page shows; None when the register has no such number. A number typed with Latin К or М, or in
    lower case, is the same number."""
    typed = number.strip().upper().translate(LATIN_LOOKALIKES)
    return (
        Certificate.objects.filter(number=typed)
        .select_related(
            "award__contest",
            "award__nomination",
            "award__sector",
            "award__decision__municipality",
            "award__participation__organization__municipality",
        )
        .defer("award__decision__snapshot")
        .first()
    )


def certificate_replacing(certificate: Certificate) -> Certificate | None:
    """The valid paper given for the same place of the organization after `certificate`'s decision was reopened."""
    award = certificate.award
    return (
        Certificate.objects.filter(
            award__participation_id=award.participation_id,
            award__level=award.level,
            kind=certificate.kind,
            voided_at__isnull=True,
            issued_at__gt=certificate.issued_at,
        )
        .order_by("issued_at")
        .first()
    )
