"""Readings R7 (exclusion after a fatal accident, section 4.9) and R8 (size category, section 4.11), and the headcount
bands other regulations group their participants by (``band_for``, ``band_problems``)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from .model import tidy
from .numbers import NumberError, fmt, parse_decimal, parse_int

SMALL_MAX_HEADCOUNT = 100  # inclusive
SMALL_MAX_PUBLIC_SHARE_PCT = Decimal(25)  # inclusive


class OrgKind(StrEnum):
    """What an organization is, as far as reading R8 cares."""

    COMMERCIAL = "commercial"  # коммерческая организация, кроме ГУП/МУП
    CONSUMER_COOPERATIVE = "consumer_cooperative"
    INDIVIDUAL_ENTREPRENEUR = "individual_entrepreneur"
    PEASANT_FARM = "peasant_farm"
    UNITARY_ENTERPRISE = "unitary_enterprise"  # ГУП/МУП
    INSTITUTION = "institution"  # государственное/муниципальное учреждение
    NONPROFIT = "nonprofit"  # иная некоммерческая организация

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    OrgKind.COMMERCIAL: "коммерческая организация (кроме государственных и муниципальных унитарных предприятий)",
    OrgKind.CONSUMER_COOPERATIVE: "потребительский кооператив",
    OrgKind.INDIVIDUAL_ENTREPRENEUR: "индивидуальный предприниматель",
    OrgKind.PEASANT_FARM: "крестьянское (фермерское) хозяйство",
    OrgKind.UNITARY_ENTERPRISE: "государственное или муниципальное унитарное предприятие",
    OrgKind.INSTITUTION: "государственное или муниципальное учреждение",
    OrgKind.NONPROFIT: "некоммерческая организация",
}

SMALL_BUSINESS_KINDS = frozenset(
    {OrgKind.COMMERCIAL, OrgKind.CONSUMER_COOPERATIVE, OrgKind.INDIVIDUAL_ENTREPRENEUR, OrgKind.PEASANT_FARM}
)


class SizeCategory(StrEnum):
    SMALL = "small"
    MEDIUM_LARGE = "medium_large"

    @property
    def label(self) -> str:
        return "малый бизнес" if self is SizeCategory.SMALL else "средний и крупный бизнес"


@dataclass(frozen=True)
class SizeDecision:
    category: SizeCategory
    reasons: tuple[str, ...]  # Russian; one per condition of R8, in the order kind, headcount, share


@dataclass(frozen=True)
class ExclusionProposal:
    propose: bool
    reason: str  # Russian


Number = TypeVar("Number", int, Decimal)


def _number(parse: Callable[[object], Number], value: object, what: str) -> Number:
    try:
        return parse(value)
    except NumberError as error:
        raise ValueError(f"{what}: {error}") from None


def size_category(
    *,
    kind: OrgKind | str,
    headcount: int,
    public_share_pct: Decimal | int | str,
    max_headcount: int = SMALL_MAX_HEADCOUNT,
    max_public_share_pct: Decimal | int = SMALL_MAX_PUBLIC_SHARE_PCT,
    small_kinds: Iterable[OrgKind | str] = SMALL_BUSINESS_KINDS,
) -> SizeDecision:
    """Small business or medium-and-large (reading R8); every condition is named in ``reasons``.

    The limits (inclusive) and the kinds that may be small are the edition's; the defaults are the 2011 Положение's."""
    try:
        kind = OrgKind(kind)
    except ValueError:
        raise ValueError(f"Неизвестный вид организации: {kind!r}.") from None
    headcount = _number(parse_int, headcount, "Среднесписочная численность")
    if headcount < 0:
        raise ValueError("Среднесписочная численность не может быть отрицательной.")
    share = _number(parse_decimal, public_share_pct, "Доля государственной, муниципальной и общественной собственности")
    if not 0 <= share <= 100:
        raise ValueError("Доля государственной, муниципальной и общественной собственности должна быть от 0 до 100 %.")
    max_share = Decimal(max_public_share_pct)
    kind_ok = kind in {OrgKind(k) for k in small_kinds}
    headcount_ok = headcount <= max_headcount
    share_ok = share <= max_share
    reasons = (
        f"{kind.label} — " + ("может относиться к малому бизнесу" if kind_ok else "не относится к малому бизнесу"),
        f"среднесписочная численность {headcount} {'≤' if headcount_ok else '>'} {max_headcount}",
        "доля государственной, муниципальной и общественной собственности "
        f"{fmt(tidy(share))} % {'≤' if share_ok else '>'} {fmt(tidy(max_share))} %",
    )
    small = kind_ok and headcount_ok and share_ok
    return SizeDecision(SizeCategory.SMALL if small else SizeCategory.MEDIUM_LARGE, reasons)


@dataclass(frozen=True)
class Band:
    """A group of participants by average headcount, bounds inclusive; None is open (from 0, or without a ceiling)."""

    code: str
    min_headcount: int | None
    max_headcount: int | None

    @property
    def label(self) -> str:
        """«до 50 человек», «от 51 до 1000 человек», «свыше 1000 человек» (the ceiling of the band below)."""
        low, high = self.min_headcount or 0, self.max_headcount
        if high is None:
            return f"свыше {low - 1} человек" if low > 0 else "любая численность"
        return f"от {low} до {high} человек" if low > 0 else f"до {high} человек"


@dataclass(frozen=True)
class BandDecision:
    code: str
    reasons: tuple[str, ...]  # Russian


def band_problems(bands: Sequence[Band]) -> list[str]:
    """What is wrong with a list of bands, in Russian: they must start at 0 and go up without gaps or overlaps, the
    last one open upwards, so that every headcount falls into exactly one band. An empty list is fine (no bands)."""
    problems = []
    expected: int | None = 0  # the least headcount the next band must start at; None after an open band
    for band in sorted(bands, key=lambda band: band.min_headcount or 0):
        low, high, name = band.min_headcount or 0, band.max_headcount, f"«{band.code}»"
        if low < 0 or (high is not None and high < low):
            problems.append(
                f"Группа {name}: наибольшая численность должна быть не меньше наименьшей, обе — не меньше 0."
            )
            continue
        if expected is None:
            problems.append(
                f"Группа {name} пересекается с группой без наибольшей численности: та должна быть последней."
            )
            continue
        if low > expected:
            problems.append(f"Между группами пропущена численность от {expected} до {low - 1} человек.")
        elif low < expected:
            problems.append(f"Группа {name} пересекается с предыдущей: численность {low} человек входит в обе.")
        expected = None if high is None else high + 1
    if bands and expected is not None:
        problems.append(
            f"У последней группы не должно быть наибольшей численности: численность от {expected} человек "
            "не попадает ни в одну группу."
        )
    return problems


def band_for(headcount: int | str, bands: Sequence[Band]) -> BandDecision:
    """The band an average headcount falls into; raises ValueError (in Russian) for bad input or bad bands."""
    count = _number(parse_int, headcount, "Среднесписочная численность")
    if count < 0:
        raise ValueError("Среднесписочная численность не может быть отрицательной.")
    if not bands:
        raise ValueError("Группы участников по численности не заданы.")
    problems = band_problems(bands)
    if problems:
        raise ValueError(" ".join(problems))
    band = next(
        band
        for band in bands
        if (band.min_headcount or 0) <= count and (band.max_headcount is None or count <= band.max_headcount)
    )
    return BandDecision(band.code, (f"среднесписочная численность {count} человек — {band.label}",))


def exclusion_proposal(*, fatal_accidents: int, fatal_transport_no_fault: int) -> ExclusionProposal:
    """Reading R7: propose exclusion unless every fatal accident is the 4.9 transport exception."""
    fatal = _number(parse_int, fatal_accidents, "Несчастные случаи со смертельным исходом")
    excepted = _number(parse_int, fatal_transport_no_fault, "Транспортные несчастные случаи без вины организации")
    if fatal < 0 or excepted < 0:
        raise ValueError("Количество несчастных случаев не может быть отрицательным.")
    if excepted > fatal:
        raise ValueError(
            "Транспортных несчастных случаев без вины организации не может быть больше, "
            "чем несчастных случаев со смертельным исходом."
        )
    if fatal == 0:
        return ExclusionProposal(False, "Несчастных случаев на производстве со смертельным исходом нет.")
    if excepted == fatal:
        return ExclusionProposal(
            False,
            f"Все несчастные случаи со смертельным исходом ({fatal}) произошли при катастрофах, авариях или иных "
            "повреждениях транспортных средств при полном отсутствии вины организации согласно акту комиссии "
            "по расследованию — исключение п. 4.9 Положения; из участия не исключается.",
        )
    return ExclusionProposal(
        True,
        f"Несчастные случаи на производстве со смертельным исходом: {fatal}, из них не подпадают под исключение "
        f"для транспортных происшествий без вины организации: {fatal - excepted}. Предлагается исключить из "
        "дальнейшего участия в смотре-конкурсе (п. 4.9 Положения); решение принимает комиссия.",
    )
