"""The scoring API: the same engine as the CLI, anonymised explanations, refusals in Vietnamese."""

from __future__ import annotations

import json

from django.test import Client

from tests.scoring.conftest import D, Scoring, fill_all
from tests.scoring.test_cli import BASIC
from tests.scoring.test_services import CROSS, SELF
from thidua.scoring import aggregation as engine
from thidua.scoring import services
from thidua.scoring.models import SelfScore


def _client(user: object) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_compute_matches_the_cli(scoring: Scoring) -> None:
    text = BASIC.read_text(encoding="utf-8")
    response = _client(scoring.y.world.outsider).post(
        "/api/v1/scoring/compute", data=text, content_type="application/json"
    )
    assert response.status_code == 200
    from decimal import Decimal

    assert (
        response.json() == engine.compute(engine.parse_input(json.loads(text, parse_float=Decimal))).as_dict()
    )
    bad = json.loads(text)
    bad["cross"][0]["scorer"] = "HN"
    response = _client(scoring.y.world.outsider).post(
        "/api/v1/scoring/compute", data=json.dumps(bad), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["message"] == "cross[0].scorer: đơn vị «HN» không được tự chấm chéo chính mình."
    assert response.json()["fields"] == {"cross[0].scorer": "invalid"}


def test_ranking_and_explain_my_rank(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    leader, member = _client(w.cluster_leader), _client(w.member_officer)
    data = leader.get(f"/api/v1/scoring/reviews/{s.review.pk}/ranking").json()
    assert [(r["unit"], r["total"], r["rank"]) for r in data["ranking"]] == [
        ("SO-A", "92.00", 1),
        ("SO-C", "86.00", 2),
        ("SO-B", "84.00", 3),
    ]
    assert [sig["kind"] for sig in data["signals"]] == ["self_inflation"]
    assert "signals" not in member.get(f"/api/v1/scoring/reviews/{s.review.pk}/ranking").json()
    named = leader.get(f"/api/v1/scoring/reviews/{s.review.pk}/units/SO-A/explain").json()
    anonymous = member.get(f"/api/v1/scoring/reviews/{s.review.pk}/units/SO-A/explain").json()
    first = named["criteria"][0]
    assert [(r["scorer"], r["raw"]) for r in first["scores"]] == [
        ("Sở Tài nguyên và Môi trường tỉnh Cà Mau", "31,00"),
        ("Sở Tài nguyên và Môi trường tỉnh Bắc Ninh", "33,00"),
    ]
    assert [(r["scorer"], r["raw"]) for r in anonymous["criteria"][0]["scores"]] == [
        ("Đơn vị chấm 1", "31,00"),
        ("Đơn vị chấm 2", "33,00"),
    ]
    assert first["value"] == "32,00"
    assert first["formula"] == "trung bình cộng của 2 điểm = 32,00"
    assert (named["total"], named["rank"], named["decided_by"]) == ("92,00", 1, "tổng điểm")
    assert (
        _client(w.outsider).get(f"/api/v1/scoring/reviews/{s.review.pk}/units/SO-A/explain").status_code
        == 404
    )


def test_two_tabs_through_the_api(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    client = _client(w.member_officer)
    body = {"revision": 0, "scores": [{"criterion": s.criteria[0].pk, "score": "30", "text": "tab 1"}]}
    first = client.put(
        f"/api/v1/scoring/sheets/{sheet.pk}", data=json.dumps(body), content_type="application/json"
    )
    assert first.status_code == 200
    assert first.json()["revision"] == 1
    body["scores"][0]["score"] = "12"  # type: ignore[index]
    stale = client.put(
        f"/api/v1/scoring/sheets/{sheet.pk}", data=json.dumps(body), content_type="application/json"
    )
    assert stale.status_code == 409
    assert "bản vừa gửi chưa được lưu" in stale.json()["message"]
    assert SelfScore.objects.get(sheet=sheet).score == 30
    body["revision"] = 1
    body["scores"][0]["score"] = "abc"  # type: ignore[index]
    bad = client.put(
        f"/api/v1/scoring/sheets/{sheet.pk}", data=json.dumps(body), content_type="application/json"
    )
    assert bad.status_code == 422
    assert "«abc» không phải là số" in bad.json()["message"]
    outsider = _client(w.outsider).put(
        f"/api/v1/scoring/sheets/{sheet.pk}", data=json.dumps(body), content_type="application/json"
    )
    assert outsider.status_code == 403
    assert SelfScore.objects.get(sheet=sheet).score == 30
