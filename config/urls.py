from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from contest.views import accounts
from core import health

admin.site.site_header = _("Смотр-конкурс по охране труда — администрирование")
admin.site.site_title = _("Смотр-конкурс по охране труда")
admin.site.index_title = _("Настройки портала")

urlpatterns = [
    # For a load balancer or a monitor: 200 or 503 with the failing checks, no sign-in, no session (core/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Before Django's own: the password reset with rate limits (contest/throttling.py).
    path("accounts/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("core.urls")),  # notifications/ (signed in: one's own)
    path("", include("practices.urls")),  # practices/… (signed in), practices/s/… (survey link), library/ (public)
    path("", include("outreach.urls")),  # consultations/… (signed in; visitor/… a visitor's form and link), faq/
    path("", include("contest.urls")),
]
