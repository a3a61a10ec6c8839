from django.urls import path

from surveys import followup_views, views

app_name = "surveys"

urlpatterns = [
    path("mallar/", views.template_list, name="template_list"),
    path("mallar/ny/", views.template_create, name="template_create"),
    path("mallar/<int:pk>/", views.template_detail, name="template_detail"),
    path("mallar/<int:pk>/andra/", views.template_edit, name="template_edit"),
    path("mallar/<int:pk>/kopiera/", views.template_copy, name="template_copy"),
    path("mallar/<int:template_pk>/fragor/ny/", views.question_create, name="question_create"),
    path("fragor/<int:pk>/andra/", views.question_edit, name="question_edit"),
    path("fragor/<int:pk>/ta-bort/", views.question_delete, name="question_delete"),
    path("skicka/", views.survey_send, name="survey_send"),
    path("svar/<str:token>/", views.answer, name="answer"),
    path("uppfoljning/", followup_views.follow_up_settings, name="follow_up_settings"),
    path("uteblivet-deltagande/<int:pk>/", followup_views.non_participation_answer, name="non_participation_answer"),
]
