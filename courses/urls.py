from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("program/", views.course_list, name="course_list"),
    path("program/ny/", views.course_create, name="course_create"),
    path("program/<int:pk>/", views.course_edit, name="course_edit"),
    path("program/<int:course_pk>/moduler/ny/", views.module_create, name="module_create"),
    path("moduler/<int:pk>/", views.module_edit, name="module_edit"),
    path("omgangar/ny/", views.round_create, name="round_create"),
    path("omgangar/<int:pk>/", views.round_detail, name="round_detail"),
    path("omgangar/<int:pk>/andra/", views.round_edit, name="round_edit"),
    path("omgangar/<int:pk>/flytta/", views.round_move, name="round_move"),
    path("omgangar/<int:pk>/stall-in/", views.round_cancel, name="round_cancel"),
    path("omgangar/<int:pk>/genomford/", views.round_mark_held, name="round_mark_held"),
    path("omgangar/<int:pk>/kalender.ics", views.round_ics, name="round_ics"),
    path("omgangar/<int:pk>/tillfallen/ny/", views.session_create, name="session_create"),
    path("omgangar/<int:pk>/nominera/", views.round_nominate, name="round_nominate"),
    path("omgangar/<int:pk>/narvaro/", views.attendance, name="attendance"),
    path("omgangar/<int:pk>/dialoggrupper/", views.dialogue_groups, name="dialogue_groups"),
    path("omgangar/<int:pk>/dialoggrupper/flytta/", views.dialogue_group_move, name="dialogue_group_move"),
    path("omgangar/<int:pk>/deltagarlista/", views.participant_list, name="participant_list"),
    path("tillfallen/<int:pk>/", views.session_edit, name="session_edit"),
    path("tillfallen/<int:pk>/stall-in/", views.session_cancel, name="session_cancel"),
    path("nominera/<int:staff_pk>/", views.nominate, name="nominate"),
    path("nyanstallda/del-1/", views.del1_waiting, name="del1_waiting"),
    path("nyanstallda/del-2/", views.del2_progress, name="del2_progress"),
    path("nomineringar/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("nomineringar/<int:pk>/avboka/", views.nomination_cancel, name="nomination_cancel"),
    path("nomineringar/<int:pk>/avbrott/", views.nomination_drop_out, name="nomination_drop_out"),
    path("nomineringar/<int:pk>/slutford/", views.nomination_complete, name="nomination_complete"),
    path("installningar/", views.planning_settings, name="planning_settings"),
    path("min-kalender/", views.my_calendar, name="my_calendar"),
    path("min-kalender/ny-adress/", views.feed_revoke, name="feed_revoke"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
]
