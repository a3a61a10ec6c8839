from django.urls import path

from courses.views import feeds, nominations, participants, planning, programme, rounds, sessions

app_name = "courses"

urlpatterns = [
    path("", rounds.calendar, name="calendar"),
    path("program/", programme.course_list, name="course_list"),
    path("program/ny/", programme.course_create, name="course_create"),
    path("program/<int:pk>/", programme.course_edit, name="course_edit"),
    path("program/<int:course_pk>/moduler/ny/", programme.module_create, name="module_create"),
    path("moduler/<int:pk>/", programme.module_edit, name="module_edit"),
    path("omgangar/ny/", rounds.round_create, name="round_create"),
    path("omgangar/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("omgangar/<int:pk>/andra/", rounds.round_edit, name="round_edit"),
    path("omgangar/<int:pk>/flytta/", rounds.round_move, name="round_move"),
    path("omgangar/<int:pk>/stall-in/", rounds.round_cancel, name="round_cancel"),
    path("omgangar/<int:pk>/genomford/", rounds.round_mark_held, name="round_mark_held"),
    path("omgangar/<int:pk>/kalender.ics", rounds.round_ics, name="round_ics"),
    path("omgangar/<int:pk>/tillfallen/ny/", sessions.session_create, name="session_create"),
    path("omgangar/<int:pk>/nominera/", nominations.round_nominate, name="round_nominate"),
    path("omgangar/<int:pk>/narvaro/", participants.attendance, name="attendance"),
    path("omgangar/<int:pk>/dialoggrupper/", participants.dialogue_groups, name="dialogue_groups"),
    path("omgangar/<int:pk>/dialoggrupper/flytta/", participants.dialogue_group_move, name="dialogue_group_move"),
    path("omgangar/<int:pk>/deltagarlista/", participants.participant_list, name="participant_list"),
    path("tillfallen/<int:pk>/", sessions.session_edit, name="session_edit"),
    path("tillfallen/<int:pk>/stall-in/", sessions.session_cancel, name="session_cancel"),
    path("nominera/<int:staff_pk>/", nominations.nominate, name="nominate"),
    path("nyanstallda/del-1/", nominations.del1_waiting, name="del1_waiting"),
    path("nyanstallda/del-2/", nominations.del2_progress, name="del2_progress"),
    path("nomineringar/<int:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path("nomineringar/<int:pk>/avboka/", nominations.nomination_cancel, name="nomination_cancel"),
    path("nomineringar/<int:pk>/flytta/", nominations.nomination_move, name="nomination_move"),
    path("nomineringar/<int:pk>/avbrott/", nominations.nomination_drop_out, name="nomination_drop_out"),
    path("nomineringar/<int:pk>/slutford/", nominations.nomination_complete, name="nomination_complete"),
    path("installningar/", planning.planning_settings, name="planning_settings"),
    path("installningar/stangda-dagar/", planning.closure_day_add, name="closure_day_add"),
    path("installningar/stangda-dagar/<int:pk>/ta-bort/", planning.closure_day_remove, name="closure_day_remove"),
    path("min-kalender/", feeds.my_calendar, name="my_calendar"),
    path("min-kalender/ny-adress/", feeds.feed_revoke, name="feed_revoke"),
    path("kalender/<str:token>.ics", feeds.feed, name="feed"),
]
