"""Writes of the certificates app: issuing and re-issuing certificates (one PDF per recipient, laid
out on the official blank), print layouts, the digital signature of a decision's PDF; and the
reads that produce files (verification payload, plain-paper copy, calibration sheet, ZIP stream)."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from thidua.awards.eligibility.codes import CERTIFICATE_BLANKS, conferred_name
from thidua.awards.models import Conferral, Decision
from thidua.certificates import rendering, verification
from thidua.certificates.enums import BlankKind, Status
from thidua.certificates.layouts import FIELD_LIMITS, FIELDS, QR, QR_LIMITS, default_layout
from thidua.certificates.models import Certificate, CertificateLayout, DecisionSignature
from thidua.certificates.selectors import certifiable_conferrals, position_in_year
from thidua.core import clock
from thidua.core.audit import record_audit
from thidua.core.audited import create_audited, save_audited
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.jobs import enqueue_job, report_progress
from thidua.core.models import JobProgress
from thidua.core.rules import require
from thidua.core.text import fold

# The fields the content hash covers: what makes the certificate what it is. The printed place
# and the salutation are presentation; changing them reprints the sheet but is not a new content.
HASHED = ("recipient", "recipient_kind", "award_code", "award", "year", "period", "decision_number",
          "decision_date", "issuer")  # fmt: skip
BLANK_HEADINGS = {
    BlankKind.BANG_KHEN: "BẰNG KHEN",
    BlankKind.GIAY: "GIẤY KHEN",
    BlankKind.CO_THI_DUA: "CỜ THI ĐUA",
    BlankKind.DANH_HIEU: "BẰNG CHỨNG NHẬN",
    BlankKind.KY_NIEM_CHUONG: "GIẤY CHỨNG NHẬN",
}
PROGRESS_EVERY = 10  # progress rows written every N certificates (a 1,000-sheet job: 100 updates)


def _vn_date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _long_date(day: datetime.date) -> str:
    return f"ngày {day:%d} tháng {day:%m} năm {day.year}"


def certificate_content(conferral: Conferral) -> dict[str, Any]:
    """Everything printed on the conferral's certificate (the caller has joined the record, the
    subject, the catalogue entry and the decision). Never the citizen ID or the birth year."""
    record, decision = conferral.record, conferral.decision
    if decision is None:
        raise InvalidInput("Mục này nhập từ hồ sơ cũ, không có quyết định: không cấp bằng, giấy chứng nhận.")
    code = conferral.code
    person, unit = record.person, record.unit
    if person is not None:
        post = position_in_year(person.pk, record.year)
        recipient, kind = person.full_name, "person"
        salutation = {"M": "Ông ", "F": "Bà "}.get(person.gender, "")
        line = f"{post.title}, {post.unit.name}" if post is not None else ""
    else:
        assert unit is not None  # a record has exactly one subject (check constraint)
        recipient, kind, salutation = unit.name, "collective", ""
        parent = unit.parent
        line = parent.name if parent is not None else ""
    period = ""
    if conferral.period_from and conferral.period_to:
        period = f"{conferral.period_from}–{conferral.period_to}"
    return {
        "recipient": recipient,
        "recipient_kind": kind,
        "recipient_salutation": salutation,
        "recipient_line": line,
        "award_code": code,
        "award": conferred_name(code, decision.authority),
        "is_title": conferral.is_title,
        "year": record.year,
        "period": period,
        "decision_number": decision.number,
        "decision_date": decision.date.isoformat(),
        "decision_date_vn": _vn_date(decision.date),
        "issuer": decision.authority,
        "blank_heading": BLANK_HEADINGS[BlankKind(CERTIFICATE_BLANKS[code])],
    }


def hash_of(content: dict[str, Any]) -> str:
    return verification.content_hash({key: content[key] for key in HASHED})


def verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("certificates:verify", kwargs={"code": verification.display(code)})


# --- layouts ---------------------------------------------------------------------------------------


def _sheet(layout: CertificateLayout | dict[str, Any]) -> rendering.Sheet:
    if isinstance(layout, CertificateLayout):
        return rendering.Sheet(
            layout.page_width_mm, layout.page_height_mm, layout.offset_x_mm, layout.offset_y_mm, layout.fields
        )
    return rendering.Sheet(
        layout["page_width_mm"], layout["page_height_mm"], Decimal(0), Decimal(0), layout["fields"]
    )


def layout_for(*, authority: str, blank_kind: str) -> CertificateLayout | None:
    """The authority's own layout of the kind, else the kind's shared one (one query)."""
    found = sorted(
        CertificateLayout.objects.filter(authority__in=[authority, ""], blank_kind=blank_kind),
        key=lambda layout: layout.authority == "",
    )
    return found[0] if found else None


def _sheet_for(authority: str, blank_kind: str, place: str = "") -> tuple[rendering.Sheet, str]:
    layout = layout_for(authority=authority, blank_kind=blank_kind)
    sheet = _sheet(layout if layout is not None else default_layout(blank_kind))
    key = repr((sheet, rendering.RENDERER_VERSION))
    return sheet, key


def _place(authority: str) -> str:
    """Where the issuing body sits, for the "<place>, ngày … " line: ministries and the Prime
    Minister in Hà Nội; for other bodies the line starts with the date (the blank often pre-prints
    the place)."""
    return "Hà Nội" if re.search(r"\b(Bộ|Thủ tướng)\b", authority) else ""


def printed_content(conferral: Conferral) -> dict[str, Any]:
    content = certificate_content(conferral)
    decision = conferral.decision
    assert decision is not None
    place = _place(decision.authority)
    date_text = _long_date(decision.date)
    content["place_date"] = f"{place}, {date_text}" if place else date_text[0].upper() + date_text[1:]
    return content


@transaction.atomic
def create_layout(*, actor: Any, blank_kind: str, authority: str = "") -> CertificateLayout:
    require(actor, "certificates.change_layout")
    if blank_kind not in BlankKind.values:
        raise InvalidInput(f"Loại phôi «{blank_kind}» không có.", fields={"blank_kind": "invalid"})
    authority = " ".join(authority.split())[:255]
    existing = CertificateLayout.objects.filter(authority=authority, blank_kind=blank_kind).first()
    if existing is not None:
        return existing
    values = default_layout(blank_kind)
    try:
        with transaction.atomic():
            return create_audited(
                CertificateLayout,
                actor=actor,
                action="certificates.layout.create",
                authority=authority,
                blank_kind=blank_kind,
                updated_by=actor if getattr(actor, "pk", None) else None,
                **values,
            )
    except IntegrityError:  # created by a concurrent request: the same defaults
        return CertificateLayout.objects.get(authority=authority, blank_kind=blank_kind)


def _number(value: object, *, field: str, low: float, high: float) -> float:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"«{field}»: cần một số (mm hoặc pt).", fields={field: "invalid"}) from None
    if not number.is_finite() or not low <= number <= high:
        raise InvalidInput(f"«{field}» phải từ {low:g} đến {high:g}.", fields={field: "range"})
    return float(round(number, 1))


@transaction.atomic
def save_layout(*, actor: Any, layout: CertificateLayout, values: Mapping[str, object]) -> CertificateLayout:
    """Set every position from `values` ("recipient.x", "qr.size", "offset_x_mm", …): all checked
    first, nothing saved if one is wrong."""
    require(actor, "certificates.change_layout", layout)
    layout = CertificateLayout.objects.select_for_update().get(pk=layout.pk)
    fields: dict[str, dict[str, float]] = {}
    for name in FIELDS:
        fields[name] = {
            part: _number(values.get(f"{name}.{part}", ""), field=f"{name}.{part}", low=low, high=high)
            for part, (low, high) in FIELD_LIMITS.items()
        }
    fields[QR] = {
        part: _number(values.get(f"{QR}.{part}", ""), field=f"{QR}.{part}", low=low, high=high)
        for part, (low, high) in QR_LIMITS.items()
    }
    changes: dict[str, Any] = {"fields": fields, "updated_by": actor if getattr(actor, "pk", None) else None}
    for name, (low, high) in {
        "page_width_mm": (100, 420), "page_height_mm": (100, 420), "offset_x_mm": (-20, 20), "offset_y_mm": (-20, 20)
    }.items():  # fmt: skip
        changes[name] = Decimal(str(_number(values.get(name, ""), field=name, low=low, high=high)))
    return save_audited(layout, actor=actor, action="certificates.layout.update", changes=changes)


def calibration_pdf(*, actor: Any, layout: CertificateLayout) -> bytes:
    require(actor, "certificates.change_layout", layout)
    title = f"Bản in căn chỉnh – {layout} – in trên giấy trắng, đặt chồng lên phôi để so"
    return rendering.render_calibration(sheet=_sheet(layout), title=title)


# --- issuing certificates --------------------------------------------------------------------------


@dataclass
class Report:
    created: int = 0
    reissued: int = 0
    unchanged: int = 0
    skipped_revoked: int = 0

    @property
    def total(self) -> int:
        return self.created + self.reissued + self.unchanged


def _issue(conferral: Conferral, sheets: dict[tuple[str, str], tuple[rendering.Sheet, str]]) -> str:
    """Create or refresh one conferral's certificate; "created", "reissued" or "unchanged"."""
    content = printed_content(conferral)
    digest = hash_of(content)
    blank = CERTIFICATE_BLANKS[conferral.code]
    decision = conferral.decision
    assert decision is not None
    key = (decision.authority, blank)
    if key not in sheets:
        sheets[key] = _sheet_for(*key)
    sheet, sheet_key = sheets[key]
    existing = Certificate.objects.filter(conferral=conferral).first()
    code = existing.code if existing is not None else verification.new_code()
    fingerprint = hashlib.sha256(f"{digest}\n{content}\n{sheet_key}".encode()).hexdigest()
    if existing is not None and existing.pdf_fingerprint == fingerprint and existing.pdf:
        return "unchanged"
    pdf = rendering.render_certificate(
        sheet=sheet,
        content=content,
        code_display=verification.display(code),
        content_hash=digest,
        verify_url=verify_url(code),
    )
    now = clock.now()
    with transaction.atomic():
        certificate = existing or Certificate(conferral=conferral, code=code, issued_at=now, revision=0)
        old_file = certificate.pdf.name if certificate.pdf else ""
        changed_content = existing is None or existing.content_hash != digest
        certificate.blank_kind, certificate.content, certificate.content_hash = blank, content, digest
        certificate.revision += 1 if changed_content else 0
        certificate.updated_at, certificate.pdf_fingerprint = now, fingerprint
        certificate.pdf.save(
            f"{code}-{certificate.revision}-{fingerprint[:8]}.pdf", ContentFile(pdf), save=False
        )
        certificate.save()
    if old_file and old_file != certificate.pdf.name:
        certificate.pdf.storage.delete(old_file)
    return "created" if existing is None else "reissued"


def generate_certificates(*, actor: Any, decision: Decision, progress_id: int | None = None) -> Report:
    """Issue the certificate of every printed entry of the decision (one PDF per recipient) and
    re-issue those whose content or layout changed; revoked entries get none. Each certificate is
    its own transaction, so a long job keeps what it finished; running it again continues."""
    require(actor, "certificates.issue_certificates", decision)
    entries = list(certifiable_conferrals(decision.pk))
    report, sheets = Report(), {}  # type: ignore[var-annotated]
    total = len(entries)
    report_progress(progress_id=progress_id, done=0, total=total, message="Đang in bằng, giấy chứng nhận")
    for done, conferral in enumerate(entries, start=1):
        if conferral.revoked_on is not None:
            report.skipped_revoked += 1
        else:
            outcome = _issue(conferral, sheets)
            setattr(report, outcome, getattr(report, outcome) + 1)
        if done % PROGRESS_EVERY == 0 or done == total:
            report_progress(
                progress_id=progress_id, done=done, total=total, message=f"Đã xử lý {done}/{total} bằng, giấy"
            )
    if report.created or report.reissued:  # a run that finds every certificate current changes nothing
        record_audit(
            actor=actor,
            action="certificates.decision.generate",
            target=decision,
            after={
                "created": report.created,
                "reissued": report.reissued,
                "unchanged": report.unchanged,
                "skipped_revoked": report.skipped_revoked,
            },
        )
    return report


def start_generation(*, actor: Any, decision: Decision) -> JobProgress:
    """Queue the batch as a background job (its page shows a progress bar and links to the ZIP)."""
    require(actor, "certificates.issue_certificates", decision)
    if not certifiable_conferrals(decision.pk).exists():
        raise InvalidInput(
            f"Quyết định số {decision.number} không có mục nào được cấp bằng, giấy chứng nhận."
        )
    from thidua.certificates.tasks import generate_certificates_task  # tasks import services

    label = f"In bằng, giấy chứng nhận theo Quyết định số {decision.number}"
    running = JobProgress.objects.filter(
        label=label, state__in=[JobProgress.State.QUEUED, JobProgress.State.RUNNING]
    ).first()
    if running is not None:
        return running
    return enqueue_job(
        generate_certificates_task,
        decision_id=decision.pk,
        actor_id=getattr(actor, "pk", None),
        label=label,
        owner=actor,
        subject=decision,
    )


# --- reading certificates --------------------------------------------------------------------------


def status_of(certificate: Certificate) -> str:
    return Status.REVOKED if certificate.conferral.revoked_on is not None else Status.VALID


def verification_payload(certificate: Certificate) -> dict[str, Any]:
    """What the public sees (page and API): never a citizen ID, a birth year or a unit post."""
    content = certificate.content
    return {
        "code": verification.display(certificate.code),
        "recipient": content["recipient"],
        "award": content["award"],
        "award_code": content["award_code"],
        "year": content["year"],
        "decision_number": content["decision_number"],
        "decision_date": content["decision_date"],
        "issuer": content["issuer"],
        "status": str(status_of(certificate)),
        "content_hash": certificate.content_hash,
    }


def plain_paper_pdf(certificate: Certificate) -> bytes:
    """A copy with what the blank pre-prints drawn too (for the screen or plain paper)."""
    content = certificate.content
    sheet, _ = _sheet_for(content["issuer"], certificate.blank_kind)
    return rendering.render_certificate(
        sheet=sheet,
        content=content,
        code_display=verification.display(certificate.code),
        content_hash=certificate.content_hash,
        verify_url=verify_url(certificate.code),
        on_plain_paper=True,
    )


def safe_filename(index: int, certificate: Certificate) -> str:
    """ASCII, no path separators or dots from the name: "0001-nguyen-van-an-K7QM2X….pdf"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(certificate.content["recipient"]).lower()).strip("-")[:60]
    return f"{index:04d}-{slug or 'chung-nhan'}-{certificate.code}.pdf"


class _Sink(io.RawIOBase):
    """A write-only stream whose bytes are taken out as they come (zipfile streams into it)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out, self.chunks = b"".join(self.chunks), []
        return out


def zip_stream(certificates: Iterable[Certificate]) -> Iterator[bytes]:
    """The certificates' PDFs as one ZIP, produced file by file (memory holds one PDF at a time)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed
        for index, certificate in enumerate(certificates, start=1):
            if not certificate.pdf:
                continue
            with certificate.pdf.open("rb") as source:
                archive.writestr(safe_filename(index, certificate), source.read())
            yield sink.take()
    yield sink.take()


# --- the decision's PDF and its digital signature ---------------------------------------------------

DecisionPdf = Callable[[Decision], bytes | None]
_DECISION_PDF: dict[str, DecisionPdf] = {}  # by source: ready() running twice replaces


def register_decision_pdf(source: str, build: DecisionPdf) -> None:
    """A higher app that lays decisions out (proposals) gives the PDF of the decision as issued;
    `build` answers None for a decision it does not own. Registered in its AppConfig.ready()."""
    _DECISION_PDF[source] = build


def decision_pdf(decision: Decision) -> tuple[str, bytes]:
    """The decision's own PDF if an app provides it, else the certificate register of the decision
    (Decree 30 layout: every certificate's code and content hash), which is what this app issues."""
    for source, build in sorted(_DECISION_PDF.items()):
        pdf = build(decision)
        if pdf is not None:
            return source, pdf
    from thidua.certificates.documents import build_register
    from thidua.documents.rendering import render_pdf

    return "certificate_register", render_pdf(document=build_register(decision))


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
def sign_decision_pdf(
    *, actor: Any, decision: Decision, key_pem: bytes, cert_pem: bytes
) -> DecisionSignature:
    """Sign the decision's PDF (PAdES, pyHanko) with the issuing body's key; keep the signed file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    require(actor, "certificates.sign_decision", decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if DecisionSignature.objects.filter(decision=decision).exists():
        raise Conflict(f"Quyết định số {decision.number} đã được ký số.")
    key, cert = _load_pem(key_pem, cert_pem)
    source, pdf = decision_pdf(decision)
    signer = signers.SimpleSigner(
        signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore.from_certs([cert])
    )
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyCoQuanBanHanh", reason=f"Ký số Quyết định số {decision.number}"
    )
    try:
        out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    except Exception:
        raise InvalidInput(
            "Không ký được: khóa và chứng thư số không khớp nhau hoặc không dùng để ký.",
            fields={"certificate": "invalid"},
        ) from None
    signature = DecisionSignature(
        decision=decision,
        signer=cert.subject.human_friendly[:255],
        source=source,
        signed_at=clock.now(),
        signed_by=actor if getattr(actor, "pk", None) else None,
    )
    slug = re.sub(r"[^A-Za-z0-9]+", "-", fold(decision.number)).strip("-")
    signature.signed_pdf.save(f"quyet-dinh-{slug}-{decision.pk}.pdf", ContentFile(out.getvalue()), save=False)
    signature.save()
    record_audit(
        actor=actor,
        action="certificates.decision.sign_pdf",
        target=decision,
        after={"signer": signature.signer, "source": source},
    )
    return signature
