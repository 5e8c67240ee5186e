from __future__ import annotations

from django.urls import path

from thidua.proposals import views, views_unit

app_name = "proposals"
urlpatterns = [
    path("", views.home, name="home"),
    path("ho-so/", views.dossier_list, name="dossier_list"),
    path("ho-so/tao/", views.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", views.dossier_page, name="dossier"),
    path("ho-so/<int:pk>/them-doi-tuong/", views.entry_add, name="entry_add"),
    path("ho-so/<int:pk>/them-tu-binh-xet/", views.selection_add, name="selection_add"),
    path("ho-so/<int:pk>/doi-tuong/<int:entry_pk>/xoa/", views.entry_remove, name="entry_remove"),
    path("ho-so/<int:pk>/doi-tuong/<int:entry_pk>/quyet-dinh/", views.entry_decide, name="entry_decide"),
    path("ho-so/<int:pk>/gui/", views.dossier_submit, name="dossier_submit"),
    path("ho-so/<int:pk>/tra-lai/", views.dossier_return, name="dossier_return"),
    path("ho-so/<int:pk>/tai-lieu/", views.attachment_add, name="attachment_add"),
    path("ho-so/<int:pk>/tai-lieu/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("hoi-dong/", views.council_list, name="council_list"),
    path("hoi-dong/tao/", views.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", views.council_page, name="council"),
    path("hoi-dong/<int:pk>/chuong-trinh/", views.council_agenda_add, name="council_agenda_add"),
    path("hoi-dong/<int:pk>/mo-bieu-quyet/", views.council_vote_open, name="council_vote_open"),
    path("hoi-dong/<int:pk>/ket-thuc-bieu-quyet/", views.council_vote_close, name="council_vote_close"),
    path("hoi-dong/<int:pk>/bien-ban/", views.council_minutes, name="council_minutes"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/tao/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.decision_page, name="decision"),
    path("quyet-dinh/<int:pk>/ban-hanh/", views.decision_issue, name="decision_issue"),
    path("quyet-dinh/<int:pk>/thu-hoi/", views.decision_revoke, name="decision_revoke"),
    path("binh-xet/", views_unit.reviews_latest, name="unit_overview_latest"),
    path("binh-xet/<int:year>/", views_unit.reviews_overview, name="unit_overview"),
    path("binh-xet/<str:code>/<int:year>/", views_unit.unit_review_page, name="unit_review"),
    path("binh-xet/<str:code>/<int:year>/de-nghi/", views_unit.review_mark, name="unit_review_mark"),
    path("binh-xet/<str:code>/<int:year>/gui/", views_unit.review_submit, name="unit_review_submit"),
    path("binh-xet/<str:code>/<int:year>/hoi-dong/", views_unit.review_council, name="unit_review_council"),
    path(
        "binh-xet/<str:code>/<int:year>/quyet-dinh/", views_unit.review_decision, name="unit_review_decision"
    ),
    path("cong-bo/", views.published_list, name="published_list"),
    path("cong-bo/<int:pk>/", views.published_page, name="published"),
]
