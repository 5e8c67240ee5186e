"""What can be measured on the rendered pages: the signature grid's gutter, text inside the
margins (our PDF and the DOCX as LibreOffice lays it out), no internal codes in document text,
"(Đã ký)" only on a copy, stored renders served again and replaced when the content changes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import restore_migration_data
from thidua.clusters.models import Conference
from thidua.covenants.enums import CollectiveTarget, PersonTarget
from thidua.covenants.models import Covenant, Plan
from thidua.documents.registry import kinds, render

MM = 72 / 25.4  # PDF points per millimetre
LEFT, RIGHT, TEXT_WIDTH = 30.0, 15.0, 165.0


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", "--no-input", verbosity=0)
        restore_migration_data()


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin mm, xMax mm, yMin mm, word) for every word, by pdftotext -bbox."""
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(source), "-"], capture_output=True, text=True, check=True
    ).stdout
    words, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if found:
            x0, y0, x1 = (float(found.group(i)) / MM for i in (1, 2, 3))
            words.append((page, x0, x1, y0, found.group(4)))
    return words


def _all_documents() -> list[tuple[str, int]]:
    return [(kind.name, object_id) for kind in kinds() for object_id, _ in kind.items()]


@pytest.mark.django_db
def test_signature_grid_columns_keep_a_gutter(demo: None, tmp_path: Path) -> None:
    covenant = Covenant.objects.get(emulation_year__year=2018)
    words = _words(render(kind="covenant", object_id=covenant.pk, fmt="pdf"), tmp_path)
    start = next(i for i, w in enumerate(words) if w[4] == "ĐẠI" and words[i + 1][4] == "DIỆN")
    title = words[start]
    # After the title line; page numbers (centred in the top margin) are not part of the grid.
    grid = [w for w in words[start:] if (w[0], round(w[3])) != (title[0], round(title[3])) and w[3] > 20]
    middle = LEFT + TEXT_WIDTH / 2
    assert len(grid) > 60
    left = [w for w in grid if w[2] <= middle]
    right = [w for w in grid if w[1] >= middle]
    assert len(left) + len(right) == len(grid), "a word of the grid crosses the middle of the page"
    gap = min(w[1] for w in right) - max(w[2] for w in left)
    assert gap >= 8.0, f"the grid's columns stand only {gap:.1f} mm apart"


@pytest.mark.django_db
def test_no_text_past_the_margins_in_any_pdf(demo: None, tmp_path: Path) -> None:
    for kind, object_id in _all_documents():
        for page, x0, x1, _y, word in _words(render(kind=kind, object_id=object_id, fmt="pdf"), tmp_path):
            assert x0 >= LEFT - 0.5, (kind, page, word, x0)
            assert x1 <= LEFT + TEXT_WIDTH + 0.5, (kind, page, word, x1)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) missing")
@pytest.mark.django_db
def test_docx_in_libreoffice_stays_in_the_margins_and_breaks_names_sensibly(
    demo: None, tmp_path: Path
) -> None:
    from thidua.documents.review import libreoffice_to_pdf

    covenant = Covenant.objects.get(emulation_year__year=2018)
    source = tmp_path / "covenant.docx"
    source.write_bytes(render(kind="covenant", object_id=covenant.pk, fmt="docx"))
    libreoffice_to_pdf(sources=[source], out_dir=tmp_path / "lo")
    laid_out = (tmp_path / "lo" / "covenant.pdf").read_bytes()
    words = _words(laid_out, tmp_path)
    for page, x0, x1, _y, word in words:
        assert x0 >= LEFT - 0.5, (page, word, x0)
        assert x1 <= LEFT + TEXT_WIDTH + 0.5, (page, word, x1)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "lo" / "covenant.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG" in text  # the authority on one line
    for line in text.splitlines():  # no place name cut in two ("HẢI / PHÒNG")
        assert not re.search(r"\b(HẢI|HÀ|NINH|BẮC|VĨNH|THÁI|HƯNG)$", line.strip()), line


CODE_LIKE = re.compile(r"\b[A-Z]{2,}_[A-Z]+\b")
GLOSSARY_CODES = set(CollectiveTarget.values) | set(PersonTarget.values) | {"HTXSNV", "HTTNV", "HTNV"}


@pytest.mark.django_db
def test_no_code_like_tokens_in_document_text(demo: None, tmp_path: Path) -> None:
    bare = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, GLOSSARY_CODES), key=len, reverse=True)) + r")\b"
    )
    for kind, object_id in _all_documents():
        pdf = render(kind=kind, object_id=object_id, fmt="pdf")
        text = " ".join(word for *_rest, word in _words(pdf, tmp_path))
        assert not CODE_LIKE.search(text), (kind, CODE_LIKE.search(text))
        assert not bare.search(text), (kind, bare.search(text))
        assert "«" not in text, kind
        assert "»" not in text, kind


@pytest.mark.django_db
def test_original_leaves_signing_space_blank_and_copy_says_so(demo: None, tmp_path: Path) -> None:
    covenant = Covenant.objects.get(emulation_year__year=2018)
    original = " ".join(
        w[4] for w in _words(render(kind="covenant", object_id=covenant.pk, fmt="pdf"), tmp_path)
    )
    copy = " ".join(
        w[4] for w in _words(render(kind="covenant-copy", object_id=covenant.pk, fmt="pdf"), tmp_path)
    )
    assert "(Đã ký)" not in original.replace(" ", "")
    assert "Đã" not in original.split()
    assert copy.split().count("(Đã") == 10  # one in each signing space
    assert "Bản sao:" in copy
    assert "TRƯỞNG CỤM" not in original.split("ĐẠI DIỆN")[1]  # the grid has the members only


@pytest.mark.django_db
def test_covenant_text_reads_as_adopted_and_cites_the_plan(demo: None) -> None:
    from tests.covenants.test_documents import _docx_text, _flat

    covenant = Covenant.objects.get(emulation_year__year=2018)
    text = _flat(_docx_text(render(kind="covenant", object_id=covenant.pk, fmt="docx")))
    assert "Căn cứ Kế hoạch số 01/KH-CTĐ1 ngày 30 tháng 3 năm 2018 của Cụm thi đua số 1" in text
    assert ".;" not in text
    assert ".." not in text
    assert "chuẩn hóa" not in text
    plan_id = Plan.objects.get(emulation_year=covenant.emulation_year).pk
    plan = _flat(_docx_text(render(kind="plan", object_id=plan_id, fmt="docx")))
    assert "Dự thảo" not in plan
    assert "dự thảo" not in plan
    assert "Tổ chức các hoạt động thi đua, khen thưởng và tuyên truyền năm 2018" in plan
    assert "KẾ HOẠCH Kế hoạch" not in plan
    assert "TM. CỤM THI ĐUA SỐ 1 TRƯỞNG CỤM" in plan


@pytest.mark.django_db
def test_downloads_are_rendered_once_and_again_when_the_content_changes(
    demo: None, client: object, settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.documents import services
    from thidua.documents.models import RenderedDocument

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    calls: list[str] = []
    real = services.render_pdf
    monkeypatch.setattr(
        services, "render_pdf", lambda *, document: calls.append("pdf") or real(document=document)
    )
    conference = Conference.objects.get(date__year=2018)
    url = f"/documents/minutes/{conference.pk}.pdf"
    first = b"".join(client.get(url).streaming_content)  # type: ignore[attr-defined]
    second = b"".join(client.get(url).streaming_content)  # type: ignore[attr-defined]
    assert first == second
    assert first.startswith(b"%PDF")
    assert calls == ["pdf"]  # the second download came from storage
    stored = RenderedDocument.objects.get(kind="minutes", object_id=conference.pk, fmt="pdf")
    old_name = stored.file.name
    Conference.objects.filter(pk=conference.pk).update(summary="Nội dung đã sửa sau hội nghị.")
    third = b"".join(client.get(url).streaming_content)  # type: ignore[attr-defined]
    assert calls == ["pdf", "pdf"]
    assert third != first
    stored.refresh_from_db()
    assert stored.file.name != old_name
    assert not (tmp_path / old_name).exists()


@pytest.mark.django_db
def test_a_long_pdf_is_rendered_by_a_job_with_progress(
    demo: None, client: object, settings: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.core.models import JobProgress
    from thidua.documents import services

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    monkeypatch.setattr(services, "LONG_TABLE_ROWS", 5)  # the covenant's 20-row table counts as long
    covenant = Covenant.objects.get(emulation_year__year=2018)
    url = f"/documents/covenant/{covenant.pk}.pdf"
    response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert "/jobs/" in response["Location"]
    job = JobProgress.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert (job.state, job.done, job.total, job.result_url) == (
        "done",
        2,
        3,
        url,
    )  # immediate backend in tests
    served = client.get(url)  # type: ignore[attr-defined]
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF")
