from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from thidua.api.api import api

admin.site.site_header = "thidua – quản trị"
admin.site.site_title = "thidua"

urlpatterns = [
    path("", include("thidua.news.urls")),
    path("", include("thidua.core.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("units/", include("thidua.organisations.urls")),
    path("clusters/", include("thidua.clusters.urls")),
    path("covenants/", include("thidua.covenants.urls")),
    path("cham-diem/", include("thidua.scoring.urls")),
    path("documents/", include("thidua.documents.urls")),
    path("awards/", include("thidua.awards.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
