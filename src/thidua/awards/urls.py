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
