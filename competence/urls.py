from django.urls import path

from competence import views

app_name = "competence"

urlpatterns = [
    path("medarbetare/<int:pk>/", views.staff_competence, name="staff"),
    path("medarbetare/<int:pk>/hogskolepoang/", views.credit_register, name="credit_register"),
    path("medarbetare/<int:pk>/provning/", views.review_record, name="review_record"),
]
