from django.urls import path

from thidua.news import views

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
]
