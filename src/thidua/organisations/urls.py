from django.urls import path

from thidua.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("<str:code>/", views.unit_detail, name="unit_detail"),
]
