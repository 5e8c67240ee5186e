"""Scoring pages: exact content per persona, and every page write refused to the outsider."""

from __future__ import annotations

from django.test import Client

from tests.scoring.conftest import D, Scoring, fill_all
from tests.scoring.test_services import CROSS, SELF
from thidua.core.models import AuditEntry
from thidua.scoring import services
from thidua.scoring.models import CrossScore, SelfScore


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_leader_sees_signals_and_ranking_member_sees_own_sheet(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    leader = _client(w.cluster_leader).get(f"/cham-diem/{s.review.pk}/").content.decode()
    assert (
        "Tự chấm cao hơn nhiều so với chấm chéo</strong>: Sở Tài nguyên và Môi trường tỉnh Bắc Ninh."
        in leader
    )
    assert "Tự chấm 100,00 điểm, trung vị tổng điểm chấm chéo 84,00, cao hơn 16,00 (ngưỡng 10,00)" in leader
    assert "<td>Sở Tài nguyên và Môi trường tỉnh An Giang</td><td>92,00</td>" in leader
    assert leader.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 3  # totals + 2 groups
    member = _client(w.member_officer).get(f"/cham-diem/{s.review.pk}/").content.decode()
    assert "Tín hiệu cần xem xét" not in member
    assert "<td>Sở Tài nguyên và Môi trường tỉnh An Giang</td><td>92,00</td>" in member
    assert member.count('href="/cham-diem/bang-tu-cham/') == 1  # only its own sheet
    assert f'href="/cham-diem/bang-tu-cham/{s.sheet(w.unit_b).pk}/"' in member


def test_outsider_gets_404_and_page_writes_change_nothing(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    outsider = _client(w.outsider)
    before = AuditEntry.objects.count()
    assert outsider.get(f"/cham-diem/{s.review.pk}/").status_code == 404
    assert outsider.get(f"/cham-diem/bang-tu-cham/{sheet.pk}/").status_code == 404
    response = outsider.post(
        f"/cham-diem/bang-tu-cham/{sheet.pk}/nop/",
        {"revision": "0", f"score_{s.criteria[0].pk}": "10"},
    )
    assert response.status_code == 404
    for url in ("finalise", "appeals/open", "cross/start"):
        assert outsider.post(f"/cham-diem/{s.review.pk}/{url}/").status_code == 404
    outsider.post(f"/cham-diem/bang-tu-cham/{sheet.pk}/tra-lai/", {"reason": "x"})
    assert AuditEntry.objects.count() == before
    assert SelfScore.objects.count() == 0
    assert CrossScore.objects.count() == 0


def test_a_stale_form_is_refused_on_the_page(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    member = _client(w.member_officer)
    url = f"/cham-diem/bang-tu-cham/{sheet.pk}/luu/"
    member.post(url, {"revision": "0", f"score_{s.criteria[0].pk}": "30"})
    response = member.post(url, {"revision": "0", f"score_{s.criteria[0].pk}": "12"})
    assert response.status_code == 409
    assert "bản vừa gửi chưa được lưu" in response.content.decode()
    assert SelfScore.objects.get(sheet=sheet).score == 30
    response = member.post(url, {"revision": "1", f"score_{s.criteria[0].pk}": "36"})
    assert response.status_code == 422
    assert "36 nằm ngoài khoảng 0–35 điểm" in response.content.decode()
    assert SelfScore.objects.get(sheet=sheet).score == 30
