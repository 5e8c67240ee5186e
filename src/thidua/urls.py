from django.contrib import admin
from django.urls import include, path, re_path

from thidua.api.api import api, unknown_path

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
    path("bo-phieu/", include("thidua.voting.urls")),
    path("khen-thuong/", include("thidua.proposals.urls")),
    path("", include("thidua.certificates.urls")),  # the public verification page: /xac-minh/<code>/
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_path),
    path("admin/", admin.site.urls),
]
# Uploaded files are never served by URL under /media/, not even in debug: a draft's pictures are
# private until the article is public; each file goes out through its own view (news.views.article_image
# and article_audio check the rules; covenants.views.signed_pdf).
