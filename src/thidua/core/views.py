from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

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
