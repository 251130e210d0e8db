"""Sign-up, the organization step, the organization profile and decisions on requests to represent an organization."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import DomainError

from .. import selectors, throttling
from ..enums import Grouping
from ..forms.registration import (
    JoinRequestDecisionForm,
    JoinRequestForm,
    OrganizationCreateForm,
    OrganizationProfileForm,
    ResendActivationForm,
    SignUpForm,
)
from ..services import categories
from ..services import registration as services

SESSION_SENT = "signup_sent"


def _posted(request):
    """The submitted data of a POST (even an empty one, so that it is validated), None for other methods."""
    return request.POST if request.method == "POST" else None


def _base_url(request) -> str:
    """Scheme and host of the portal as the user reached it, for links in letters."""
    return request.build_absolute_uri("/").rstrip("/")


# --- sign-up -----------------------------------------------------------------------------------------------------


def signup(request):
    """A representative of an organization creates an account and is sent a letter to confirm the e-mail.

    An address that is registered already gets the same answer (its owner gets a letter instead of a new account).
    Limited per client address (every form sent) and per e-mail (every letter): RATE_LIMITS «signup…»."""
    if request.user.is_authenticated:
        return redirect("home")
    # An announcement's letter links here with the address it was sent to (outreach.services.announcements).
    form = SignUpForm(_posted(request), initial={"email": request.GET.get("email", "")[:254]})
    refusal = None
    if request.method == "POST":
        refusal = throttling.limit_reached(request, "signup")
    if request.method == "POST" and refusal is None and form.is_valid():
        email = form.cleaned_data["email"]
        refusal = throttling.limit_reached(request, "signup_email", per=email)
        if refusal is None:
            try:
                services.sign_up(form.instance, password=form.cleaned_data["password1"], base_url=_base_url(request))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                request.session[SESSION_SENT] = {"email": email, "resent": False}
                return redirect("signup-sent")
    if refusal is not None:
        form.add_error(None, refusal)
        return render(request, "registration/signup.html", {"form": form}, status=throttling.TOO_MANY_REQUESTS)
    return render(request, "registration/signup.html", {"form": form})


def signup_sent(request):
    """«Check your mail»: after sign-up, and after asking for the letter again (then without saying if it was sent)."""
    sent = request.session.get(SESSION_SENT) or {}
    return render(
        request, "registration/signup_sent.html", {"email": sent.get("email", ""), "resent": sent.get("resent", True)}
    )


def signup_confirm(request, token: str):
    """The link from the letter: activates the account, logs the person in and leads to the organization step."""
    try:
        user = services.activate_account(token)
    except DomainError as error:
        return render(
            request,
            "registration/signup_confirm_invalid.html",
            {"reason": error.message, "form": ResendActivationForm()},
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop(SESSION_SENT, None)
    messages.success(request, _("Адрес электронной почты подтверждён. Теперь укажите свою организацию."))
    return redirect("organization-register")


def signup_resend(request):
    """Ask for the confirmation letter again; the answer is the same whether the address is known or not.

    Limited per client address and per e-mail: RATE_LIMITS «signup_resend…»."""
    form = ResendActivationForm(_posted(request))
    refusal = None
    if request.method == "POST":
        refusal = throttling.limit_reached(request, "signup_resend")
    if request.method == "POST" and refusal is None and form.is_valid():
        refusal = throttling.limit_reached(request, "signup_resend_email", per=form.cleaned_data["email"])
        if refusal is None:
            services.resend_activation(form.cleaned_data["email"], base_url=_base_url(request))
            request.session[SESSION_SENT] = {"email": form.cleaned_data["email"], "resent": True}
            return redirect("signup-sent")
    if refusal is not None:
        form.add_error(None, refusal)
        return render(request, "registration/signup_resend.html", {"form": form}, status=throttling.TOO_MANY_REQUESTS)
    return render(request, "registration/signup_resend.html", {"form": form})


# --- the organization step ---------------------------------------------------------------------------------------


def _organization_step_or_404(request) -> None:
    """The organization step is for a representative without an organization; others find nothing here."""
    if not request.user.has_perm("contest.register_organization"):
        raise Http404


@login_required
def organization_register(request):
    """Register the representative's organization, or — when its ИНН is registered already — offer to join it."""
    user = request.user
    if user.organization_id:
        return redirect("organization-profile")
    _organization_step_or_404(request)
    pending = selectors.pending_join_request_of(user)
    contest = selectors.current_contest()
    form = OrganizationCreateForm(_posted(request), contest=contest)
    join_form = None
    if request.method == "POST" and pending is None:
        if form.is_valid():
            try:
                services.register_organization(form.instance, representative=user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Организация зарегистрирована. Вы — её представитель на портале."))
                return redirect("organization-profile")
        elif form.existing_organization is not None:
            join_form = JoinRequestForm.for_organization(form.existing_organization)
    return render(
        request,
        "contest/organization/register.html",
        {
            "form": form,
            "contest": contest,
            "pending": pending,
            "existing": form.existing_organization,
            "join_form": join_form,
        },
    )


@login_required
def organization_join(request):
    """Ask to represent an organization that is registered already (found by its ИНН)."""
    user = request.user
    if user.organization_id:
        return redirect("organization-profile")
    _organization_step_or_404(request)
    if selectors.pending_join_request_of(user) is not None:
        return redirect("organization-register")
    form = JoinRequestForm(_posted(request), initial={"inn": request.GET.get("inn", "")[:20]})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                form.organization, user=user, message=form.cleaned_data["message"], base_url=_base_url(request)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Запрос отправлен. Когда его подтвердят, вы получите письмо и сможете работать от имени организации."
                ),
            )
            return redirect("organization-register")
    return render(request, "contest/organization/join.html", {"form": form})


@login_required
@require_POST
def join_request_withdraw(request):
    """The requester takes back their pending request."""
    pending = selectors.pending_join_request_of(request.user)
    if pending is None:
        raise Http404
    try:
        services.withdraw_join_request(pending, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Запрос отозван."))
    return redirect("organization-register")


# --- the profile -------------------------------------------------------------------------------------------------


@login_required
def organization_profile(request):
    """The representative's organization: its size category with the reasons, the profile form, pending requests."""
    user = request.user
    if not user.organization_id:
        if user.has_perm("contest.register_organization"):
            return redirect("organization-register")
        raise Http404
    organization = get_object_or_404(selectors.organizations_for(user), pk=user.organization_id)
    if not user.has_perm("contest.edit_organization", organization):
        raise Http404
    # Read before the form binds: a rejected form leaves typed values on the instance.
    contest = selectors.current_contest()
    placement = categories.placement_shown(contest, organization)
    form = OrganizationProfileForm(_posted(request), instance=organization, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(form.instance)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Профиль организации сохранён."))
            return redirect("organization-profile")
    return render(
        request,
        "contest/organization/profile.html",
        {
            "organization": organization,
            "form": form,
            "placement": placement,
            "by_r8": contest is None or contest.grouping == Grouping.SIZE,
            "representatives": selectors.representatives_of(organization),
            "join_requests": selectors.join_requests_to_decide(user),
        },
    )


# --- decisions on requests ---------------------------------------------------------------------------------------


@login_required
def join_requests(request):
    """Pending requests the user decides on: the labour office's municipality, a representative's own organization."""
    user = request.user
    if not user.has_perm("contest.list_join_requests"):
        raise Http404
    return render(
        request, "contest/organization/join_requests.html", {"join_requests": selectors.join_requests_to_decide(user)}
    )


def _after_decision(request, next_url: str) -> str:
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return reverse("organization-profile" if request.user.organization_id else "join-requests")


@login_required
@require_POST
def join_request_decide(request, pk: int):
    """Accept or reject one pending request; someone else's request answers 404."""
    join_request = get_object_or_404(selectors.join_requests_to_decide(request.user), pk=pk)
    if not request.user.has_perm("contest.decide_join_request", join_request):
        raise Http404
    form = JoinRequestDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите решение: подтвердить или отклонить запрос."))
        return redirect(_after_decision(request, request.POST.get("next", "")))
    try:
        services.decide_join_request(join_request, by=request.user, accept=form.accept, base_url=_base_url(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        text = (
            _("%(user)s теперь представитель организации %(organization)s.")
            if form.accept
            else _("Запрос %(user)s на представительство организации %(organization)s отклонён.")
        )
        messages.success(request, text % {"user": join_request.user, "organization": join_request.organization})
    return redirect(_after_decision(request, form.cleaned_data["next"]))
