from django.urls import path

from thidua.voting import views

app_name = "voting"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("tao/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/mo/", views.session_open, name="session_open"),
    path("<int:pk>/ket-thuc/", views.session_close, name="session_close"),
    path("<int:pk>/bo-phieu-lai/", views.session_runoff, name="session_runoff"),
    path("<int:pk>/cap-ma/", views.issue_credentials, name="issue_credentials"),
    path("<int:pk>/phieu-giay/", views.paper_ballots, name="paper_ballots"),
    path("<int:pk>/may-chieu/", views.projector, name="projector"),
    path("<int:pk>/luot-bo-phieu/", views.turnout, name="turnout"),
    path("<int:pk>/bang-cong-khai/", views.board, name="board"),
    path("phieu/", views.vote_entry, name="vote_entry"),
    path("phieu/<str:code>/", views.vote, name="vote"),
]
