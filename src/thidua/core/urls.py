from django.urls import path

from thidua.core import views

app_name = "core"
urlpatterns = [
    path("jobs/<int:pk>/", views.job_progress, name="job_progress"),
    path("healthz", views.health, name="health"),
    path("tim-kiem/", views.search_page, name="search"),
]
