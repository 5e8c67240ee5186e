"""Benchmark, second half of unit_year_bench.py: a unit's head's decision at 2,000 people (issue 18).

    UNIT_YEAR_BENCH_DECISION=unit_decision_bench \\
    THIDUA_DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_h_unit \\
        python benchmarks/unit_year_bench.py --people 2000 --requests 3

After the page timings, with the unit unit_year_bench.py built: the officer proposes every person
the review finds eligible for LĐTT (and CSTĐCS) through `mark_proposals`, submits (every entry
checked again), records the council's minutes, drafts and issues the head's decision (the registry
written in one transaction); then the decision's DOCX and PDF are rendered by the background job's
own function (`render_document_task`), against a one-page decision (one person) rendered the same
way in the same run. Everything is rolled back at the end, so the run can be repeated.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction

from thidua.accounts.enums import Role
from thidua.accounts.models import RoleAssignment, User
from thidua.awards.review import unit_review as review
from thidua.documents.services import forget_renders
from thidua.documents.tasks import render_document_task
from thidua.proposals import services
from thidua.proposals.services import unit_review


def _timed(label: str, baseline: float, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    ms = (time.perf_counter() - start) * 1000
    print(f"{label:40s} {ms:12.1f} ms  ×{ms / baseline:,.0f}")
    return result


def _render(decision_pk: int, fmt: str) -> str:
    """The background job's body, without its stored file (else the second run is a cache hit)."""
    forget_renders(kind="award_decision", object_id=decision_pk)
    return render_document_task.call("award_decision", decision_pk, fmt)


def run(*, unit: Any, year: int, officer: Any, baseline: float) -> None:
    head, _ = User.objects.get_or_create(username="bench.unit.head")
    RoleAssignment.objects.get_or_create(user=head, role=Role.UNIT_HEAD, unit=unit)
    rows = review(unit, year)
    ldtt = [r.person.pk for r in rows if r.outcome("LDTT").verdict == "eligible"]
    cstdcs = [
        pid
        for pid in ldtt
        if next(r for r in rows if r.person.pk == pid).outcome("CSTDCS").verdict == "eligible"
    ]
    marks = [(pid, "LDTT") for pid in ldtt] + [
        (pid, "CSTDCS") for pid in cstdcs[: max(1, len(ldtt) * 15 // 100)]
    ]
    print(f"decision chain: {len(ldtt)} LĐTT, {len(marks) - len(ldtt)} CSTĐCS proposed")
    with transaction.atomic():
        _timed(
            f"mark {len(marks)} proposals",
            baseline,
            lambda: [  # in saves of at most MAX_MARKS (a page sends 50 people's ticks)
                unit_review.mark_proposals(actor=officer, unit=unit, year=year, proposed=chunk, shown=chunk)
                for chunk in (
                    marks[i : i + unit_review.MAX_MARKS] for i in range(0, len(marks), unit_review.MAX_MARKS)
                )
            ],
        )
        own = unit_review.unit_dossiers(unit, year)[unit_review.OWN]
        _timed(
            "submit (every entry checked again)",
            baseline,
            lambda: services.submit_dossier(actor=officer, dossier=own),
        )
        _timed(
            "council minutes",
            baseline,
            lambda: unit_review.hold_unit_council(
                actor=officer,
                dossier=own,
                held_on=datetime.date(year + 1, 1, 8),
                chair="Chủ tịch",
                secretary="Thư ký",
                members=["Chủ tịch", "Thư ký"],
                minutes="Hội đồng thống nhất.",
            ),
        )
        decision = _timed(
            "prepare the decision",
            baseline,
            lambda: unit_review.prepare_unit_decision(actor=officer, dossier=own),
        )
        _timed(
            f"issue ({len(marks)} registry entries)",
            baseline,
            lambda: services.issue_decision(
                actor=head,
                decision=decision,
                issued_on=datetime.date(year + 1, 1, 15),
                signer_name="Giám đốc",
                signer_title="GIÁM ĐỐC",
            ),
        )
        one = services.prepare_decision(
            actor=officer,
            body=unit,
            issuer=unit_review.issuer_of(unit),
            year=year,
            subject_line="Về việc tặng Giấy khen",
            symbol="QĐ-BENCH",
            entries=[services.EntrySpec(subject=rows[0].person, code="GIAY_KHEN")],
            legal_grounds="Căn cứ Luật Thi đua, khen thưởng;",
        )
        services.issue_decision(
            actor=head,
            decision=one,
            issued_on=datetime.date(year + 1, 1, 16),
            signer_name="Giám đốc",
            signer_title="GIÁM ĐỐC",
        )
        for fmt in ("docx", "pdf"):
            _render(one.pk, fmt)  # warm-up: fonts, templates
            _timed(f"one-page decision, {fmt} (job)", baseline, lambda fmt=fmt: _render(one.pk, fmt))
            _timed(
                f"{len(marks)}-line decision, {fmt} (job)",
                baseline,
                lambda fmt=fmt: _render(decision.pk, fmt),
            )
        transaction.set_rollback(True)
