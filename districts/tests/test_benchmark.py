import pytest
from django.urls import reverse

from districts.management.commands import benchmark
from districts.models import Organisation, Role, StaffMember

pytestmark = pytest.mark.django_db


def test_national_seed_spreads_staff_over_organisations_with_supervised_hires():
    benchmark.seed_national(staff_count=1200, today=benchmark.timezone.localdate(), organisation_count=3)
    assert StaffMember.objects.count() == 1200
    assert Organisation.objects.filter(slug__startswith="bench-").count() == 3
    assert StaffMember.objects.filter(supervisor__isnull=False).exists()
    assert StaffMember.objects.filter(roles__role=Role.HR).exists()


def test_every_measured_page_answers_both_bench_users(client):
    benchmark.seed_national(staff_count=1200, today=benchmark.timezone.localdate(), organisation_count=3)
    users = benchmark.bench_users()
    assert set(users) == {"HR", "enhetschef"}
    for user, context in users.values():
        client.force_login(user)
        for page in benchmark.MEASURED_PAGES:
            if not page.url_name.startswith(("districts:", "dashboard")):
                continue
            url = reverse(page.url_name, kwargs=page.kwargs(context)) + page.query
            assert client.get(url).status_code == 200, url


def test_bench_database_sits_beside_the_configured_one(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intro_program")
    assert benchmark.bench_database_url() == "postgres://postgres@127.0.0.1:5432/intro_program_bench"
    monkeypatch.delenv("DATABASE_URL")
    assert benchmark.bench_database_url().endswith("var/bench.sqlite3")
