"""Documents of the review (minutes with the ranking table, score sheet) and the Excel export."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.scoring.conftest import D, Scoring, fill_all
from tests.scoring.test_services import CROSS, SELF
from thidua.core.errors import Forbidden
from thidua.documents.registry import render
from thidua.scoring import services
from thidua.scoring.documents import build_minutes, build_score_sheet
from thidua.scoring.excel import export_scores


def test_minutes_score_sheet_and_export(scoring: Scoring) -> None:
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    minutes = build_minutes(s.review)
    table = next(b for b in minutes.blocks if hasattr(b, "rows"))
    assert [r.cells[:3] for r in table.rows] == [
        ("1", "Sở Tài nguyên và Môi trường tỉnh An Giang", "92,00"),
        ("2", "Sở Tài nguyên và Môi trường tỉnh Cà Mau", "86,00"),
        ("3", "Sở Tài nguyên và Môi trường tỉnh Bắc Ninh", "84,00"),
    ]
    sheet = build_score_sheet(s.sheet(w.unit_a))
    rows = next(b for b in sheet.blocks if hasattr(b, "rows")).rows
    assert rows[0].cells[2:] == ("35,00", "34,00", "32,00", "32,00")
    assert render(kind="review_minutes", object_id=s.review.pk, fmt="docx")[:2] == b"PK"
    assert render(kind="score_sheet", object_id=s.sheet(w.unit_a).pk, fmt="pdf")[:5] == b"%PDF-"
    book = load_workbook(io.BytesIO(export_scores(actor=w.cluster_leader, review=s.review)))
    assert book["Chấm chéo"].max_row == 2 + 6 * 4
    assert book["Tự chấm"].max_row == 1 + 3 * 4
    with pytest.raises(Forbidden):
        export_scores(actor=w.member_officer, review=s.review)
    outsider = Client()
    outsider.force_login(w.outsider)
    assert outsider.get(f"/cham-diem/{s.review.pk}/diem.xlsx").status_code == 404


def test_the_minutes_annex_and_a_long_pdf_rendered_by_a_job(
    scoring: Scoring, settings: object, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.core.models import JobProgress
    from thidua.documents import services as document_services

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    s, w = scoring, scoring.y.world
    fill_all(s, SELF, CROSS)
    services.open_appeals(actor=w.cluster_leader, review=s.review, appeal_deadline=D(2018, 12, 27))
    tables = [b for b in build_minutes(s.review).blocks if hasattr(b, "rows")]
    # one row per unit and criteria group, in ranking order (A: mean(33, 31) + 23 = 55 of 60, 21 + 16 = 37 of 40)
    assert [r.cells for r in tables[1].rows[:2]] == [
        ("1", "Sở Tài nguyên và Môi trường tỉnh An Giang", s.criteria[0].group.name, "60,00", "55,00"),
        ("1", "Sở Tài nguyên và Môi trường tỉnh An Giang", s.criteria[2].group.name, "40,00", "37,00"),
    ]
    assert len(tables[1].rows) == 6
    # At 60 members the annex has 240 rows; here the threshold is lowered to make 3 members long.
    monkeypatch.setattr(document_services, "LONG_TABLE_ROWS", 5)
    leader = Client()
    leader.force_login(w.cluster_leader)
    url = f"/documents/review_minutes/{s.review.pk}.pdf"
    response = leader.get(url)
    assert response.status_code == 302
    assert "/jobs/" in response["Location"]
    job = JobProgress.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert (job.state, job.result_url) == ("done", url)  # the immediate backend of the tests
    served = leader.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
