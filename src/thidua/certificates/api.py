"""Certificates of conferred titles and awards, their QR verification and the public lookup."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from thidua.certificates import services
from thidua.certificates.selectors import certificate_by_code
from thidua.core.errors import NotFound

router = Router(tags=["Chứng nhận khen thưởng"])


class CertificateVerificationOut(Schema):
    code: str
    recipient: str
    award: str  # the legal name of the title or award form
    award_code: str
    year: int
    decision_number: str
    decision_date: str  # ISO date
    issuer: str
    status: str  # "valid" | "revoked"
    content_hash: str  # SHA-256 of recipient, form, year, decision number and date, issuing body


@router.get(
    "/certificates/{code}",
    auth=None,
    response=CertificateVerificationOut,
    url_name="certificate_verify",
    summary="Xác minh bằng, giấy chứng nhận theo mã in trên bằng (công khai)",
)
def verify_certificate(request: HttpRequest, code: str) -> dict[str, object]:
    """An unknown code and an altered one (its check symbols do not match) are the same 404."""
    certificate = certificate_by_code(code[:64])
    if certificate is None:
        raise NotFound("Không có bằng, giấy chứng nhận nào mang mã này.")
    return services.verification_payload(certificate)
