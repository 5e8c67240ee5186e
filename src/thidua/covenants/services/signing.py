"""Signing the covenant: each member once per version; in force when all have signed, which moves
the year to `covenant_signed`. Optionally a PAdES digital signature of the covenant's PDF."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role_over
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import OutcomeKind, YearState
from thidua.clusters.models import Conference, EmulationYear
from thidua.core import clock
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.rules import require
from thidua.covenants.enums import CovenantStatus
from thidua.covenants.models import Covenant, Signature
from thidua.covenants.selectors import (
    covenant_snapshot,
    current_covenant,
    member_units,
    signing_progress,
    totals_report,
)
from thidua.covenants.services.plan import document_issuer
from thidua.documents.services import next_document_number
from thidua.organisations.models import Unit


def covenant_in_force_check(emulation_year: EmulationYear) -> str | None:
    """Precondition of `covenant_signed` (registered with clusters.services)."""
    covenant = current_covenant(emulation_year)
    if covenant is None:
        return "Năm thi đua chưa có giao ước."
    progress = signing_progress(covenant)
    if progress.missing:
        names = ", ".join(unit.name for unit in progress.missing)
        return f"Còn {len(progress.missing)} đơn vị chưa ký giao ước: {names}."
    return None


@transaction.atomic
def sign_covenant(
    *,
    actor: Any,
    covenant: Covenant,
    unit: Unit,
    signer_name: str,
    signer_position: str,
    signed_on: datetime.date,
    place: str,
    conference: Conference | None = None,
) -> Signature:
    """One member signs. The first signature freezes the table and gives the covenant its number;
    the last one puts it in force and moves the year to `covenant_signed`."""
    emulation_year = covenant.emulation_year
    require(actor, "covenants.act_for_unit", (emulation_year, unit))
    locked = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if locked.status == CovenantStatus.SUPERSEDED:
        raise Conflict(
            f"Phiên bản {locked.version} của giao ước đã được thay bằng phiên bản mới; hãy ký phiên bản mới.",
            code="superseded",
        )
    if locked.status == CovenantStatus.IN_FORCE:
        raise Conflict("Giao ước đã có hiệu lực; mọi đơn vị đã ký.", code="already_signed")
    if unit.pk not in {u.pk for u in member_units(emulation_year)}:
        raise InvalidInput(
            f"«{unit}» không phải thành viên của Cụm năm {emulation_year.year}.",
            fields={"unit": "not_member"},
        )
    if Signature.objects.filter(covenant=locked, unit=unit).exists():
        raise Conflict(
            f"«{unit}» đã ký phiên bản này của giao ước.", fields={"unit": "duplicate"}, code="already_signed"
        )
    if not signer_name.strip() or not signer_position.strip() or not place.strip():
        raise InvalidInput(
            "Cần ghi họ tên, chức vụ người ký và địa điểm ký.",
            fields={"signer_name": "required", "signer_position": "required", "place": "required"},
        )
    if signed_on.year not in (emulation_year.year, emulation_year.year - 1):
        raise InvalidInput(
            f"Ngày ký {signed_on:%d/%m/%Y} không hợp với năm thi đua {emulation_year.year}.",
            fields={"signed_on": "invalid"},
        )
    if signed_on > clock.today():
        raise InvalidInput("Ngày ký không được ở tương lai.", fields={"signed_on": "future"})
    if locked.frozen_at is None:
        report = totals_report(locked)
        if not report.ok:
            raise InvalidInput(
                "Bảng tiêu chí chưa hợp lệ, chưa ký được: " + " ".join(report.problems), code="totals"
            )
    acting = actor is not None and not has_role_over(actor, unit, Role.UNIT_HEAD)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                covenant=locked,
                unit=unit,
                signer_name=signer_name.strip(),
                signer_position=signer_position.strip(),
                signed_on=signed_on,
                place=place.strip(),
                recorded_by=actor if getattr(actor, "pk", None) else None,
                acting_for_head=acting,
                recorded_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict(f"«{unit}» đã ký phiên bản này của giao ước.", code="already_signed") from None
    record_audit(actor=actor, action="covenants.covenant.sign", target=locked, after=snapshot(signature))
    changed: list[str] = []
    if locked.frozen_at is None:
        locked.frozen_at = clock.now()
        locked.status = CovenantStatus.SIGNING
        locked.number = locked.number or next_document_number(
            issuer=document_issuer(emulation_year), year=emulation_year.year
        )
        changed += ["frozen_at", "status", "number"]
    if not signing_progress(locked).missing:
        locked.status = CovenantStatus.IN_FORCE
        changed.append("status")
    if changed:
        before = covenant_snapshot(covenant)
        locked.save(update_fields=sorted(set(changed)))
        record_audit(
            actor=actor,
            action="covenants.covenant.status",
            target=locked,
            before=before,
            after=covenant_snapshot(locked),
        )
    covenant.status, covenant.frozen_at, covenant.number = locked.status, locked.frozen_at, locked.number
    if locked.status == CovenantStatus.IN_FORCE:
        if emulation_year.state == YearState.PLANNING:
            # The last signature is what the year waited for: the system takes the step, audited.
            cluster_services.advance_year(
                actor=None, emulation_year=emulation_year, to_state=YearState.COVENANT_SIGNED
            )
        if (
            conference is not None
            and not conference.outcomes.filter(kind=OutcomeKind.COVENANT_SIGNED).exists()
        ):
            cluster_services.record_outcome(
                actor=None,
                conference=conference,
                kind=OutcomeKind.COVENANT_SIGNED,
                description=f"Các đơn vị ký giao ước thi đua năm {emulation_year.year}, chủ đề “{locked.theme}”.",
            )
    return signature


# --- PDF digital signature (PAdES, pyHanko) -------------------------------------------------------


@dataclass(frozen=True)
class PdfVerification:
    intact: bool
    valid: bool
    trusted: bool
    signer: str
    signed_at: datetime.datetime | None

    @property
    def summary(self) -> str:
        if not (self.intact and self.valid):
            return "Chữ ký số KHÔNG hợp lệ: tệp đã bị sửa sau khi ký hoặc chữ ký hỏng."
        trust = "chứng thư được tin cậy" if self.trusted else "chứng thư chưa được hệ thống tin cậy (tự ký)"
        return f"Chữ ký số hợp lệ, tệp nguyên vẹn; người ký: {self.signer}; {trust}."


def _load_pem(key_pem: bytes, cert_pem: bytes) -> tuple[Any, Any]:
    from asn1crypto import keys, pem, x509

    try:
        _, _, cert_der = pem.unarmor(cert_pem)
        _, _, key_der = pem.unarmor(key_pem)
        return keys.PrivateKeyInfo.load(key_der), x509.Certificate.load(cert_der)
    except (ValueError, TypeError):
        raise InvalidInput(
            "Khóa hoặc chứng thư số không đọc được (cần định dạng PEM).", fields={"certificate": "invalid"}
        ) from None


@transaction.atomic
def sign_covenant_pdf(*, actor: Any, covenant: Covenant, key_pem: bytes, cert_pem: bytes) -> Covenant:
    """Sign the in-force covenant's PDF with the leader's certificate and keep the signed file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from thidua.covenants.documents import build_covenant_document
    from thidua.documents.rendering import render_pdf

    require(actor, "covenants.lead_year", covenant.emulation_year)
    if covenant.status != CovenantStatus.IN_FORCE:
        raise Conflict("Chỉ ký số giao ước đã có hiệu lực (mọi đơn vị đã ký).")
    key, cert = _load_pem(key_pem, cert_pem)
    signer = signers.SimpleSigner(
        signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore.from_certs([cert])
    )
    pdf = render_pdf(document=build_covenant_document(covenant))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyTruongCum", reason="Trưởng Cụm ký số giao ước thi đua"
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    before = covenant_snapshot(covenant)
    covenant.signed_pdf.save(
        f"giao-uoc-{covenant.emulation_year.year}-v{covenant.version}-{covenant.pk}.pdf",
        ContentFile(out.getvalue()),
        save=False,
    )
    covenant.save(update_fields=["signed_pdf"])
    record_audit(
        actor=actor,
        action="covenants.covenant.sign_pdf",
        target=covenant,
        before=before,
        after=covenant_snapshot(covenant),
    )
    return covenant


def verify_pdf_bytes(content: bytes, *, trust_roots: list[bytes] | None = None) -> PdfVerification:
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(content))
        signatures = reader.embedded_signatures
    except Exception:
        return PdfVerification(False, False, False, "", None)
    if not signatures:
        return PdfVerification(False, False, False, "", None)
    roots = [x509.Certificate.load(pem.unarmor(root)[2]) for root in trust_roots or []]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception:
        return PdfVerification(False, False, False, "", None)
    return PdfVerification(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )


def verify_covenant_pdf(
    covenant: Covenant, *, trust_roots: list[bytes] | None = None
) -> PdfVerification | None:
    if not covenant.signed_pdf:
        return None
    with covenant.signed_pdf.open("rb") as handle:
        return verify_pdf_bytes(handle.read(), trust_roots=trust_roots)
