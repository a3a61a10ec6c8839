"""`make run`'s embedded default (SQLite): the demo data seeds and every role's pages answer, none with a 500.

The suite runs on PostgreSQL, so a query only PostgreSQL understands (`= ANY(...)`, `ARRAY[...]`) would pass every
other test and break `make run` for whoever tries the app first. This seeds the demo on a SQLite file, signs in as
each demo login and opens the dashboard and every page it links to (one step deep, GET only), in a subprocess.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

CRAWL = r"""
import re, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from districts.demo import ADMIN_USERNAME, DEMO_LOGINS

call_command("migrate", "--noinput", verbosity=0)
call_command("seed_demo", "--staff", "200", verbosity=0)
# Leaving, switching language and the admin are not pages of a role's work; files are other tests' concern.
SKIP = re.compile(r"^/(logout|i18n|admin|static|oidc)/|\.(pdf|xlsx|csv|ics|zip|json)$")
LINK = re.compile(r'href="(/[^"#]*)"')
failures, opened = [], 0
users = [login.username for login in DEMO_LOGINS] + [ADMIN_USERNAME]
for username in users:
    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    home = client.get("/")
    opened += 1
    if home.status_code != 200:
        failures.append(f"{username} / -> {home.status_code}")
        continue
    links = sorted({link.replace("&amp;", "&") for link in LINK.findall(home.content.decode())})
    for link in links:
        if SKIP.search(link.split("?")[0]):
            continue
        response = client.get(link)
        opened += 1
        if response.status_code >= 500:
            failures.append(f"{username} {link} -> {response.status_code}")
print(f"opened {opened}")
for failure in failures:
    print("FAILED", failure)
sys.exit(1 if failures else 0)
"""


@pytest.mark.long_running(120)
@pytest.mark.timeout(600)
def test_on_sqlite_the_demo_seeds_and_every_page_a_role_links_to_answers(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="intro_program.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_FILESYSTEM_BROKER_DIR=str(tmp_path / "broker"),
        CELERY_TASK_ALWAYS_EAGER="",
    )
    result = subprocess.run(
        [sys.executable, "-c", CRAWL], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=540
    )

    output = result.stdout + result.stderr[-4000:]
    assert result.returncode == 0, output
    opened = int(result.stdout.split("opened ")[1].split()[0])
    assert opened > 8 * 8, output  # every login's dashboard and its links, not a login page
