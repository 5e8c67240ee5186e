"""Issue 12 item 1: the dashboard lists each persona's work with counts, names, deadlines and links."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.covenants.conftest import Year, sign
from thidua.core.dashboard import DashboardInput
from thidua.core.dashboard import tasks_for as _tasks_for
from thidua.covenants import services

pytestmark = pytest.mark.django_db


def tasks_for(user: object) -> list:  # type: ignore[type-arg]
    return _tasks_for(DashboardInput(user=user, unit_ids=frozenset(), roles=frozenset(), year=2018))


def _titles(user: object) -> list[tuple[str, str, str]]:
    return [(t.context, t.title, t.detail) for t in tasks_for(user)]


def test_the_leader_sees_who_has_not_signed_and_the_plan_to_adopt(year: Year) -> None:
    w = year.world
    sign(year.covenant, w.unit_a)
    assert _titles(w.cluster_leader) == [
        ("Cụm thi đua số 1 – năm 2018", "Kế hoạch thi đua chưa được thông qua", ""),
        (
            "Cụm thi đua số 1 – năm 2018",
            "2/3 đơn vị chưa ký giao ước",
            "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh, Sở Tài nguyên và Môi trường tỉnh Cà Mau",
        ),
    ]
    task = tasks_for(w.cluster_leader)[1]
    assert (task.done, task.total, task.url) == (1, 3, f"/covenants/{w.cluster.pk}/2018/covenant/")


def test_the_member_officer_sees_only_what_its_own_unit_owes(year: Year) -> None:
    w = year.world
    sign(year.covenant, w.unit_a)
    assert _titles(w.member_officer) == [
        ("Cụm thi đua số 1 – năm 2018", "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh chưa ký giao ước", "")
    ]
    sign(year.covenant, w.unit_b)
    assert _titles(w.member_officer) == []


def test_registration_tasks_carry_the_deadline_and_disappear_once_registered(year: Year) -> None:
    w = year.world
    for unit in (w.unit_a, w.unit_b, w.unit_c):
        sign(year.covenant, unit)
    services.set_registration_deadline(
        actor=None, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    services.submit_registration(
        actor=None,
        emulation_year=year.emulation_year,
        unit=w.unit_a,
        collective_targets=["TTLDXS"],
        today=datetime.date(2018, 4, 1),
    )
    leader_tasks = [t for t in tasks_for(w.cluster_leader) if "đăng ký" in t.title]
    assert [(t.title, t.deadline, t.detail) for t in leader_tasks] == [
        (
            "2/3 đơn vị chưa đăng ký thi đua",
            datetime.date(2018, 4, 15),
            "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh, Sở Tài nguyên và Môi trường tỉnh Cà Mau",
        )
    ]
    assert leader_tasks[0].overdue  # 15/04/2018 is long past
    member_tasks = [t.title for t in tasks_for(w.member_officer)]
    assert member_tasks == ["Sở Tài nguyên và Môi trường tỉnh Bắc Ninh chưa đăng ký thi đua"]


def test_the_ministry_sees_where_each_cluster_stands_and_the_outsider_nothing(year: Year) -> None:
    w = year.world
    assert _titles(w.ministry_officer) == [
        ("Cụm thi đua số 1 – năm 2018", "Năm thi đua ở bước: Xây dựng kế hoạch, giao ước", "")
    ]
    assert _titles(w.outsider) == []


def test_the_dashboard_page_shows_the_tasks_with_links(year: Year) -> None:
    client = Client()
    client.force_login(year.world.cluster_leader)
    html = client.get("/accounts/dashboard/").content.decode()
    assert "Việc cần làm" in html
    assert f'href="/covenants/{year.world.cluster.pk}/2018/covenant/">3/3 đơn vị chưa ký giao ước</a>' in html
    client.force_login(year.world.outsider)
    assert "Không có việc nào đang chờ bạn." in client.get("/accounts/dashboard/").content.decode()
