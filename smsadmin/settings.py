"""Settings for smsadmin: everything that varies comes from the environment.

Nothing outside this module reads ``os.environ``. Unset, every variable falls
back to the embedded default (SQLite, local-memory cache, the in-process
Dysmsapi sandbox), except DEBUG: off unless ``DJANGO_DEBUG`` turns it on, so a
server started by hand is a production one (and needs ``DJANGO_SECRET_KEY``).
``make run`` turns DEBUG on for itself, so it works on a fresh machine.
"""

import os
from datetime import timedelta
from pathlib import Path

from core.accounts import accounts_from_environ, check_price

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envfloat(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


# Off unless asked for: DEBUG pages show far more than a user should see.
DEBUG = envbool("DJANGO_DEBUG", False)
# The fallback is for development (DEBUG on) only: a production start without
# DJANGO_SECRET_KEY is refused below.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-not-for-production"
# Error reports (the DEBUG technical page too) hide connection URLs and any URL's password.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_reports.CredentialFilter"
DEFAULT_EXCEPTION_REPORTER = "core.error_reports.CredentialReporter"
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "core",
    "access",
    "deliveries",
    "rates",
    "alerts",
    "api",
    "ops",
    # django-ninja, for the JSON API: listed so that its docs page loads Swagger UI from its
    # own static files (without it ninja would take them from a CDN).
    "ninja",
]

MIDDLEWARE = [
    # Outermost of all: times every request by its view (core.metrics), the 503 page's too.
    "core.request_metrics.RequestMetricsMiddleware",
    # Outermost but for the metrics, so a database outage anywhere below becomes the 503 page.
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, except that requests a page makes alone do not keep an idle session alive.
    "access.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "smsadmin.urls"
WSGI_APPLICATION = "smsadmin.wsgi.application"

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
                "core.context_processors.endpoint",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH") or BASE_DIR / "db.sqlite3",
        # Several threads and processes write at once (searches, receipt pushes, sessions).
        # IMMEDIATE takes the write lock when a transaction begins, so a transaction that
        # read first never fails with "database is locked" on upgrading to a write (SQLite
        # does not wait then); the busy timeout makes writers queue for the lock instead;
        # WAL lets readers go on while one writes, and synchronous=NORMAL is safe with WAL.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "smsadmin",
    }
}

# --- Production profile: a shared PostgreSQL and Redis, selected by URL ----------
# dj-database-url rather than our own urllib parsing: it already handles what real
# hosted URLs carry (percent-encoded passwords, socket paths, ?sslmode=...).
# The URLs are read where they are used and not kept as settings of their own.
if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES["default"] = dj_database_url.parse(
        os.environ["DATABASE_URL"],
        # Persistent connections, checked before reuse so a restarted server is survived.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", 3)
    )

if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        # Django's RedisCache, falling back to a per-process cache while Redis is down.
        "BACKEND": "core.cache_backends.ResilientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "smsadmin",
        "OPTIONS": {
            "socket_connect_timeout": envfloat("REDIS_TIMEOUT", 0.5),
            "socket_timeout": envfloat("REDIS_TIMEOUT", 0.5),
            # While Redis is down it is tried again at most this often.
            "retry_seconds": envfloat("REDIS_RETRY_SECONDS", 5.0),
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "deliveries:search"
LOGOUT_REDIRECT_URL = "login"

# A new install speaks Simplified Chinese; the browser's language (or the header's switch) can
# choose English instead.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Strings of the project's templates; each app keeps its own under <app>/locale.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"

# WhiteNoise serves static files in production: compressed, with hashed names that
# need `collectstatic`. With DEBUG on (make run, the tests) files come straight from
# static/ through the finders, so nothing has to be collected first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# --- Dysmsapi: credentials select the real endpoint, otherwise the sandbox ----
ALIBABA_CLOUD_ACCESS_KEY_ID = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
ALIBABA_CLOUD_ACCESS_KEY_SECRET = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
ALIBABA_CLOUD_SECURITY_TOKEN = os.environ.get("ALIBABA_CLOUD_SECURITY_TOKEN", "")
# "sandbox" (in-process simulator), or a base URL such as http://127.0.0.1:8001.
DYSMS_ENDPOINT = os.environ.get("DYSMS_ENDPOINT") or (
    "https://dysmsapi.aliyuncs.com" if ALIBABA_CLOUD_ACCESS_KEY_ID else "sandbox"
)
DYSMS_SIGNATURE_VERSION = os.environ.get("DYSMS_SIGNATURE_VERSION", "v3").lower()
DYSMS_REGION = os.environ.get("DYSMS_REGION", "cn-hangzhou")
# What one billed part costs, for the rates page's cost figures (unset: parts only), in what
# currency, and abroad per country (core.prices); with several accounts, the same variables as
# DYSMS_<NAME>_PRICE_PER_PART, DYSMS_<NAME>_CURRENCY and DYSMS_<NAME>_PRICES_ABROAD.
DYSMS_PRICE_PER_PART = os.environ.get("DYSMS_PRICE_PER_PART", "").strip()
DYSMS_CURRENCY = os.environ.get("DYSMS_CURRENCY", "").strip().upper()
DYSMS_PRICES_ABROAD = os.environ.get("DYSMS_PRICES_ABROAD", "").strip()
# A start-up error when wrong.
check_price("DYSMS_", DYSMS_PRICE_PER_PART, DYSMS_CURRENCY, DYSMS_PRICES_ABROAD)
DYSMS_CONNECT_TIMEOUT = envfloat("DYSMS_CONNECT_TIMEOUT", 3.0)
DYSMS_READ_TIMEOUT = envfloat("DYSMS_READ_TIMEOUT", 10.0)
DYSMS_MAX_RETRIES = envint("DYSMS_MAX_RETRIES", 2)
# Simulated latency of the in-process sandbox, for demos and benchmarks.
DYSMS_SANDBOX_LATENCY_MS = envint("DYSMS_SANDBOX_LATENCY_MS", 0)
# Several Alibaba Cloud accounts (core.accounts; README "Several accounts"): DYSMS_ACCOUNTS
# names them, DYSMS_<NAME>_* describe each. Unset: one account, "default", of the variables above.
DYSMS_ACCOUNTS = accounts_from_environ(os.environ)
# Circuit breaker: after this many consecutive upstream outages (unavailable,
# timeouts, throttling) no call goes to Alibaba Cloud for the cool-down.
CIRCUIT_FAILURES = envint("CIRCUIT_FAILURES", 5)
CIRCUIT_COOLDOWN_SECONDS = envint("CIRCUIT_COOLDOWN_SECONDS", 30)

# --- Record store --------------------------------------------------------------
# A day that is today or still has waiting records is refetched after this many seconds.
RECORDS_FRESH_SECONDS = envint("RECORDS_FRESH_SECONDS", 60)
# At most this many records are fetched for one (phone, day); more gets a notice.
RECORDS_FETCH_CAP = envint("RECORDS_FETCH_CAP", 1000)
# Upstream pages fetched at once after the first one.
RECORDS_FETCH_CONCURRENCY = envint("RECORDS_FETCH_CONCURRENCY", 4)
# Days of a date range fetched at once (each with its pages at once, as above). 30, the whole
# window the service keeps: a month's first search is one round of calls, as long as one
# day's. What bounds it: the account's 5000 QuerySendDetails a second (a search makes at most
# 600 calls however many are in flight, and the client allows 1000 a second per process,
# dysms.client.DETAILS_CALLS_PER_SECOND); the connection pool (sized to days x pages in
# flight, core.clients.calls_in_flight); the database, which it does not touch: the threads
# only talk HTTP, the search's own thread stores each day as it comes (one short transaction a
# day, so SQLite's other writers take turns in between, and no extra PostgreSQL connection).
RECORDS_DAYS_CONCURRENCY = envint("RECORDS_DAYS_CONCURRENCY", 30)
# A search answers after at most this many seconds, with the days fetched by then (and what
# was stored before for the others, which the banner names): a slow Alibaba Cloud must not
# hold a web worker for a minute.
RECORDS_SEARCH_DEADLINE_SECONDS = envfloat("RECORDS_SEARCH_DEADLINE_SECONDS", 15.0)

# Each account's template and signature lists (QuerySmsTemplateList, QuerySmsSignList), stored
# for the search page's pickers and names: asked again when older than this, and after a failed
# try (the stored lists are kept meanwhile) not before this many seconds.
TEMPLATE_LIST_FRESH_SECONDS = envint("TEMPLATE_LIST_FRESH_SECONDS", 3600)
TEMPLATE_LIST_RETRY_SECONDS = envint("TEMPLATE_LIST_RETRY_SECONDS", 300)
# A page view waits this long at most for the lists it asked for, then goes on with the stored.
TEMPLATE_LIST_WAIT_SECONDS = envfloat("TEMPLATE_LIST_WAIT_SECONDS", 3.0)

# --- Delivery rates (rates app) ---------------------------------------------------
# Statistics of today and the two days before are refetched after this many seconds.
STATS_FRESH_SECONDS = envint("STATS_FRESH_SECONDS", 300)
# The longest period, and how far back it may start, on the delivery-rates page.
STATS_MAX_DAYS = envint("STATS_MAX_DAYS", 90)
# Secret path segment of the receipt push URL (/receipts/<token>/); unset: endpoint off.
SMS_REPORT_TOKEN = os.environ.get("SMS_REPORT_TOKEN", "")

# --- JSON API (api app) ------------------------------------------------------------
# Calls per personal token: a number, then /s, /min, /hour or /day (counted in the cache).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT") or "60/min"

# --- Access and audit (access app) ------------------------------------------------
# One-time codes in message contents are shown and exported as ******; Support may reveal.
MASK_VERIFICATION_CODES = envbool("MASK_VERIFICATION_CODES", True)
# manage.py purge (daily, from cron) deletes stored SMS records, fetches and receipts
# older than this many days, and audit entries older than AUDIT_RETENTION_DAYS.
# Below one day a purge would erase everything, the whole audit trail included: refused.
RECORDS_RETENTION_DAYS = envint("RECORDS_RETENTION_DAYS", 30)
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 180)
for _retention in ("RECORDS_RETENTION_DAYS", "AUDIT_RETENTION_DAYS"):
    if globals()[_retention] < 1:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{_retention} must be at least 1 (days); it is {globals()[_retention]}."
        )

# Login protection (django-axes): after AXES_FAILURE_LIMIT failed logins, the username and
# the address are each locked out for LOGIN_COOLOFF_MINUTES. Axes reads REMOTE_ADDR.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as axes asks
AUTHENTICATION_BACKENDS = [
    "access.backends.LoginLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not the pair
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
# How many reverse proxies stand in front (each appending to X-Forwarded-For): lockouts and
# the audit trail then take the client's address from that header, not the proxy's.
TRUSTED_PROXIES = envint("DJANGO_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "access.audit.remote_address"
# Wrong old passwords on the password-change pages count as failed logins (access.passwords);
# axes keeps the POST of each failure, so those fields are starred like the login's password.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
]
# A session ends after this long without a request, and when the browser closes.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 1800)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Mail: used for password reset only ---------------------------------------------
# Without EMAIL_HOST no mail can go out, so the password-reset pages do not exist (404);
# with it they send the reset link through this SMTP server (STARTTLS unless EMAIL_USE_SSL).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
PASSWORD_RESET_BY_MAIL = bool(EMAIL_HOST)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_PORT = envint("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "webmaster@localhost"

# HTTPS only in production (DEBUG off): redirect, secure cookies, HSTS. DJANGO_HTTPS=0 turns
# all three off (a plain-HTTP bench on loopback). Behind a proxy that terminates TLS, set
# DJANGO_BEHIND_TLS_PROXY=1 so its X-Forwarded-Proto header tells Django the request was
# HTTPS; DJANGO_SECURE_SSL_REDIRECT=0 when that proxy already redirects plain HTTP itself.
HTTPS = envbool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
# Load balancers probe /healthz over plain HTTP and count a redirect as down; Prometheus
# scrapes each instance's own address (no TLS there) and a redirect would leave it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
# /healthz gives its details (database, cache, upstream endpoint) to a caller sending
# "Authorization: Bearer <this>" (monitoring) and to signed-in superusers; unset: superusers only.
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")
# /metrics (Prometheus) answers a caller sending "Authorization: Bearer <METRICS_TOKEN>"
# and/or connecting from METRICS_ALLOWED_IPS (comma-separated addresses or networks, e.g.
# 10.0.0.0/8); with both set, both are needed; with neither, /metrics answers 404.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = envlist("METRICS_ALLOWED_IPS", [])
for _entry in METRICS_ALLOWED_IPS:
    import ipaddress

    try:
        ipaddress.ip_network(_entry, strict=False)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS: {_entry!r} is not an IP address or network."
        ) from None
# Set (gunicorn.conf.py sets one per instance), every worker writes its metrics there and a
# scrape adds them up; unset, /metrics serves the answering process's own.
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if envbool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy without 'unsafe-inline' (core/csp.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "core.csp.ContentSecurityPolicyMiddleware",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

if not DEBUG and not os.environ.get("DJANGO_SECRET_KEY"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production, the default). "
        "On a development machine set DJANGO_DEBUG=1 instead (make run does)."
    )

# Alerts (alerts/): the site's address for the links in notifications, and the reminders'
# back-off while a rule stays firing (the first after this many minutes, each next one twice
# as late, at most the cap).
ALERTS_SITE_ADDRESS = os.environ.get("ALERTS_SITE_ADDRESS", "http://127.0.0.1:8000").rstrip("/")
ALERTS_REMIND_MINUTES = envint("ALERTS_REMIND_MINUTES", 60)
ALERTS_REMIND_MAX_MINUTES = envint("ALERTS_REMIND_MAX_MINUTES", 24 * 60)
# Where ``dysms_sandbox_incident`` leaves the sandbox's incidents for the traffic loop to read.
SANDBOX_STATE_DIR = os.environ.get("SANDBOX_STATE_DIR") or str(BASE_DIR / ".sandbox")
