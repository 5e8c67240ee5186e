"""The one settings module of thidua.

Every value an operator may change comes from a `THIDUA_*` environment variable, read through
the small helpers below, which refuse malformed values with a message naming the variable.
Secrets may also come from a file named by `THIDUA_<NAME>_FILE` (Docker/systemd secrets).
SQLite under `THIDUA_DATA_DIR` is the zero-configuration default; production sets
`THIDUA_DATABASE_URL=postgres://…`.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """`NAME` or the contents of the file named by `NAME_FILE` (never both)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name is not None:
        if name in os.environ:
            raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both")
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from None
    return os.environ.get(name, default)


DEBUG = env_bool("THIDUA_DEBUG", False)
DATA_DIR = Path(env_str("THIDUA_DATA_DIR", str(REPO_DIR / "var")))

SECRET_KEY = env_secret("THIDUA_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "THIDUA_SECRET_KEY (or THIDUA_SECRET_KEY_FILE) is required when THIDUA_DEBUG is off"
        )
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("THIDUA_SECRET_KEY must be at least 32 characters long")

ALLOWED_HOSTS = env_list("THIDUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("THIDUA_ALLOWED_HOSTS is required when THIDUA_DEBUG is off (comma-separated)")
CSRF_TRUSTED_ORIGINS = env_list("THIDUA_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("THIDUA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI's files locally instead of from a CDN
    "axes",
    # thidua: core has no domain nouns; the domain apps follow the glossary.
    "thidua.core",
    "thidua.accounts",
    "thidua.organisations",
    "thidua.clusters",
    "thidua.covenants",
    "thidua.scoring",
    "thidua.voting",
    "thidua.awards",
    "thidua.documents",
    "thidua.news",
    "thidua.proposals",
    "thidua.certificates",
    "thidua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "thidua.core.middleware.RequestIdMiddleware",
    "thidua.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.api.auth.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.site",
            ],
            "builtins": ["thidua.core.templatetags.thidua_tags"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("THIDUA_DATABASE_URL", f"sqlite:///{DATA_DIR / 'thidua.sqlite3'}"),
        conn_max_age=env_int("THIDUA_DB_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the job worker writes; the timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.staticfiles"), "django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "thidua.core.rules.RulesBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "news:home"

# Lockout after repeated failures, per user name and address pair, for a cooling-off period.
AXES_FAILURE_LIMIT = env_int("THIDUA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("THIDUA_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("THIDUA_PROXY_COUNT", 0, minimum=0)

LANGUAGE_CODE = "vi"
# Vietnamese only: the English switch was removed until every page and document is translated
# (issue 12 item 8: no half-translated pages). Templates keep their {% translate %} marks.
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("THIDUA_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(env_str("THIDUA_TASKS_BACKEND", "database"), "")
    }
}
if not TASKS["default"]["BACKEND"]:
    raise ImproperlyConfigured("THIDUA_TASKS_BACKEND must be 'database' or 'immediate'")

# News: an editor's own article (or edit) is published by another editor with the publishing right;
# off only for a one-person newsroom (product.md §7).
NEWS_FOUR_EYES = env_bool("THIDUA_NEWS_FOUR_EYES", True)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("THIDUA_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("THIDUA_SSL_REDIRECT", True)
    # nginx terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The Content-Security-Policy header set by core.middleware: no inline script, no outside origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("THIDUA_LOG_LEVEL", "INFO")},
    "loggers": {
        "pyhanko": {"level": "CRITICAL"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# Used to pseudonymise personal identifiers (citizen ID) so duplicates can be found without storing them.
# Its own secret, never the secret key: the stored hashes depend on it for the life of the data, while
# the secret key may be rotated at any time.
PERSONAL_ID_PEPPER = env_secret("THIDUA_PERSONAL_ID_PEPPER")
if not PERSONAL_ID_PEPPER:
    if not DEBUG:
        raise ImproperlyConfigured(
            "THIDUA_PERSONAL_ID_PEPPER (or THIDUA_PERSONAL_ID_PEPPER_FILE) is required when THIDUA_DEBUG is off: "
            "it keys the citizen-ID hashes and must never change once people are stored"
        )
    PERSONAL_ID_PEPPER = SECRET_KEY

# Keys the audit trail's hash chain (HMAC-SHA256) and signs its checkpoints, so that whoever can write
# to the database but does not hold this key cannot rewrite the trail and recompute the hashes. Its own
# secret, like the pepper: changing it makes every stored hash fail verification.
AUDIT_KEY = env_secret("THIDUA_AUDIT_KEY")
if not AUDIT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "THIDUA_AUDIT_KEY (or THIDUA_AUDIT_KEY_FILE) is required when THIDUA_DEBUG is off: "
            "it keys the audit trail's hashes and must never change once entries are stored"
        )
    AUDIT_KEY = "development-audit-key:" + SECRET_KEY
elif not DEBUG and len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("THIDUA_AUDIT_KEY must be at least 32 characters long")
# Signed checkpoints of the audit trail (head hash and count), one JSON line each, appended by
# `thidua audit checkpoint` and checked by `thidua audit verify`. Keep it where the database's users
# cannot write (another disk, another machine, a write-once store); empty turns the file off.
AUDIT_CHECKPOINT_FILE = env_str("THIDUA_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl"))
