from django.urls import path

from reports import views, views_regional

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("anmalda-och-slutforda/", views.enrolment, name="enrolment"),
    path("enkater/", views.surveys, name="surveys"),
    path("enkater/<int:pk>/", views.survey_result, name="survey_result"),
    path("enkater/kurs/<int:course_pk>/", views.survey_course_result, name="survey_course_result"),
    path("enkater/uppfoljning/", views.survey_follow_up, name="survey_follow_up"),
    path("likabehandling/", views.equality, name="equality"),
    path("deltagande/", views.participation, name="participation"),
    path("forelasare/", views.teaching, name="teaching"),
    path("handledarnas-utbildning/", views.supervisor_training, name="supervisor_training"),
    path("region/", views_regional.regional, name="regional"),
    path("kompetensnivaer/", views.competence_levels, name="competence_levels"),
    path("kapacitet/", views.capacity_plan, name="capacity"),
    path("utbildningsbehov/", views.needs_periods, name="needs_periods"),
    path("utbildningsbehov/ny/", views.needs_period_create, name="needs_period_create"),
    path("utbildningsbehov/<int:pk>/", views.needs_summary, name="needs_summary"),
    path("utbildningsbehov/<int:pk>/stang/", views.needs_period_close, name="needs_period_close"),
    path("utbildningsbehov/<int:pk>/svara/", views.needs_answer, name="needs_answer"),
]
