"""`thidua demo` loads the scene of 30/03/2018 and can run again without changing anything."""

from __future__ import annotations

import io
import re

from django.apps import apps
from django.core.management import call_command
from django.test import Client

from thidua.clusters.models import Cluster

TEN_DEPARTMENTS = [
    "Sở Tài nguyên và Môi trường thành phố Hà Nội",
    "Sở Tài nguyên và Môi trường thành phố Hải Phòng",
    "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
    "Sở Tài nguyên và Môi trường tỉnh Hà Nam",
    "Sở Tài nguyên và Môi trường tỉnh Hải Dương",
    "Sở Tài nguyên và Môi trường tỉnh Hưng Yên",
    "Sở Tài nguyên và Môi trường tỉnh Nam Định",
    "Sở Tài nguyên và Môi trường tỉnh Ninh Bình",
    "Sở Tài nguyên và Môi trường tỉnh Thái Bình",
    "Sở Tài nguyên và Môi trường tỉnh Vĩnh Phúc",
]


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m.__module__.startswith("thidua.")}


def test_demo_runs_twice_and_shows_the_ten_departments_of_cluster_1_in_2018(db: None) -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "Đã nạp dữ liệu trình diễn." in out.getvalue()
    first = _counts()
    call_command("demo", stdout=io.StringIO())
    assert _counts() == first

    cluster = Cluster.objects.get(name="Cụm thi đua số 1", authority__code="BTNMT")
    html = Client().get(f"/clusters/{cluster.pk}/?year=2018").content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    links = re.findall(r'<td><a href="/units/STNMT-[A-Z]+/">([^<]+)</a></td>', body)
    assert links == TEN_DEPARTMENTS
    assert 'Thành viên năm 2018 <span class="badge">10 đơn vị</span>' in html
    assert (
        'Trưởng cụm: <strong><a href="/units/STNMT-HN/">Sở Tài nguyên và Môi trường thành phố Hà Nội</a>'
        in html
    )
    assert (
        "Hội nghị ký kết giao ước thi đua và triển khai kế hoạch thi đua, khen thưởng và tuyên truyền năm 2018"
        in html
    )
    assert "30/03/2018, Thành phố Hải Dương, tỉnh Hải Dương" in html
