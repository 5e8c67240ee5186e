from django.urls import path

from thidua.covenants import views

app_name = "covenants"
urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("anh-hoi-nghi/<int:pk>/", views.conference_photo, name="conference_photo"),
    path("<int:cluster_pk>/<int:year>/", views.year_detail, name="year"),
    path("<int:cluster_pk>/<int:year>/plan/", views.plan_page, name="plan"),
    path("<int:cluster_pk>/<int:year>/covenant/", views.covenant_page, name="covenant"),
    path("<int:cluster_pk>/<int:year>/covenant/table/", views.criteria_table, name="criteria_table"),
    path("<int:cluster_pk>/<int:year>/covenant/criteria.xlsx", views.criteria_export, name="criteria_export"),
    path("<int:cluster_pk>/<int:year>/covenant/signed.pdf", views.signed_pdf, name="signed_pdf"),
    path("<int:cluster_pk>/<int:year>/registrations/", views.registrations_page, name="registrations"),
    path(
        "<int:cluster_pk>/<int:year>/registrations.xlsx",
        views.registrations_export,
        name="registrations_export",
    ),
]
