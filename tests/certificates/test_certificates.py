"""Certificates of a decision: issued once per printed entry, verified publicly, revoked with the
registry entry, re-issued with a new hash when their content changes; every write refused to the
outsider with nothing changed."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.certificates.conftest import Decided, decide
from tests.factories import World, make_unit, make_user
from thidua.accounts.enums import Role
from thidua.awards import services as awards
from thidua.certificates import services, verification
from thidua.certificates.models import Certificate, CertificateLayout, DecisionSignature
from thidua.core.audit import AuditEntry
from thidua.core.errors import Forbidden
from thidua.core.rules import allows
from thidua.organisations.enums import UnitKind

pytestmark = pytest.mark.django_db


def _issue(decided: Decided) -> dict[str, Certificate]:
    report = services.generate_certificates(actor=decided.world.ministry_officer, decision=decided.decision)
    assert (report.created, report.reissued, report.unchanged, report.skipped_revoked) == (2, 0, 0, 0)
    return {c.content["award_code"]: c for c in Certificate.objects.all()}


def test_one_certificate_per_printed_entry_with_its_content_and_pdf(decided: Decided) -> None:
    certificates = _issue(decided)
    assert set(certificates) == {"BK_BO", "CO_BO"}  # Lao động tiên tiến is not printed
    award = certificates["BK_BO"]
    assert award.conferral_id == decided.person_award.pk
    assert verification.normalise(award.code) == award.code
    assert award.content["recipient"] == "Trần Thị Bình"
    assert award.content["recipient_salutation"] == "Bà "
    assert award.content["recipient_line"] == "Chuyên viên, Sở Tài nguyên và Môi trường tỉnh Bắc Ninh"
    assert award.content["award"] == "Bằng khen của Bộ trưởng Bộ Thử nghiệm"
    assert certificates["CO_BO"].content["award"] == "Cờ thi đua của Bộ Thử nghiệm"
    assert award.content["place_date"] == "Hà Nội, ngày 10 tháng 03 năm 2019"
    assert award.content_hash == services.hash_of(award.content)
    assert award.revision == 1
    assert award.pdf.open("rb").read(5) == b"%PDF-"
    # Nothing personal beyond the name and post is printed or kept.
    assert "1980" not in json.dumps(award.content)
    assert "0011900" not in json.dumps(award.content)
    again = services.generate_certificates(actor=None, decision=decided.decision)
    assert (again.created, again.reissued, again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("code", "issuer", "name"),
    [
        (
            "BK_BO",
            "Bộ trưởng Bộ Tài nguyên và Môi trường",
            "Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường",
        ),
        (
            "BK_BO",
            "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh",
        ),
        ("CO_BO", "Bộ trưởng  Bộ Tài nguyên và Môi trường ", "Cờ thi đua của Bộ Tài nguyên và Môi trường"),
        ("CO_BO", "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh", "Cờ thi đua của Ủy ban nhân dân tỉnh Bắc Ninh"),
        (
            "GIAY_KHEN",
            "Giám đốc Sở Tài chính tỉnh Bắc Ninh",
            "Giấy khen của Giám đốc Sở Tài chính tỉnh Bắc Ninh",
        ),
        # A director gives no Bằng khen, and an issuer in no known office is not guessed at.
        ("BK_BO", "Giám đốc Sở Tài chính tỉnh Bắc Ninh", "Bằng khen của bộ, ban, ngành, tỉnh"),
        ("CO_BO", "Bộ Tài nguyên và Môi trường", "Cờ thi đua của bộ, ban, ngành, tỉnh"),
        ("BK_BO", "Bộ trưởng ", "Bằng khen của bộ, ban, ngành, tỉnh"),
        ("BK_TTG", "Thủ tướng Chính phủ", "Bằng khen của Thủ tướng Chính phủ"),
    ],
)
def test_a_certificate_names_who_gave_the_award(code: str, issuer: str, name: str) -> None:
    assert services.conferred_name(code, issuer) == name


def test_the_api_answers_exactly_the_public_fields(decided: Decided, client: Client) -> None:
    award = _issue(decided)["BK_BO"]
    response = client.get(f"/api/v1/certificates/{verification.display(award.code)}")
    assert response.status_code == 200
    assert response.json() == {
        "code": verification.display(award.code),
        "recipient": "Trần Thị Bình",
        "award": "Bằng khen của Bộ trưởng Bộ Thử nghiệm",
        "award_code": "BK_BO",
        "year": 2018,
        "decision_number": "123/QĐ-BTN",
        "decision_date": "2019-03-10",
        "issuer": "Bộ trưởng Bộ Thử nghiệm",
        "status": "valid",
        "content_hash": award.content_hash,
    }
    assert client.get(f"/api/v1/certificates/{award.code.lower()}").status_code == 200


def test_a_revoked_award_fails_verification(decided: Decided, client: Client) -> None:
    award = _issue(decided)["BK_BO"]
    awards.revoke_conferral(
        actor=decided.world.administrator,
        conferral=decided.person_award,
        on=decided.decision.date.replace(year=2020),
        basis="Quyết định thu hồi số 9/QĐ-BTN",
        reason="Kê khai sai thành tích.",
    )
    assert client.get(f"/api/v1/certificates/{award.code}").json()["status"] == "revoked"
    page = client.get(f"/xac-minh/{verification.display(award.code)}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đã bị thu hồi." in text
    assert "ngày 10/03/2020" in text
    assert "Còn hiệu lực." not in text
    call_command("certificates", "list", "--json", stdout=(out := io.StringIO()))
    statuses = {
        json.loads(line)["award_code"]: json.loads(line)["status"] for line in out.getvalue().splitlines()
    }
    assert statuses == {"BK_BO": "revoked", "CO_BO": "valid"}
    with pytest.raises(CommandError, match="thu hồi"):
        call_command("certificates", "verify", award.code, stdout=io.StringIO())
    # A revoked entry gets no new certificate; its old one stays, verifying as revoked.
    report = services.generate_certificates(actor=None, decision=decided.decision)
    assert (report.skipped_revoked, report.unchanged) == (1, 1)


def test_the_hash_changes_when_the_content_changes(decided: Decided) -> None:
    award = _issue(decided)["BK_BO"]
    before, code = award.content_hash, award.code
    decided.decision.number = "124/QĐ-BTN"  # a corrected decision number
    decided.decision.save()
    report = services.generate_certificates(actor=None, decision=decided.decision)
    assert (report.reissued, report.unchanged) == (2, 0)
    award.refresh_from_db()
    assert award.code == code
    assert award.revision == 2
    assert award.content["decision_number"] == "124/QĐ-BTN"
    assert award.content_hash != before
    assert award.content_hash == services.hash_of(award.content)


@pytest.mark.parametrize("path", ["/api/v1/certificates/{}", "/xac-minh/{}/"])
def test_an_unknown_or_altered_code_is_a_404(decided: Decided, client: Client, path: str) -> None:
    award = _issue(decided)["BK_BO"]
    alphabet = verification.ALPHABET
    altered = award.code[:5] + alphabet[(alphabet.index(award.code[5]) + 1) % 32] + award.code[6:]
    unknown = verification.new_code()
    for code in (altered, unknown, "KHONG-CO-MA"):
        response = client.get(path.format(code))
        assert response.status_code == 404
        if path.startswith("/api/"):
            assert response.json() == {
                "message": "Không có bằng, giấy chứng nhận nào mang mã này.",
                "code": "not_found",
                "fields": {},
            }
        else:
            assert "Không có bằng, giấy chứng nhận nào mang mã" in response.content.decode()


def test_the_verification_page_shows_no_personal_identifier(decided: Decided, client: Client) -> None:
    award = _issue(decided)["BK_BO"]
    text = client.get(f"/xac-minh/{award.code}/").content.decode()
    assert "Trần Thị Bình" in text
    assert "Số 123/QĐ-BTN ngày 10/03/2019" in text
    assert award.content_hash in text
    assert "1980" not in text
    assert "0011900" not in text
    assert "Chuyên viên" not in text


def test_the_code_form_redirects_to_the_result(decided: Decided, client: Client) -> None:
    award = _issue(decided)["BK_BO"]
    response = client.get("/xac-minh/", {"ma": award.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/xac-minh/{verification.display(award.code)}/"


def test_zip_of_a_decision_has_one_safely_named_pdf_per_certificate(decided: Decided, client: Client) -> None:
    certificates = _issue(decided)
    client.force_login(decided.world.ministry_officer)
    response = client.get(f"/chung-nhan/quyet-dinh/{decided.decision.pk}/tai-ve.zip")
    assert response.status_code == 200
    assert response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[arg-type]
    names = archive.namelist()
    assert names == [
        f"0001-tran-thi-binh-{certificates['BK_BO'].code}.pdf",
        f"0002-so-tai-nguyen-va-moi-truong-tinh-an-giang-{certificates['CO_BO'].code}.pdf",
    ]
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)


def test_generation_runs_as_a_job_with_progress(decided: Decided, client: Client) -> None:
    client.force_login(decided.world.ministry_officer)
    response = client.post(f"/chung-nhan/quyet-dinh/{decided.decision.pk}/in/")
    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")
    progress = client.get(response["Location"])
    assert progress.status_code == 200
    assert "Đã in 2 bằng, giấy chứng nhận (2 mới, 0 in lại)." in progress.content.decode()
    assert Certificate.objects.count() == 2


def _self_signed() -> tuple[bytes, bytes]:
    from thidua.covenants.certificates import make_self_signed_certificate

    return make_self_signed_certificate(common_name="Bộ Thử nghiệm")


def test_signing_the_decision_pdf(decided: Decided) -> None:
    from thidua.covenants.services.signing import verify_pdf_bytes

    _issue(decided)
    key, cert = _self_signed()
    signature = services.sign_decision_pdf(
        actor=decided.world.ministry_officer, decision=decided.decision, key_pem=key, cert_pem=cert
    )
    assert signature.source == "certificate_register"
    result = verify_pdf_bytes(signature.signed_pdf.open("rb").read(), trust_roots=[cert])
    assert (result.intact, result.valid, result.trusted) == (True, True, True)
    assert "Bộ Thử nghiệm" in signature.signer
    with pytest.raises(Exception, match="đã được ký số"):
        services.sign_decision_pdf(actor=None, decision=decided.decision, key_pem=key, cert_pem=cert)


def test_layout_edit_and_calibration(world: World, media: None) -> None:
    layout = services.create_layout(actor=world.ministry_officer, blank_kind="bang_khen")
    values = {"page_width_mm": "297", "page_height_mm": "210", "offset_x_mm": "1,5", "offset_y_mm": "-2"}
    for name, spec in layout.fields.items():
        for part, value in spec.items():
            values[f"{name}.{part}"] = str(value)
    values["recipient.y"] = "95.25"
    saved = services.save_layout(actor=world.ministry_officer, layout=layout, values=values)
    assert saved.fields["recipient"]["y"] == 95.2 or saved.fields["recipient"]["y"] == 95.3
    assert str(saved.offset_x_mm) == "1.5"
    values["qr.size"] = "500"
    with pytest.raises(Exception, match=r"qr\.size"):
        services.save_layout(actor=world.ministry_officer, layout=layout, values=values)
    layout.refresh_from_db()
    assert layout.fields["qr"]["size"] == 24  # all or nothing
    assert services.calibration_pdf(actor=world.ministry_officer, layout=layout).startswith(b"%PDF-")


def test_the_outsider_is_refused_every_write_and_nothing_changes(decided: Decided, client: Client) -> None:
    world = decided.world
    layout = services.create_layout(actor=None, blank_kind="bang_khen")
    audit_before = AuditEntry.objects.count()
    key, cert = _self_signed()
    with pytest.raises(Forbidden):
        services.generate_certificates(actor=world.outsider, decision=decided.decision)
    with pytest.raises(Forbidden):
        services.start_generation(actor=world.outsider, decision=decided.decision)
    with pytest.raises(Forbidden):
        services.create_layout(actor=world.outsider, blank_kind="giay_khen")
    with pytest.raises(Forbidden):
        services.save_layout(actor=world.outsider, layout=layout, values={})
    with pytest.raises(Forbidden):
        services.sign_decision_pdf(
            actor=world.outsider, decision=decided.decision, key_pem=key, cert_pem=cert
        )
    client.force_login(world.outsider)
    pk = decided.decision.pk
    assert client.post(f"/chung-nhan/quyet-dinh/{pk}/in/").status_code == 403
    assert client.post("/chung-nhan/bo-cuc/tao/", {"blank_kind": "giay_khen"}).status_code == 403
    assert client.post(f"/chung-nhan/bo-cuc/{layout.pk}/luu/", {"recipient.x": "1"}).status_code == 403
    upload = {"key": io.BytesIO(key), "certificate": io.BytesIO(cert)}
    assert client.post(f"/chung-nhan/quyet-dinh/{pk}/ky-so/", upload).status_code == 403
    assert client.get(f"/chung-nhan/quyet-dinh/{pk}/tai-ve.zip").status_code == 403
    assert client.get(f"/chung-nhan/bo-cuc/{layout.pk}/can-chinh.pdf").status_code == 403
    assert Certificate.objects.count() == 0
    assert DecisionSignature.objects.count() == 0
    assert CertificateLayout.objects.count() == 1
    assert AuditEntry.objects.count() == audit_before


def test_another_ministrys_officer_neither_prints_nor_signs_and_a_unit_officer_never_signs(
    decided: Decided, client: Client
) -> None:
    world, decision = decided.world, decided.decision
    other = make_unit(code="BO2", name="Bộ Khác", kind=UnitKind.MINISTRY)
    stranger = make_user("bokhac.thidua", (Role.MINISTRY_OFFICER, other))
    key, cert = _self_signed()
    assert allows(world.ministry_officer, "certificates.issue_certificates", decision)
    assert allows(world.ministry_officer, "certificates.sign_decision", decision)
    assert not allows(stranger, "certificates.issue_certificates", decision)
    assert not allows(stranger, "certificates.sign_decision", decision)
    assert not allows(world.member_officer, "certificates.sign_decision", decision)
    with pytest.raises(Forbidden):
        services.generate_certificates(actor=stranger, decision=decision)
    with pytest.raises(Forbidden):
        services.sign_decision_pdf(actor=stranger, decision=decision, key_pem=key, cert_pem=cert)
    client.force_login(stranger)
    assert client.post(f"/chung-nhan/quyet-dinh/{decision.pk}/in/").status_code == 403
    assert not Certificate.objects.exists()
    assert not DecisionSignature.objects.exists()


def test_a_unit_officer_prints_only_decisions_wholly_in_reach(world: World, media: None) -> None:
    decided = decide(world)  # a unit A flag and a unit B person: beyond the unit B officer
    with pytest.raises(Forbidden):
        services.generate_certificates(actor=world.member_officer, decision=decided.decision)


def test_the_print_file_is_private_to_those_who_see_the_registry(decided: Decided, client: Client) -> None:
    award = _issue(decided)["BK_BO"]
    client.force_login(decided.world.outsider)
    assert client.get(f"/chung-nhan/in/{award.code}.pdf").status_code == 404
    client.force_login(decided.world.member_officer)
    response = client.get(f"/chung-nhan/in/{award.code}.pdf")
    assert response.status_code == 200
    copy = client.get(f"/chung-nhan/ban-sao/{award.code}.pdf")
    assert copy.status_code == 200
    assert copy.content.startswith(b"%PDF-")


def test_cli_list_generate_and_verify(decided: Decided) -> None:
    call_command("certificates", "generate", "--decision", "123/QĐ-BTN", stdout=(out := io.StringIO()))
    assert (
        out.getvalue().strip() == "Đã in 2 bằng, giấy: 2 mới, 0 in lại, 0 không đổi, 0 mục đã thu hồi bỏ qua."
    )
    call_command(
        "certificates", "list", "--year", "2018", "--decision", "123/QĐ-BTN", stdout=(out := io.StringIO())
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert all("\tvalid\t2018\t" in line for line in lines)
    code = lines[0].split("\t")[0]
    call_command("certificates", "verify", code, stdout=(out := io.StringIO()))
    assert json.loads(out.getvalue())["status"] == "valid"
    with pytest.raises(CommandError, match="sai mã kiểm tra"):
        call_command("certificates", "verify", "K7QM2X-9FHT3B-WZ4R8E", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có quyết định"):
        call_command("certificates", "generate", "--decision", "nope", stdout=io.StringIO())
