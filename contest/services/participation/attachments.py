"""Files of a participation: the organization's own, and the materials the labour office and the commission attach
for a card that came on paper. Each added or removed file is a line of the history (core.workflow.record).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.permissions import require
from core.workflow import record

from ...enums import (
    ATTACHMENT_STATES,
    COMMISSION_ATTACHMENT_KINDS,
    COMMISSION_ATTACHMENT_STATES,
    MUNICIPAL_COMMISSION_ROLES,
    ParticipationState,
)
from ...files import check_upload
from ...models import Attachment, Participation, User
from ...workflow import COMMISSION_FILE_ADDED, COMMISSION_FILE_DELETED, FILE_ADDED, FILE_DELETED, ensure_not_frozen
from .application import lock

S = ParticipationState


def _store(participation: Participation, *, actor: User, kind: str, uploaded, comment: str, action: str) -> Attachment:
    """Check the file's real type and size for its kind, store it and record `action` (an action code with the file's
    name). Refused while a decision in force covers the participation."""
    ensure_not_frozen(participation)
    try:
        file_type, name = check_upload(uploaded, kind=kind)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error
    with transaction.atomic():
        attachment = Attachment(
            participation=participation,
            kind=kind,
            original_name=name,
            content_type=file_type.content_type,
            size=uploaded.size,
            comment=comment.strip(),
            uploaded_by=actor,
        )
        attachment.file.save(name, uploaded, save=False)
        attachment.save()
        record(participation, action, actor=actor, params={"name": name}, reason=attachment.get_kind_display())
    return attachment


def _remove_file(attachment: Attachment, *, actor: User, action: str) -> None:
    participation = attachment.participation
    ensure_not_frozen(participation)
    name = attachment.original_name
    with transaction.atomic():
        attachment.delete()
        record(participation, action, actor=actor, params={"name": name})
        transaction.on_commit(lambda: attachment.file.delete(save=False))


def added_by_commission(attachment: Attachment) -> bool:
    """Whether the file was added by the labour office, a commission member or secretary, or staff (not the organization)."""
    user = attachment.uploaded_by
    return user is not None and (user.is_staff_member or user.has_role(*MUNICIPAL_COMMISSION_ROLES))


def add_attachment(participation: Participation, *, actor: User, kind: str, uploaded, comment: str = "") -> Attachment:
    """Store an uploaded file after checking its real type and size. Side effects: writes the file, an AuditRecord."""
    require(actor, "contest.edit_participation", participation)
    with transaction.atomic():
        lock(participation)  # the state is checked as the database holds it
        if participation.state not in ATTACHMENT_STATES:
            raise DomainError(_("Сейчас добавлять файлы нельзя: материалы уже у комиссии."))
        return _store(participation, actor=actor, kind=kind, uploaded=uploaded, comment=comment, action=FILE_ADDED)


def delete_attachment(attachment: Attachment, *, actor: User) -> None:
    """Remove a file the organization added by mistake. Side effects: deletes the row and the file, AuditRecord."""
    require(actor, "contest.edit_participation", attachment.participation)
    with transaction.atomic():
        lock(attachment.participation)
        if attachment.participation.state not in ATTACHMENT_STATES:
            raise DomainError(_("Сейчас удалять файлы нельзя: материалы уже у комиссии."))
        if added_by_commission(attachment):
            raise DomainError(_("Этот файл добавила комиссия; удалить его может только она."))
        _remove_file(attachment, actor=actor, action=FILE_DELETED)


def add_commission_attachment(
    participation: Participation, *, actor: User, kind: str, uploaded, comment: str = ""
) -> Attachment:
    """The labour office, the territorial commission or staff attach a scan of the card's paper materials: the analytical
    note, the accident investigation act (п. 4.9), photos and information materials, the signed card. The same
    content checks as the organization's files. Side effects: writes the file, an AuditRecord.
    """
    if not actor.has_perm("contest.review_card", participation):
        raise DomainError(
            _("Материалы карты прикладывает сектор по труду или территориальная конкурсная комиссия участника.")
        )
    if kind not in COMMISSION_ATTACHMENT_KINDS:
        raise DomainError(_("Выберите вид материала из списка."))
    with transaction.atomic():
        lock(participation)
        if participation.state not in COMMISSION_ATTACHMENT_STATES:
            raise DomainError(
                _("Сейчас комиссия не может добавлять файлы: состояние — «%(state)s».")
                % {"state": S(participation.state).label}
            )
        return _store(
            participation,
            actor=actor,
            kind=kind,
            uploaded=uploaded,
            comment=comment,
            action=COMMISSION_FILE_ADDED,
        )


def delete_commission_attachment(attachment: Attachment, *, actor: User) -> None:
    """Remove a file the labour office, the commission or staff added by mistake, while the commission reviews the card.
    The organization's own files stay. Side effects: deletes the row and the file, AuditRecord."""
    participation = attachment.participation
    if not actor.has_perm("contest.review_card", participation):
        raise DomainError(
            _("Материалы карты удаляет сектор по труду или территориальная конкурсная комиссия участника.")
        )
    if not added_by_commission(attachment):
        raise DomainError(_("Этот файл представила организация; комиссия его не удаляет."))
    with transaction.atomic():
        lock(participation)
        if participation.state not in COMMISSION_ATTACHMENT_STATES:
            raise DomainError(
                _("Сейчас комиссия не может удалять файлы: состояние — «%(state)s».")
                % {"state": S(participation.state).label}
            )
        _remove_file(attachment, actor=actor, action=COMMISSION_FILE_DELETED)
