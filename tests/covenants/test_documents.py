"""The builders put the right content into the documents: DOCX read back, PDF by text."""

from __future__ import annotations

import io
import re
import subprocess
from collections import Counter

import pytest
from django.core.management import call_command
from docx import Document as DocxDocument
from pypdf import PdfReader

from tests.factories import restore_migration_data
from thidua.clusters.demo import THEME_2018
from thidua.clusters.models import Conference, EmulationYear
from thidua.covenants import documents as builders
from thidua.covenants.models import Covenant, Criterion, Plan
from thidua.documents.registry import render
from thidua.documents.rendering import render_docx, render_pdf


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("flush", "--no-input", verbosity=0)
        restore_migration_data()


def _docx_text(content: bytes) -> str:
    doc = DocxDocument(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]

    def walk(tables: object) -> None:
        for table in tables:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(doc.tables)
    return "\n".join(parts)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.django_db
def test_covenant_docx_has_theme_every_criterion_and_ten_signers(demo: None) -> None:
    covenant = Covenant.objects.get(emulation_year__year=2018)
    text = _docx_text(render_docx(document=builders.build_covenant_document(covenant)))
    flat = _flat(text)
    assert THEME_2018 in flat
    names = list(Criterion.objects.filter(group__covenant=covenant).values_list("name", flat=True))
    assert len(names) == 18
    for name in names:
        assert name in flat
    signers = list(covenant.signatures.values_list("signer_name", "unit__name"))
    assert len(signers) == 10
    for name, unit in signers:
        assert name in flat
        assert unit.upper() in flat
    assert "GIAO ƯỚC THI ĐUA" in flat
    assert "Số: 02/GƯ-CTĐ1" in flat
    assert "Hải Dương, ngày 30 tháng 3 năm 2018" in flat


@pytest.mark.django_db
def test_covenant_pdf_text(demo: None) -> None:
    covenant = Covenant.objects.get(emulation_year__year=2018)
    reader = PdfReader(io.BytesIO(render_pdf(document=builders.build_covenant_document(covenant))))
    flat = _flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Kỷ cương, liêm chính, hành động, sáng tạo" in flat
    assert "BẢNG TIÊU CHÍ CHẤM ĐIỂM" in flat
    assert "Cộng điểm tiêu chí" in flat


@pytest.mark.django_db
def test_plan_minutes_and_registrations_content(demo: None) -> None:
    plan = Plan.objects.get(emulation_year__year=2018)
    flat = _flat(_docx_text(render(kind="plan", object_id=plan.pk, fmt="docx")))
    assert "KẾ HOẠCH" in flat
    assert "Số: 01/KH-CTĐ1" in flat
    assert "Thi đua đẩy mạnh cải cách hành chính" in flat
    assert "30/04/2018" in flat
    conference = Conference.objects.get(date__year=2018)
    minutes = _flat(_docx_text(render(kind="minutes", object_id=conference.pk, fmt="docx")))
    assert "BIÊN BẢN" in minutes
    assert "Nguyễn Anh Cương, Ủy viên Ban Thường vụ Tỉnh ủy" in minutes
    assert "Thời gian bắt đầu: 08 giờ 00, ngày 30 tháng 3 năm 2018." in minutes
    assert "Địa điểm: Thành phố Hải Dương, tỉnh Hải Dương." in minutes
    assert "Hội nghị kết thúc vào hồi 11 giờ 30 cùng ngày." in minutes
    assert "nhất trí thông qua./." in minutes
    assert "Thông qua Kế hoạch tổ chức các hoạt động thi đua" in minutes
    assert "Ký kết giao ước thi đua" in minutes
    assert "CHỦ TỌA" in minutes
    assert "THƯ KÝ" in minutes
    assert "Nơi nhận:" in minutes
    assert "«" not in minutes
    assert "»" not in minutes
    assert "“Kỷ cương" in minutes
    # The chair is the Trưởng Cụm's director; the secretary its head of office, not a director.
    chair = re.search(r"Chủ trì \(chủ tọa\): ([^,]+), ([^,]+),", minutes)
    secretary = re.search(r"Thư ký \(người ghi biên bản\): ([^,]+), ([^,]+),", minutes)
    assert chair is not None
    assert chair.group(2) == "Giám đốc"
    assert secretary is not None
    assert secretary.group(2) == "Chánh Văn phòng"
    assert "Số: \u00a0" in _docx_text(render(kind="minutes", object_id=conference.pk, fmt="docx"))
    year = EmulationYear.objects.get(year=2018)
    summary = _flat(_docx_text(render(kind="registrations", object_id=year.pk, fmt="docx")))
    assert "Danh hiệu, hình thức khen thưởng đăng ký" in summary
    assert "Tập thể lao động xuất sắc" in summary
    assert "Chiến sĩ thi đua cơ sở" in summary
    assert "Cờ thi đua của Bộ Tài nguyên và Môi trường" in summary
    assert "Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường" in summary
    assert "(TTLDXS)" not in summary
    assert "Cán bộ 1" not in summary
    assert "Hà Nội, ngày 10 tháng 4 năm 2018" in summary  # the day the last unit registered
    assert "TTLDXS" not in summary  # the legal name on paper, never the code
    assert "CSTDCS" not in summary


@pytest.mark.django_db
def test_documents_command_lists_and_renders(demo: None, tmp_path: object) -> None:
    out = io.StringIO()
    call_command("documents", "list", stdout=out)
    kinds = sorted(line.split("\t")[0] for line in out.getvalue().splitlines())
    # the covenants' kinds; the scoring demo's review minutes and ten score sheets; the voting demo's
    # two tally minutes; the proposals demo's cluster dossier (submission, list, one achievement report
    # per entry), council minutes with the council's own tally and the Minister's decision; and
    # Hải Dương's own year (two dossiers: its head's and the one to the ministry; its council's
    # minutes; its head's decision)
    assert Counter(kinds) == {
        "achievement_report": 13,
        "award_decision": 2,
        "council_minutes": 2,
        "covenant": 1,
        "covenant-copy": 1,
        "minutes": 1,
        "plan": 1,
        "proposal_list": 3,
        "proposal_submission": 3,
        "registrations": 1,
        "review_minutes": 1,
        "score_sheet": 10,
        "tally_minutes": 3,
    }
    covenant = Covenant.objects.get(emulation_year__year=2018)
    target = f"{tmp_path}/giao-uoc.pdf"
    call_command(
        "documents",
        "render",
        "covenant",
        str(covenant.pk),
        "--format",
        "pdf",
        "--out",
        target,
        stdout=io.StringIO(),
    )
    text = subprocess.run(["pdftotext", target, "-"], capture_output=True, text=True, check=True).stdout
    assert "GIAO ƯỚC THI ĐUA" in text


@pytest.mark.django_db
def test_download_view_permissions(demo: None, client: object) -> None:
    covenant = Covenant.objects.get(emulation_year__year=2018)
    response = client.get(f"/documents/covenant/{covenant.pk}.docx")  # type: ignore[attr-defined]
    assert response.status_code == 200  # in force: public
    assert response["Content-Disposition"] == 'attachment; filename="giao-uoc-2018-v1.docx"'
    year = EmulationYear.objects.get(year=2018)
    refused = client.get(f"/documents/registrations/{year.pk}.pdf")  # type: ignore[attr-defined]
    # A visitor is asked to log in first, as on the pages (thidua.core.pages.refuse).
    assert refused.status_code == 302
    assert refused["Location"] == f"/accounts/login/?next=/documents/registrations/{year.pk}.pdf"
    assert client.get("/documents/covenant/999999.pdf").status_code == 404  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_pdf_digital_signature_verifies_and_detects_tampering(
    demo: None, settings: object, tmp_path: object
) -> None:
    from thidua.covenants import services
    from thidua.covenants.certificates import make_self_signed_certificate
    from thidua.covenants.services.signing import verify_pdf_bytes

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    covenant = Covenant.objects.get(emulation_year__year=2018)
    key, cert = make_self_signed_certificate(common_name="Trưởng Cụm thi đua số 1")
    services.sign_covenant_pdf(actor=None, covenant=covenant, key_pem=key, cert_pem=cert)
    result = services.verify_covenant_pdf(covenant, trust_roots=[cert])
    assert result is not None
    assert (result.intact, result.valid, result.trusted) == (True, True, True)
    assert "Trưởng Cụm thi đua số 1" in result.signer
    untrusted = services.verify_covenant_pdf(covenant)
    assert untrusted is not None
    assert untrusted.intact
    assert not untrusted.trusted
    with covenant.signed_pdf.open("rb") as handle:
        data = bytearray(handle.read())
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert found is not None
    start, length = int(found.group(1)), int(found.group(2))
    index = data.find(b"WeasyPrint", start, start + length)  # the producer string: signed, not structural
    assert start <= index < start + length
    data[index] ^= 0x20  # one letter's case flipped inside the signed range
    tampered = bytes(data)
    assert len(PdfReader(io.BytesIO(tampered)).pages) == len(PdfReader(covenant.signed_pdf.path).pages)
    broken = verify_pdf_bytes(tampered, trust_roots=[cert])
    assert "Trưởng Cụm thi đua số 1" in broken.signer  # the signature was found and checked
    assert broken.intact is False
    assert broken.summary == "Chữ ký số KHÔNG hợp lệ: tệp đã bị sửa sau khi ký hoặc chữ ký hỏng."


@pytest.mark.django_db
def test_the_demo_2018_records_carry_their_2018_dates(demo: None) -> None:
    """Issue 12 item 5: history, signatures, registrations and decisions dated in their own year."""
    import datetime

    from django.utils import timezone

    from thidua.awards.models import Decision
    from thidua.clusters.models import YearTransition
    from thidua.covenants.models import Registration, Signature

    year = EmulationYear.objects.get(year=2018)
    transitions = list(YearTransition.objects.filter(emulation_year=year))
    assert transitions
    # signed on 30/03/2018; the year-end review (scoring demo) moves it on in 2018 as well; the
    # Minister's decision of 18/01/2019 (proposals demo) decides and closes it in 2019
    years = {t.to_state: timezone.localdate(t.at).year for t in transitions}
    assert set(years.values()) == {2018, 2019}
    assert [state for state, at in years.items() if at == 2019] == ["decided", "closed"]
    assert timezone.localdate(transitions[0].at) == datetime.date(2018, 3, 30)
    assert timezone.localdate(year.state_changed_at) == timezone.localdate(transitions[-1].at)
    signatures = list(Signature.objects.filter(covenant__emulation_year=year))
    assert len(signatures) == 10
    assert {timezone.localdate(s.recorded_at) for s in signatures} == {datetime.date(2018, 3, 30)}
    covenant = Covenant.objects.get(emulation_year=year)
    assert covenant.frozen_at is not None
    assert timezone.localdate(covenant.frozen_at) == datetime.date(2018, 3, 30)
    deadline = year.registration_call.deadline
    registrations = list(Registration.objects.filter(emulation_year=year))
    assert len(registrations) == 3
    for registration in registrations:
        submitted = timezone.localdate(registration.submitted_at)
        assert submitted.year == 2018
        assert submitted <= deadline  # on time, not "late" because it was loaded in 2026
    # Shown in Vietnam's time: 09:00 in Hà Nội is 02:00 UTC.
    assert timezone.localtime(signatures[0].recorded_at).hour == 9
    # Decisions were issued by bodies that existed on their date.
    assert not Decision.objects.filter(
        authority__contains="Tài nguyên", date__gte=datetime.date(2025, 3, 1)
    ).exists()
    assert not Decision.objects.filter(
        authority__contains="Bộ Nông nghiệp", date__lt=datetime.date(2025, 3, 1)
    ).exists()
