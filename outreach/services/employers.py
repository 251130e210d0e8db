"""The employers' addresses of a municipality that the announcements are sent to, kept by its territorial
commission: saved from a checked list (outreach.imports), one address per municipality, and removed one by one."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.models import User
from core.exceptions import DomainError
from core.permissions import require
from regions.models import Municipality

from ..imports import EmployerList
from ..models import EmployerContact


@dataclass(frozen=True)
class Saved:
    created: int
    updated: int
    unchanged: int


def save_list(municipality: Municipality, employers: EmployerList, *, actor: User) -> Saved:
    """Add the list's addresses to the municipality's; an address already there takes the list's name and ИНН.
    Nothing is written for a list with problems.

    Side effects: EmployerContact rows, in one transaction."""
    require(actor, "outreach.manage_employers", municipality)
    if not employers.ok:
        raise DomainError(_("В списке есть ошибки: исправьте их в файле и загрузите его снова."))
    with transaction.atomic():
        known = {
            contact.email: contact
            for contact in EmployerContact.objects.select_for_update().filter(
                municipality=municipality, email__in=[row.email for row in employers.rows]
            )
        }
        created, changed, unchanged, now = [], [], 0, timezone.now()
        for row in employers.rows:
            contact = known.get(row.email)
            if contact is None:
                created.append(
                    EmployerContact(
                        municipality=municipality, name=row.name, inn=row.inn, email=row.email, added_by=actor
                    )
                )
            elif (contact.name, contact.inn) != (row.name, row.inn or contact.inn):
                contact.name, contact.inn, contact.updated_at = row.name, row.inn or contact.inn, now
                changed.append(contact)
            else:
                unchanged += 1
        EmployerContact.objects.bulk_create(created, batch_size=500)
        EmployerContact.objects.bulk_update(changed, ["name", "inn", "updated_at"], batch_size=500)
    return Saved(created=len(created), updated=len(changed), unchanged=unchanged)


def remove(contact: EmployerContact, *, actor: User) -> None:
    """The address leaves the municipality's list (the letters already sent stay in the announcement's table)."""
    require(actor, "outreach.manage_employers", contact.municipality)
    contact.delete()
