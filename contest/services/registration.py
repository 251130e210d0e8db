"""Sign-up of organization representatives, their organization's profile, and requests to represent an organization.

Letters are rendered while the transaction runs and sent only after it commits, so a rolled-back write sends nothing.
Links in letters need the portal's address: views pass it as `base_url` (scheme and host, no trailing slash).
"""

from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exceptions import DomainError
from core.notifications import send_after_commit

from ..enums import JoinRequestState, Role
from ..models import Membership, Organization, OrganizationJoinRequest, User

ACTIVATION_SALT = "contest.registration.activation"
ACTIVATION_MAX_AGE = timedelta(days=3)


# --- letters -----------------------------------------------------------------------------------------------------


def _queue_letter(recipients: list[str], *, subject: str, template: str, context: dict) -> None:
    """Render a plain-text letter now and send it once the current transaction commits."""
    send_after_commit(recipients, subject=subject, body=render_to_string(template, context))


def activation_token(user: User) -> str:
    """A signed token naming the account and its e-mail; valid for ACTIVATION_MAX_AGE."""
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=ACTIVATION_SALT)


def _queue_activation_letter(user: User, *, base_url: str) -> None:
    link = base_url + reverse("signup-confirm", args=[activation_token(user)])
    _queue_letter(
        [user.email],
        subject=_("Подтверждение регистрации на портале смотра-конкурса по охране труда"),
        template="registration/signup_email.txt",
        context={"user": user, "link": link, "base_url": base_url, "days": ACTIVATION_MAX_AGE.days},
    )


# --- accounts ----------------------------------------------------------------------------------------------------


def _queue_address_taken_letter(email: str, owners: list[User], *, base_url: str) -> None:
    _queue_letter(
        [owner.email for owner in owners],
        subject=_("Попытка регистрации с вашим адресом на портале смотра-конкурса по охране труда"),
        template="registration/signup_taken_email.txt",
        context={
            "email": email,
            "usernames": ", ".join(owner.username for owner in owners),
            "base_url": base_url,
            "login_link": base_url + reverse("login"),
            "reset_link": base_url + reverse("password_reset"),
            "resend_link": base_url + reverse("signup-resend"),
        },
    )


@transaction.atomic
def sign_up(user: User, *, password: str, base_url: str) -> User | None:
    """Create the inactive account of an organization representative and send the confirmation letter.

    Side effects: writes one User (inactive, role «organization», no organization yet); after commit, sends one letter
    with the activation link to user.email. When an account with this e-mail exists already, writes nothing and
    instead sends its owner a letter: someone tried to register with the address, with links to log in, to reset the
    password and to ask for the confirmation letter again. Returns the new account, or None in that case: the caller
    answers the same either way, so that no one learns which addresses are registered. Raises DomainError when the
    user is saved already or has no e-mail, or when the username was taken meanwhile.
    """
    if user.pk is not None:
        raise DomainError(_("Учётная запись уже создана."))
    if not user.email:
        raise DomainError(_("Укажите адрес электронной почты: на него придёт письмо для подтверждения."))
    # Hash before looking the address up: both answers then take about as long.
    user.set_password(password)
    owners = list(User.objects.filter(email__iexact=user.email).order_by("pk"))
    if owners:
        _queue_address_taken_letter(user.email, owners, base_url=base_url)
        return None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise DomainError(_("Это имя пользователя уже занято. Выберите другое.")) from None
    # A representative without an organization yet: they register one or ask to join one after logging in.
    Membership.objects.create(user=user, role=Role.ORGANIZATION)
    user.forget_hats()
    _queue_activation_letter(user, base_url=base_url)
    return user


@transaction.atomic
def activate_account(token: str) -> User:
    """Confirm the e-mail of a new account by the token from its letter and make the account active.

    Side effects: sets User.is_active. Raises DomainError (a message for the user) when the link is damaged or expired,
    or when the account was confirmed already or has been switched off since.
    """
    try:
        data = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
    except signing.SignatureExpired:
        raise DomainError(
            ngettext(
                "Срок действия ссылки истёк: ссылка действует %(days)s день.",
                "Срок действия ссылки истёк: ссылка действует %(days)s дня.",
                ACTIVATION_MAX_AGE.days,
            )
            % {"days": ACTIVATION_MAX_AGE.days}
        ) from None
    except signing.BadSignature:
        raise DomainError(_("Ссылка повреждена: возможно, она скопирована из письма не полностью.")) from None
    user_id = data.get("user") if isinstance(data, dict) else None
    user = User.objects.select_for_update().filter(pk=user_id).first() if isinstance(user_id, int) else None
    if user is None or user.email.lower() != data.get("email"):
        raise DomainError(_("Ссылка недействительна: учётная запись не найдена или адрес в ней изменён."))
    if user.is_active:
        raise DomainError(_("Адрес уже подтверждён. Войдите на портал со своим именем пользователя и паролем."))
    if user.last_login is not None:
        raise DomainError(_("Учётная запись отключена. Обратитесь в департамент труда."))
    user.is_active = True
    user.full_clean()
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def resend_activation(email: str, *, base_url: str) -> None:
    """Send the confirmation letter again to a new account with this e-mail that has not been confirmed yet.

    Side effects: after commit, sends one letter per such account (usually none or one). Says nothing about whether
    the address is known: the caller shows the same page either way.
    """
    users = User.objects.filter(
        email__iexact=email.strip(), is_active=False, last_login__isnull=True, memberships__role=Role.ORGANIZATION
    )
    for user in users:
        _queue_activation_letter(user, base_url=base_url)


# --- organizations -----------------------------------------------------------------------------------------------


def _check_may_take_organization(user: User) -> None:
    if not user.is_representative:
        raise DomainError(_("Организацию регистрирует представитель организации."))
    if user.organization_id is not None:
        raise DomainError(_("Вы уже представитель организации %(organization)s.") % {"organization": user.organization})
    pending = user.join_requests.filter(state=JoinRequestState.PENDING).select_related("organization").first()
    if pending is not None:
        raise DomainError(
            _(
                "Ваш запрос на представительство организации %(organization)s ещё ожидает решения. "
                "Отзовите его, если хотите зарегистрировать другую организацию."
            )
            % {"organization": pending.organization}
        )


def _save_organization(organization: Organization) -> None:
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        raise DomainError(_("Организация с этим ИНН или ОГРН уже зарегистрирована на портале.")) from None


@transaction.atomic
def register_organization(organization: Organization, *, representative: User) -> Organization:
    """Register a new organization and make the person who filled its profile in its representative.

    Side effects: writes one Organization and sets representative.organization. Raises DomainError when the person
    already represents an organization, has a request to represent one pending, or the ИНН/ОГРН was taken meanwhile.
    """
    if organization.pk is not None:
        raise DomainError(_("Организация уже зарегистрирована."))
    user = User.objects.select_for_update().get(pk=representative.pk)
    _check_may_take_organization(user)
    organization.full_clean()
    _save_organization(organization)
    _link(user, organization)
    representative.forget_hats()
    return organization


def _link(user: User, organization: Organization) -> None:
    """The person's membership «representative» now names the organization."""
    hat = user.representative_hat
    assert hat is not None  # checked by the caller
    hat.organization = organization
    hat.full_clean()
    hat.save(update_fields=["organization"])
    user.forget_hats()


@transaction.atomic
def update_organization(organization: Organization) -> Organization:
    """Save an edited organization profile; the ИНН stays as registered.

    Side effects: writes the Organization row. Raises DomainError when the ИНН was changed or the ОГРН is taken.
    """
    stored = Organization.objects.select_for_update().get(pk=organization.pk)
    if stored.inn != organization.inn:
        raise DomainError(_("ИНН организации после регистрации не меняется."))
    organization.full_clean()
    _save_organization(organization)
    return organization


# --- requests to represent an organization -----------------------------------------------------------------------


def _deciders_of(organization: Organization) -> tuple[list[User], str]:
    """Who decides on requests to represent the organization, and the URL name of the page where they do.

    The organization's active representatives; when it has none, the labour office of its municipality.
    """
    representatives = list(User.objects.holding(Role.ORGANIZATION, organization=organization).order_by("pk"))
    if representatives:
        return representatives, "organization-profile"
    offices = User.objects.holding(Role.LABOUR_OFFICE, municipality=organization.municipality_id).order_by("pk")
    return list(offices), "join-requests"


@transaction.atomic
def request_to_join(
    organization: Organization, *, user: User, message: str = "", base_url: str
) -> OrganizationJoinRequest:
    """Ask to represent an organization that is registered already.

    Side effects: writes one pending OrganizationJoinRequest; after commit, sends a letter to those who decide
    (the organization's representatives, or the labour office of its municipality when it has none). Raises DomainError
    when the person already represents an organization or has a request pending.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    _check_may_take_organization(locked)
    join_request = OrganizationJoinRequest(user=locked, organization=organization, message=message.strip())
    join_request.full_clean()
    try:
        with transaction.atomic():
            join_request.save()
    except IntegrityError:
        raise DomainError(_("Запрос на представительство этой организации уже отправлен.")) from None
    deciders, page = _deciders_of(organization)
    _queue_letter(
        [decider.email for decider in deciders],
        subject=_("Запрос на представительство организации %(organization)s") % {"organization": organization},
        template="contest/organization/join_request_new_email.txt",
        context={"join_request": join_request, "link": base_url + reverse(page)},
    )
    return join_request


@transaction.atomic
def withdraw_join_request(join_request: OrganizationJoinRequest, *, by: User) -> None:
    """The person who asked takes back a request that awaits a decision.

    Side effects: deletes the request. Raises DomainError when it was decided meanwhile or is someone else's.
    """
    locked = OrganizationJoinRequest.objects.select_for_update().filter(pk=join_request.pk).first()
    if locked is None or locked.user_id != by.pk:
        raise DomainError(_("Запрос не найден."))
    if locked.state != JoinRequestState.PENDING:
        raise DomainError(_("По запросу уже принято решение."))
    locked.delete()


@transaction.atomic
def decide_join_request(
    join_request: OrganizationJoinRequest, *, by: User, accept: bool, base_url: str
) -> OrganizationJoinRequest:
    """Accept or reject a request to represent an organization. Who may decide is the view's concern (rules).

    Side effects: writes the request's state, who decided and when; on acceptance sets the requester's organization;
    after commit, sends the requester a letter either way. Raises DomainError when the request was decided already
    or, on acceptance, when the requester represents an organization meanwhile.
    """
    locked = (
        OrganizationJoinRequest.objects.select_for_update()
        .select_related("organization__municipality")
        .get(pk=join_request.pk)
    )
    if locked.state != JoinRequestState.PENDING:
        raise DomainError(_("По этому запросу уже принято решение."))
    requester = User.objects.select_for_update().get(pk=locked.user_id)
    organization = locked.organization
    if accept:
        if not requester.is_representative:
            raise DomainError(_("Учётная запись больше не относится к представителю организации."))
        if requester.organization_id is not None:
            raise DomainError(
                _("%(user)s уже представляет организацию %(organization)s.")
                % {"user": requester, "organization": requester.organization}
            )
        _link(requester, organization)
    locked.state = JoinRequestState.ACCEPTED if accept else JoinRequestState.REJECTED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    subject = (
        _("Ваш запрос подтверждён: %(organization)s") if accept else _("Ваш запрос отклонён: %(organization)s")
    ) % {"organization": organization}
    _queue_letter(
        [requester.email],
        subject=subject,
        template="contest/organization/join_request_decided_email.txt",
        context={
            "join_request": locked,
            "requester": requester,
            "accepted": accept,
            "link": base_url + reverse("home"),
        },
    )
    join_request.state, join_request.decided_by, join_request.decided_at = locked.state, by, locked.decided_at
    return locked
