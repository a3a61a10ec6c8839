from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from intro_program import health, sso, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", sso.login, name="login"),
    path("logout/", sso.logout, name="logout"),
    path("oidc/authenticate/", sso.sign_in, name="oidc_authentication_init"),
    path("oidc/callback/", sso.callback, name="oidc_authentication_callback"),
    path("health/", health.health, name="health"),
    # The language switch works before login too, so the login page can be read in English.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    # Before admin.site.urls, so the admin's own password form obeys PASSWORD_LOGIN too.
    path("admin/login/", sso.admin_login),
    path("admin/", admin.site.urls),
    path("organisation/", include("districts.urls")),
    path("kurser/", include("courses.urls")),
    path("introduktion/", include("checklists.urls")),
    path("utvardering/", include("surveys.urls")),
    path("rapporter/", include("reports.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
