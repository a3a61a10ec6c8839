"""Production settings: `check --deploy` is clean, every page has a strict CSP, and nothing personal is cached."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from districts.models import Role

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]


def _production_env(**extra) -> dict:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="intro_program.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="introduktion.example.se",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/intro_program",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        **extra,
    )
    return env


def test_check_deploy_finds_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_redirects_to_https_behind_the_proxy_and_keeps_cookies_secure():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=_production_env(), capture_output=True, text=True
    )
    assert result.stdout.split("\n")[-2] == "True ('HTTP_X_FORWARDED_PROTO', 'https') 31536000 True True", result


def test_a_malformed_proxy_header_setting_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from intro_program import env

    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    with pytest.raises(ImproperlyConfigured):
        env.proxy_ssl_header()


def test_every_page_has_a_content_security_policy_without_unsafe_inline(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    for url in ("/", reverse("login"), reverse("districts:staff_list"), "/finns-inte/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy, url


# What the CSP refuses: inline handlers (onclick=...), style attributes and inline <script>/<style> blocks.
# PDF and e-mail templates are not shown by a browser and may keep theirs.
INLINE = re.compile(r"""\son[a-z]+\s*=|\sstyle\s*=|<style[\s>]|<script(?![^>]*\ssrc=)[^>]*>""", re.IGNORECASE)


def test_no_template_shown_in_a_browser_has_inline_script_or_style():
    found = []
    for path in sorted((BASE_DIR / "templates").rglob("*.html")):
        relative = path.relative_to(BASE_DIR / "templates")
        if "pdf" in relative.parts or "email" in relative.parts or relative.name == "pdf.html":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if INLINE.search(line):
                found.append(f"{relative}:{number}: {line.strip()[:100]}")
    assert not found, "\n".join(found)


def test_pages_files_and_exports_with_personal_data_are_not_stored(client, world):
    from checklists.tests.factories import plan_for

    plan = plan_for(world.hire)
    client.force_login(world.user(Role.HR))
    for url in (
        "/",
        reverse("districts:staff_detail", kwargs={"pk": world.hire.pk}),
        reverse("checklists:plan_detail", kwargs={"plan_id": plan.pk}),
        reverse("checklists:plan_pdf", kwargs={"plan_id": plan.pk}),
        reverse("reports:enrolment") + "?format=csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_static_files_keep_their_caching(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_gunicorn_has_an_explicit_timeout_and_worker_count():
    web = next(line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:"))
    assert re.search(r"--timeout \$\{WEB_TIMEOUT:-\d+\}", web) and re.search(
        r"--workers \$\{WEB_CONCURRENCY:-\d+\}", web
    )
