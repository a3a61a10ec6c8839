"""Single sign-on: a real OpenID Connect provider (npm's oidc-provider) on 127.0.0.1."""

import datetime
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import time_machine

from intro_program.tests.plugins.services import _missing_service

BASE_DIR = Path(__file__).resolve().parents[3]

OIDC_TEST_CLIENT_ID = "introduktionsprogrammet"
# The identity provider's accounts: a login and password at the provider, and the e-mail claim it sends.
OIDC_TEST_ACCOUNTS = {
    "enhetschef": {"password": "idp-enhetschef", "email": "enhetschef@example.se", "name": "Enhetschef Testsson"},
    "siri": {"password": "idp-siri", "email": "Siri.Samordnare@Example.se", "name": "Siri Samordnare"},
    "okand": {"password": "idp-okand", "email": "okand@example.se", "name": "Okänd Person"},
    "slutat": {"password": "idp-slutat", "email": "slutat@example.se", "name": "Slutat Person"},
}


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """Start intro_program/tests/oidc/provider.mjs with node for the live server; yield its issuer and client."""
    import json

    import requests

    node = shutil.which("node")
    if node is None:
        _missing_service("the single sign-on tests need node (apt-get install nodejs npm)")
    if not (BASE_DIR / "node_modules" / "oidc-provider").is_dir():
        _missing_service("the single sign-on tests need node_modules/oidc-provider (make install runs npm ci)")
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    secret = os.urandom(16).hex()
    client = {
        "client_id": OIDC_TEST_CLIENT_ID,
        "client_secret": secret,
        "redirect_uris": [f"{live_server.url}/oidc/callback/"],
        "post_logout_redirect_uris": [f"{live_server.url}/login/"],
    }
    accounts = [{"login": login, **account} for login, account in OIDC_TEST_ACCOUNTS.items()]
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [node, str(BASE_DIR / "intro_program" / "tests" / "oidc" / "provider.mjs")],
            cwd=BASE_DIR,
            env={
                **os.environ,
                "OIDC_TEST_PORT": str(port),
                "OIDC_TEST_CLIENT": json.dumps(client),
                "OIDC_TEST_ACCOUNTS": json.dumps(accounts),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the OpenID Connect provider exited: {log_path.read_text()}")
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the OpenID Connect provider did not answer within 30s: {log_path.read_text()}")
            time.sleep(0.1)
        yield {"issuer": issuer, "client_id": OIDC_TEST_CLIENT_ID, "client_secret": secret}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    """Point the app (and the in-process live server) at the test provider, on the provider's clock.

    The provider signs its tokens and sets its cookies with the real time, and Chromium judges
    cookie expiry by it too, so these tests travel from the frozen clock to the real now.
    """
    from django.core.cache import cache

    from intro_program import env

    settings.OIDC_ISSUER = oidc_provider["issuer"]
    settings.OIDC_RP_CLIENT_ID = oidc_provider["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider["client_secret"]
    settings.OIDC_PROVIDER_NAME = "Testkommunens konto"
    # As settings.py does for OIDC_ISSUER: the logout form may be redirected on to the provider.
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **directives,
            "form-action": [*directives["form-action"], *env.origins(oidc_provider["issuer"])],
        },
    }
    cache.clear()  # the discovery document of an earlier run's provider
    real_now = datetime.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), datetime.UTC)
    with time_machine.travel(real_now, tick=True):
        time.time()  # time-machine starts ticking at the first reading; from now, not when a later fixture reads it
        yield oidc_provider
