"""Settings for every environment.

Differences between environments are environment variables, read once here through a single
``environ.Env()`` (see ``.env.example``). With no variable set the portal runs on an embedded
default: a SQLite file, e-mail printed to the console and Celery tasks run in-process, so that
``make run`` needs no services. ``DATABASE_URL``, ``REDIS_URL`` and ``EMAIL_URL`` switch to
PostgreSQL, a Redis broker with a real worker, and SMTP.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# A development key is only acceptable while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="") or (
    "insecure-development-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (a long random string) when DEBUG is off.")
# An empty value in .env counts as unset, for these and EMAIL_URL and PORTAL_BASE_URL below.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it goes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "simple_history",
    "cooperation_portal",
    "accounts",
    "cities",
    "exchanges",
    "practices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view (and before CSRF) reads a body: refuse a too large one unread, and NUL.
    "cooperation_portal.middleware.RequestGuardMiddleware",
    "cooperation_portal.middleware.PrivatePagesMiddleware",
    "accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Coordinators and site admins enrol a second factor before any other page.
    "accounts.middleware.MFARequiredMiddleware",
    # Who did what from where, for the security log written by the services.
    "accounts.middleware.AuditContextMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "cooperation_portal.urls"
WSGI_APPLICATION = "cooperation_portal.wsgi.application"
ASGI_APPLICATION = "cooperation_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: each process (a gunicorn worker, a Celery process) keeps one
# PostgreSQL connection for ten minutes instead of opening one per request; the health check
# replaces one the server closed. SQLite (make run) gains nothing from it.
_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600 if _POSTGRES else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker -----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        }
    }
else:
    # allauth's rate limits need a real cache; local memory is real enough for one process.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages for visitors who are not signed in are kept this long at most
# (cooperation_portal.public_cache; any change to what they show drops them at once). Only with
# Redis: a local-memory cache would be one per process, each told only of its own changes.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300 if REDIS_URL else 0)
# Each signed-in person's own copy of the pages they see most (the dashboard, the meetings, the
# plan…), kept for them only, dropped at any change to what it shows. 0 turns it off.
SIGNED_IN_PAGE_CACHE_SECONDS = env.int(
    "SIGNED_IN_PAGE_CACHE_SECONDS", default=300 if REDIS_URL else 0
)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task a dead worker held comes back after this long; the outbox sweep is faster still.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 1,
    "socket_timeout": 10,
    # A page that asks for a delivery while the broker is down must not wait for it: kombu
    # would retry for five seconds before publishing gives up. The row stays in the outbox and
    # the sweep sends it later. (The worker's own reconnection has its own, unbounded, retries.)
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Task names are explicit (``exchanges/notifications/tasks.py``): they outlive module moves.
CELERY_BEAT_SCHEDULE = {
    "scan-due-notices": {"task": "exchanges.tasks.scan_due", "schedule": 300.0},
    "sweep-outbox": {"task": "exchanges.tasks.sweep_outbox", "schedule": 120.0},
    "send-digests": {"task": "exchanges.tasks.send_digests", "schedule": 900.0},
}
MILESTONE_DUE_SOON_DAYS = env.int("MILESTONE_DUE_SOON_DAYS", default=7)
DIGEST_HOUR = env.int("DIGEST_HOUR", default=8)

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Invitations prove the address, so there is no separate verification round-trip.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Japan–EU Smart Cities] "
# Failed log-ins slow an attacker down without locking the owner out (accounts.adapters):
# - "login_failed": per IP, and per account *and* IP (the key), so guessing one account's
#   password from one address does not lock its owner out elsewhere;
# - "login_failed_account": per account across every unknown device, a ceiling for attacks
#   spread over many addresses;
# - "login_failed_known_device": a browser the owner signed in with before carries a signed
#   device cookie and is counted on its own, so the owner's right password from it still works
#   while strangers are refused (OWASP's "device cookies").
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="20/m/ip,5/5m/key"),
    "login_failed_account": env.str("LOGIN_FAILED_ACCOUNT_RATE_LIMIT", default="30/h/key"),
    "login_failed_known_device": env.str("LOGIN_FAILED_DEVICE_RATE_LIMIT", default="10/5m/key"),
}
#: How long a browser stays a known device after a successful log-in.
DEVICE_COOKIE_NAME = "portal_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365
# Behind a proxy, the number of proxies in front of the portal that append to X-Forwarded-For
# (1 for one nginx or load balancer). 0 trusts no header: each visitor's address is the
# proxy's own, and every visitor shares one rate-limit bucket.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Second factors: an authenticator app (TOTP), security keys (WebAuthn) and recovery codes.
# Coordinators and site admins must enrol one (accounts.permissions.must_enrol_mfa).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Japan–EU Smart Cities"
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn needs HTTPS, except on a developer's http://127.0.0.1 with DEBUG on.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# An invitation-only portal: the address is the one invited, not one its holder adds.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_CHANGE_EMAIL = False
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Dates through each language's formats: 21 Dec 2026 / 2026年12月21日（月）.
FORMAT_MODULE_PATH = ["cooperation_portal.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Content may be written in either language: show the other one rather than nothing.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "ja"), "en": ("ja",), "ja": ("en",)}

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# --- E-mail --------------------------------------------------------------------------------
# Django 6.1 configures e-mail through MAILERS; EMAIL_URL (smtp://user:pass@host:587/?tls=True,
# consolemail://, filemail:///path) is translated into it here.
# Unset or empty: printed to the console, which `check --deploy` reports as not for production.
_email = environ.Env.email_url_config(env.str("EMAIL_URL", default="") or "consolemail://")
_email_options: dict[str, object] = {}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    _email_options = {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": _email.get("EMAIL_PORT") or 25,
        "username": _email.get("EMAIL_HOST_USER") or None,
        "password": _email.get("EMAIL_HOST_PASSWORD") or None,
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": env.int("EMAIL_TIMEOUT", default=20),
    }
elif _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
    _email_options = {"file_path": _email.get("EMAIL_FILE_PATH")}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Japan–EU Smart Cities <noreply@cooperation.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="") or "http://127.0.0.1:8000"

# --- Security ------------------------------------------------------------------------------
# Secure by default whenever DEBUG is off; each can be relaxed by its own variable.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers and container health checks probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = env.bool("LANGUAGE_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy: scripts, styles, fonts and images from the portal only; no plugins,
# no framing, forms post back to the portal. The portal's pages have no inline script (the
# TOTP QR code is a data: image); the bars of the plan's timeline are positioned with style
# attributes, which style-src-attr allows without allowing any <style> or script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Request bodies are refused before they are read (cooperation_portal.middleware): an upload
# is at most 10 MB, so a signed-in person may send 12 MB; a visitor who is not signed in only
# fills in small forms (log in, password reset, invitation, unsubscribe). Set the proxy's
# limit (nginx: client_max_body_size 12m) to the larger one.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=12 * 1024 * 1024)
MAX_ANONYMOUS_REQUEST_BYTES = env.int("MAX_ANONYMOUS_REQUEST_BYTES", default=2 * 1024 * 1024)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each step of every PDF at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
