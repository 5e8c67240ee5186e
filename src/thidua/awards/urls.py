from django.urls import path

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.people, name="people"),
    path("catalogue/", views.catalogue_page, name="catalogue"),
    path("people/<int:pk>/", views.person_timeline, name="person_timeline"),
    path("people/<int:pk>/eligibility/", views.person_eligibility, name="person_eligibility"),
    path("units/<str:code>/", views.unit_timeline, name="unit_timeline"),
    path("rule-sets/<str:code>/", views.rule_set_page, name="rule_set"),
    path("rule-sets/<str:code>/parameters/", views.parameters_page, name="parameters"),
]

# A unit's own year and a person's own view (views_unit.py).
from thidua.awards import views_unit  # noqa: E402

urlpatterns += [
    path("me/", views_unit.my_registry, name="me"),
    path("units/<str:code>/<int:year>/ratings/", views_unit.unit_ratings, name="unit_ratings"),
    path(
        "units/<str:code>/<int:year>/ratings/<int:person_id>/save/",
        views_unit.rating_save,
        name="rating_save",
    ),
    path(
        "units/<str:code>/<int:year>/ratings/template.xlsx",
        views_unit.ratings_download,
        name="ratings_template",
    ),
    path("units/<str:code>/<int:year>/ratings/import/", views_unit.ratings_import, name="ratings_import"),
    path("units/<str:code>/<int:year>/review/", views_unit.unit_review_page, name="unit_review"),
    path("units/<str:code>/<int:year>/statistics/", views_unit.unit_statistics, name="unit_statistics"),
]
