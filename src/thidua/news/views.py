from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.clusters.models import Conference
from thidua.clusters.selectors import public_clusters


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "clusters": public_clusters()[:12],
        "conferences": Conference.objects.select_related("cluster", "host").order_by("-date")[:5],
    }
    return render(request, "news/home.html", context)
