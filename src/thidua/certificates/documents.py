"""The certificate register of a decision (sổ cấp bằng): the list of every certificate issued under
it with its code and content hash, by Decree 30. It is what is signed when no app provides the
decision's own PDF (`services.decision_pdf`)."""

from __future__ import annotations

from thidua.awards.models import Decision
from thidua.certificates import verification
from thidua.certificates.models import Certificate
from thidua.documents.rendering import (
    Alignment,
    Column,
    Document,
    Header,
    Paragraph,
    Table,
    TableRow,
)


def build_register(decision: Decision) -> Document:
    certificates = (
        Certificate.objects.filter(conferral__decision=decision).select_related("conferral").order_by("id")
    )
    rows = tuple(
        TableRow(
            cells=(
                str(index),
                c.content["recipient"],
                c.content["award"],
                str(c.content["year"]),
                verification.display(c.code),
                c.content_hash,
                "Đã thu hồi" if c.conferral.revoked_on else "Còn hiệu lực",
            )
        )
        for index, c in enumerate(certificates, start=1)
    )
    header = Header(
        issuing_body=decision.authority.upper()[:120],
        place="Hà Nội",
        issued_on=decision.date,
        document_type="SỔ CẤP BẰNG, GIẤY CHỨNG NHẬN",
        summary=f"kèm theo Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}",
    )
    table = Table(
        columns=(
            Column("STT", 0.5, Alignment.CENTER),
            Column("Người, tập thể được khen", 2.2),
            Column("Danh hiệu, hình thức", 2.0),
            Column("Năm", 0.6, Alignment.CENTER),
            Column("Mã xác minh", 1.6),
            Column("Dấu nội dung SHA-256", 2.4),
            Column("Tình trạng", 1.0),
        ),
        rows=rows,
        caption="Danh sách bằng, giấy chứng nhận đã cấp",
    )
    note = Paragraph(
        "Mỗi bằng, giấy chứng nhận được xác minh tại trang /xac-minh/<mã>/ bằng mã QR in trên bằng; "
        "dấu nội dung là SHA-256 của người nhận, hình thức, năm, số và ngày quyết định, cơ quan ban hành."
    )
    # No signature block: the register is signed digitally (services.sign_decision_pdf).
    return Document(header=header, blocks=(note, table))
