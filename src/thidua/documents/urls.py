from django.urls import path

from thidua.documents import views

app_name = "documents"
urlpatterns = [
    path("<slug:kind>/<int:pk>.<str:fmt>", views.download, name="download"),
]
