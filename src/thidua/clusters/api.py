"""API of movements, clusters, members and leaders. Reading is public; writing needs the rules."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from thidua.clusters import services
from thidua.clusters.models import Cluster, Movement
from thidua.clusters.selectors import public_clusters, years_of
from thidua.core.schema import CountValue, EmulationYearValue
from thidua.organisations.models import Unit

router = Router(tags=["Cụm, khối thi đua"])


class ClusterOut(Schema):
    id: int
    kind: str
    number: int
    name: str
    authority: str = Field(..., alias="authority.name")
    authority_code: str = Field(..., alias="authority.code")


class MemberOut(Schema):
    code: str
    name: str
    short_name: str


class ClusterYearOut(Schema):
    year: int
    leader: str | None
    deputy: str | None
    members: list[MemberOut]


class ClusterDetailOut(ClusterOut):
    description: str
    years: list[ClusterYearOut]


class MovementOut(Schema):
    id: int
    name: str
    theme: str
    start: datetime.date
    end: datetime.date | None
    authority: str = Field(..., alias="authority.name")


class ClusterIn(Schema):
    authority_code: str
    number: CountValue
    name: str
    kind: str = "cluster"
    description: str = ""


class MembershipIn(Schema):
    unit_code: str
    year: EmulationYearValue


class LeadershipIn(Schema):
    year: EmulationYearValue
    leader_code: str
    deputy_code: str | None = None
    decided_by: str = ""


class LeadershipOut(Schema):
    year: int
    leader: str = Field(..., alias="leader.code")
    deputy: str | None = Field(None, alias="deputy.code")
    decided_by: str


@router.get("/clusters", response=list[ClusterOut], auth=None, summary="Cụm, khối thi đua")
def list_clusters(request: HttpRequest) -> QuerySet[Cluster]:
    return public_clusters()


@router.get(
    "/clusters/{cluster_id}", response=ClusterDetailOut, auth=None, summary="Một cụm với thành viên từng năm"
)
def get_cluster(request: HttpRequest, cluster_id: int) -> Cluster:
    cluster = get_object_or_404(public_clusters(), pk=cluster_id)
    years = [
        {
            "year": year,
            "leader": leadership.leader.code if leadership else None,
            "deputy": leadership.deputy.code if leadership and leadership.deputy else None,
            "members": members,
        }
        for year, leadership, members in years_of(cluster)
    ]
    # The schema reads `authority.name` through the object; a dict of the fields would lose it.
    cluster.years = years  # type: ignore[attr-defined]
    return cluster


@router.get("/movements", response=list[MovementOut], auth=None, summary="Phong trào thi đua")
def list_movements(request: HttpRequest) -> QuerySet[Movement]:
    return Movement.objects.select_related("authority").order_by("-start")


@router.post("/clusters", response={201: ClusterOut}, summary="Tạo cụm, khối")
def create_cluster(request: HttpRequest, payload: ClusterIn) -> tuple[int, Cluster]:
    authority = get_object_or_404(Unit, code=payload.authority_code)
    cluster = services.create_cluster(
        actor=request.user,
        authority=authority,
        number=payload.number,
        name=payload.name,
        kind=payload.kind,
        description=payload.description,
    )
    return 201, cluster


@router.post(
    "/clusters/{cluster_id}/members", response={201: MemberOut}, summary="Thêm thành viên cho một năm"
)
def add_member(request: HttpRequest, cluster_id: int, payload: MembershipIn) -> tuple[int, Unit]:
    cluster = get_object_or_404(Cluster.objects.select_related("authority"), pk=cluster_id)
    unit = get_object_or_404(Unit, code=payload.unit_code)
    services.add_member(actor=request.user, cluster=cluster, unit=unit, year=payload.year)
    return 201, unit


@router.put(
    "/clusters/{cluster_id}/leadership", response=LeadershipOut, summary="Đặt trưởng cụm, phó trưởng cụm"
)
def set_leadership(request: HttpRequest, cluster_id: int, payload: LeadershipIn) -> object:
    cluster = get_object_or_404(Cluster.objects.select_related("authority"), pk=cluster_id)
    leader = get_object_or_404(Unit, code=payload.leader_code)
    deputy = get_object_or_404(Unit, code=payload.deputy_code) if payload.deputy_code else None
    return services.set_leadership(
        actor=request.user,
        cluster=cluster,
        year=payload.year,
        leader=leader,
        deputy=deputy,
        decided_by=payload.decided_by,
    )
