"""Cards that came on paper: the labour office enters them from a workbook (contest.imports reads and checks it).

A paper card becomes what a card filed on the portal becomes: the Organization (found by its ИНН or created in the
importer's municipality), a Participation in the contest, a registered Application and the InfoCard with its declared
total, moved to «карта представлена» through the door (core.workflow.transition) step by step (submitted → registered → in approval → card
submitted), each step an AuditRecord by the importing user. The last step's action code, PAPER_ENTERED, marks the
participation as entered from paper: the import finds its own earlier work by it (no model field is needed).

Importing again is idempotent by ИНН + contest (see contest.imports): a paper card not yet taken into review is updated
in place (update_paper_card), one already in review is not changed. Nothing here sends letters: the organization may
have no account, and the territorial commission sees the cards in its list.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.permissions import require
from core.workflow import record, transition

from ..enums import ParticipationState, Role
from ..models import Application, AuditRecord, Contest, InfoCard, Organization, Participation, Sector, User
from ..workflow import PAPER_ENTERED, PAPER_UPDATED, municipal_stage_decision
from .categories import category_code, clean_participation
from .participation import card_values, fill_card

S = ParticipationState

ORGANIZATION_FIELDS = (
    "full_name",
    "short_name",
    "legal_form",
    "ogrn",
    "legal_address",
    "phone",
    "email",
    "headcount",  # the organization profile's headcount (the import also puts it into the card's headcount role)
    "public_share_pct",
)
APPLICATION_FIELDS = ("head_name", "head_position", "registration_number")


@dataclass(frozen=True)
class PaperCard:
    """One checked row: the organization's details, the application's, the sector and every card value (cleaned)."""

    inn: str
    organization: Mapping[str, Any]
    application: Mapping[str, Any]
    sector: Sector
    card: Mapping[str, Any]


def paper_participation_ids(participations: Iterable[int]) -> set[int]:
    """Which of these participations were entered from paper (one query)."""
    return set(
        AuditRecord.objects.filter(participation_id__in=list(participations), action=PAPER_ENTERED).values_list(
            "participation_id", flat=True
        )
    )


def check_may_import(contest: Contest | None, actor: User) -> None:
    """The labour office of a municipality enters paper cards while its municipal results are not approved."""
    require(actor, "contest.import_paper_cards")
    if contest is None:
        raise DomainError(_("Смотр-конкурс ещё не объявлен: вносить карты некуда."))
    decision = municipal_stage_decision(contest, actor.municipality_for(Role.LABOUR_OFFICE).pk)
    if decision is not None:
        raise DomainError(
            _("Итоги муниципального этапа уже утверждены (%(decision)s): новые карты внести нельзя.")
            % {"decision": decision}
        )


def differences(participation: Participation, paper: PaperCard) -> list[str]:
    """The names of what the row changes in a participation entered from paper earlier (empty: the row is unchanged)."""
    organization, application, card = participation.organization, participation.application, participation.card
    changed = [name for name, value in paper.organization.items() if getattr(organization, name) != value]
    changed += [name for name, value in paper.application.items() if getattr(application, name) != value]
    if participation.sector_id != paper.sector.pk:
        changed.append("sector")
    inputs = card_values(card)
    changed += [name for name, value in paper.card.items() if _card_value(card, inputs, name) != value]
    return changed


def _card_value(card: InfoCard, inputs: Mapping[str, Any], name: str) -> Any:
    """A value of the card: a point-table input read through card_values, a section-1 column as it is."""
    return inputs[name] if name in inputs else getattr(card, name)


def save_paper_cards(
    contest: Contest, *, actor: User, create: list[PaperCard], update: list[tuple[Participation, PaperCard, list[str]]]
) -> None:
    """Write a checked file in one transaction: a DomainError from any row undoes every row.

    Imports of one contest run one at a time (the contest row is locked), so the same file sent twice at once gives
    one import and a message for the other, never a duplicate ИНН error.

    Side effects: creates or updates Organizations, Participations, Applications, InfoCards; AuditRecords by actor.
    """
    try:
        with transaction.atomic():
            Contest.objects.select_for_update().filter(pk=contest.pk).first()
            check_may_import(contest, actor)
            for paper in create:
                create_paper_card(contest, paper, actor=actor)
            for participation, paper, changed in update:
                update_paper_card(participation, paper, actor=actor, changed=changed)
    except IntegrityError:
        raise DomainError(
            _(
                "Эти карты только что вносил кто-то ещё: загрузите файл ещё раз — повторная загрузка ничего не дублирует."
            )
        ) from None


def _organization(paper: PaperCard, *, municipality_id: int) -> Organization:
    organization = Organization.objects.select_for_update().filter(inn=paper.inn).first()
    if organization is None:
        organization = Organization(inn=paper.inn, municipality_id=municipality_id)
    elif organization.municipality_id != municipality_id:
        raise DomainError(
            _("Организация с ИНН %(inn)s относится к другому муниципальному образованию (%(municipality)s).")
            % {"inn": paper.inn, "municipality": organization.municipality}
        )
    for name, value in paper.organization.items():
        setattr(organization, name, value)
    organization.sector = paper.sector
    organization.full_clean()
    organization.save()
    return organization


def create_paper_card(contest: Contest, paper: PaperCard, *, actor: User) -> Participation:
    """Enter one paper card: the organization, its participation, application and card, up to «карта представлена».

    Side effects: writes those rows and four AuditRecords by actor (one per move).
    """
    with transaction.atomic():
        organization = _organization(paper, municipality_id=actor.municipality_for(Role.LABOUR_OFFICE).pk)
        if Participation.objects.filter(contest=contest, organization=organization).exists():
            raise DomainError(_("Организация с ИНН %(inn)s уже участвует в смотре-конкурсе.") % {"inn": paper.inn})
        participation = Participation(
            contest=contest,
            organization=organization,
            sector=paper.sector,
            size_category=category_code(contest, organization),
        )
        clean_participation(participation)
        participation.save()
        now = timezone.now()
        application = Application(
            participation=participation,
            full_name=organization.full_name,
            legal_address=organization.legal_address,
            phone=organization.phone,
            # The paper form of Приложение № 1 carries these statements above the signatures.
            agrees_with_regulation=True,
            data_complete_and_true=True,
            aware_of_exclusion=True,
            submitted_at=now,
            registered_at=now,
            **paper.application,
        )
        application.full_clean()
        application.save()
        card = fill_card(InfoCard(participation=participation), paper.card, contest.table)
        card.full_clean()
        card.save()
        number = paper.application.get("registration_number", "")
        transition(participation, "paper_submit", actor=actor)
        transition(participation, "paper_register", actor=actor, reason=number)
        transition(
            participation,
            "paper_approve",
            actor=actor,
            reason=_("Согласования — на бумажном экземпляре карты (п. 4.4.1)."),
        )
        transition(
            participation,
            "paper_enter",
            actor=actor,
            reason=_("Сумма баллов: %(total)s") % {"total": card.declared_total},
        )
    return participation


def update_paper_card(
    participation: Participation, paper: PaperCard, *, actor: User, changed: list[str]
) -> Participation:
    """Apply a changed row to a card entered from paper that the commission has not taken into review yet.

    Side effects: saves the organization, application, participation's sector and size category, the card and its
    declared total; an AuditRecord naming what changed (``changed``: the column names). DomainError once the card is
    in review.
    """
    with transaction.atomic():
        locked = Participation.objects.select_for_update().get(pk=participation.pk)
        if locked.state != S.CARD_SUBMITTED:
            raise DomainError(
                _("Карта уже у комиссии (состояние «%(state)s»): изменить её загрузкой файла нельзя.")
                % {"state": S(locked.state).label}
            )
        organization = _organization(paper, municipality_id=actor.municipality_for(Role.LABOUR_OFFICE).pk)
        application = participation.application
        for name, value in paper.application.items():
            setattr(application, name, value)
        application.full_name = organization.full_name
        application.legal_address = organization.legal_address
        application.phone = organization.phone
        application.full_clean()
        application.save()
        locked.sector = paper.sector
        locked.size_category = category_code(participation.contest, organization)
        clean_participation(locked)
        locked.save(update_fields=["sector", "size_category", "updated_at"])
        card = fill_card(participation.card, paper.card, participation.contest.table)
        card.full_clean()
        card.save()
        record(
            participation,
            PAPER_UPDATED,
            actor=actor,
            reason=_("Изменено: %(fields)s. Сумма баллов: %(total)s")
            % {"fields": ", ".join(changed), "total": card.declared_total},
        )
    return participation
