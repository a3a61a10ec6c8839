from django.urls import path

from checklists import views

app_name = "checklists"

urlpatterns = [
    path("mina-nyanstallda/", views.my_hires, name="my_hires"),
    path("enhet/", views.unit_overview, name="unit_overview"),
    path("del2-teman/", views.del2_theme_overview, name="del2_themes"),
    path("oversikt/", views.overview, name="overview"),
    path("ny/<int:staff_id>/", views.plan_create, name="plan_create"),
    path("plan/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plan/<int:plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plan/<int:plan_id>/andra/", views.plan_edit, name="plan_edit"),
    path("plan/<int:plan_id>/moten/ny/", views.meeting_create, name="meeting_create"),
    path("moten/<int:meeting_id>/registrera/", views.meeting_record_held, name="meeting_record_held"),
    path("punkt/<int:item_id>/bocka/", views.item_tick, name="item_tick"),
    path("mallar/", views.template_list, name="template_list"),
    path("mallar/<int:template_id>/nytt-utkast/", views.version_draft, name="version_draft"),
    path("mallar/version/<int:version_id>/", views.version_detail, name="version_detail"),
    path("mallar/version/<int:version_id>/publicera/", views.version_publish, name="version_publish"),
    path("mallar/version/<int:version_id>/pdf/", views.version_pdf, name="version_pdf"),
    path("mallar/version/<int:version_id>/punkt/ny/", views.template_item_create, name="template_item_create"),
    path("mallar/punkt/<int:item_id>/", views.template_item_edit, name="template_item_edit"),
    path("mallar/punkt/<int:item_id>/ta-bort/", views.template_item_delete, name="template_item_delete"),
    path("mallar/punkt/<int:item_id>/flytta/", views.template_item_move, name="template_item_move"),
    path("export/", views.export_list, name="export_list"),
    path("export/<int:export_id>/status/", views.export_status, name="export_status"),
    path("export/<int:export_id>/fil/", views.export_download, name="export_download"),
]
