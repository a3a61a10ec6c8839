"""Who may sign in with the identity provider (districts.oidc), and how the provider is found."""

import datetime

import jwt
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory
from django.utils import translation

from districts import clock, oidc, services
from districts.models import Role
from districts.tests.factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def swedish():
    """Read the refusals in Swedish, whatever language an earlier request in this thread left active."""
    with translation.override("sv"):
        yield


def test_first_sign_in_creates_the_staff_members_login_matched_by_work_email_in_any_case():
    staff = StaffMemberFactory(work_email="anna.berg@example.se", first_name="Anna", last_name="Berg")

    user = services.staff_sign_in(email="Anna.Berg@EXAMPLE.se", today=clock.today(), actor=None)

    staff.refresh_from_db()
    assert staff.user == user
    assert (user.username, user.email, user.first_name, user.last_name) == (
        "anna.berg@example.se",
        "anna.berg@example.se",
        "Anna",
        "Berg",
    )
    assert not user.has_usable_password(), "a login opened only by the identity provider has no password"


def test_the_first_sign_in_is_on_the_staff_members_history_with_the_system_as_actor_and_the_reason():
    staff = StaffMemberFactory(work_email="cia@example.se")

    user = services.staff_sign_in(email="cia@example.se", today=clock.today(), actor=None)

    latest = staff.history.order_by("-history_id").first()
    assert latest.user_id == user.pk
    assert latest.history_user is None
    assert latest.history_change_reason == services.SIGN_IN_REASON


def test_the_next_sign_in_uses_the_same_login():
    staff = StaffMemberFactory(with_login=True, work_email="bo@example.se")
    users_before = User.objects.count()

    assert services.staff_sign_in(email="bo@example.se", today=clock.today(), actor=None) == staff.user
    assert User.objects.count() == users_before


def test_someone_unknown_is_refused_and_no_account_is_created():
    StaffMemberFactory(work_email="someone.else@example.se")
    users_before = User.objects.count()

    with pytest.raises(oidc.SignInRefused) as refused:
        services.staff_sign_in(email="okand@example.se", today=clock.today(), actor=None)

    assert refused.value.reason == oidc.Refusal.UNKNOWN
    assert "ingen medarbetare med e-postadressen okand@example.se" in refused.value.message
    assert User.objects.count() == users_before


@pytest.mark.frozen_dates
def test_a_leaver_is_refused_from_the_day_after_the_last_day_of_employment():
    today = clock.today()
    StaffMemberFactory(work_email="slutat@example.se", employment_end=today - datetime.timedelta(days=1))
    last_day = StaffMemberFactory(work_email="sista.dagen@example.se", employment_end=today)
    users_before = User.objects.count()

    with pytest.raises(oidc.SignInRefused) as refused:
        services.staff_sign_in(email="slutat@example.se", today=today, actor=None)

    assert refused.value.reason == oidc.Refusal.LEFT
    assert refused.value.message.startswith("Din anställning upphörde ")
    assert User.objects.count() == users_before

    user = services.staff_sign_in(email="sista.dagen@example.se", today=today, actor=None)
    last_day.refresh_from_db()
    assert last_day.user == user, "the last day of employment is still a day at work"


def test_a_leaver_who_has_a_login_is_refused_too():
    staff = StaffMemberFactory(with_login=True, work_email="chef@example.se", roles=[Role.ENHETSCHEF])
    staff.employment_end = clock.today() - datetime.timedelta(days=1)
    staff.save()

    with pytest.raises(oidc.SignInRefused) as refused:
        services.staff_sign_in(email="chef@example.se", today=clock.today(), actor=None)
    assert refused.value.reason == oidc.Refusal.LEFT


def test_a_switched_off_login_is_refused():
    staff = StaffMemberFactory(with_login=True, work_email="avstangd@example.se")
    staff.user.is_active = False
    staff.user.save()

    with pytest.raises(oidc.SignInRefused) as refused:
        services.staff_sign_in(email="avstangd@example.se", today=clock.today(), actor=None)
    assert refused.value.reason == oidc.Refusal.INACTIVE


def test_a_user_name_taken_by_a_login_of_no_staff_member_is_not_taken_over():
    stranger = UserFactory(username="delad@example.se")
    staff = StaffMemberFactory(work_email="delad@example.se")

    with pytest.raises(oidc.SignInRefused) as refused:
        services.staff_sign_in(email="delad@example.se", today=clock.today(), actor=None)

    assert refused.value.reason == oidc.Refusal.TAKEN
    staff.refresh_from_db()
    assert staff.user is None and not hasattr(User.objects.get(pk=stranger.pk), "staff_member")


def test_no_email_claim_is_refused():
    with pytest.raises(oidc.SignInRefused) as refused:
        services.staff_sign_in(email="", today=clock.today(), actor=None)
    assert refused.value.reason == oidc.Refusal.NO_EMAIL


def test_single_sign_on_is_on_only_with_a_client_id_and_a_provider(settings):
    settings.OIDC_RP_CLIENT_ID = ""
    settings.OIDC_ISSUER = "https://login.example.se"
    assert not oidc.is_enabled()
    settings.OIDC_RP_CLIENT_ID = "app"
    assert oidc.is_enabled()


def test_the_endpoints_come_from_the_providers_discovery_unless_configured(settings, oidc_provider):
    cache.clear()
    settings.OIDC_ISSUER = oidc_provider["issuer"]
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_USER_ENDPOINT = "https://configured.example.se/userinfo"

    assert oidc.endpoint("OIDC_OP_TOKEN_ENDPOINT") == f"{oidc_provider['issuer']}/token"
    assert oidc.endpoint("OIDC_OP_LOGOUT_ENDPOINT") == f"{oidc_provider['issuer']}/session/end"
    assert oidc.endpoint("OIDC_OP_USER_ENDPOINT") == "https://configured.example.se/userinfo"


def test_a_discovery_document_for_another_issuer_is_not_used(settings, oidc_provider):
    cache.clear()
    settings.OIDC_ISSUER = f"{oidc_provider['issuer']}/"  # the provider names itself without the slash

    with pytest.raises(oidc.ProviderUnavailable):
        oidc.endpoint("OIDC_OP_TOKEN_ENDPOINT")


def test_a_provider_that_does_not_answer_is_unavailable(settings):
    cache.clear()
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # the discard port: nothing listens

    with pytest.raises(oidc.ProviderUnavailable):
        oidc.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")


@pytest.fixture
def hs256(settings):
    """Sign test ID tokens with the client secret (HS256), so tokens can be made here."""
    settings.OIDC_ISSUER = "https://login.example.se"
    settings.OIDC_RP_CLIENT_ID = "app"
    settings.OIDC_RP_CLIENT_SECRET = "a-long-client-secret-for-hs256-tests"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    return settings


def _id_token(settings, **claims):
    return jwt.encode(
        {"iss": settings.OIDC_ISSUER, "aud": settings.OIDC_RP_CLIENT_ID, "nonce": "n", **claims},
        settings.OIDC_RP_CLIENT_SECRET,
        algorithm="HS256",
    )


def test_an_id_token_for_our_client_from_our_issuer_verifies(hs256):
    assert oidc.StaffOIDCBackend().verify_token(_id_token(hs256), nonce="n")["aud"] == "app"


@pytest.mark.parametrize(
    "claims", [{"aud": "another-app"}, {"aud": ["another-app"]}, {"iss": "https://evil.example"}], ids=str
)
def test_an_id_token_for_another_client_or_from_another_issuer_is_rejected(hs256, claims):
    with pytest.raises(SuspiciousOperation):
        oidc.StaffOIDCBackend().verify_token(_id_token(hs256, **claims), nonce="n")


def test_a_signed_in_login_that_is_switched_off_is_signed_in_no_more():
    staff = StaffMemberFactory(with_login=True)
    backend = oidc.StaffOIDCBackend()
    assert backend.get_user(staff.user.pk) == staff.user
    staff.user.is_active = False
    staff.user.save()
    assert backend.get_user(staff.user.pk) is None


def test_a_password_login_never_reaches_the_provider(hs256):
    request = RequestFactory().get("/login/", {"code": "c", "state": "s"})
    assert oidc.StaffOIDCBackend().authenticate(request, username="anna", password="secret") is None


def test_logout_after_single_sign_on_goes_to_the_providers_end_session_endpoint(hs256):
    hs256.OIDC_OP_LOGOUT_ENDPOINT = "https://login.example.se/logout"
    request = RequestFactory().post("/logout/")
    request.session = {"oidc_id_token": "the.id.token"}

    url = oidc.provider_logout_url(request)

    assert url == (
        "https://login.example.se/logout?id_token_hint=the.id.token"
        "&post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Flogin%2F&client_id=app"
    )
    request.session = {}
    assert oidc.provider_logout_url(request) == "/login/", "a password login ends here only"
