from __future__ import annotations

from django.urls import path

from thidua.certificates import views

app_name = "certificates"
urlpatterns = [
    path("xac-minh/", views.verify_form, name="verify_form"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
    path("chung-nhan/", views.certificate_list, name="list"),
    path("chung-nhan/ban-sao/<str:code>.pdf", views.plain_copy, name="plain_copy"),
    path("chung-nhan/in/<str:code>.pdf", views.print_file, name="print_file"),
    path("chung-nhan/quyet-dinh/<int:pk>/", views.decision_page, name="decision"),
    path("chung-nhan/quyet-dinh/<int:pk>/in/", views.generate, name="generate"),
    path("chung-nhan/quyet-dinh/<int:pk>/tai-ve.zip", views.decision_zip, name="decision_zip"),
    path("chung-nhan/quyet-dinh/<int:pk>/ky-so/", views.sign, name="sign"),
    path("chung-nhan/quyet-dinh/<int:pk>/da-ky.pdf", views.signed_pdf, name="signed_pdf"),
    path("chung-nhan/bo-cuc/", views.layouts, name="layouts"),
    path("chung-nhan/bo-cuc/tao/", views.create_layout, name="create_layout"),
    path("chung-nhan/bo-cuc/<int:pk>/", views.layout_page, name="layout"),
    path("chung-nhan/bo-cuc/<int:pk>/luu/", views.save_layout, name="save_layout"),
    path("chung-nhan/bo-cuc/<int:pk>/can-chinh.pdf", views.calibration, name="calibration"),
    path("chung-nhan/thong-ke/", views.statistics, name="statistics"),
    path("chung-nhan/thong-ke/bao-cao.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
]
