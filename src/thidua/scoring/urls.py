from django.urls import path

from thidua.scoring import views

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/", views.review_page, name="review"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/cross/start/", views.start_cross, name="start_cross"),
    path("<int:pk>/diem.xlsx", views.export, name="export"),
    path("<int:pk>/appeals/open/", views.open_appeals, name="open_appeals"),
    path("<int:pk>/don-vi/<str:unit_code>/", views.explain_page, name="explain"),
    path("bang-tu-cham/<int:pk>/", views.sheet_page, name="sheet"),
    path("bang-tu-cham/<int:pk>/tra-lai/", views.return_sheet, name="return_sheet"),
    path("cham-cheo/<int:pk>/", views.assignment_page, name="assignment"),
]
