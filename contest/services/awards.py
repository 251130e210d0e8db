"""Awarding the winners: the register of honorary certificates and diplomas (п. 4.6, 6.1).

A decision's prize places get their papers here. Every paper is numbered once, in the register, with who issued it and
when; printing it again reads the register and never issues a new number.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import DomainError
from core.permissions import require
from core.workflow import record
from regions.models import Municipality

from ..enums import CertificateKind, DecisionLevel, SizeCategory
from ..models import Award, Certificate, Contest, Decision, User
from ..workflow import AWARD_ISSUED

# Which places a batch covers: the first places, the other prize places, or all of them; or one award by its id.
PLACES_FIRST = "first"
PLACES_OTHER = "other"
PLACES_ALL = "all"
PLACES_ONE = "one"


@dataclass(frozen=True)
class Signatory:
    position: str
    name: str


def kinds_for(decision: Decision) -> list[str]:
    """The papers a decision's winners may get: the municipal administration's certificate at stage 1 (п. 4.6); the
    honorary certificate of the head of the krai or a diploma at stage 2 (п. 6.1)."""
    if decision.level == DecisionLevel.MUNICIPAL:
        return [CertificateKind.MUNICIPAL]
    return [CertificateKind.HONORARY, CertificateKind.DIPLOMA]


def planned_kind(award: Award) -> str:
    """The paper a place gets: what the register says once issued; before that the municipal certificate at stage 1
    and, at stage 2, the honorary certificate for a first place and a diploma for the other prize places (a reading of
    п. 6.1, which names both without saying who gets which; the issuer may choose otherwise)."""
    issued = next((c for c in award.certificates.all() if c.voided_at is None), None)
    if issued is not None:
        return issued.kind
    if award.level == DecisionLevel.MUNICIPAL:
        return CertificateKind.MUNICIPAL
    return CertificateKind.HONORARY if award.place == 1 else CertificateKind.DIPLOMA


def default_signatory(decision: Decision, kind: str) -> Signatory:
    """Who signed the last paper of this kind (people change rarely); else the position the paper names."""
    last = (
        Certificate.objects.filter(kind=kind, award__contest__region_id=decision.contest.region_id)
        .filter(award__decision__municipality_id=decision.municipality_id)
        .order_by("-issued_at", "-pk")
        .first()
    )
    if last is not None:
        return Signatory(last.signatory_position, last.signatory_name)
    positions = {
        CertificateKind.HONORARY: _("Глава администрации (губернатор) Краснодарского края"),
        CertificateKind.DIPLOMA: _("Председатель краевой межведомственной комиссии по охране труда"),
        CertificateKind.MUNICIPAL: _("Глава муниципального образования %(name)s")
        % {"name": municipality_title(decision.municipality) if decision.municipality else ""},
    }
    return Signatory(positions[kind], "")


def municipality_title(municipality) -> str:
    """«город Краснодар», «Абинский район»: how a municipality is named after «муниципальное образование»."""
    name = municipality.name
    if municipality.kind == Municipality.Kind.CITY_OKRUG and not name.lower().startswith("город"):
        return _("город %(name)s") % {"name": name}
    return name


# Awards named before categories were data carry only the R8 code.
SIZE_GENITIVE = {
    SizeCategory.SMALL: gettext_lazy("малого бизнеса"),
    SizeCategory.MEDIUM_LARGE: gettext_lazy("среднего и крупного бизнеса"),
}


def category_genitive(award: Award) -> str:
    """The award's category after «среди организаций», as the decision named it."""
    if award.category_genitive:
        return award.category_genitive
    return str(SIZE_GENITIVE.get(award.size_category, award.size_category))


def award_reason(award: Award, *, with_place: bool = True) -> str:
    """What the place was won for, as the register says it; a certificate that shows the place apart leaves it out."""
    year = award.contest.year
    sector = award.sector_name or (award.sector.name if award.sector else "")
    if award.level == DecisionLevel.MUNICIPAL:
        return _(
            "за первое место в муниципальном этапе смотра-конкурса на лучшую организацию работы в области охраны труда "
            "%(year)s года в отрасли «%(sector)s» среди организаций %(size)s"
        ) % {"year": year, "sector": sector, "size": category_genitive(award)}
    nomination = award.nomination_name or (award.nomination.name if award.nomination else "")
    if sector:
        nomination = f"{nomination}: {sector}"
    text = _(
        "в краевом смотре-конкурсе на лучшую организацию работы в области охраны труда %(year)s года в номинации "
        "«%(nomination)s»"
    ) % {"year": year, "nomination": nomination}
    return _("за %(place)s место %(text)s") % {"place": award.place, "text": text} if with_place else text


def _selected(awards: list[Award], places: str, award_id: int | None) -> list[Award]:
    if places == PLACES_ONE:
        return [award for award in awards if award.pk == award_id]
    if places == PLACES_FIRST:
        return [award for award in awards if award.place == 1]
    if places == PLACES_OTHER:
        return [award for award in awards if award.place > 1]
    return awards


def _number_prefix(contest: Contest, decision: Decision) -> str:
    """«2011-К-» for the krai's papers, «2011-М07-» for a municipality's (its position in the list of the region)."""
    if decision.level == DecisionLevel.REGIONAL:
        return f"{contest.year}-К-"
    return f"{contest.year}-М{decision.municipality.position:02d}-"


def issue_certificates(
    decision: Decision,
    *,
    actor: User,
    kind: str,
    signatory: Signatory,
    places: str = PLACES_ALL,
    award_id: int | None = None,
) -> list[Certificate]:
    """Number and register a paper of `kind` for each selected prize place of the decision that has none yet: the
    first places, the other places, all of them, or the one award `award_id` (places=PLACES_ONE). Places shared by
    equal totals (R9) each get their own paper.

    Side effects: Certificate rows with consecutive numbers, an AuditRecord per participation. Returns the new papers;
    an empty list means every selected place already has its paper. Refused for a reopened (void) decision.
    """
    require(actor, "contest.issue_certificates", decision)
    if decision.is_void:
        raise DomainError(_("Решение отменено: награды по нему не выдаются. Выдайте их по новому решению."))
    if kind not in kinds_for(decision):
        raise DomainError(_("Этот вид награды не выдаётся по этому решению."))
    if places == PLACES_ONE and not Award.objects.filter(decision=decision, pk=award_id).exists():
        raise DomainError(_("Такого призового места в этом решении нет."))
    if not signatory.position.strip() or not signatory.name.strip():
        raise DomainError(_("Укажите должность и фамилию подписывающего."))
    contest = decision.contest
    prefix = _number_prefix(contest, decision)
    with transaction.atomic():
        # One issuer at a time per contest, so numbers never collide or skip.
        Contest.objects.select_for_update().filter(pk=contest.pk).first()
        if Decision.objects.filter(pk=decision.pk, voided_at__isnull=False).exists():  # reopened meanwhile
            raise DomainError(_("Решение отменено: награды по нему не выдаются. Выдайте их по новому решению."))
        awards = list(
            Award.objects.filter(decision=decision, certificates__isnull=True, voided_at__isnull=True)
            .select_related("contest", "nomination", "sector", "participation__organization")
            .order_by("nomination__position", "nomination__pk", "sector__position", "sector__pk", "place", "pk")
        )
        last = Certificate.objects.filter(number__startswith=prefix).aggregate(last=Max("number"))["last"]
        sequence = int(last.removeprefix(prefix)) if last else 0
        issued = []
        for award in _selected(awards, places, award_id):
            sequence += 1
            certificate = Certificate.objects.create(
                award=award,
                kind=kind,
                number=f"{prefix}{sequence:04d}",
                signatory_position=signatory.position.strip(),
                signatory_name=signatory.name.strip(),
                issued_by=actor,
            )
            record(
                award.participation,
                AWARD_ISSUED,
                actor=actor,
                params={"kind": certificate.get_kind_display(), "number": certificate.number},
                reason=award_reason(award),
            )
            issued.append(certificate)
    return issued
