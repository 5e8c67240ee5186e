from django.urls import path

from thidua.clusters import views

app_name = "clusters"
urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("<int:pk>/manage/", views.cluster_manage, name="cluster_manage"),
]
