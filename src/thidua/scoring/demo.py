"""Demo: the 2018 year-end review of Cụm thi đua số 1, scored and ranked, standing at `voting`.

Built on covenants/demo.py (the covenant signed on 30/03/2018 in Hải Dương; Hà Nội leads the cluster
in 2018). The scores, explanations and evidence are written by us (illustrative, not from the 2018
report): ten self-assessments with evidence, every cross-score, one unit (Bắc Ninh) scoring itself
far above its peers (flagged self-inflation) and one pair (Hải Phòng, Vĩnh Phúc) scoring each other
high (flagged reciprocal pair). Every act is dated on its day of November–December 2018 (core.clock)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from thidua.clusters import services as cluster_services
from thidua.clusters.demo import KEYS
from thidua.clusters.enums import YearState
from thidua.clusters.models import Cluster, EmulationYear
from thidua.core.clock import recorded_at
from thidua.covenants.models import Criterion
from thidua.organisations.models import Unit
from thidua.scoring import services
from thidua.scoring.aggregation import show
from thidua.scoring.enums import ReviewStage, SheetStatus
from thidua.scoring.models import CrossAssignment, Review, SelfAssessment
from thidua.scoring.selectors import criteria_of, review_outcome

ORDER = 55
D = datetime.date

# Share of each criterion's maximum the peers find, per unit (illustrative).
QUALITY = {
    "HN": Decimal("0.93"),
    "HD": Decimal("0.91"),
    "HP": Decimal("0.86"),
    "ND": Decimal("0.89"),
    "TB": Decimal("0.84"),
    "HNA": Decimal("0.85"),
    "NB": Decimal("0.87"),
    "HY": Decimal("0.83"),
    "VP": Decimal("0.84"),
    "BN": Decimal("0.82"),
}
# How lenient (+) or harsh (−) each scorer is.
LENIENCE = {
    "HN": Decimal("-0.01"),
    "HD": Decimal("0"),
    "HP": Decimal("0.01"),
    "ND": Decimal("-0.02"),
    "TB": Decimal("0.02"),
    "HNA": Decimal("0"),
    "NB": Decimal("0.01"),
    "HY": Decimal("-0.01"),
    "VP": Decimal("0.01"),
    "BN": Decimal("0.02"),
}
RECIPROCAL = ("HP", "VP")
INFLATED = "BN"
EVIDENCE = [
    "Báo cáo tổng kết công tác tài nguyên và môi trường năm 2018",
    "Quyết định ban hành kế hoạch cải cách hành chính năm 2018 và báo cáo kết quả",
    "Danh sách cán bộ tham dự các hoạt động của Cụm năm 2018",
]


def _half(value: Decimal, maximum: Decimal) -> str:
    """Round to half a point within [0, max], as a person would write the score."""
    halves = (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2
    return str(min(max(halves, Decimal(0)), maximum))


def _wobble(*parts: str) -> Decimal:
    """A small, fixed variation per (scorer, unit, criterion): ±0.02 of the maximum."""
    seed = sum(ord(ch) * (i + 1) for i, ch in enumerate("|".join(parts)))
    return Decimal((seed % 5) - 2) / 100


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF naming the evidence (ASCII only: a placeholder for the scanned document)."""
    label = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 11 Tf 40 780 Td ({label}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _self_scores(key: str, criteria: list[Criterion]) -> dict[int, tuple[str, str]]:
    share = Decimal(1) if key == INFLATED else QUALITY[key] + Decimal("0.03")
    return {
        c.pk: (
            _half(c.max_points * share, c.max_points),
            f"Đơn vị đã thực hiện nội dung «{c.name[:80]}»; số liệu tại báo cáo tổng kết năm 2018.",
        )
        for c in criteria
    }


def _cross_scores(scorer: str, unit: str, criteria: list[Criterion]) -> dict[int, tuple[str, str]]:
    share = QUALITY[unit] + LENIENCE[scorer]
    if {scorer, unit} == set(RECIPROCAL):
        share += Decimal("0.12")
    return {
        c.pk: (_half(c.max_points * (share + _wobble(scorer, unit, str(c.order))), c.max_points), "")
        for c in criteria
    }


def load_demo(*, stdout: Any) -> None:
    cluster = Cluster.objects.get(authority__code="BTNMT", number=1)
    emulation_year = EmulationYear.objects.get(cluster=cluster, year=2018)
    units = {key: Unit.objects.get(code=f"STNMT-{key}") for key in KEYS}
    code_of = {unit.pk: key for key, unit in units.items()}
    # each step of the year carries its 2018 date (core.clock), not the day the demo is loaded
    if emulation_year.state == YearState.COVENANT_SIGNED:
        with recorded_at(D(2018, 4, 2)):
            cluster_services.advance_year(
                actor=None, emulation_year=emulation_year, to_state=YearState.IN_PROGRESS
            )
    review = Review.objects.filter(emulation_year=emulation_year).first()
    if review is None:
        with recorded_at(D(2018, 11, 26)):
            review = services.start_self_assessment(
                actor=None, emulation_year=emulation_year, self_deadline=D(2018, 12, 5)
            )
    criteria = criteria_of(review.covenant)
    emulation_year.refresh_from_db()
    if emulation_year.state == YearState.SELF_ASSESSMENT:
        for index, sheet in enumerate(SelfAssessment.objects.filter(review=review).select_related("unit")):
            if sheet.status == SheetStatus.SUBMITTED:
                continue
            key = code_of[sheet.unit_id]
            services.save_self_assessment(
                actor=None,
                sheet=sheet,
                revision=sheet.revision,
                scores=_self_scores(key, criteria),
                summary=f"{sheet.unit.name} tự đánh giá kết quả thực hiện giao ước thi đua năm 2018.",
            )
            with recorded_at(D(2018, 11, 30), hour=10):
                for number, (criterion, text) in enumerate(zip(criteria, EVIDENCE, strict=False), start=1):
                    services.add_evidence(
                        actor=None,
                        sheet=sheet,
                        criterion=criterion,
                        description=f"{text} của {sheet.unit.name}",
                        file_name=f"minh-chung-{key.lower()}-{number}.pdf",
                        content=tiny_pdf(f"{key} 2018 - minh chung {number}"),
                    )
            # Hải Dương hands in one day late (the deadline is 05/12/2018).
            with recorded_at(D(2018, 12, 6 if key == "HD" else 1 + index % 4), hour=16):
                services.submit_self_assessment(actor=None, sheet=sheet, revision=sheet.revision)
        with recorded_at(D(2018, 12, 7)):
            services.start_cross_scoring(actor=None, review=review, cross_deadline=D(2018, 12, 12))
    review.refresh_from_db()
    if review.stage == ReviewStage.SCORING:
        assignments = CrossAssignment.objects.filter(review=review).exclude(status=SheetStatus.SUBMITTED)
        with recorded_at(D(2018, 12, 11)):
            for assignment in assignments:
                scorer, unit = code_of[assignment.scorer_id], code_of[assignment.unit_id]
                services.save_cross_scores(
                    actor=None,
                    assignment=assignment,
                    revision=assignment.revision,
                    scores=_cross_scores(scorer, unit, criteria),
                )
                services.submit_cross_scores(actor=None, assignment=assignment, revision=assignment.revision)
        with recorded_at(D(2018, 12, 13)):
            services.open_appeals(actor=None, review=review, appeal_deadline=D(2018, 12, 17))
        with recorded_at(D(2018, 12, 14)):
            appeal = services.record_appeal(
                actor=None,
                review=review,
                unit=units[INFLATED],
                text="Sở đề nghị Cụm xem xét lại điểm chấm chéo nhóm tiêu chí thứ nhất, vì đơn vị đã hoàn "
                "thành toàn bộ chỉ tiêu kế hoạch năm 2018.",
                received_on=D(2018, 12, 14),
            )
        with recorded_at(D(2018, 12, 18)):
            services.answer_appeal(
                actor=None,
                appeal=appeal,
                answer="Cụm đã rà soát minh chứng cùng các đơn vị chấm chéo: điểm chấm chéo phù hợp với minh "
                "chứng; giữ nguyên kết quả.",
                answered_on=D(2018, 12, 18),
            )
        with recorded_at(D(2018, 12, 20), hour=15):
            services.finalise_ranking(actor=None, review=review)
    emulation_year.refresh_from_db()
    if emulation_year.state == YearState.CROSS_SCORING:
        with recorded_at(D(2018, 12, 20), hour=16):
            services.start_voting(actor=None, review=review)
        emulation_year.refresh_from_db()
    outcome = review_outcome(review)
    first = outcome.ranking.entries[0]
    kinds = sorted({signal.kind for signal in outcome.signals})
    stdout.write(
        f"    Chấm điểm năm 2018: {len(outcome.ranking.entries)} đơn vị, đứng đầu "
        f"{units[code_of[int(first.unit)]].name} ({show(first.result.total)}), tín hiệu: {', '.join(kinds)}; "
        f"năm thi đua: {emulation_year.get_state_display()}"
    )
