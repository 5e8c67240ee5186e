"""What every page of the emulation year shares: finding the year, ids from forms."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.clusters.models import Cluster, ClusterMembership, EmulationYear
from thidua.core.errors import InvalidInput
from thidua.covenants.selectors import emulation_year_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VERIFY_PARAMETER = "kiem-tra-chu-ky"
PAGE_SIZE = 50


def cluster_year(cluster_pk: int, year: int) -> tuple[Cluster, EmulationYear | None]:
    cluster = get_object_or_404(Cluster.objects.select_related("authority"), pk=cluster_pk)
    if not ClusterMembership.objects.filter(cluster=cluster, year=year).exists():
        raise Http404
    return cluster, emulation_year_for(cluster=cluster, year=year)


def year_or_404(cluster_pk: int, year: int) -> EmulationYear:
    _, emulation_year = cluster_year(cluster_pk, year)
    if emulation_year is None:
        raise Http404
    return emulation_year


def form_id(value: str | None) -> int:
    """The id of a row named by a form field; anything but digits is refused before any query."""
    if value is None or not value.isdigit():
        raise InvalidInput(f"Mã «{value or ''}» không hợp lệ.", fields={"id": "invalid"})
    return int(value)
