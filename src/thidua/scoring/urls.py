from django.urls import path

from thidua.scoring import views

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/", views.review_page, name="review"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/cross/start/", views.start_cross, name="start_cross"),
    path("<int:pk>/phan-cong/", views.rotation_page, name="rotation"),
    path("<int:pk>/phan-cong/luu/", views.set_rotation, name="set_rotation"),
    path("<int:pk>/xung-dot/", views.declare_conflict, name="declare_conflict"),
    path("<int:pk>/tinh-lai/", views.recompute, name="recompute"),
    path("<int:pk>/diem.xlsx", views.export, name="export"),
    path("<int:pk>/appeals/open/", views.open_appeals, name="open_appeals"),
    path("<int:pk>/kien-nghi/", views.record_appeal, name="record_appeal"),
    path("<int:pk>/kien-nghi/<int:appeal_pk>/tra-loi/", views.answer_appeal, name="answer_appeal"),
    path("<int:pk>/don-vi/<str:unit_code>/", views.explain_page, name="explain"),
    path("nam/<int:cluster_pk>/<int:year>/", views.year_page, name="year"),
    path("nam/<int:cluster_pk>/<int:year>/mo/", views.start_self_assessment, name="start_self"),
    path("bang-tu-cham/<int:pk>/", views.sheet_page, name="sheet"),
    path("bang-tu-cham/<int:pk>/luu/", views.save_sheet, name="save_sheet"),
    path("bang-tu-cham/<int:pk>/nop/", views.submit_sheet, name="submit_sheet"),
    path("bang-tu-cham/<int:pk>/thuong-tru/", views.save_claims, name="save_claims"),
    path("bang-tu-cham/<int:pk>/minh-chung/", views.add_evidence, name="add_evidence"),
    path("bang-tu-cham/<int:pk>/tra-lai/", views.return_sheet, name="return_sheet"),
    path("bang-tu-cham/<int:pk>/hoi/", views.ask_query_on_sheet, name="ask_query_on_sheet"),
    path("bang-tu-cham/<int:pk>/hoi/<int:query_pk>/tra-loi/", views.answer_query, name="answer_query"),
    path("bang-tu-cham/<int:pk>/bang-diem.xlsx", views.sheet_export, name="sheet_export"),
    path("bang-tu-cham/<int:pk>/nhap-excel/", views.sheet_import, name="sheet_import"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("cham-cheo/<int:pk>/", views.assignment_page, name="assignment"),
    path("cham-cheo/<int:pk>/luu/", views.save_cross, name="save_cross"),
    path("cham-cheo/<int:pk>/nop/", views.submit_cross, name="submit_cross"),
    path("cham-cheo/<int:pk>/mo-khoa/", views.unlock_cross, name="unlock_cross"),
    path("cham-cheo/<int:pk>/hoi/", views.ask_query, name="ask_query"),
    path("cham-cheo/<int:pk>/bang-diem.xlsx", views.assignment_export, name="assignment_export"),
    path("cham-cheo/<int:pk>/nhap-excel/", views.assignment_import, name="assignment_import"),
]
