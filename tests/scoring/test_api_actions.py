"""The scoring API for what the pages do beyond sheets: conflicts of interest, evidence queries and
their answers, appeals and their answers, unlocking a cross sheet. Exact bodies per persona, the one
error shape, and every write refused to the outsider with nothing changed."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from tests.scoring.conftest import D, Scoring, fill_all
from tests.scoring.test_services import CROSS, SELF
from thidua.core.models import AuditEntry
from thidua.scoring import services
from thidua.scoring.enums import SheetStatus
from thidua.scoring.models import Appeal, ConflictOfInterest, CrossAssignment, EvidenceQuery, Review

API = "/api/v1/scoring"


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _unchanged() -> tuple[int, int, int, int, int, list[str]]:
    return (
        AuditEntry.objects.count(),
        ConflictOfInterest.objects.count(),
        EvidenceQuery.objects.exclude(answer="").count() + EvidenceQuery.objects.count(),
        Appeal.objects.exclude(answer="").count() + Appeal.objects.count(),
        sum(Review.objects.values_list("inputs_revision", flat=True)),
        list(CrossAssignment.objects.order_by("id").values_list("status", flat=True)),
    )


def test_conflicts_declared_and_listed_per_persona(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    url = f"{API}/reviews/{s.review.pk}/conflicts"
    member = _client(w.member_officer)
    before = _unchanged()
    assert (
        _post(_client(w.outsider), url, {"scorer": "SO-B", "unit": "SO-C", "reason": "x"}).status_code == 403
    )
    refused = _post(member, url, {"scorer": "SO-C", "unit": "SO-A", "reason": "Cùng địa bàn"})
    assert refused.status_code == 403
    assert refused.json()["message"] == "Anh/chị không có quyền khai báo xung đột lợi ích cho đơn vị này."
    unknown = _post(member, url, {"scorer": "SO-B", "unit": "SO-X", "reason": "Cùng địa bàn"})
    assert unknown.status_code == 422
    assert unknown.json() == {
        "message": "unit: «SO-X» không phải đơn vị thành viên của cụm năm này.",
        "code": "invalid",
        "fields": {"unit": "not_member"},
    }
    assert _unchanged() == before
    made = _post(member, url, {"scorer": "SO-B", "unit": "SO-C", "reason": "Giám đốc hai sở là anh em"})
    assert made.status_code == 201
    body = made.json()
    assert body == {"id": body["id"], "scorer": "SO-B", "unit": "SO-C", "reason": "Giám đốc hai sở là anh em"}
    assert member.get(url).json() == [body]
    assert _client(w.cluster_leader).get(url).json() == [body]
    assert _client(s.y.officer_c).get(url).json() == []
    assert _client(w.outsider).get(url).status_code == 404


def test_evidence_queries_asked_and_answered_per_persona(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    url = f"{API}/reviews/{s.review.pk}/queries"
    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    ask = {"unit": "SO-A", "criterion": s.criteria[0].pk, "question": "Xin bản quyết định số 12?"}
    member, leader, officer_c = _client(w.member_officer), _client(w.cluster_leader), _client(s.y.officer_c)
    before = _unchanged()
    assert _post(_client(w.outsider), url, {**ask, "deadline": deadline}).status_code == 403
    as_other = _post(member, url, {**ask, "deadline": deadline, "asker_unit": "SO-C"})
    assert as_other.status_code == 403
    late = _post(member, url, {**ask, "deadline": "2018-12-01", "asker_unit": "SO-B"})
    assert (late.status_code, late.json()["fields"]) == (422, {"deadline": "past"})
    assert late.json()["message"] == "Hạn trả lời phải từ hôm nay trở đi."
    other = _post(member, url, {**ask, "criterion": 999999, "deadline": deadline, "asker_unit": "SO-B"})
    assert (other.status_code, other.json()["fields"]) == (422, {"criterion": "unknown"})
    assert _unchanged() == before
    asked = _post(member, url, {**ask, "deadline": deadline, "asker_unit": "SO-B"})
    assert asked.status_code == 201
    query = asked.json()
    assert {k: query[k] for k in ("unit", "criterion", "asker_unit", "question", "deadline", "answer")} == {
        "unit": "SO-A",
        "criterion": s.criteria[0].pk,
        "asker_unit": "SO-B",
        "question": "Xin bản quyết định số 12?",
        "deadline": deadline,
        "answer": "",
    }
    assert query["answered_at"] is None
    by_leader = _post(leader, url, {**ask, "question": "Kèm biên bản kiểm tra.", "deadline": deadline})
    assert (by_leader.status_code, by_leader.json()["asker_unit"]) == (201, None)
    assert [q["question"] for q in member.get(url).json()] == ["Xin bản quyết định số 12?"]
    assert officer_c.get(url).json() == []
    assert len(leader.get(url).json()) == 2  # the leader, and unit A answering about itself
    answer_url = f"{API}/queries/{query['id']}/answer"
    before = _unchanged()
    assert _post(_client(w.outsider), answer_url, {"answer": "x"}).status_code == 403
    assert _post(officer_c, answer_url, {"answer": "Không phải của tôi"}).status_code == 403
    assert _post(leader, answer_url, {"answer": "  "}).json()["fields"] == {"answer": "required"}
    assert _unchanged() == before
    answered = _post(leader, answer_url, {"answer": "Đã bổ sung Quyết định số 12/QĐ-STNMT."})
    assert answered.status_code == 200
    assert answered.json()["answer"] == "Đã bổ sung Quyết định số 12/QĐ-STNMT."
    again = _post(leader, answer_url, {"answer": "Lần hai"})
    assert (again.status_code, again.json()["message"]) == (409, "Câu hỏi này đã được trả lời.")
    assert EvidenceQuery.objects.get(pk=query["id"]).answer == "Đã bổ sung Quyết định số 12/QĐ-STNMT."


def test_appeals_recorded_and_answered_by_the_leader_only(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    url = f"{API}/reviews/{s.review.pk}/appeals"
    leader, member = _client(w.cluster_leader), _client(w.member_officer)
    body = {"unit": "SO-B", "text": "Đề nghị xem lại tiêu chí 1.", "received_on": "2018-12-22"}
    closed = _post(leader, url, body)
    assert (closed.status_code, closed.json()["fields"]) == (409, {"stage": "closed"})
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    before = _unchanged()
    assert _post(_client(w.outsider), url, body).status_code == 403
    assert _post(member, url, body).status_code == 403
    late = _post(leader, url, {**body, "received_on": "2018-12-28"})
    assert (late.status_code, late.json()["message"]) == (422, "Kiến nghị nhận sau hạn 27/12/2018.")
    assert _unchanged() == before
    made = _post(leader, url, body)
    assert made.status_code == 201
    appeal = made.json()
    assert appeal == {**body, "id": appeal["id"], "answer": "", "answered_on": None}
    assert member.get(url).json() == [appeal]
    assert _client(s.y.officer_c).get(url).json() == []
    answer_url = f"{API}/appeals/{appeal['id']}/answer"
    answer = {"answer": "Giữ nguyên kết quả.", "answered_on": "2018-12-23"}
    before = _unchanged()
    assert _post(_client(w.outsider), answer_url, answer).status_code == 403
    assert _post(member, answer_url, answer).status_code == 403
    assert _unchanged() == before
    answered = _post(leader, answer_url, answer)
    assert answered.json() == {**appeal, **answer}


def test_unlocking_a_cross_sheet_is_the_leaders_with_a_reason(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    assignment = CrossAssignment.objects.get(review=s.review, scorer=w.unit_b, unit=w.unit_a)
    url = f"{API}/assignments/{assignment.pk}/unlock"
    before = _unchanged()
    assert _post(_client(w.outsider), url, {"reason": "x"}).status_code == 403
    assert _post(_client(w.member_officer), url, {"reason": "Nhập nhầm"}).status_code == 403
    no_reason = _post(_client(w.cluster_leader), url, {"reason": ""})
    assert (no_reason.status_code, no_reason.json()["message"]) == (422, "Lý do mở khóa không được để trống.")
    assert _unchanged() == before
    done = _post(_client(w.cluster_leader), url, {"reason": "Sở B nhập nhầm tiêu chí 2"})
    assert done.json() == {"id": assignment.pk, "status": "draft", "revision": assignment.revision + 1}
    assignment.refresh_from_db()
    assert assignment.status == SheetStatus.DRAFT
    again = _post(_client(w.cluster_leader), url, {"reason": "lần hai"})
    assert (again.status_code, again.json()["fields"]) == (409, {"status": "not_locked"})
