"""Who may do what with the territorial commission's consultations (django-rules).

A representative of an organization asks the commission of the organization's municipality; the organization's
representatives see and continue its questions. The commission of that municipality — its members, the secretary and
the labour office — sees them, answers, and publishes them to the FAQ; staff everywhere. A visitor's question is
reached through its signed link only (views.visitor), not through these permissions. What the user may not see
answers 404; the public FAQ needs no account.
"""

import rules
from django.utils.translation import gettext_lazy as _

from contest.enums import MUNICIPAL_COMMISSION_ROLES
from contest.rules import is_linked_representative, is_municipal_commission, is_staff_member
from core.permissions import explain


@rules.predicate
def asks_for_organization(user, question) -> bool:
    """A representative of the organization whose question it is."""
    return (
        is_linked_representative(user)
        and question is not None
        and question.organization_id is not None
        and user.organization_id == question.organization_id
    )


@rules.predicate
def sits_on_commission_of(user, question) -> bool:
    """The territorial commission (member, secretary, labour office) of the question's municipality."""
    return (
        user.is_authenticated
        and question is not None
        and user.works_in(question.municipality_id, *MUNICIPAL_COMMISSION_ROLES)
    )


@rules.predicate
def writes_for_municipality_of(user, announcement) -> bool:
    """The territorial commission of a municipal announcement's municipality (the region's is the department's)."""
    return (
        user.is_authenticated
        and announcement is not None
        and announcement.municipality_id is not None
        and user.works_in(announcement.municipality_id, *MUNICIPAL_COMMISSION_ROLES)
    )


@rules.predicate
def sits_on_commission_in(user, municipality) -> bool:
    """The territorial commission (member, secretary, labour office) of the municipality."""
    return (
        user.is_authenticated
        and municipality is not None
        and user.works_in(getattr(municipality, "pk", municipality), *MUNICIPAL_COMMISSION_ROLES)
    )


rules.add_perm("outreach.ask_question", is_linked_representative)
rules.add_perm("outreach.list_own_questions", is_linked_representative)
rules.add_perm("outreach.list_questions", is_staff_member | is_municipal_commission)
rules.add_perm("outreach.see_question", is_staff_member | asks_for_organization | sits_on_commission_of)
rules.add_perm("outreach.reply_question", asks_for_organization)
rules.add_perm("outreach.answer_question", is_staff_member | sits_on_commission_of)
rules.add_perm("outreach.publish_question", is_staff_member | sits_on_commission_of)

# Announcements of the contest and the employers they are sent to (п. 3.4): the department for the region and for
# any municipality, the territorial commission for its own; the coordination figures of a municipality likewise.
rules.add_perm("outreach.list_announcements", is_staff_member | is_municipal_commission)
rules.add_perm("outreach.announce_for_region", is_staff_member)
rules.add_perm("outreach.edit_announcement", is_staff_member | writes_for_municipality_of)
rules.add_perm("outreach.manage_employers", is_staff_member | sits_on_commission_in)
rules.add_perm("outreach.see_coordination", is_staff_member | sits_on_commission_in)

# The main menu (the header, added by the lead): «Мои вопросы» for representatives, «Вопросы организаций» for the
# commission and staff.
rules.add_perm("outreach.menu_my_questions", is_linked_representative)
rules.add_perm("outreach.menu_questions", is_staff_member | is_municipal_commission)

# --- permissions the services require (core.permissions.require) ----------------------------------------------------

explain(
    "outreach.edit_announcement",
    _(
        "Объявление для края пишет департамент, для муниципального образования — его территориальная конкурсная "
        "комиссия."
    ),
)
explain(
    "outreach.manage_employers",
    _("Адреса работодателей ведёт территориальная конкурсная комиссия своего муниципального образования."),
)
explain("outreach.ask_question", _("Вопрос от имени организации задаёт её представитель."))
explain("outreach.reply_question", _("Продолжить вопрос может представитель организации, которая его задала."))
explain(
    "outreach.answer_question",
    _("Отвечает территориальная конкурсная комиссия муниципального образования, которому задан вопрос."),
)
explain(
    "outreach.publish_question",
    _("Публикует вопрос территориальная конкурсная комиссия муниципального образования, которому он задан."),
)
