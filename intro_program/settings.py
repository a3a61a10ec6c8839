"""Settings for the introduction programme manager; every deployment value comes from intro_program.env."""

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from intro_program import env

BASE_DIR = env.BASE_DIR

DEBUG = env.env_bool("DEBUG", default=False)
SECRET_KEY = env.secret_key(debug=DEBUG)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.env_str("SITE_URL", "http://127.0.0.1:8000")

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
    "django_htmx",
    "django_celery_beat",
    "axes",
    "csp",
    "districts",
    "courses",
    "checklists",
    "surveys",
    "competence",
    "reports",
    # Last: it composes the apps (onboarding, the admin of organisations, seed_demo, benchmark), login receivers.
    "intro_program",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "intro_program.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "intro_program.middleware.SwedishUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "intro_program.middleware.RefuseNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "intro_program.middleware.SessionLimitsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "intro_program.urls"
WSGI_APPLICATION = "intro_program.wsgi.application"

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
                "districts.context_processors.access_scope",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env.env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env.env_int("DATABASE_CONN_MAX_AGE", 60),
        # A kept connection is checked before a request uses it, so one the database dropped (a restart,
        # a failover) is replaced instead of answering 500.
        conn_health_checks=env.env_bool("DATABASE_CONN_HEALTH_CHECKS", default=True),
    )
}
# The dashboards' and reports' compiled reads (districts.compiled) run as statements prepared on each PostgreSQL
# connection; off behind a pooler that hands one client several server connections (PgBouncer in transaction mode).
COMPILED_READS_PREPARED = env.env_bool("DATABASE_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has web, worker and beat writing one file at once. WAL lets readers go on
    # beside a writer; IMMEDIATE takes the write lock when a transaction begins, since a transaction
    # that read first and then wants to write is refused at once ("database is locked") whatever the
    # timeout; the timeout is how long a writer waits for its turn.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.env_int("SQLITE_BUSY_TIMEOUT", 20),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling pays off for long analytic queries, not for a page's: a report's queries, costed high for
    # their per-row subqueries, spent 0.2-0.4 s compiling for 0.1 s of work (EXPLAIN ANALYZE, national seed).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()  # after any the URL gives
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "districts.backends.EmployedStaffBackend",  # ModelBackend that refuses leavers
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = env.env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
# Failures count per username and address together: guessing one account's password locks out that
# account from that address only, not everyone behind the same NAT. A successful login clears only
# its own username's failures from that address, so an attacker's own login resets nothing else.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.env_bool("AXES_ENABLED", default=True)

# --- sessions: they end after SESSION_IDLE_MINUTES without activity and SESSION_MAX_HOURS in all
# (intro_program.session_limits), and when the user's employment has ended.
SESSION_IDLE_MINUTES = env.env_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env.env_int("SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600  # nor does the cookie or the stored session outlive it

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.env_bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env.env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env.env_str("DEFAULT_FROM_EMAIL", "introduktion@example.se")

CELERY_BROKER_URL = env.broker_url()
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_folder = str(env.filesystem_broker_folder())
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _broker_folder,
        "data_folder_out": _broker_folder,
        "control_folder": _broker_folder,  # kombu's default is ./control in the working directory
    }
CELERY_TASK_ALWAYS_EAGER = env.env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task a killed worker had started is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_IGNORE_RESULT = True

# Each app lists the dashboard panels it contributes; the dashboard shows them in this order.
DASHBOARD_PANEL_PROVIDERS = [
    "districts.dashboard.panels",
    "courses.dashboard.panels",
    "checklists.dashboard.panels",
    "surveys.dashboard.panels",
    "reports.dashboard.panels",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO: ten lines a PDF, thousands in a bulk export.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- HTTPS and security headers (`manage.py check --deploy` passes with DEBUG off) ---
if not DEBUG:
    SESSION_COOKIE_SECURE = env.env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.env_bool("SECURE_HSTS_PRELOAD", default=True)
# Behind a proxy that ends TLS, the header it sets to say the request came over HTTPS, e.g.
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (set it only when the proxy always sets or strips it).
SECURE_PROXY_SSL_HEADER = env.proxy_ssl_header()

# Content-Security-Policy (django-csp 4): only the app's own scripts, styles, fonts and images; no inline
# script or style (the templates use static/js/app.js and classes in static/css/app.css instead).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws some icons (the navbar toggler, select arrows) as data: SVG
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# `manage.py seed_demo` loads the organisation and staff, onboards the organisation
# (intro_program.onboarding: the default programme and checklist template), then calls each app's idempotent
# `seed(*, organisation, today)` listed here, in order. Plans come before course records so
# that the course seeder's completions tick the plans' linked items, as real ones would.
DEMO_DATA_SEEDERS = [
    "checklists.demo.seed",
    "courses.demo.seed",
    "surveys.demo.seed",
    "competence.demo.seed",
    "reports.demo.seed",
]

# --- checklists ---
CHECKLISTS_EXPORT_KEEP_HOURS = env.env_int("CHECKLISTS_EXPORT_KEEP_HOURS", 24)  # then the zip is removed
# Seconds to pause after each plan in a bulk export; only tests set it, to kill a worker mid-export.
CHECKLISTS_EXPORT_RENDER_DELAY = float(env.env_str("CHECKLISTS_EXPORT_RENDER_DELAY", "0") or 0)
# Plans per part of a bulk export: each part is one task, so the workers share an export part by part.
CHECKLISTS_EXPORT_CHUNK_SIZE = env.env_int("CHECKLISTS_EXPORT_CHUNK_SIZE", 5)

# --- task limits, mail retries and the broker's redelivery (intro_program.tests.test_task_limits checks them) ---
# A task is stopped after its soft limit (SoftTimeLimitExceeded, so it can clean up), killed after the hard one.
CELERY_TASK_SOFT_TIME_LIMIT = env.env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env.env_int("CELERY_TASK_TIME_LIMIT", 360)
# The two long tasks (a bulk PDF export of up to 2,000 plans, laying out plans for a large import) get longer.
LONG_TASK_SOFT_TIME_LIMIT = env.env_int("LONG_TASK_SOFT_TIME_LIMIT", 3000)
LONG_TASK_TIME_LIMIT = LONG_TASK_SOFT_TIME_LIMIT + 60
# A mail task whose send fails is retried (districts.mail_tasks.MailTask), waiting 60 s, 120 s, ... up
# to 30 min between tries: about two hours of a mail server being away before it gives up and logs it.
MAIL_RETRY_MAX = env.env_int("MAIL_RETRY_MAX", 8)
MAIL_RETRY_BACKOFF_SECONDS = env.env_int("MAIL_RETRY_BACKOFF_SECONDS", 60)
MAIL_RETRY_BACKOFF_MAX_SECONDS = env.env_int("MAIL_RETRY_BACKOFF_MAX_SECONDS", 1800)
EMAIL_TIMEOUT = env.env_int("EMAIL_TIMEOUT", 30)  # seconds; a mail server that hangs is a failed send
# How soon Redis hands an unacknowledged task (a crashed worker's, or one waiting for its retry) to another
# worker. It must be longer than the longest task and the longest retry wait, or a task runs twice.
CELERY_VISIBILITY_TIMEOUT = env.env_int("CELERY_VISIBILITY_TIMEOUT", 2 * 3600)
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # A worker looks for a crashed worker's tasks every interval x throttle seconds (kombu's 10 x 10); only the
        # first look of a new worker is on time, so a test with a visibility timeout of seconds looks every second.
        "unacked_restore_interval": env.env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
        "unacked_restore_throttle": env.env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
    }

# The web processes share one cache (CACHE_URL, else the broker's Redis, else files in var/cache/ on the embedded
# default): what the small-group suppression hid in a table (reports.suppression.cache) is worked out once, not
# once a worker. Its keys are digests of a table's content, so nothing in it can go stale.
CACHE_URL = env.env_str("CACHE_URL") or (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "intro"}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    ),
}

# --- audit trail and data protection ---
# django-simple-history records every change of the important models (districts.audit); the middleware
# names the logged-in user on the rows a request writes. History is never reverted or edited from the admin.
INSTALLED_APPS += ["simple_history"]
MIDDLEWARE += ["simple_history.middleware.HistoryRequestMiddleware"]
SIMPLE_HISTORY_REVERT_DISABLED = True
# Each module contributes what the app holds about one person to the register extract and scrubs it
# when the person is anonymised (`extract(*, staff)` and `anonymise(*, staff)`), in this order.
PERSONAL_DATA_MODULES = [
    "districts.personal_data",
    "courses.personal_data",
    "checklists.personal_data",
    "competence.personal_data",
]
# The benchmark's floor view (intro_program.bench.floor): on only in the server `make bench` starts.
BENCH_FLOOR_VIEW = env.env_bool("BENCH_FLOOR_VIEW", default=False)
BACKUP_DIR = env.env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups"))  # make backup / make restore

# --- single sign-on (OpenID Connect) ---
# Staff sign in with the organisation's identity provider (Entra ID, Keycloak, ...), matched to a staff
# member by work e-mail (districts.oidc). On when OIDC_RP_CLIENT_ID and OIDC_ISSUER are set; the
# endpoints come from the issuer's discovery document unless the OIDC_OP_* variables name them.
PASSWORD_LOGIN = env.env_bool("PASSWORD_LOGIN", default=True)  # false: SSO only (the demo needs passwords)
env.check_single_sign_on(password_login=PASSWORD_LOGIN)
OIDC_PROVIDER_NAME = env.env_str("OIDC_PROVIDER_NAME") or _("organisationens konto")  # "Logga in med ..."
OIDC_ISSUER = env.env_str("OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env.env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env.env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env.env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env.env_str("OIDC_OP_LOGOUT_ENDPOINT", "")  # end_session_endpoint
OIDC_RP_CLIENT_ID = env.env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env.env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SCOPES = env.env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = env.env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_IDP_SIGN_KEY = env.env_str("OIDC_RP_IDP_SIGN_KEY", "")  # instead of the JWKS endpoint, a PEM key
OIDC_EMAIL_CLAIM = env.env_str("OIDC_EMAIL_CLAIM", "email")  # Entra ID without an e-mail claim: "upn"
OIDC_TOKEN_USE_BASIC_AUTH = env.env_bool("OIDC_TOKEN_USE_BASIC_AUTH", default=False)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.env_int("OIDC_TIMEOUT", 10)  # seconds for each call to the provider
OIDC_VERIFY_SSL = True
OIDC_DISCOVERY_CACHE_SECONDS = env.env_int("OIDC_DISCOVERY_CACHE_SECONDS", 3600)
OIDC_STORE_ID_TOKEN = True  # the end-session request names the session it ends (id_token_hint)
OIDC_OP_LOGOUT_URL_METHOD = "districts.oidc.provider_logout_url"
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "districts.oidc.StaffOIDCBackend"]  # acts only when configured
# Logging out posts to /logout/, which then sends the browser to the provider's end-session endpoint; the
# browser lets a form's redirect leave the site only to what form-action allows. Set OIDC_OP_LOGOUT_ENDPOINT
# when the provider ends sessions on another host than its issuer's.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [
    *CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
    *env.origins(OIDC_ISSUER, OIDC_OP_LOGOUT_ENDPOINT),
]

# --- health check for the load balancer (intro_program.health) ---
HEALTH_TIMEOUT_SECONDS = env.env_int("HEALTH_TIMEOUT_SECONDS", 3)
HEALTH_WORKER_PING_TIMEOUT_SECONDS = float(env.env_str("HEALTH_WORKER_PING_TIMEOUT_SECONDS", "1") or 1)
HEALTH_WORKER_PING_INTERVAL_SECONDS = env.env_int("HEALTH_WORKER_PING_INTERVAL_SECONDS", 30)
HEALTH_WORKER_STALE_SECONDS = env.env_int("HEALTH_WORKER_STALE_SECONDS", 300)
HEALTH_WORKER_REQUIRED = env.env_bool("HEALTH_WORKER_REQUIRED", default=False)

# --- quiet `make run`: the URL, the logins and real errors only ---
AXES_VERBOSE = False  # axes printed its version banner on every manage.py command
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot create the three UniqueConstraint(nulls_distinct=False) of surveys (one active template
    # per purpose; one answer per question and module; one non-participation question per unit or district and
    # period); they hold on PostgreSQL, where production and
    # the test suite run. SQLite serves only the embedded demo of `make run`.
    # W040: the covering indexes' INCLUDE columns, which make PostgreSQL's counts index-only; SQLite builds the
    # same indexes on their key columns alone, which is all its demo needs.
    SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
