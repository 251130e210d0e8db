"""Announcements of a contest and their letters to the employers (п. 3.4: the territorial commission «доводит до
сведения работодателей информацию о проводимом смотре-конкурсе и условиях его проведения»).

The department writes the region's announcement, a territorial commission its municipality's. Once published, an
announcement is public (the start page, the contest's page) and may be sent: one letter per address of the
municipality's employers (all the region's for the department's) — the organizations registered on the portal (their
address and their representatives') and the addresses the labour office uploaded (services.employers). Sending again
writes only to the addresses added since; an address that unsubscribed gets no letter (a row says so). Every letter
ends with its reader's unsubscribe link (a signed address, no account needed).
"""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from contest.enums import Role
from contest.files import DOCX, ODT, PDF, check_upload, limits
from contest.models import Contest, Organization, User
from core.exceptions import DomainError
from core.links import absolute_url
from core.notifications import send_each_after_commit
from core.permissions import require
from regions.models import Municipality

from .. import selectors
from ..models import TEXT_MAX_LENGTH, Announcement, AnnouncementLetter, EmployerContact, OptOut

DOCUMENT_TYPES = (PDF, DOCX, ODT)
UNSUBSCRIBE_SALT = "outreach.unsubscribe"
TITLE_MAX_LENGTH = 300


# --- writing and publishing -------------------------------------------------------------------------------------------


def new_announcement(contest: Contest, municipality: Municipality | None) -> Announcement:
    """A draft with the words most announcements start with (the author edits them); its title says whose it is, so
    that the region's and the municipalities' announcements are told apart in a list."""
    if municipality is None:
        title = _("Смотр-конкурс по охране труда %(year)s: приглашаем работодателей края") % {"year": contest.year}
        whom = _("работодателей края")
    else:
        title = _("Смотр-конкурс по охране труда %(year)s: приглашаем работодателей — %(where)s") % {
            "year": contest.year,
            "where": municipality.name,
        }
        whom = _("работодателей муниципального образования %(where)s") % {"where": municipality.name}
    return Announcement(
        contest=contest,
        municipality=municipality,
        title=title,
        text=_(
            "Приглашаем %(whom)s принять участие в смотре-конкурсе на лучшую организацию работы в области охраны "
            "труда (%(contest)s).\n\nУчаствуют организации всех форм собственности. Решение об участии принимает "
            "работодатель совместно с профсоюзным или иным уполномоченным работниками представительным органом "
            "(п.\u00a04.2 Положения). Заявка (приложение №\u00a01) подаётся в сектор по труду (п.\u00a04.3), "
            "информационная карта и аналитическая записка — по окончании конкурсного года (п.\u00a04.4). Всё это "
            "можно сделать на портале."
        )
        % {"whom": whom, "contest": contest.title},
    )


def _clean(announcement: Announcement) -> None:
    announcement.title = " ".join((announcement.title or "").split())
    announcement.text = (announcement.text or "").strip()
    announcement.contacts = (announcement.contacts or "").strip()
    if not announcement.title:
        raise DomainError(_("Укажите заголовок объявления."))
    if len(announcement.title) > TITLE_MAX_LENGTH:
        raise DomainError(_("Заголовок длиннее %(max)s знаков: сократите его.") % {"max": TITLE_MAX_LENGTH})
    if not announcement.text:
        raise DomainError(_("Напишите условия участия: кто участвует, что и куда представить."))
    if len(announcement.text) > TEXT_MAX_LENGTH:
        raise DomainError(_("Текст длиннее %(max)s знаков: сократите его.") % {"max": TEXT_MAX_LENGTH})


def _may_write(actor: User, announcement: Announcement) -> None:
    if announcement.municipality_id is None:
        require(actor, "outreach.announce_for_region")
    else:
        require(actor, "outreach.edit_announcement", announcement)


def save_announcement(announcement: Announcement, *, actor: User, document=None, publish: bool = False) -> Announcement:
    """Save what the author wrote (and the Положение, a PDF, DOCX or ODT file); publish it at once when asked.

    Side effects: the row and its file."""
    _may_write(actor, announcement)
    _clean(announcement)
    safe = None
    if document is not None:
        try:
            file_type, safe = check_upload(document, allowed=limits(DOCUMENT_TYPES))
        except ValidationError as error:
            raise DomainError(" ".join(error.messages)) from error
    with transaction.atomic():
        if announcement.pk is None:
            announcement.created_by = actor
        if publish and announcement.published_at is None:
            announcement.published_at = timezone.now()
        if document is not None:
            announcement.original_name = safe
            announcement.content_type = file_type.content_type
            announcement.size = document.size
            announcement.document.save(safe, document, save=False)
        announcement.save()
    return announcement


def set_published(announcement: Announcement, *, actor: User, published: bool) -> Announcement:
    """Publish a draft, or take a published announcement off the public pages (its letters stay sent)."""
    _may_write(actor, announcement)
    announcement.published_at = (announcement.published_at or timezone.now()) if published else None
    announcement.save(update_fields=["published_at", "updated_at"])
    return announcement


# --- whom it is sent to -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    inn: str
    municipality_id: int
    organization_id: int | None = None


def _municipality_ids(announcement: Announcement) -> list[int]:
    if announcement.municipality_id is not None:
        return [announcement.municipality_id]
    return list(Municipality.objects.filter(region_id=announcement.contest.region_id).values_list("pk", flat=True))


def audience(announcement: Announcement) -> list[Recipient]:
    """Every address the announcement goes to, once: the organizations of its municipalities registered on the
    portal (their own address and their active representatives'), then the uploaded addresses not already among
    them. Four queries whatever the size."""
    ids = _municipality_ids(announcement)
    found: dict[str, Recipient] = {}
    organizations = {
        organization.pk: organization
        for organization in Organization.objects.filter(municipality_id__in=ids).only(
            "pk", "full_name", "short_name", "inn", "email", "municipality_id"
        )
    }
    addresses: list[tuple[str, int]] = [
        (organization.email, organization.pk) for organization in organizations.values() if organization.email
    ]
    addresses += list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.ORGANIZATION,
            memberships__organization_id__in=list(organizations),
        )
        .exclude(email="")
        .values_list("email", "memberships__organization_id")
    )
    for address, organization_id in addresses:
        organization = organizations[organization_id]
        email = address.strip().lower()
        found.setdefault(
            email,
            Recipient(
                email=email,
                name=organization.short_name or organization.full_name,
                inn=organization.inn,
                municipality_id=organization.municipality_id,
                organization_id=organization.pk,
            ),
        )
    by_inn = {organization.inn: organization for organization in organizations.values()}
    for contact in EmployerContact.objects.filter(municipality_id__in=ids).order_by("name", "pk"):
        known = by_inn.get(contact.inn) if contact.inn else None
        found.setdefault(
            contact.email,
            Recipient(
                email=contact.email,
                name=contact.name,
                inn=contact.inn,
                municipality_id=contact.municipality_id,
                organization_id=known.pk if known else None,
            ),
        )
    return sorted(found.values(), key=lambda recipient: (recipient.name.casefold(), recipient.email))


@dataclass(frozen=True)
class Plan:
    """What sending would do now: the new addresses, those of them that unsubscribed, and those already written to."""

    new: list[Recipient]
    opted: frozenset[str]
    already: int

    @property
    def opted_out(self) -> int:
        return len(self.opted)

    @property
    def letters(self) -> int:
        return len(self.new) - len(self.opted)


def plan(announcement: Announcement) -> Plan:
    recipients = audience(announcement)
    sent = set(announcement.letters.values_list("email", flat=True))
    new = [recipient for recipient in recipients if recipient.email not in sent]
    opted = frozenset(OptOut.objects.filter(email__in=[r.email for r in new]).values_list("email", flat=True))
    return Plan(new=new, opted=opted, already=len(recipients) - len(new))


# --- the letters ------------------------------------------------------------------------------------------------------


def unsubscribe_token(email: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(email.lower())


def email_by_token(token: str) -> str | None:
    """The address an unsubscribe link's code names, or None for a code the portal did not sign."""
    try:
        email = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return email if isinstance(email, str) and "@" in email else None


def _deadlines(contest: Contest) -> str:
    return "\n".join(
        f"— {deadline.label}: {_('до %(day)s') % {'day': date_format(deadline.day, 'j E Y г.')}}"
        for deadline in contest.deadlines()
    )


class Letters:
    """The announcement's letter, its common text written once (a mailing may have thousands of addresses); each
    reader's letter adds the links of its own: the sign-up with the address filled in, the unsubscribe link."""

    TOKEN = "__token__"

    def __init__(self, announcement: Announcement) -> None:
        self.subject = announcement.title
        page = absolute_url(reverse("outreach:announcement", args=[announcement.pk]))
        self.signup = absolute_url(reverse("signup")) + "?"
        self.home = absolute_url(reverse("home"))
        self.unsubscribe = absolute_url(reverse("outreach:unsubscribe", args=[self.TOKEN]))
        if announcement.municipality_id:
            author = _("территориальная конкурсная комиссия (%(municipality)s)") % {
                "municipality": announcement.municipality
            }
        else:
            author = _("департамент труда и занятости населения")
        values = {"title": announcement.title, "text": announcement.text, "deadlines": _deadlines(announcement.contest)}
        self.head = _("Здравствуйте!\n\n%(title)s\n\n%(text)s\n\nСроки:\n%(deadlines)s\n\n") % values
        if announcement.contacts:
            self.head += _("Контакты:\n%(contacts)s\n\n") % {"contacts": announcement.contacts}
        if selectors.regulation_of(announcement) is not None:
            self.page = _("Объявление целиком и Положение о смотре-конкурсе:\n%(page)s\n\n") % {"page": page}
        else:
            self.page = _("Объявление на портале:\n%(page)s\n\n") % {"page": page}
        self.known = (
            _("Ваша организация уже зарегистрирована на портале: войдите и подайте заявку."),
            _("потому что организация с этим адресом зарегистрирована на портале"),
        )
        self.unknown = (
            _("Чтобы участвовать, зарегистрируйтесь на портале — форма уже знает ваш адрес:"),
            _("потому что он есть в списке работодателей, который ведёт сектор по труду"),
        )
        self.footer = _(
            "Письмо отправлено на адрес %(email)s, %(why)s; отправитель — %(author)s. "
            "Не получать больше объявлений: %(unsubscribe)s"
        )
        self.author = author

    def __call__(self, recipient: Recipient) -> tuple[str, str, str, str]:
        """(address, subject, body, link) for core.notifications.send_each_after_commit."""
        if recipient.organization_id is not None:
            (how, why), start = self.known, self.home
        else:
            (how, why), start = self.unknown, self.signup + urlencode({"email": recipient.email})
        unsubscribe = self.unsubscribe.replace(self.TOKEN, unsubscribe_token(recipient.email))
        footer = self.footer % {"email": recipient.email, "why": why, "author": self.author, "unsubscribe": unsubscribe}
        return recipient.email, self.subject, f"{self.head}{how}\n{start}\n\n{self.page}{footer}\n", ""


@dataclass(frozen=True)
class Sent:
    letters: int
    opted_out: int
    already: int


def send(announcement: Announcement, *, actor: User) -> Sent:
    """Write the announcement to every address of its audience it has not been written to yet; an address that
    unsubscribed gets a row saying so and no letter.

    Side effects: AnnouncementLetter rows and the letters in the outbox, in one transaction; sent after the commit."""
    _may_write(actor, announcement)
    if not announcement.is_published:
        raise DomainError(_("Сначала опубликуйте объявление: в письме есть ссылка на его страницу."))
    with transaction.atomic():
        Announcement.objects.select_for_update().get(pk=announcement.pk)  # two senders do not write twice
        planned = plan(announcement)
        opted = planned.opted
        writing = [recipient for recipient in planned.new if recipient.email not in opted]
        letter = Letters(announcement)
        letters = send_each_after_commit(letter(recipient) for recipient in writing)
        by_address = {letter.recipient: letter for letter in letters}
        AnnouncementLetter.objects.bulk_create(
            [
                AnnouncementLetter(
                    announcement=announcement,
                    municipality_id=recipient.municipality_id,
                    email=recipient.email,
                    name=recipient.name[:500],
                    inn=recipient.inn,
                    organization_id=recipient.organization_id,
                    letter=by_address.get(recipient.email),
                    opted_out=recipient.email in opted,
                )
                for recipient in planned.new
            ],
            batch_size=500,
        )
    return Sent(letters=len(letters), opted_out=len(opted), already=planned.already)


# --- unsubscribing ----------------------------------------------------------------------------------------------------


def unsubscribe(email: str) -> Any:
    """The address asks for no more announcements (idempotent)."""
    return OptOut.objects.get_or_create(email=email.lower())[0]


def resubscribe(email: str) -> None:
    OptOut.objects.filter(email=email.lower()).delete()
