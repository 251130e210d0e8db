"""The participant's side of the contest: deadlines, the application (Appendix 1) and the consent to processing
personal data. The card is in services.cards, the files in services.attachments.

Every state change goes through the door, core.workflow.transition() (the moves are in contest/workflow.py).
Functions here raise DomainError with a message for the user when a rule forbids what was asked.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.permissions import require
from core.workflow import record, transition

from ...enums import APPLICATION_EDITABLE, DeadlineKind
from ...models import (
    Application,
    Contest,
    DeadlineExtension,
    InfoCard,
    Organization,
    Participation,
    PersonalDataConsent,
    User,
)
from ...workflow import APPLICATION_CREATED, CONSENT_GIVEN
from ..categories import category_code, clean_participation

# The consent text (152-ФЗ, ст. 9) is a versioned template, templates/contest/consent/<version>.txt: shown on its own
# page and stored with each consent as it was shown. A new wording is a new file and a new version here.
CONSENT_VERSION = "2026-1"


def consent_text(name: str) -> str:
    return render_to_string(f"contest/consent/{CONSENT_VERSION}.txt", {"name": name}).strip()


def lock(participation: Participation) -> Participation:
    """Lock the participation's row until the transaction ends and refresh the instance's state from it, so that the
    caller checks its preconditions on what the database holds, not on a copy read before another request changed it.
    Call inside transaction.atomic()."""
    locked = Participation.objects.select_for_update().only("state", "updated_at").get(pk=participation.pk)
    participation.state = locked.state
    participation.updated_at = locked.updated_at
    return participation


# ---------------------------------------------------------------------------------------------------------------------
# Deadlines


def deadline_passed(day: date | None, *, today: date | None = None) -> bool:
    """A deadline is a whole day in Moscow time, inclusive: «не позднее 1 февраля» still allows 1 February."""
    return day is not None and (today or timezone.localdate()) > day


def _check_deadline(contest: Contest, kind: str) -> None:
    day = {
        DeadlineKind.APPLICATION: contest.application_deadline,
        DeadlineKind.CARD: contest.card_deadline,
        DeadlineKind.FORWARDING: contest.forwarding_deadline,
    }[kind]
    if deadline_passed(day):
        raise DomainError(
            _("Срок «%(what)s» истёк %(day)s. Если срок продлят, подать можно будет снова.")
            % {"what": DeadlineKind(kind).label, "day": day.strftime("%d.%m.%Y")}
        )


@transaction.atomic
def extend_deadline(contest: Contest, *, kind: str, new_date: date, reason: str, actor: User) -> DeadlineExtension:
    """Move one of the contest's deadlines (staff only), keeping the old date and the reason.

    Side effects: saves the contest's deadline field and writes a DeadlineExtension.
    """
    require(actor, "contest.extend_deadline", contest)
    if not reason.strip():
        raise DomainError(_("Укажите причину продления срока."))
    field = {
        DeadlineKind.APPLICATION: "application_deadline",
        DeadlineKind.CARD: "card_deadline",
        DeadlineKind.FORWARDING: "forwarding_deadline",
    }[kind]
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    old_date = getattr(contest, field)
    if old_date is not None and new_date <= old_date:
        raise DomainError(
            _("Новый срок должен быть позже прежнего (%(day)s).") % {"day": old_date.strftime("%d.%m.%Y")}
        )
    setattr(contest, field, new_date)
    try:
        contest.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    contest.save(update_fields=[field])
    return DeadlineExtension.objects.create(
        contest=contest, kind=kind, old_date=old_date, new_date=new_date, reason=reason.strip(), extended_by=actor
    )


# ---------------------------------------------------------------------------------------------------------------------
# Application (Appendix 1)


@transaction.atomic
def start_participation(organization: Organization, *, contest: Contest, actor: User) -> Participation:
    """Open a draft application of the organization to the contest, filled in from its profile.

    Side effects: creates Participation, Application and an empty InfoCard; writes an AuditRecord.
    """
    if Participation.objects.filter(contest=contest, organization=organization).exists():
        raise DomainError(_("Организация уже участвует в этом смотре-конкурсе."))
    _check_deadline(contest, DeadlineKind.APPLICATION)
    # The profile's sector may come from an earlier contest's list: the same code in this contest's list.
    sector = contest.sectors.filter(code=organization.sector.code).first() if organization.sector_id else None
    if sector is None:
        raise DomainError(_("Укажите в профиле организации отрасль экономики — от неё зависит, с кем вы соревнуетесь."))
    participation = Participation(
        contest=contest, organization=organization, sector=sector, size_category=category_code(contest, organization)
    )
    clean_participation(participation)
    participation.save()
    Application.objects.create(
        participation=participation,
        full_name=organization.full_name,
        legal_address=organization.legal_address,
        phone=organization.phone,
    )
    headcount = contest.table.role("headcount")
    InfoCard.objects.create(
        participation=participation,
        values={headcount: organization.headcount} if headcount and organization.headcount else {},
        public_share_pct=organization.public_share_pct,
    )
    record(participation, APPLICATION_CREATED, actor=actor)
    return participation


APPLICATION_FIELDS = (
    "full_name",
    "legal_address",
    "phone",
    "head_name",
    "head_position",
    "has_union_body",
    "union_chair_name",
    "union_chair_position",
    "agrees_with_regulation",
    "data_complete_and_true",
    "aware_of_exclusion",
    "joint_decision",
)


@transaction.atomic
def update_application(
    application: Application, *, actor: User, sector_id: int | None = None, **fields: Any
) -> Application:
    """Save the draft application's fields (and the sector it competes in). Side effects: saves (drafts are not logged)."""
    participation = application.participation
    if participation.state not in APPLICATION_EDITABLE:
        raise DomainError(_("Заявка уже подана — изменить её нельзя."))
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown application fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean()
    application.save()
    if sector_id is not None and sector_id != participation.sector_id:
        participation.sector = participation.contest.sectors.get(pk=sector_id)
        clean_participation(participation)
        participation.save(update_fields=["sector", "updated_at"])
    return application


def give_consent(participation: Participation, *, user: User, subject_name: str) -> PersonalDataConsent:
    """Record the person's consent to the processing of personal data, with the text as shown. Side effects: saves."""
    name = " ".join(subject_name.split())
    if not name:
        raise DomainError(_("Укажите фамилию, имя и отчество."))
    consent = PersonalDataConsent.objects.create(
        user=user,
        participation=participation,
        subject_name=name,
        text_version=CONSENT_VERSION,
        text=consent_text(name),
    )
    record(participation, CONSENT_GIVEN, actor=user)
    return consent


def current_consent(participation: Participation, user: User) -> PersonalDataConsent | None:
    return (
        PersonalDataConsent.objects.filter(participation=participation, user=user, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


def application_problems(application: Application, *, user: User) -> list[str]:
    """What still prevents submitting the application, in the user's words; empty when it can go."""
    problems = []
    missing = [
        application._meta.get_field(name).verbose_name
        for name in ("full_name", "legal_address", "phone", "head_name", "head_position")
        if not getattr(application, name).strip()
    ]
    if application.has_union_body:
        missing += [
            application._meta.get_field(name).verbose_name
            for name in ("union_chair_name", "union_chair_position")
            if not getattr(application, name).strip()
        ]
    if missing:
        problems.append(_("Заполните: %(fields)s.") % {"fields": "; ".join(str(m) for m in missing)})
    unconfirmed = [
        name
        for name in ("agrees_with_regulation", "data_complete_and_true", "aware_of_exclusion", "joint_decision")
        if not getattr(application, name)
    ]
    if unconfirmed:
        problems.append(_("Отметьте все подтверждения заявки (приложение № 1) и решение об участии (п. 4.2)."))
    if current_consent(application.participation, user) is None:
        problems.append(_("Дайте согласие на обработку персональных данных — это отдельный документ."))
    return problems


def submit_application(participation: Participation, *, actor: User) -> Participation:
    """Send the application to the municipal labour office.

    Side effects: fixes the size category, stamps submitted_at, changes state to «подана», writes an AuditRecord,
    e-mails the labour office after commit.
    """
    application = participation.application

    def check(locked: Participation) -> None:
        problems = application_problems(application, user=actor)
        if problems:
            raise DomainError(" ".join(problems))
        _check_deadline(participation.contest, DeadlineKind.APPLICATION)

    with transaction.atomic():
        transition(
            participation, "submit_application", actor=actor, context={"org": application.full_name}, check=check
        )
        participation.size_category = category_code(participation.contest, participation.organization)
        participation.save(update_fields=["size_category", "updated_at"])
        application.submitted_at = timezone.now()
        application.return_reason = ""
        application.save(update_fields=["submitted_at", "return_reason", "updated_at"])
    return participation


def register_application(participation: Participation, *, actor: User, number: str = "") -> Participation:
    """The labour office registers the application. Side effects: state «зарегистрирована», AuditRecord, e-mail."""
    application = participation.application
    with transaction.atomic():
        transition(
            participation,
            "register_application",
            actor=actor,
            reason=number,
            context={
                "org": application.full_name,
                "day": participation.contest.card_deadline.strftime("%d.%m.%Y"),
            },
        )
        application.registered_at = timezone.now()
        application.registration_number = number.strip()
        application.save(update_fields=["registered_at", "registration_number", "updated_at"])
    return participation


def return_application(participation: Participation, *, actor: User, reason: str) -> Participation:
    """The labour office returns the application with a reason. Side effects: state «возвращена», AuditRecord, e-mail."""

    def check(locked: Participation) -> None:
        if not reason.strip():
            raise DomainError(_("Укажите причину возврата — организация увидит её."))

    application = participation.application
    with transaction.atomic():
        transition(
            participation,
            "return_application",
            actor=actor,
            reason=reason.strip(),
            context={"org": application.full_name},
            check=check,
        )
        application.return_reason = reason.strip()
        application.save(update_fields=["return_reason", "updated_at"])
    return participation
