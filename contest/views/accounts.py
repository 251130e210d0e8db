"""Logins and passwords: the lockout page after repeated failed logins, and the password reset with rate limits.

Neither says whether an account exists: the lockout counts any username typed, and the reset answers the same for
every address.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils import timezone

from .. import throttling
from ..forms.registration import OutboxPasswordResetForm


def locked_out(request, original_response=None, credentials=None):
    """django-axes' refusal (AXES_LOCKOUT_CALLABLE): too many failed logins for this username or from this address.

    Failures during the lockout are not counted, so it ends at the latest one cool-off after now."""
    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(cool_off.total_seconds() // 60),
            "until": timezone.localtime(timezone.now() + cool_off),
            "contact": settings.PORTAL_SUPPORT_CONTACT,
        },
        status=throttling.TOO_MANY_REQUESTS,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per client address and per e-mail (RATE_LIMITS «password_reset…»); its letter
    goes through the outbox."""

    form_class = OutboxPasswordResetForm

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        refusal = throttling.limit_reached(request, "password_reset")
        if refusal is None and form.is_valid():
            refusal = throttling.limit_reached(request, "password_reset_email", per=form.cleaned_data["email"])
            if refusal is None:
                return self.form_valid(form)
        if refusal is None:
            return self.form_invalid(form)
        form.add_error(None, refusal)
        return self.render_to_response(self.get_context_data(form=form), status=throttling.TOO_MANY_REQUESTS)
