"""Django settings. Everything secret or site-specific comes from the environment or files.

Environment:
    DATABASE_URL               default: SQLite file var/corridor.sqlite3
    CORRIDOR_SECRET_KEY / CORRIDOR_SECRET_KEY_FILE     Django's signing key
    CORRIDOR_MASTER_KEY / CORRIDOR_MASTER_KEY_FILE     wraps the organisations' data keys
    CORRIDOR_DEBUG=1, CORRIDOR_DEMO=1, CORRIDOR_ALLOWED_HOSTS=a,b
    CORRIDOR_SESSION_IDLE_SECONDS (1800), CORRIDOR_SESSION_ABSOLUTE_SECONDS (43200)
    CORRIDOR_LOCKOUT_SECONDS (900)
    CORRIDOR_RETENTION_DAYS='{"evacuee": 365}'   JSON over the retention periods below
    CORRIDOR_PFIF_APPROVAL_HOURS (24)
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CORRIDOR_VAR_DIR", BASE_DIR / "var"))


def _secret(name: str, default_file: Path | None = None) -> str:
    """Read a secret from NAME or the file named by NAME_FILE."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE") or (str(default_file) if default_file else None)
    if path and Path(path).is_file():
        return Path(path).read_text(encoding="ascii").strip()
    raise ImproperlyConfigured(
        f"{name} is not set: set {name} or {name}_FILE (run `make secrets` for a local set-up)"
    )


def _flag(name: str) -> bool:
    return os.environ.get(name, "") in {"1", "true", "yes", "on"}


SECRET_KEY = _secret("CORRIDOR_SECRET_KEY", VAR_DIR / "secret_key")
# The master key is read lazily by corridor.keys.master, never kept in settings.
CORRIDOR_MASTER_KEY_DEFAULT_FILE = VAR_DIR / "master.key"
DEBUG = _flag("CORRIDOR_DEBUG")
CORRIDOR_DEMO = _flag("CORRIDOR_DEMO")
ALLOWED_HOSTS = os.environ.get("CORRIDOR_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "corridor.accounts",
    "corridor.audit",
    "corridor.keys",
    "corridor.transmissions",
    "corridor.registry",
    "corridor.matching",
    "corridor.imports",
    "corridor.interop",
    "corridor.tracing",
    "corridor.corridors",
    "corridor.exchange",
    "corridor.idempotency",
    "corridor.dashboard",
    "corridor.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corridor.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "corridor.accounts.middleware.RequireTwoFactorMiddleware",
    "corridor.idempotency.middleware.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "corridor.urls"
WSGI_APPLICATION = "corridor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "corridor" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'corridor.sqlite3'}"
    db: dict = dict(dj_database_url.parse(url, conn_max_age=60))
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["OPTIONS"] = {
            # Every write transaction takes the write lock up front, so the audit chain
            # (read head, append) can never fork between two writers.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        }
        db["CONN_MAX_AGE"] = 0
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
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

# Sessions: stored on the server; idle timeout slides with each request, the absolute
# timeout is enforced by SessionTimeoutMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CORRIDOR_SESSION_IDLE_SECONDS = int(os.environ.get("CORRIDOR_SESSION_IDLE_SECONDS", "1800"))
CORRIDOR_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("CORRIDOR_SESSION_ABSOLUTE_SECONDS", "43200")
)
SESSION_COOKIE_AGE = CORRIDOR_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and not CORRIDOR_DEMO
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "corridor.dashboard.views.csrf_failure"
OTP_TOTP_ISSUER = "Corridor"

# Login throttling: the 6th failure within the window for one user or one address -> 429.
CORRIDOR_LOGIN_FAILURES_ALLOWED = 5
CORRIDOR_LOGIN_WINDOW_SECONDS = 60
CORRIDOR_LOCKOUT_SECONDS = int(os.environ.get("CORRIDOR_LOCKOUT_SECONDS", "900"))

# Idempotency records are kept this long, then purged.
CORRIDOR_IDEMPOTENCY_TTL_SECONDS = 24 * 3600

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    },
}

LANGUAGE_CODE = "en"
LANGUAGES = [("uk", "Українська"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "corridor" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Kyiv"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide stylesheet lives outside any app's static/ folder.
STATICFILES_DIRS = [BASE_DIR / "corridor" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Retention periods in days, by category of record (DOMAIN.md rule 5). When one ends,
# `corridor retention run` (and `corridor worker`: at start, then once a day) erases the record
# everywhere it was copied and keeps an audit tombstone. Counted from:
#   civilian, child, detainee, military  a tracing case's request (children, detainees and
#                     servicemen are sought for years, so five years for them)
#   evacuee           the end of the corridor the registration was for (completed, aborted,
#                     expired, rejected, withdrawn); from the registration when it was for none
#   notification      a movement notification's expiry (only its contact is erased)
#   exchange_entry    a held/sought entry's final state (receipt confirmed, removed, deceased);
#                     a person still held keeps their record as long as they are held
#   exchange_upload   an uploaded list file's upload (the entries keep what it held)
# docs/corridors.md ("Retention and erasure") says why these defaults.
CORRIDOR_RETENTION_DAYS = {
    "civilian": 730,
    "child": 1825,
    "detainee": 1825,
    "military": 1825,
    "evacuee": 730,
    "notification": 365,
    "exchange_entry": 3650,
    "exchange_upload": 90,
} | json.loads(os.environ.get("CORRIDOR_RETENTION_DAYS") or "{}")
# `corridor worker` applies the retention periods this often while it runs.
CORRIDOR_RETENTION_INTERVAL_SECONDS = 24 * 3600

# Background jobs (imports, matching) wait in the database until `corridor worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Largest list file accepted by the import wizard, API and CLI.
CORRIDOR_IMPORT_MAX_BYTES = int(os.environ.get("CORRIDOR_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# An approved PFIF export request may be downloaded (once) within this many hours.
CORRIDOR_PFIF_APPROVAL_HOURS = int(os.environ.get("CORRIDOR_PFIF_APPROVAL_HOURS", "24"))
# API uploads arrive as one request body (the idempotency check reads it whole).
DATA_UPLOAD_MAX_MEMORY_SIZE = CORRIDOR_IMPORT_MAX_BYTES + 1024 * 1024

# Logs carry paths (which hold only opaque ids) and never request bodies or query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query": {"()": "corridor.logfilters.StripQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_query"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
