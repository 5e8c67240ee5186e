from django.urls import path

from thidua.clusters import views

app_name = "clusters"
urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("<int:pk>/manage/", views.cluster_manage, name="cluster_manage"),
    # One URL per action of the management page, each returning to it.
    path("<int:pk>/manage/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/manage/members/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/manage/members/carry-over/", views.members_carry_over, name="members_carry_over"),
    path("<int:pk>/manage/leaders/", views.leadership_set, name="leadership_set"),
]
