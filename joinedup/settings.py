"""JoinedUp settings: one module, driven by the environment, failing loudly on bad values.

Every integration is off until configured. The defaults run on one laptop with SQLite;
`DATABASE_URL=postgres://...` selects PostgreSQL, the production database.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default)
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value == "True"


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def database_from_url(url: str) -> dict[str, object]:
    """Turn `sqlite:///path` or `postgres://user:pass@host:port/name` into Django's form."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:"}
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            # No just-in-time compilation: it pays off for long analytical queries, not for
            # pages whose correlated scope checks inflate the estimate past jit_above_cost
            # (ADR 0016).
            "OPTIONS": {"options": "-c jit=off"},
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not sqlite or postgres")


DEBUG = envbool("DEBUG", "False")
# "production" refuses to start without a real SECRET_KEY; "development" (the default: the demo
# and the tests on one laptop) uses a fixed, public, development-only key.
JOINEDUP_ENV = os.environ.get("JOINEDUP_ENV", "development")
if JOINEDUP_ENV not in ("development", "production"):
    raise ImproperlyConfigured(
        f"JOINEDUP_ENV must be development or production, not {JOINEDUP_ENV!r}"
    )
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if JOINEDUP_ENV == "production":
        raise ImproperlyConfigured("SECRET_KEY must be set when JOINEDUP_ENV=production")
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 20

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
SITE_NAME = os.environ.get("SITE_NAME", "JoinedUp")

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{REPO_DIR / 'var' / 'joinedup.sqlite3'}")
    )
}
# SQLite, the one-laptop default, holds a small team (ADR 0017): readers never wait for the
# writer (write-ahead logging); a writer takes the lock when its transaction begins (IMMEDIATE,
# so it waits its turn instead of failing halfway) and waits up to SQLITE_BUSY_TIMEOUT seconds
# for it; write transactions are short, because reads run outside them.
SQLITE_BUSY_TIMEOUT = envint("SQLITE_BUSY_TIMEOUT", 20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# A request that changes something runs in one transaction (core.transactions, the last
# middleware); a request that reads runs in autocommit, its access-log entry committed in a
# short transaction of its own before the record is read (ADR 0017).
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "joinedup.core",
    "joinedup.notify",
    "joinedup.access",
    "joinedup.audit",
    "joinedup.people",
    "joinedup.chronology",
    "joinedup.cases",
    "joinedup.casework",
    "joinedup.signals",
    "joinedup.api",
    "joinedup.ui",
    "joinedup.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "joinedup.core.transactions.WritesInOneTransaction",  # last: it calls the view itself
]

ROOT_URLCONF = "joinedup.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joinedup.ui.context.site",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "ui:sign-in"
LOGIN_REDIRECT_URL = "ui:home"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 30 * 60)
# Sign-in throttling (access/signin.py): failures allowed per username and per network
# address within the window before the form stops checking passwords for the rest of it.
SIGN_IN_FAILURES_PER_USERNAME = envint("SIGN_IN_FAILURES_PER_USERNAME", 5)
SIGN_IN_FAILURES_PER_ADDRESS = envint("SIGN_IN_FAILURES_PER_ADDRESS", 30)
SIGN_IN_LOCK_MINUTES = envint("SIGN_IN_LOCK_MINUTES", 15)
# Behind a reverse proxy: the request header it puts the client's address in, as Django names
# it (HTTP_X_FORWARDED_FOR); empty: REMOTE_ADDR.
SIGN_IN_CLIENT_ADDRESS_HEADER = os.environ.get("SIGN_IN_CLIENT_ADDRESS_HEADER", "")
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = REPO_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Risk signals: "inline" evaluates after each recording transaction commits, in the process
# that recorded (one laptop, the tests); "worker" leaves it to `joinedup signals work`, a
# separate process that evaluates every newly recorded version within seconds, off the ingest
# path (production, several web processes).
SIGNALS_EVALUATION = os.environ.get("SIGNALS_EVALUATION", "inline")
if SIGNALS_EVALUATION not in ("inline", "worker"):
    raise ImproperlyConfigured(
        f"SIGNALS_EVALUATION must be inline or worker, not {SIGNALS_EVALUATION!r}"
    )

# Email notices (joinedup/notify, ADR 0023): "a new safeguarding notice for you", never a
# child's details. EMAIL is off (the default), smtp (EMAIL_HOST, EMAIL_PORT and, if the server
# wants them, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS), notify (GOV.UK Notify:
# GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID) or console (printed, for trying it out).
# SITE_URL is where the email tells people to sign in.
EMAIL = os.environ.get("EMAIL", "off")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "JoinedUp <no-reply@joinedup.invalid>")
EMAIL_BACKEND = {
    "off": "django.core.mail.backends.dummy.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "joinedup.notify.backends.NotifyEmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}.get(EMAIL, "")
if not EMAIL_BACKEND:
    raise ImproperlyConfigured(f"EMAIL must be off, smtp, notify or console, not {EMAIL!r}")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", 1025)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_TEMPLATE_ID", "")
GOVUK_NOTIFY_URL = os.environ.get("GOVUK_NOTIFY_URL", "https://api.notifications.service.gov.uk")
if EMAIL == "notify" and not (GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID):
    raise ImproperlyConfigured(
        "EMAIL=notify needs GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID"
    )

# The child protection check (access/lookups.py): checks one user or token may make in the
# window, and the least time each takes, found or not.
FLAGS_LOOKUPS_PER_WINDOW = envint("FLAGS_LOOKUPS_PER_WINDOW", 60)
FLAGS_LOOKUP_WINDOW_MINUTES = envint("FLAGS_LOOKUP_WINDOW_MINUTES", 15)
FLAGS_LOOKUP_FLOOR_SECONDS = envint("FLAGS_LOOKUP_FLOOR_MS", 100) / 1000

# Largest request body the API accepts; larger is refused with 413 before parsing.
API_MAX_BODY_BYTES = envint("API_MAX_BODY_BYTES", 256 * 1024)
API_MAX_BULK_BODY_BYTES = envint("API_MAX_BULK_BODY_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BULK_BODY_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
