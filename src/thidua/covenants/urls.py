from django.urls import path

from thidua.covenants import views

app_name = "covenants"
Y = "<int:cluster_pk>/<int:year>"
urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("anh-hoi-nghi/<int:pk>/", views.conference_photo, name="conference_photo"),
    path(f"{Y}/", views.year_detail, name="year"),
    # One URL per action (docs/developer/conventions.md, "Pages"), each returning to its page.
    path(f"{Y}/open/", views.year_open, name="year_open"),
    path(f"{Y}/advance/", views.year_advance, name="year_advance"),
    path(f"{Y}/reopen/", views.year_reopen, name="year_reopen"),
    path(f"{Y}/plan/", views.plan_page, name="plan"),
    path(f"{Y}/plan/create/", views.plan_create, name="plan_create"),
    path(f"{Y}/plan/items/add/", views.plan_item_add, name="plan_item_add"),
    path(f"{Y}/plan/items/remove/", views.plan_item_remove, name="plan_item_remove"),
    path(f"{Y}/plan/comment/", views.plan_comment, name="plan_comment"),
    path(f"{Y}/plan/adopt/", views.plan_adopt, name="plan_adopt"),
    path(f"{Y}/covenant/", views.covenant_page, name="covenant"),
    path(f"{Y}/covenant/start/", views.covenant_start, name="covenant_start"),
    path(f"{Y}/covenant/settings/", views.covenant_settings, name="covenant_settings"),
    path(f"{Y}/covenant/sign/", views.covenant_sign, name="covenant_sign"),
    path(f"{Y}/covenant/new-version/", views.covenant_new_version, name="covenant_new_version"),
    path(f"{Y}/covenant/import/", views.covenant_import, name="covenant_import"),
    path(f"{Y}/covenant/table/", views.criteria_table, name="criteria_table"),
    path(f"{Y}/covenant/table/<slug:change>/", views.criteria_change, name="criteria_change"),
    path(f"{Y}/covenant/criteria.xlsx", views.criteria_export, name="criteria_export"),
    path(f"{Y}/covenant/signed.pdf", views.signed_pdf, name="signed_pdf"),
    path(f"{Y}/registrations/", views.registrations_page, name="registrations"),
    path(f"{Y}/registrations/deadline/", views.registration_deadline, name="registration_deadline"),
    path(f"{Y}/registrations/submit/", views.registration_submit, name="registration_submit"),
    path(f"{Y}/registrations/template.xlsx", views.registration_template, name="registration_template"),
    path(f"{Y}/registrations/import/", views.registration_import, name="registration_import"),
    path(f"{Y}/registrations.xlsx", views.registrations_export, name="registrations_export"),
]
