from django.urls import path

from districts import views

app_name = "districts"

urlpatterns = [
    path("personal/", views.staff_list, name="staff_list"),
    path("personal/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("personal/<int:pk>/andra/", views.staff_edit, name="staff_edit"),
    path("personal/<int:pk>/anonymisera/", views.staff_anonymise, name="staff_anonymise"),
    path("personal/import/", views.staff_import, name="staff_import"),
    path("personal/import/bekrafta/", views.staff_import_confirm, name="staff_import_confirm"),
    path("personal/import/exempel.<str:file_format>", views.staff_import_sample, name="staff_import_sample"),
    path("stadsdelar/", views.district_list, name="district_list"),
    path("stadsdelar/<int:pk>/", views.district_detail, name="district_detail"),
    path("enheter/", views.unit_list, name="unit_list"),
    path("enheter/<int:pk>/", views.unit_detail, name="unit_detail"),
]
