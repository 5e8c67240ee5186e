"""The page forms of the review (one URL per action): exact outcomes, refusals with nothing changed,
answers to evidence queries and appeals, and the stored outcome the ranking page reads."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.scoring.conftest import D, Scoring, fill_all
from tests.scoring.test_services import CROSS, SELF
from thidua.core.models import AuditEntry
from thidua.scoring import services
from thidua.scoring.models import (
    Appeal,
    ConflictOfInterest,
    CrossAssignment,
    CrossScore,
    Evidence,
    EvidenceQuery,
    Review,
    ReviewOutcome,
    SelfLine,
    SelfScore,
)
from thidua.scoring.outcomes import stored_outcome

SOON = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _state() -> tuple[int, ...]:
    """Everything a write could change, counted."""
    return (
        AuditEntry.objects.count(),
        SelfScore.objects.count(),
        SelfLine.objects.count(),
        Evidence.objects.count(),
        CrossScore.objects.count(),
        CrossAssignment.objects.filter(status="submitted").count(),
        ConflictOfInterest.objects.count(),
        EvidenceQuery.objects.filter(answered_at__isnull=False).count(),
        EvidenceQuery.objects.count(),
        Appeal.objects.count(),
        Appeal.objects.filter(answered_on__isnull=False).count(),
        sum(Review.objects.values_list("inputs_revision", flat=True)),
    )


def _in_cross_scoring(s: Scoring) -> None:
    cross = {pair: values for pair, values in CROSS.items() if pair != ("SO-A", "SO-B")}
    fill_all(s, SELF, cross)


# --- the outsider: every page write refused, nothing changed ---------------------------------------


def test_the_outsider_is_refused_on_every_page_write(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    _in_cross_scoring(s)
    sheet = s.sheet(w.unit_b)
    assignment = s.review.assignments.get(scorer=w.unit_a, unit=w.unit_b)
    submitted = s.review.assignments.get(scorer=w.unit_b, unit=w.unit_a)
    query = services.ask_evidence_query(
        actor=w.cluster_leader,
        review=s.review,
        unit=w.unit_b,
        criterion=s.criteria[0],
        question="Đề nghị gửi bản gốc",
        deadline=D(2099, 1, 1),
    )
    y = s.y.emulation_year
    score = {f"score_{s.criteria[0].pk}": "10", "revision": "0"}
    posts: list[tuple[str, dict[str, Any]]] = [
        (f"/cham-diem/cham-cheo/{assignment.pk}/luu/", score),
        (f"/cham-diem/cham-cheo/{assignment.pk}/nop/", score),
        (f"/cham-diem/cham-cheo/{submitted.pk}/mo-khoa/", {"reason": "x"}),
        (
            f"/cham-diem/cham-cheo/{assignment.pk}/hoi/",
            {"criterion": s.criteria[0].pk, "question": "?", "deadline": SOON},
        ),
        (f"/cham-diem/bang-tu-cham/{sheet.pk}/luu/", score),
        (f"/cham-diem/bang-tu-cham/{sheet.pk}/nop/", score),
        (f"/cham-diem/bang-tu-cham/{sheet.pk}/thuong-tru/", {f"line_{s.bonus.pk}": "1", "revision": "0"}),
        (
            f"/cham-diem/bang-tu-cham/{sheet.pk}/minh-chung/",
            {"target": f"c{s.criteria[0].pk}", "description": "x", "link": "https://a.vn"},
        ),
        (
            f"/cham-diem/bang-tu-cham/{sheet.pk}/hoi/",
            {"criterion": s.criteria[0].pk, "question": "?", "deadline": SOON},
        ),
        (f"/cham-diem/bang-tu-cham/{sheet.pk}/hoi/{query.pk}/tra-loi/", {"answer": "Đã gửi"}),
        (f"/cham-diem/bang-tu-cham/{sheet.pk}/tra-lai/", {"reason": "x"}),
        (f"/cham-diem/{s.review.pk}/phan-cong/luu/", {"all": "1"}),
        (f"/cham-diem/{s.review.pk}/xung-dot/", {"scorer": "SO-A", "unit": "SO-B", "reason": "x"}),
        (f"/cham-diem/{s.review.pk}/appeals/open/", {"appeal_deadline": SOON}),
        (f"/cham-diem/{s.review.pk}/kien-nghi/", {"unit": "SO-B", "text": "x", "received_on": SOON}),
        (f"/cham-diem/{s.review.pk}/finalise/", {}),
        (f"/cham-diem/{s.review.pk}/tinh-lai/", {}),
        (f"/cham-diem/nam/{y.cluster_id}/{y.year}/mo/", {"self_deadline": "2018-12-10"}),
    ]
    outsider = _client(w.outsider)
    before = _state()
    for url, data in posts:
        status = outsider.post(url, data).status_code
        assert status in (403, 404), (url, status)
    upload = SimpleUploadedFile("diem.xlsx", services.export_sheet(assignment=assignment))
    response = outsider.post(
        f"/cham-diem/cham-cheo/{assignment.pk}/nhap-excel/", {"file": upload, "revision": "0"}
    )
    assert response.status_code == 404
    assert _state() == before
    assert outsider.get(f"/cham-diem/cham-cheo/{assignment.pk}/bang-diem.xlsx").status_code == 404


def test_a_member_cannot_unlock_nor_save_another_units_cross_sheet(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    _in_cross_scoring(s)
    submitted = s.review.assignments.get(scorer=w.unit_b, unit=w.unit_a)
    open_sheet = s.review.assignments.get(scorer=w.unit_a, unit=w.unit_b)  # the leader's unit scores B
    member = _client(w.member_officer)
    before = _state()
    response = member.post(f"/cham-diem/cham-cheo/{submitted.pk}/mo-khoa/", {"reason": "Sửa lỗi"})
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    assert (
        member.post(
            f"/cham-diem/cham-cheo/{open_sheet.pk}/luu/", {f"score_{s.criteria[0].pk}": "1", "revision": "0"}
        ).status_code
        == 404
    )
    assert _state() == before


# --- the forms themselves ------------------------------------------------------------------------


def test_unlock_resubmit_and_the_ranking_follows(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    leader = _client(w.cluster_leader)
    page = leader.get(f"/cham-diem/{s.review.pk}/").content.decode()
    assert "<td>Sở Tài nguyên và Môi trường tỉnh An Giang</td><td>92,00</td>" in page
    assignment = s.review.assignments.get(scorer=w.unit_b, unit=w.unit_a)
    response = leader.post(
        f"/cham-diem/cham-cheo/{assignment.pk}/mo-khoa/", {"reason": "Nhập nhầm tiêu chí 1"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == "draft"
    unlock = AuditEntry.objects.filter(action="scoring.cross.unlock").get()
    assert unlock.after["reason"] == "Nhập nhầm tiêu chí 1"
    # A's criterion 1 from B is now out until B submits again: A has one scorer for it (31).
    member = _client(w.member_officer)
    values = dict(zip([f"score_{c.pk}" for c in s.criteria], ["35", "23", "21", "16"], strict=True))
    response = member.post(
        f"/cham-diem/cham-cheo/{assignment.pk}/nop/", {**values, "revision": str(assignment.revision)}
    )
    assert response.status_code == 302
    page = leader.get(f"/cham-diem/{s.review.pk}/").content.decode()
    assert "<td>Sở Tài nguyên và Môi trường tỉnh An Giang</td><td>93,00</td>" in page  # mean(35, 31) = 33


def test_queries_are_asked_and_answered_on_the_pages(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    _in_cross_scoring(s)
    scorer = _client(s.y.officer_c)
    assignment = s.review.assignments.get(scorer=w.unit_c, unit=w.unit_b)
    response = scorer.post(
        f"/cham-diem/cham-cheo/{assignment.pk}/hoi/",
        {"criterion": s.criteria[2].pk, "question": "Đề nghị gửi danh sách đại biểu", "deadline": SOON},
    )
    assert response.status_code == 302
    query = EvidenceQuery.objects.get()
    assert (query.unit, query.asker_unit, query.criterion_id) == (w.unit_b, w.unit_c, s.criteria[2].pk)
    sheet = s.sheet(w.unit_b)
    member = _client(w.member_officer)
    page = member.get(f"/cham-diem/bang-tu-cham/{sheet.pk}/").content.decode()
    assert "Đề nghị gửi danh sách đại biểu" in page
    assert f'action="/cham-diem/bang-tu-cham/{sheet.pk}/hoi/{query.pk}/tra-loi/"' in page
    # C cannot answer for B; an empty answer is refused; B answers once
    assert (
        scorer.post(
            f"/cham-diem/bang-tu-cham/{sheet.pk}/hoi/{query.pk}/tra-loi/", {"answer": "x"}
        ).status_code
        == 404
    )
    response = member.post(f"/cham-diem/bang-tu-cham/{sheet.pk}/hoi/{query.pk}/tra-loi/", {"answer": "  "})
    assert response.status_code == 422
    assert "Câu trả lời không được để trống." in response.content.decode()
    response = member.post(
        f"/cham-diem/bang-tu-cham/{sheet.pk}/hoi/{query.pk}/tra-loi/",
        {"answer": "Đã bổ sung danh sách 42 đại biểu"},
    )
    assert response.status_code == 302
    query.refresh_from_db()
    assert (query.answer, query.answered_by) == ("Đã bổ sung danh sách 42 đại biểu", w.member_officer)
    again = member.post(f"/cham-diem/bang-tu-cham/{sheet.pk}/hoi/{query.pk}/tra-loi/", {"answer": "Sửa"})
    assert again.status_code == 409
    assert "Câu hỏi này đã được trả lời." in again.content.decode()
    # the scorer sees the answer with the criterion
    page = scorer.get(f"/cham-diem/cham-cheo/{assignment.pk}/").content.decode()
    assert "Đã bổ sung danh sách 42 đại biểu" in page


def test_appeals_are_recorded_and_answered_then_the_ranking_is_final(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    leader = _client(w.cluster_leader)
    base = f"/cham-diem/{s.review.pk}"
    assert leader.post(f"{base}/appeals/open/", {"appeal_deadline": "2018-12-27"}).status_code == 302
    response = leader.post(
        f"{base}/kien-nghi/",
        {"unit": "SO-B", "text": "Đề nghị xem lại tiêu chí 1", "received_on": "2018-12-28"},
    )
    assert response.status_code == 422
    assert "Kiến nghị nhận sau hạn 27/12/2018." in response.content.decode()
    response = leader.post(
        f"{base}/kien-nghi/",
        {"unit": "SO-B", "text": "Đề nghị xem lại tiêu chí 1", "received_on": "24/12/2018"},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.unit, appeal.received_on) == (w.unit_b, D(2018, 12, 24))
    response = leader.post(f"{base}/finalise/")
    assert response.status_code == 409
    assert "Còn 1 kiến nghị chưa được trả lời." in response.content.decode()
    response = leader.post(
        f"{base}/kien-nghi/{appeal.pk}/tra-loi/",
        {"answer": "Giữ nguyên kết quả.", "answered_on": "2018-12-26"},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.answer, appeal.answered_on) == ("Giữ nguyên kết quả.", D(2018, 12, 26))
    assert leader.post(f"{base}/finalise/").status_code == 302
    page = leader.get(f"{base}/").content.decode()
    assert "Kết quả xếp hạng chính thức" in page
    assert "1 kiến nghị đã được trả lời." in page


def test_rotation_and_conflicts_on_the_review_page(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, {})
    leader = _client(w.cluster_leader)
    base = f"/cham-diem/{s.review.pk}"
    a, b, c = w.unit_a, w.unit_b, w.unit_c
    pairs = [f"{a.pk}-{b.pk}", f"{b.pk}-{c.pk}", f"{c.pk}-{a.pk}"]
    assert leader.post(f"{base}/phan-cong/luu/", {"pair": pairs}).status_code == 302
    assert sorted(s.review.assignments.values_list("scorer__code", "unit__code")) == [
        ("SO-A", "SO-B"),
        ("SO-B", "SO-C"),
        ("SO-C", "SO-A"),
    ]
    s.review.refresh_from_db()
    assert s.review.mode == "rotation"
    response = leader.post(f"{base}/phan-cong/luu/", {"pair": [f"{a.pk}-{a.pk}"]})
    assert response.status_code == 422
    assert "không thể tự chấm chéo chính mình" in response.content.decode()
    assert s.review.assignments.count() == 3
    # B declares a conflict with C: the pair goes; B may not declare for A
    member = _client(w.member_officer)
    response = member.post(
        f"{base}/xung-dot/", {"scorer": "SO-B", "unit": "SO-C", "reason": "Cùng chủ trì đề tài"}
    )
    assert response.status_code == 302
    assert not s.review.assignments.filter(scorer=b, unit=c).exists()
    before = _state()
    response = member.post(f"{base}/xung-dot/", {"scorer": "SO-A", "unit": "SO-C", "reason": "x"})
    assert response.status_code == 403
    assert _state() == before
    assert leader.post(f"{base}/phan-cong/luu/", {"all": "1"}).status_code == 302
    assert s.review.assignments.count() == 5  # all-score-all without B → C


def test_claims_and_evidence_upload_on_the_sheet(scoring: Scoring, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    member = _client(w.member_officer)
    url = f"/cham-diem/bang-tu-cham/{sheet.pk}"
    response = member.post(
        f"{url}/thuong-tru/",
        {f"line_{s.bonus.pk}": "2", f"line_explanation_{s.bonus.pk}": "Cờ thi đua", "revision": "0"},
    )
    assert response.status_code == 302
    assert [(c.line_id, str(c.points), c.explanation) for c in SelfLine.objects.all()] == [
        (s.bonus.pk, "2.00", "Cờ thi đua")
    ]
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf")
    response = member.post(
        f"{url}/minh-chung/",
        {"target": f"c{s.criteria[0].pk}", "description": "Báo cáo tổng kết", "file": pdf},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.size, evidence.criterion_id) == ("pdf", 14, s.criteria[0].pk)
    download = member.get(f"/cham-diem/minh-chung/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%...\n"  # type: ignore[attr-defined]
    assert _client(w.outsider).get(f"/cham-diem/minh-chung/{evidence.pk}/").status_code == 404
    before = _state()
    exe = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\0" * 60, content_type="application/pdf")
    response = member.post(
        f"{url}/minh-chung/", {"target": f"c{s.criteria[0].pk}", "description": "x", "file": exe}
    )
    assert response.status_code == 422
    assert "«virus.pdf» không phải là PDF" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = member.post(
        f"{url}/minh-chung/", {"target": f"c{s.criteria[0].pk}", "description": "x", "file": big}
    )
    assert response.status_code == 422
    assert "lớn hơn 10 MB" in response.content.decode()
    response = member.post(
        f"{url}/thuong-tru/", {f"line_{s.bonus.pk}": "99", "revision": str(sheet.revision + 1)}
    )
    assert response.status_code == 422
    assert _state() == before


def test_the_leader_opens_self_assessment_from_the_year(year: Any) -> None:
    from tests.covenants.conftest import sign
    from thidua.clusters import services as cluster_services

    w = year.world
    for unit in (w.unit_a, w.unit_b, w.unit_c):
        sign(year.covenant, unit)
    year.emulation_year.refresh_from_db()
    cluster_services.advance_year(actor=None, emulation_year=year.emulation_year, to_state="in_progress")
    url = f"/cham-diem/nam/{w.cluster.pk}/2018/"
    member = _client(w.member_officer)
    page = member.get(url).content.decode()
    assert "Đợt tự chấm điểm chưa được mở." in page
    assert "Mở đợt tự chấm điểm</button>" not in page
    assert member.post(f"{url}mo/", {"self_deadline": "2018-12-10"}).status_code == 403
    leader = _client(w.cluster_leader)
    response = leader.post(f"{url}mo/", {"self_deadline": "không phải ngày"})
    assert response.status_code == 422
    assert "Hạn nộp bảng tự chấm: cần một ngày hợp lệ" in response.content.decode()
    response = leader.post(f"{url}mo/", {"self_deadline": "10/12/2018"})
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cham-diem/{review.pk}/"
    assert (review.self_deadline, review.sheets.count()) == (D(2018, 12, 10), 3)
    assert leader.get(url)["Location"] == f"/cham-diem/{review.pk}/"


# --- the stored outcome ---------------------------------------------------------------------------


def test_the_outcome_is_stored_once_and_recomputed_after_a_change(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    first = stored_outcome(s.review)
    row = ReviewOutcome.objects.get()
    assert first.outcome is not None
    assert row.revision == Review.objects.get().inputs_revision
    assert row.units.count() == 3
    again = stored_outcome(s.review)
    assert ReviewOutcome.objects.get().pk == row.pk  # read, not recomputed
    assert again.outcome is not None
    assert [(e.unit, e.rank, e.result.total) for e in again.outcome.ranking.entries] == [
        (e.unit, e.rank, e.result.total) for e in first.outcome.ranking.entries
    ]
    assert [sig.as_dict() for sig in again.outcome.signals] == [
        sig.as_dict() for sig in first.outcome.signals
    ]
    # an unlock changes the inputs: the next read computes again, without B's sheet of A
    assignment = s.review.assignments.get(scorer=w.unit_b, unit=w.unit_a)
    services.unlock_cross_scores(actor=w.cluster_leader, assignment=assignment, reason="Sửa")
    third = stored_outcome(s.review)
    assert ReviewOutcome.objects.get().pk != row.pk
    assert third.outcome is not None
    assert str(third.outcome.results[str(w.unit_a.pk)].total) == "91"  # 31 + 23 + 21 + 16


def test_a_stored_outcome_of_another_revision_is_never_read(scoring: Scoring) -> None:
    s = scoring
    fill_all(s, SELF, CROSS)
    stored_outcome(s.review)
    # A reader that computed before a write committed stored its outcome under the old revision.
    ReviewOutcome.objects.update(summary={"entries": [], "needs_vote": [], "signals": []})
    Review.objects.filter(pk=s.review.pk).update(inputs_revision=99)
    fresh = stored_outcome(s.review)
    assert fresh.outcome is not None
    assert len(fresh.outcome.ranking.entries) == 3
    assert ReviewOutcome.objects.get().revision == 99


def test_not_computable_yet_is_stored_too(scoring: Scoring) -> None:
    s = scoring
    fill_all(s, SELF, {})
    first = stored_outcome(s.review)
    assert first.outcome is None
    assert first.problem == "cross: còn 3 đơn vị chưa đủ điểm chấm chéo ở mọi tiêu chí."
    assert ReviewOutcome.objects.get().problem == first.problem


# --- constant query counts on the list pages --------------------------------------------------------


def _count(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _ask(s: Scoring, unit: Any, n: int) -> None:
    for index in range(n):
        services.ask_evidence_query(
            actor=s.y.world.cluster_leader,
            review=s.review,
            unit=unit,
            criterion=s.criteria[index % len(s.criteria)],
            question=f"Câu hỏi {index}",
            deadline=D(2099, 1, 1),
        )


def test_sheet_and_assignment_pages_use_constant_queries(
    scoring: Scoring, django_assert_num_queries: Any
) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    member = _client(w.member_officer)
    url = f"/cham-diem/bang-tu-cham/{sheet.pk}/"
    services.add_evidence(actor=w.member_officer, sheet=sheet, description="Một", link="https://a.vn/1")
    _ask(s, w.unit_b, 1)
    member.get(url)  # warm the session and the caches
    one = _count(member, url)
    for index in range(2):
        services.add_evidence(
            actor=w.member_officer,
            sheet=sheet,
            criterion=s.criteria[1],
            description=f"Hai {index}",
            link="https://a.vn/2",
        )
    _ask(s, w.unit_b, 2)
    with django_assert_num_queries(one):
        member.get(url)


def test_assignment_page_uses_constant_queries(scoring: Scoring, django_assert_num_queries: Any) -> None:
    s, w = scoring, scoring.y.world
    _in_cross_scoring(s)
    assignment = s.review.assignments.get(scorer=w.unit_a, unit=w.unit_b)
    scorer = _client(w.cluster_leader)
    url = f"/cham-diem/cham-cheo/{assignment.pk}/"
    _ask(s, w.unit_b, 1)
    scorer.get(url)
    one = _count(scorer, url)
    _ask(s, w.unit_b, 2)
    with django_assert_num_queries(one):
        scorer.get(url)


def test_review_page_uses_constant_queries(scoring: Scoring, django_assert_num_queries: Any) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    leader = _client(w.cluster_leader)
    url = f"/cham-diem/{s.review.pk}/"
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    services.record_appeal(
        actor=w.cluster_leader, review=s.review, unit=w.unit_b, text="Một", received_on=D(2018, 12, 24)
    )
    leader.get(url)  # computes and stores the outcome
    one = _count(leader, url)
    for unit in (w.unit_a, w.unit_c):
        services.record_appeal(
            actor=w.cluster_leader, review=s.review, unit=unit, text="Hai", received_on=D(2018, 12, 24)
        )
    leader.get(url)  # the appeals changed the inputs: computed and stored again
    with django_assert_num_queries(one):
        leader.get(url)


@pytest.mark.parametrize("stage", ["scoring", "appeals"])
def test_the_ranking_page_reads_the_stored_outcome(scoring: Scoring, stage: str, monkeypatch: Any) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    if stage == "appeals":
        services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    leader = _client(w.cluster_leader)
    leader.get(f"/cham-diem/{s.review.pk}/")
    from thidua.scoring import outcomes

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the engine ran although the outcome is stored")

    monkeypatch.setattr(outcomes.engine, "compute", refuse)
    page = leader.get(f"/cham-diem/{s.review.pk}/").content.decode()
    assert "<td>Sở Tài nguyên và Môi trường tỉnh An Giang</td><td>92,00</td>" in page
    explain = leader.get(f"/cham-diem/{s.review.pk}/don-vi/SO-A/").content.decode()
    assert "Vì sao Sở Tài nguyên và Môi trường tỉnh An Giang xếp hạng 1" in explain
    assert "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh" in explain  # named scorers for the leader
