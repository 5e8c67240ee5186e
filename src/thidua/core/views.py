from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from thidua.core import search
from thidua.core.jobs import job_visible_to
from thidua.core.models import JobProgress


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar of a job; htmx polls the same URL and swaps in the partial until it ends."""
    job = get_object_or_404(JobProgress, pk=pk)
    if not job_visible_to(request.user, job):  # its owner, or who may see its object
        raise Http404
    template = "core/_job_progress.html" if request.htmx else "core/job_progress.html"
    return render(request, template, {"job": job})


def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and its database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def search_page(request: HttpRequest) -> HttpResponse:
    """The header's search box: every kind's best matches, or one kind's pages (`?kind=units`)."""
    query = search.clean_query(request.GET.get("q", ""))
    keys = {kind.key for kind in search.search_kinds()}
    kind = request.GET.get("kind") if request.GET.get("kind") in keys else None
    raw_page = request.GET.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and len(raw_page) < 6 else 1
    groups = search.search(request.user, query, kind=kind, page=page)
    context = {
        "query": query,
        "kind": kind,
        "groups": groups,
        "total": sum(group.total for group in groups),
        "kinds": search.search_kinds(),
    }
    return render(request, "core/search.html", context)
