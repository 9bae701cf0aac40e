"""Settings shared by every environment. Every value that varies comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production-0123456789abcdef")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Content in several languages (name_en, name_vi, name_fr columns): registered before the admin.
    "modeltranslation",
    # Cross-cutting apps (they import no feature app).
    "hanoi_ceremony.accounts",
    "hanoi_ceremony.core",
    "hanoi_ceremony.audit",
    "hanoi_ceremony.notifications",
    "hanoi_ceremony.reminders",
    # Feature apps.
    "delegations",
    "agenda",
    "agenda.signing",
    "agenda.bilaterals",
    "agenda.seating",
    "delegations.protocol",
    "subcommittees",
    "delegations.accreditation",
    "delegations.checkin",
    "subcommittees.budget",
    "subcommittees.reception",
    # Django and third parties.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "ninja",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "hanoi_ceremony.core.middleware.DeviceApiBranchMiddleware",  # DEVICE_API_PATHS take the stack below
    "django.middleware.security.SecurityMiddleware",
    "hanoi_ceremony.core.middleware.PermissionsPolicyMiddleware",
    "hanoi_ceremony.core.middleware.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hanoi_ceremony.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

# The scanning devices' API (bearer tokens, no cookies) has a stack of its own: no sessions, CSRF, sign-in,
# messages or static files, which have nothing to do for a device and cost a sixth of a gate scan's Python
# time.
DEVICE_API_PATHS = ["/api/checkin/"]
DEVICE_API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hanoi_ceremony.core.middleware.PermissionsPolicyMiddleware",
    "hanoi_ceremony.core.middleware.RefuseNulBytesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hanoi_ceremony.core.middleware.DeviceApiHeadersMiddleware",
]

ROOT_URLCONF = "hanoi_ceremony.urls"
WSGI_APPLICATION = "hanoi_ceremony.wsgi.application"

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
                "hanoi_ceremony.core.context_processors.site",
                "hanoi_ceremony.notifications.context_processors.unread",
                "delegations.context_processors.review_inbox",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# DATABASE_URL switches to PostgreSQL (postgres://user:pass@host:5432/name); the default is a SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, checking a persistent connection's health without a round trip while it is well.
    DATABASES["default"]["ENGINE"] = "hanoi_ceremony.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Web, worker and beat share the file: wait for locks instead of failing, and take the write lock at
    # BEGIN so two writers never deadlock on an upgrade from a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Content-Security-Policy (django-csp): scripts and styles only from this site's static files — no inline
# <script>, no on…= handlers, no javascript: links, no style attributes (JS lives in static/<app>/js/,
# behaviours are data-attributes handled by static/core/js/ui.js). A view that sets its own policy keeps it
# (uploads are served with "default-src 'none'; sandbox").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT wrong passwords lock the user name, and (separately) the
# address they came from, for AXES_COOLOFF_MINUTES; a right password resets the count. Behind a proxy set
# AXES_IPWARE_PROXY_COUNT (production: 1) so the client's address is read from X-Forwarded-For.
AUTHENTICATION_BACKENDS = [
    # axes' and Django's, each loading the request's user with one prepared statement (accounts/backends.py)
    "hanoi_ceremony.accounts.backends.AxesBackend",  # first: refuses locked-out sign-ins; login(backend=[0]) works
    "hanoi_ceremony.accounts.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hanoi_ceremony.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False  # releasing goes through the organiser page, which audits it
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0) or None
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# The gate scan's hot statements are prepared once per connection (hanoi_ceremony/core/rawsql.py). Session
# state: turn it off behind a PgBouncer in transaction pooling mode.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)

# --- Cache ----------------------------------------------------------------------------------------
# CACHE_URL=redis://host:6379/1 shares rendered pages between processes; the default is per-process memory.
_cache_url = env_str("CACHE_URL", "")
if _cache_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("vi", _("Vietnamese")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content entered per language by organisers (session titles, room names, ...): the reader's language,
# falling back to English when a translation is empty. Registered in each app's translation.py.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "vi", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["hanoi_ceremony.formats"]  # one date presentation per language, always with the year

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------------
# The default writes each message to var/mail/ so a demo can read what was sent.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Hanoi Convention Secretariat <noreply@hanoi-convention.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Celery ---------------------------------------------------------------------------------------
# CELERY_BROKER_URL=redis://host:6379/0 in production. The default is kombu's filesystem transport in
# var/broker/, which web, worker and beat share without any server.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # A message a worker took but never acknowledged (the worker was killed) goes back to the queue after the
    # visibility timeout; the sweep that returns it runs every 10 s. The timeout stays above the hard task time
    # limit, so a task still running is never handed out twice; no ETA/countdown task exists to outlive it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int(
            "CELERY_VISIBILITY_TIMEOUT", env_int("CELERY_TASK_TIME_LIMIT", 120) + 60
        ),
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
        # The sweep holds a lock in Redis while it returns messages; a worker killed while holding it
        # would block every sweep for kombu's default five minutes. A sweep takes milliseconds.
        "unacked_mutex_expire": 30,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 120)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 100)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "UTC"
# Control tasks (heartbeat, reminder dispatcher, reaper) have their own queue, consumed by a worker that runs
# nothing else, so a large e-mail batch on the default queue never delays them (see README, "Processes").
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_CONTROL_QUEUE = "control"
CELERY_TASK_ROUTES = {
    "core.heartbeat": {"queue": CELERY_CONTROL_QUEUE},
    "reminders.dispatch": {"queue": CELERY_CONTROL_QUEUE},
    "reminders.reap": {"queue": CELERY_CONTROL_QUEUE},
}
CELERY_BEAT_SCHEDULE = {
    "core-heartbeat": {
        "task": "core.heartbeat",
        "schedule": timedelta(seconds=env_int("HEARTBEAT_SECONDS", 15)),
        "options": {"expires": 60},
    },
}
# How old a heartbeat may be before /healthz calls the worker or beat unhealthy.
HEALTH_MAX_HEARTBEAT_AGE = env_int("HEALTH_MAX_HEARTBEAT_AGE", 90)

# Demo data seeders, run in this order by `manage.py seed_demo` (each module has `seed(*, scale, out)`).
DEMO_SEEDERS = [
    "hanoi_ceremony.core.demo",
    "hanoi_ceremony.accounts.demo",
    "subcommittees.demo",
    "delegations.demo",
    "agenda.demo",
    "agenda.signing.demo",
    "delegations.accreditation.demo",
    "delegations.checkin.demo",
    "subcommittees.budget.demo",
    "subcommittees.reception.demo",
    "agenda.bilaterals.demo",
    "agenda.seating.demo",
    "hanoi_ceremony.reminders.demo",
    "hanoi_ceremony.core.demo_i18n",  # last: the other seeders' texts in Vietnamese and French
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
CELERY_BEAT_SCHEDULE["notifications-retry-pending-email"] = {
    "task": "notifications.retry_pending_email",
    "schedule": timedelta(minutes=5),
    "options": {"expires": 240},
}
# Seconds a process may reuse a public content area's version before asking the database again.
PAGECACHE_VERSION_TTL = float(env_str("PAGECACHE_VERSION_TTL", "1.0"))

# --- Reminders (hanoi_ceremony.reminders) ---------------------------------------------------------
# Reminders are database rows; beat runs the dispatcher and the reaper every minute (no ETA tasks).
REMINDERS_BATCH_SIZE = env_int(
    "REMINDERS_BATCH_SIZE", 500
)  # rows claimed per transaction and per sender task
REMINDERS_EMAIL_BATCH_SIZE = env_int(
    "REMINDERS_EMAIL_BATCH_SIZE", 20
)  # e-mail rows per sender task (SMTP each)
REMINDERS_DISPATCH_MAX = env_int("REMINDERS_DISPATCH_MAX", 20000)  # rows one dispatcher run may claim
REMINDERS_LEASE_SECONDS = env_int(
    "REMINDERS_LEASE_SECONDS", 600
)  # how long a claim lasts before the reaper frees it
# Once a sender task starts a batch its lease shrinks to this: the longest a running task can live (its hard
# time limit) plus a margin, so rows of a worker killed mid-batch come back within it, not after a full lease.
REMINDERS_RUNNING_LEASE_SECONDS = env_int("REMINDERS_RUNNING_LEASE_SECONDS", CELERY_TASK_TIME_LIMIT + 30)
REMINDERS_MISSED_AFTER_MINUTES = env_int("REMINDERS_MISSED_AFTER_MINUTES", 60)  # later than this: "missed"
REMINDERS_MAX_ATTEMPTS = env_int("REMINDERS_MAX_ATTEMPTS", 5)  # claims before a row is marked failed
CELERY_BEAT_SCHEDULE["reminders-dispatch"] = {
    "task": "reminders.dispatch",
    "schedule": timedelta(seconds=env_int("REMINDERS_DISPATCH_SECONDS", 60)),
    "options": {"expires": 55},
}
CELERY_BEAT_SCHEDULE["reminders-reap"] = {
    "task": "reminders.reap",
    "schedule": timedelta(seconds=env_int("REMINDERS_REAP_SECONDS", 60)),
    "options": {"expires": 55},
}

# --- Check-in at the gates (delegations.checkin) --------------------------------------------------
# Arrival alerts (a head of delegation scanned in) go to this subcommittee's members who are on duty.
CHECKIN_ARRIVAL_SUBCOMMITTEE = env_str("CHECKIN_ARRIVAL_SUBCOMMITTEE", "reception")
# The zone code of the signing room ("who is inside the signing room now").
CHECKIN_SIGNING_ROOM_ZONE = env_str("CHECKIN_SIGNING_ROOM_ZONE", "SGN")
# --- Personal data (delegations/privacy.py; README "Personal data") -----------------------------------------
# Days after the ceremony's last day each kind of a member's personal data is kept; beat purges daily.
PRIVACY_RETENTION_DAYS = {
    "passport": env_int("PRIVACY_PASSPORT_DAYS", 30),
    "photo": env_int("PRIVACY_PHOTO_DAYS", 30),
    "travel": env_int("PRIVACY_TRAVEL_DAYS", 30),
    "contact": env_int("PRIVACY_CONTACT_DAYS", 180),
}
CELERY_BEAT_SCHEDULE["delegations-privacy-purge"] = {
    "task": "delegations.privacy_purge",
    "schedule": timedelta(hours=24),
    "options": {"expires": 3600},
}

# --- Bilateral meetings (agenda.bilaterals) -------------------------------------------------------
BILATERAL_SLOT_MINUTES = env_int("BILATERAL_SLOT_MINUTES", 30)  # length of one meeting
BILATERAL_TURNOVER_MINUTES = env_int("BILATERAL_TURNOVER_MINUTES", 15)  # room free between meetings (APEC)
BILATERAL_DAILY_CAP = env_int("BILATERAL_DAILY_CAP", 2)  # meetings per delegation per day (ITU, G20)
BILATERAL_EXPIRY_HOURS = env_int("BILATERAL_EXPIRY_HOURS", 48)  # an unanswered request expires
BILATERAL_MAX_PARTICIPANTS = env_int("BILATERAL_MAX_PARTICIPANTS", 3)  # per side, besides the head
SIGNING_MINUTES_PER_PARTY = env_int("SIGNING_MINUTES_PER_PARTY", 3)  # estimate of one party's signature
CELERY_BEAT_SCHEDULE["bilaterals-expire"] = {
    "task": "bilaterals.expire",
    "schedule": timedelta(minutes=env_int("BILATERAL_EXPIRE_EVERY_MINUTES", 5)),
    "options": {"expires": 240},
}

# Every audit action must be registered (hanoi_ceremony/audit/registry.py): an unknown code is refused.
AUDIT_REQUIRE_REGISTERED = True
