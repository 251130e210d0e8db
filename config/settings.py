"""Settings of the portal, read from the environment.

Every setting a deployment may change is an environment variable named in README.md (section «Настройка»).
Without any of them the portal runs for development only when DJANGO_DEBUG=1; in production DJANGO_SECRET_KEY is required.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "да"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Writable data (the SQLite file, uploaded files, e-mails written to files) lives outside the code, in var/ by default.
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "var"))

# Without DEBUG the key must come from the environment. Commands that sign nothing (makemigrations, migrate) run on a
# bare checkout; the WSGI application refuses to start (config/wsgi.py) and `check --deploy` fails (contest.E001).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "regions",
    "contest",
    "practices",
    "outreach",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the middleware below, so that the error pages they answer with (400 for a bad host…) carry the headers too.
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page (contest.views.accounts.locked_out).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in DATA_DIR is the embedded default; DATABASE_URL (postgres://user:password@host:5432/name) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "contest.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ru"
# Russian only: the texts are written in Russian, and a browser asking for English must not get Django's own
# messages and month names in English amid them.
LANGUAGES = [("ru", _("Русский"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files are private: they live outside the static and public paths and are served only through views that check
# permissions. There is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", DATA_DIR / "files"))
# Several app nodes (README «Несколько серверов») share the files in a bucket of any S3-compatible storage (django-storages):
# DJANGO_S3_BUCKET switches the default storage from MEDIA_ROOT to it. The files stay private there too: no ACL is set
# (the bucket's own, private by default), and the views read them through the storage and stream them after their
# permission check (FileResponse), so no address of the bucket ever reaches a browser. Without DJANGO_S3_ACCESS_KEY_ID
# and DJANGO_S3_SECRET_ACCESS_KEY, boto3 finds the keys itself (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, a role).


def s3_storage(environ) -> dict:
    """The default storage on the bucket DJANGO_S3_BUCKET of environ (tests/s3.py builds it for a local endpoint)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["DJANGO_S3_BUCKET"].strip(),
            "endpoint_url": environ.get("DJANGO_S3_ENDPOINT_URL") or None,  # MinIO, Yandex Object Storage…
            "region_name": environ.get("DJANGO_S3_REGION") or None,
            "access_key": environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,  # should an address ever be made (file.url), it is signed and expires
            "querystring_expire": 300,
            # Names are random (upload_to), but a storage must never replace a file it already holds: as on the disk,
            # a name taken gets a suffix.
            "file_overwrite": False,
        },
    }


if os.environ.get("DJANGO_S3_BUCKET", "").strip():
    STORAGES["default"] = s3_storage(os.environ)

# Best practice (practices/): the quarterly deadline is PRACTICE_REPORT_DAY of month PRACTICE_REPORT_MONTH of the quarter
# (1–3; 4 = the first month after it): the letter's «до 25 числа месяца отчетного квартала» read as the 25th of the
# quarter's last month. Reminders go out PRACTICE_REMINDER_DAYS days before it (command practice_reminders).
PRACTICE_REPORT_DAY = int(os.environ.get("DJANGO_PRACTICE_REPORT_DAY", "25"))
PRACTICE_REPORT_MONTH = int(os.environ.get("DJANGO_PRACTICE_REPORT_MONTH", "3"))
PRACTICE_REMINDER_DAYS = int(os.environ.get("DJANGO_PRACTICE_REMINDER_DAYS", "7"))
PRACTICE_MAX_VIDEO_MB = int(os.environ.get("DJANGO_PRACTICE_MAX_VIDEO_MB", "100"))

# Login throttling (django-axes, README «Безопасность»): after AXES_FAILURE_LIMIT failed logins for one username (from
# any address) or from one address (for any usernames), that username and that address are refused — even with the right
# password — until AXES_COOLOFF_TIME has passed since the last failure; the refusal (429) says until when and whom to
# call. Failures while locked out do not prolong it. A successful login forgets that username's failures from that
# address (not every failure of the address: contest/throttling.py). Staff unlock in the admin («Попытки доступа»,
# or «Снять блокировку входа» on users) or with manage.py axes_reset_username / axes_reset_ip.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "contest.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "contest.views.accounts.locked_out"
AXES_VERBOSE = False  # no banner on every manage.py command; failures and lockouts are logged at WARNING (LOGGING)
# Whom a locked-out person calls: shown on the lockout page next to «сотрудник департамента труда», e.g. a phone number.
PORTAL_SUPPORT_CONTACT = os.environ.get("DJANGO_SUPPORT_CONTACT", "")

# Rate limits of the anonymous forms that send mail or write (django-ratelimit, contest/throttling.py), «N/h» = at most
# N per hour: per client address, and per e-mail the letter would go to. Over a limit the page says so (429) and keeps
# what was typed. The counters live in the «ratelimit» cache: a database table (created by migrate), so every worker
# counts together. django_ratelimit stays out of INSTALLED_APPS: its only use there is a system check that refuses
# any cache but memcached or Redis, which a closed network may not have (config/cache.py makes the count atomic).
RATE_LIMITS = {
    "signup": "20/h",  # sign-up forms sent from one address
    "signup_email": "3/h",  # sign-ups with one e-mail (new or taken: each sends a letter)
    "signup_resend": "10/h",  # activation re-sends asked from one address
    "signup_resend_email": "3/h",  # activation re-sends to one e-mail
    "password_reset": "10/h",  # password resets asked from one address
    "password_reset_email": "3/h",  # password resets to one e-mail
    "survey_answer": "60/h",  # answers to one survey link from one address (a workshop may share one)
    "consultation": "20/h",  # visitors' questions to a territorial commission sent from one address
    "consultation_email": "5/h",  # visitors' questions from one e-mail (each sends letters)
    "consultation_reply": "30/h",  # messages through one visitor's private link to a question
}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "contest.throttling.client_ip"
# Both caches are tables of the one database (created by migrate: contest.throttling.create_cache_tables), so that every
# process of every app node sees the same entries. The portal itself caches nothing else today; a per-process memory
# cache as the default would silently differ between nodes the day something does.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"},
    "ratelimit": {
        "BACKEND": "config.cache.DatabaseCache",
        "LOCATION": "portal_rate_limits",
        # A counter's key names its window; a day outlives every window above, and the table stays small.
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background tasks (django-tasks, the backport of Django 6's tasks framework): kept in the database (django-tasks-db), so
# the embedded default needs no other service, and run by `manage.py db_worker` (bin/start starts one; README «Фоновые
# задачи и почта»). Letters are among them: every letter is a row of the outbox (core.models.Letter) sent by the worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail: printed to the console when debugging, SMTP otherwise (DJANGO_EMAIL_BACKEND may name any backend).
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")  # STARTTLS, port 587
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL")  # TLS from the first byte, port 465 (many Russian mail services)
# Seconds the worker waits for the mail server before the attempt counts as failed (and is retried later).
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Портал смотра-конкурса <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as people open it (https://ot.example.ru), for the link every letter ends with and the QR code
# of a certificate; without it, the address bin/start and bin/serve listen on (PORTAL_ADDRESS) — right on one
# machine, wrong behind nginx (core.links).
PORTAL_URL = os.environ.get("PORTAL_URL", "").strip().rstrip("/")

# HTTPS: on by default in production (DJANGO_HTTPS=0 only behind a network that cannot carry TLS at all).
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# A load balancer asks the server itself over plain HTTP whether it is healthy (core/health.py): no redirect there.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy the client is the last address the proxy appended to X-Forwarded-For (contest/throttling.py).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sessions are rows of the database (Django's default engine, kept): a cookie from one app node is valid on every other.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
# SecurityMiddleware also sends X-Content-Type-Options: nosniff, Referrer-Policy: same-origin and
# Cross-Origin-Opener-Policy: same-origin (Django's defaults, kept).

# Content-Security-Policy (django-csp, config/middleware.py): scripts, styles, fonts and pictures only from the portal
# itself. No inline script, no inline style and no style="" attribute: behaviour lives in static/js/, sizes in
# static/css/portal.css (tests/config/test_headers.py scans templates/). data: pictures are Bootstrap's icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (config/middleware.py): the portal uses none of these browser features; an empty list denies it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# The log goes to stderr: readable lines by default, one JSON object a line with DJANGO_LOG_FORMAT=json (core/logging.py:
# time, level, logger, message, a request's method, path and status, the traceback), for a log collector.
LOG_FORMAT = (os.environ.get("DJANGO_LOG_FORMAT") or "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT: «{LOG_FORMAT}» — допустимы text и json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every rendering step at INFO.
    # django-axes reports every login at INFO; its WARNING lines are the failures and the lockouts.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}
