"""Settings for the test suite: fixed throw-away secrets, file-backed SQLite so WAL is real."""

import base64
import os
import tempfile

os.environ.setdefault("CORRIDOR_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("CORRIDOR_MASTER_KEY", base64.b64encode(b"T" * 32).decode())

from corridor.settings import *  # noqa: F403
from corridor.settings import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"corridor-test-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Two suites on one server (two checkouts) each need a test database of their own.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("CORRIDOR_TEST_DB", "test_corridor")}

PASSWORD_HASHERS = ["corridor.accounts.hashers.TestArgon2PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The live server of browser tests serves static files itself; whitenoise would want var/static.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405

# Tests flush tables between transactional tests; tests/audit installs the triggers itself.
CORRIDOR_AUDIT_DB_TRIGGERS = False

# Tasks run at once inside the test; the worker tests switch to the database backend.
if not os.environ.get("CORRIDOR_TEST_WORKER"):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Seconds the import waits inside its writing transaction (the killed-worker test only).
CORRIDOR_IMPORT_TEST_PAUSE = float(os.environ.get("CORRIDOR_IMPORT_TEST_PAUSE", "0"))
# The proof of work stays real but cheap in tests.
CORRIDOR_ALTCHA_MAX_NUMBER = 3000
