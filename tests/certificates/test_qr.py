"""The QR code printed on a certificate carries its verification URL, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.certificates.conftest import Decided
from tests.certificates.qr import qr_carries
from thidua.certificates import services
from thidua.certificates.layouts import default_layout
from thidua.certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_the_printed_qr_code_carries_the_verification_url(decided: Decided, tmp_path: Path) -> None:
    services.generate_certificates(actor=None, decision=decided.decision)
    certificate = Certificate.objects.get(conferral=decided.person_award)
    pdf = tmp_path / "bang.pdf"
    pdf.write_bytes(certificate.pdf.open("rb").read())
    qr = default_layout(certificate.blank_kind)["fields"]["qr"]
    box = {"x_mm": qr["x"], "y_mm": qr["y"], "size_mm": qr["size"]}
    url = services.verify_url(certificate.code)
    assert qr_carries(pdf, url, **box)
    other = Certificate.objects.get(conferral=decided.unit_flag)
    assert not qr_carries(pdf, services.verify_url(other.code), **box)
