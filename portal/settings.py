"""Settings for the Care Home Improvement Network portal.

One module. With no environment set, the portal runs on SQLite, Celery runs tasks eagerly
in-process and email goes to the console, so a fresh checkout runs with `make run`.
`DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis. Every variable read here is
listed in README.md and .env.example.
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.csp import object_storage_origin
from portal.env import database_from_url, env_bool, env_int, env_list, env_str
from training.embeds import frame_src_hosts

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "dev-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env_str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) when DEBUG is off.")
# Earlier keys, separated by commas or spaces, still accepted after SECRET_KEY is changed:
# sessions, signed links and 2-step secrets made with them keep working (portal/mfa.py;
# `manage.py rotate_mfa_secrets` moves the 2-step secrets to the new key).
SECRET_KEY_FALLBACKS = env_str("SECRET_KEY_FALLBACKS").replace(",", " ").split()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Name shown in the header, page titles and emails.
SERVICE_NAME = env_str("SERVICE_NAME", default="Care Home Improvement Network")
# The NHS logo is a registered trade mark: only an NHS operator may switch it on.
SHOW_NHS_LOGO = env_bool("SHOW_NHS_LOGO", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "portal",
    "network",
    "surveys",
    "qi_cycles",
    "training",
    "dashboards",
    "digests",
    "outcomes",
    "localservices",
    "publicpages",
    "audit",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.faults.DatabaseDownMiddleware",  # a 503 page while the database is down
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.security.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "network.middleware.ActingMembershipMiddleware",
    "network.middleware.RequireMFAMiddleware",
    "portal.once.OnceMiddleware",  # one-time tokens on create forms
]
# `make bench` counts each request's SQL queries into an X-Query-Count header. Off by default.
BENCH_QUERY_HEADER = env_bool("BENCH_QUERY_HEADER", default=False)
if BENCH_QUERY_HEADER:
    MIDDLEWARE.insert(0, "portal.query_count.QueryCountMiddleware")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.service",
            ],
            "string_if_invalid": "",
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
    # Persistent connections, checked before reuse so a restarted Postgres is survived.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery --------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "chin",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Dashboards keep their figures in the cache until the data changes (portal/figures_cache.py).
FIGURES_CACHE = env_bool("FIGURES_CACHE", default=True)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Tasks are idempotent, so a task whose worker died is safe to run again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# No task should run long; a stuck one is stopped rather than holding a worker for ever.
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
# Unacknowledged tasks go back on the queue after an hour (acks_late + a lost worker).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    # Work out the dashboards people open most before the day starts (portal/figures_cache.py).
    "warm-figures": {
        "task": "dashboards.warm.warm_figures",
        "schedule": crontab(hour=5, minute=0),
    },
    "expire-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    # Day-before reminders for events starting tomorrow; safe to rerun.
    "event-reminders": {
        "task": "network.tasks.send_event_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "flag-unanswered-needs": {
        "task": "surveys.tasks.flag_unanswered_needs",
        "schedule": crontab(hour=8, minute=0),
    },
    # Reminders to people yet to answer a survey closing within 3 days; safe to rerun.
    "survey-reminders": {
        "task": "surveys.tasks_surveys.send_survey_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    # Reminders to send the month's network measures, to managers of homes that have not
    # sent while the window is open; at most one per home, month and kind; safe to rerun.
    "network-measure-reminders": {
        "task": "outcomes.tasks.send_return_reminders",
        "schedule": crontab(hour=9, minute=30),
    },
    # Digest emails for the period just ended (yesterday; last week on Mondays). Safe to
    # rerun: each person gets a period's digest once (digests/services.py).
    "digests-daily": {
        "task": "digests.tasks.send_due_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "digests-weekly": {
        "task": "digests.tasks.send_due_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ("weekly",),
    },
    # Queue again tasks kept while Redis was down (portal/outbox.py); safe to rerun.
    "flush-outbox": {
        "task": "portal.tasks.flush_outbox",
        "schedule": 60.0,
    },
    # Deactivate accounts unused for the retention period (privacy); safe to rerun.
    "deactivate-unused-accounts": {
        "task": "privacy.tasks.deactivate_unused_accounts",
        "schedule": crontab(hour=2, minute=30),
    },
}

# --- Email ----------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default=f"{SERVICE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public_home"

ACCOUNT_ADAPTER = "network.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_FORMS = {
    "login": "network.forms.LoginForm",
    "request_login_code": "network.forms.RequestLoginCodeForm",
    "reset_password": "network.forms.ResetPasswordForm",
}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# Staff on shared devices can sign in with a code emailed to them instead of a password.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SERVICE_NAME}] "
# Failed sign-ins are limited per IP and per account; counted in the shared cache.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
}
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME
# Authenticator app secrets and recovery-code seeds are stored encrypted (portal/mfa.py).
MFA_ADAPTER = "portal.mfa.MFAAdapter"
INVITATION_VALID_DAYS = 14

# A session ends after 30 minutes without a request and 12 hours after signing in, whatever
# the activity (portal/security.py). The cookie lasts no longer than the absolute limit.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security -------------------------------------------------------------------------
# HTTPS is on whenever DEBUG is off; HTTPS=false is only for a loopback smoke test.
HTTPS = env_bool("HTTPS", default=not DEBUG)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# A full disk while Django writes a big upload to its temporary folder gives the
# out-of-space message on the form instead of the error page (portal.uploads).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "portal.uploads.TemporaryUploadHandler",
]
# Uploads (training videos, captions, handouts) go to MEDIA_ROOT by default and are served
# by the portal after a permission check, with byte ranges so video seeking works
# (training.media). Set AWS_STORAGE_BUCKET_NAME to keep them in S3-compatible object
# storage instead: the portal then checks permission and redirects to a presigned URL.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", default=600),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
else:
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "portal.staticfiles.StaticFilesStorage"
    },
}


# --- Content Security Policy ---------------------------------------------------------
# django-csp, enforced on every page, the Django admin included (tests/browser/test_csp.py).
# Scripts and <style> blocks run only from our own origin or with this response's nonce
# (request.csp_nonce); no inline style attributes, no eval. Frames: the video hosts only.
# Media: ours, and the object store training videos are redirected to when there is one.
_MEDIA_ORIGIN = object_storage_origin(
    AWS_STORAGE_BUCKET_NAME,
    endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
    region=env_str("AWS_S3_REGION_NAME"),
    addressing_style=env_str("AWS_S3_ADDRESSING_STYLE", default="path"),
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, _MEDIA_ORIGIN] if _MEDIA_ORIGIN else [SELF],
        "frame-src": list(frame_src_hosts()),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
