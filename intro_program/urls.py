from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from intro_program import health, history, register_extract, sso, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", sso.login, name="login"),
    path("logout/", sso.logout, name="logout"),
    path("oidc/authenticate/", sso.sign_in, name="oidc_authentication_init"),
    path("oidc/callback/", sso.callback, name="oidc_authentication_callback"),
    path("health/", health.health, name="health"),
    # The language switch works before login too, so the login page can be read in English.
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    # Before admin.site.urls, so the admin's own password form obeys PASSWORD_LOGIN too.
    path("admin/login/", sso.admin_login),
    path("admin/", admin.site.urls),
    path("organisation/", include("districts.urls")),
    path("kurser/", include("courses.urls")),
    path("introduktion/", include("checklists.urls")),
    path("utvardering/", include("surveys.urls")),
    path("kompetens/", include("competence.urls")),
    path("rapporter/", include("reports.urls")),
    path("historik/medarbetare/<int:pk>/", history.staff_history, name="staff_history"),
    path("historik/plan/<int:plan_id>/", history.plan_history, name="plan_history"),
    path("historik/omgang/<int:pk>/", history.round_history, name="round_history"),
    path("historik/nominering/<int:pk>/", history.nomination_history, name="nomination_history"),
    path("historik/checklistmall/<int:template_id>/", history.template_history, name="template_history"),
    path("registerutdrag/<int:pk>.json", register_extract.extract_json, name="register_extract_json"),
    path("registerutdrag/<int:pk>.pdf", register_extract.extract_pdf, name="register_extract_pdf"),
]

if settings.BENCH_FLOOR_VIEW:  # the benchmark's server only (intro_program.bench.server); never in a deployment
    from intro_program.bench.floor import FLOOR_PATH, floor

    urlpatterns += [path(FLOOR_PATH, floor, name="bench_floor")]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
