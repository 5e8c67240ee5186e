"""The year-end review through its services: the whole flow, exact numbers, and every refusal."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from tests.scoring.conftest import D, Scoring, fill_all
from thidua.clusters.enums import YearState
from thidua.core import clock
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEntry
from thidua.scoring import services
from thidua.scoring.enums import ReviewStage, SheetStatus
from thidua.scoring.evidence import MAX_EVIDENCE_BYTES
from thidua.scoring.models import CrossAssignment, Evidence, FinalRank, SelfScore
from thidua.scoring.selectors import final_ranking, needs_vote, review_outcome

SELF = {
    "SO-A": ["34", "24", "22", "17"],
    "SO-B": ["35", "25", "22.5", "17.5"],
    "SO-C": ["30", "20", "20", "15"],
}
CROSS = {
    ("SO-B", "SO-A"): ["33", "23", "21", "16"],
    ("SO-C", "SO-A"): ["31", "23", "21", "16"],
    ("SO-A", "SO-B"): ["30", "20", "20", "15"],
    ("SO-C", "SO-B"): ["28", "20", "20", "15"],
    ("SO-A", "SO-C"): ["30", "21", "20", "15"],
    ("SO-B", "SO-C"): ["30", "21", "20", "15"],
}


def test_the_whole_review_reaches_a_final_ranking_and_voting(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    outcome = review_outcome(s.review)
    # A: mean(33, 31) + 23 + 21 + 16 = 92; B: 29 + 20 + 20 + 15 = 84; C: 30 + 21 + 20 + 15 = 86
    assert [(e.unit, e.rank) for e in outcome.ranking.entries] == [
        (str(w.unit_a.pk), 1),
        (str(w.unit_c.pk), 2),
        (str(w.unit_b.pk), 3),
    ]
    assert [str(e.result.total) for e in outcome.ranking.entries] == ["92", "86", "84"]
    # B gave itself 100 against a median cross total of 84: self-inflation
    assert [(sig.kind, sig.units) for sig in outcome.signals] == [("self_inflation", (str(w.unit_b.pk),))]
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    appeal = services.record_appeal(
        actor=w.cluster_leader,
        review=s.review,
        unit=w.unit_b,
        text="Đề nghị xem lại tiêu chí 1",
        received_on=D(2018, 12, 24),
    )
    with pytest.raises(Conflict, match="Còn 1 kiến nghị chưa được trả lời"):
        services.finalise_ranking(actor=w.cluster_leader, review=s.review)
    services.answer_appeal(
        actor=w.cluster_leader, appeal=appeal, answer="Giữ nguyên kết quả.", answered_on=D(2018, 12, 26)
    )
    with pytest.raises(Conflict, match="Kết quả chấm điểm chưa được công bố chính thức"):
        services.start_voting(actor=w.cluster_leader, review=s.review)
    with clock.recorded_at(D(2018, 12, 28)):
        services.finalise_ranking(actor=w.cluster_leader, review=s.review)
    assert [(r.unit.code, str(r.total), r.rank) for r in final_ranking(s.y.emulation_year)] == [
        ("SO-A", "92.00", 1),
        ("SO-C", "86.00", 2),
        ("SO-B", "84.00", 3),
    ]
    assert needs_vote(s.y.emulation_year) == []
    services.start_voting(actor=w.cluster_leader, review=s.review)
    s.y.emulation_year.refresh_from_db()
    assert s.y.emulation_year.state == YearState.VOTING


def test_a_tie_is_listed_for_the_vote(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    cross = dict(CROSS)
    cross[("SO-A", "SO-B")] = ["31", "21", "20", "15"]
    cross[("SO-C", "SO-B")] = ["31", "21", "20", "15"]  # B = 87 … = C? C = 86; make C 87 too
    cross[("SO-A", "SO-C")] = ["31", "21", "20", "15"]
    cross[("SO-B", "SO-C")] = ["31", "21", "20", "15"]
    fill_all(s, SELF, cross)
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    services.finalise_ranking(actor=w.cluster_leader, review=s.review)
    ranks = [(r.unit.code, r.rank, r.tie_group) for r in final_ranking(s.y.emulation_year)]
    assert ranks == [("SO-A", 1, None), ("SO-B", 2, 1), ("SO-C", 2, 1)]
    assert [[u.code for u in g] for g in needs_vote(s.y.emulation_year)] == [["SO-B", "SO-C"]]


def test_cross_scoring_needs_every_sheet_and_nobody_scores_itself(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    with pytest.raises(Conflict, match="Còn 3 đơn vị chưa nộp bảng tự chấm"):
        services.start_cross_scoring(actor=w.cluster_leader, review=s.review, cross_deadline=D(2018, 12, 20))
    fill_all(s, SELF, {})
    pairs = set(CrossAssignment.objects.filter(review=s.review).values_list("scorer__code", "unit__code"))
    assert pairs == {(a, b) for a in SELF for b in SELF if a != b}


def test_a_declared_conflict_removes_the_pair(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, {})
    services.declare_conflict(
        actor=w.member_officer,
        review=s.review,
        scorer=w.unit_b,
        unit=w.unit_c,
        reason="Giám đốc hai sở là vợ chồng",
    )
    assert not CrossAssignment.objects.filter(review=s.review, scorer=w.unit_b, unit=w.unit_c).exists()
    services.assign_cross_scoring(actor=w.cluster_leader, review=s.review)
    assert not CrossAssignment.objects.filter(review=s.review, scorer=w.unit_b, unit=w.unit_c).exists()
    assert CrossAssignment.objects.filter(review=s.review).count() == 5


def test_a_stale_save_from_a_second_tab_is_refused(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    opened_at = sheet.revision
    services.save_self_assessment(
        actor=w.member_officer, sheet=sheet, revision=opened_at, scores={s.criteria[0].pk: ("30", "tab 1")}
    )
    with pytest.raises(Conflict, match="đã được lưu ở một cửa sổ"):
        services.save_self_assessment(
            actor=w.member_officer,
            sheet=s.sheet(w.unit_b),
            revision=opened_at,
            scores={s.criteria[0].pk: ("10", "tab 2")},
        )
    score = SelfScore.objects.get(sheet=sheet, criterion=s.criteria[0])
    assert (str(score.score), score.explanation) == ("30.00", "tab 1")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("35.5", "35,5 nằm ngoài khoảng 0–35 điểm"),
        ("-1", "-1 nằm ngoài khoảng 0–35 điểm"),
        ("ba mươi", "«ba mươi» không phải là số"),
        ("30.125", "tối đa 2 chữ số thập phân"),
        ("NaN", "không phải là số"),
    ],
)
def test_bad_scores_are_refused_and_nothing_changes(scoring: Scoring, value: str, message: str) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    services.save_self_assessment(
        actor=w.member_officer, sheet=sheet, revision=0, scores={s.criteria[1].pk: ("20", "")}
    )
    with pytest.raises(InvalidInput, match=message):
        services.save_self_assessment(
            actor=w.member_officer,
            sheet=sheet,
            revision=1,
            scores={s.criteria[1].pk: ("21", ""), s.criteria[0].pk: (value, "")},
        )
    assert list(SelfScore.objects.filter(sheet=sheet).values_list("criterion_id", "score")) == [
        (s.criteria[1].pk, 20)
    ]
    sheet.refresh_from_db()
    assert sheet.revision == 1


def test_submission_locks_and_the_leader_returns_with_a_reason(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    services.save_self_assessment(
        actor=w.member_officer, sheet=sheet, revision=0, scores={c.pk: ("10", "") for c in s.criteria}
    )
    with clock.recorded_at(D(2018, 12, 11)):
        services.submit_self_assessment(actor=w.member_officer, sheet=sheet, revision=1)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.is_late) == (SheetStatus.SUBMITTED, True)  # deadline 10/12/2018
    with pytest.raises(Conflict, match="đã khóa"):
        services.save_self_assessment(
            actor=w.member_officer,
            sheet=sheet,
            revision=sheet.revision,
            scores={s.criteria[0].pk: ("11", "")},
        )
    with pytest.raises(InvalidInput, match="Lý do trả lại không được để trống"):
        services.return_self_assessment(actor=w.cluster_leader, sheet=sheet, reason="  ")
    services.return_self_assessment(actor=w.cluster_leader, sheet=sheet, reason="Thiếu minh chứng tiêu chí 2")
    sheet.refresh_from_db()
    assert (sheet.status, sheet.return_reason) == (SheetStatus.RETURNED, "Thiếu minh chứng tiêu chí 2")
    services.save_self_assessment(
        actor=w.member_officer, sheet=sheet, revision=sheet.revision, scores={s.criteria[0].pk: ("11", "")}
    )


def test_cross_sheet_locks_on_submission_and_unlock_is_audited(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, {("SO-B", "SO-A"): ["33", "23", "21", "16"]})
    assignment = CrossAssignment.objects.get(review=s.review, scorer=w.unit_b, unit=w.unit_a)
    with pytest.raises(Conflict, match="đã khóa"):
        services.save_cross_scores(
            actor=w.member_officer,
            assignment=assignment,
            revision=assignment.revision,
            scores={s.criteria[0].pk: ("1", "")},
        )
    with pytest.raises(Forbidden):
        services.unlock_cross_scores(actor=w.member_officer, assignment=assignment, reason="sửa")
    services.unlock_cross_scores(
        actor=w.cluster_leader, assignment=assignment, reason="Đơn vị nhập nhầm tiêu chí 1"
    )
    entry = AuditEntry.objects.filter(action="scoring.cross.unlock").get()
    assert entry.after["reason"] == "Đơn vị nhập nhầm tiêu chí 1"
    assignment.refresh_from_db()
    services.save_cross_scores(
        actor=w.member_officer,
        assignment=assignment,
        revision=assignment.revision,
        scores={s.criteria[0].pk: ("32", "")},
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_evidence_is_checked_by_content(scoring: Scoring, settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    s, w = scoring, scoring.y.world
    sheet = s.sheet(w.unit_b)
    pdf = services.add_evidence(
        actor=w.member_officer,
        sheet=sheet,
        criterion=s.criteria[0],
        description="Báo cáo tổng kết năm 2018",
        file_name="bao-cao.pdf",
        content=b"%PDF-1.4\n%...\n",
    )
    assert (pdf.kind, pdf.size) == ("pdf", 14)
    docx = services.add_evidence(
        actor=w.member_officer, sheet=sheet, description="Kế hoạch", file_name="kh.docx", content=_docx()
    )
    assert docx.kind == "docx"
    link = services.add_evidence(
        actor=w.member_officer,
        sheet=sheet,
        line=s.bonus,
        description="Quyết định tặng Cờ",
        link="https://example.gov.vn/qd.pdf",
    )
    assert link.kind == "link"
    with pytest.raises(InvalidInput, match=r"«virus\.pdf» không phải là PDF"):
        services.add_evidence(
            actor=w.member_officer,
            sheet=sheet,
            description="x",
            file_name="virus.pdf",
            content=b"MZ\x90\x00" + b"\0" * 60,
        )
    with pytest.raises(InvalidInput, match="lớn hơn 10 MB"):
        services.add_evidence(
            actor=w.member_officer,
            sheet=sheet,
            description="x",
            file_name="big.pdf",
            content=b"%PDF-" + b"0" * MAX_EVIDENCE_BYTES,
        )
    assert Evidence.objects.filter(sheet=sheet).count() == 3


def test_evidence_queries_stay_with_the_criterion(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, {})
    query = services.ask_evidence_query(
        actor=w.cluster_leader,
        review=s.review,
        unit=w.unit_b,
        criterion=s.criteria[2],
        question="Đề nghị gửi danh sách đại biểu dự hội nghị",
        deadline=datetime.date.today() + datetime.timedelta(days=3),
    )
    with pytest.raises(Forbidden):
        services.answer_evidence_query(actor=s.y.officer_c, query=query, answer="…")
    services.answer_evidence_query(actor=w.member_officer, query=query, answer="Đã bổ sung danh sách")
    query.refresh_from_db()
    assert (query.criterion_id, query.answer) == (s.criteria[2].pk, "Đã bổ sung danh sách")


def test_the_outsider_is_refused_on_every_write(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    outsider = w.outsider
    sheet = s.sheet(w.unit_b)
    before = AuditEntry.objects.count()
    attempts = [
        lambda: services.save_self_assessment(
            actor=outsider, sheet=sheet, revision=0, scores={s.criteria[0].pk: ("1", "")}
        ),
        lambda: services.submit_self_assessment(actor=outsider, sheet=sheet, revision=0),
        lambda: services.add_evidence(actor=outsider, sheet=sheet, description="x", link="https://a.vn"),
        lambda: services.return_self_assessment(actor=outsider, sheet=sheet, reason="x"),
        lambda: services.declare_conflict(
            actor=outsider, review=s.review, scorer=w.unit_b, unit=w.unit_c, reason="x"
        ),
        lambda: services.start_cross_scoring(actor=outsider, review=s.review, cross_deadline=D(2018, 12, 20)),
        lambda: services.assign_cross_scoring(actor=outsider, review=s.review),
        lambda: services.open_appeals(actor=outsider, review=s.review, appeal_deadline=D(2018, 12, 27)),
        lambda: services.record_appeal(
            actor=outsider, review=s.review, unit=w.unit_b, text="x", received_on=D(2018, 12, 24)
        ),
        lambda: services.finalise_ranking(actor=outsider, review=s.review),
        lambda: services.start_voting(actor=outsider, review=s.review),
        lambda: services.ask_evidence_query(
            actor=outsider,
            review=s.review,
            unit=w.unit_b,
            criterion=s.criteria[0],
            question="?",
            deadline=D(2030, 1, 1),
        ),
        lambda: services.start_self_assessment(
            actor=outsider, emulation_year=s.y.emulation_year, self_deadline=D(2018, 12, 1)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            attempt()
    assert AuditEntry.objects.count() == before
    assert SelfScore.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert FinalRank.objects.count() == 0
    s.review.refresh_from_db()
    assert s.review.stage == ReviewStage.SCORING


def test_a_member_cannot_act_for_another_unit(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    with pytest.raises(Forbidden):
        services.save_self_assessment(
            actor=w.member_officer, sheet=s.sheet(w.unit_c), revision=0, scores={s.criteria[0].pk: ("1", "")}
        )
    with pytest.raises(Forbidden):
        services.return_self_assessment(actor=w.member_officer, sheet=s.sheet(w.unit_c), reason="x")
