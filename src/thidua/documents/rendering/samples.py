"""Sample documents with realistic shape and made-up content.

Used by the tests, the rendering benchmark and demo pages: a cluster covenant signed by ten
members, a registration summary of any length, and a one-paragraph note as a baseline. Names,
units and figures are invented.
"""

from __future__ import annotations

from datetime import date

from thidua.documents.rendering.formatting import format_document_number
from thidua.documents.rendering.model import (
    Alignment,
    Block,
    Column,
    Document,
    Header,
    Heading,
    ListItem,
    Paragraph,
    Recipients,
    RowKind,
    SignatureBlock,
    SignatureGrid,
    Signer,
    Span,
    Table,
    TableRow,
)

SAMPLE_PROVINCES = (
    "Hà Nội",
    "Hải Phòng",
    "Quảng Ninh",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Phú Thọ",
    "Thái Nguyên",
    "Lạng Sơn",
    "Cao Bằng",
)
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Đức", "Ngọc", "Minh", "Thu", "Quốc", "Hữu")
_GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hạnh",
    "Hương",
    "Khánh",
    "Lộc",
    "Phượng",
    "Tuấn",
    "Yến",
)
_POSITIONS = ("Chuyên viên", "Trưởng phòng", "Phó Trưởng phòng", "Kế toán", "Văn thư")
# Sample titles for benchmark documents; documents import no domain app, so the names are the
# three spelled out here rather than taken from the catalogue (tests/core/test_catalogue.py allows it).
_TITLES = ("Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao động xuất sắc")

# Criterion groups of the sample covenant: (name, points of each criterion). Five groups, 25
# criteria, 100 points, following the generic structure of domain.md §4.3.
_GROUPS = (
    ("Thực hiện nhiệm vụ chuyên môn, quản lý nhà nước của ngành", (7, 6, 6, 6, 5)),
    ("Thực hiện giao ước và tham gia hoạt động của Cụm", (4, 4, 4, 4, 4)),
    ("Công tác thi đua, khen thưởng và tuyên truyền", (4, 4, 4, 4, 4)),
    ("Công tác xây dựng Đảng, đoàn thể và tổ chức bộ máy", (3, 3, 3, 3, 3)),
    ("Kỷ luật, kỷ cương hành chính và cải cách hành chính", (3, 3, 2, 2, 5)),
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")


def person_name(*, index: int) -> str:
    """A deterministic Vietnamese full name, different for neighbouring indexes."""
    family = _FAMILY[index % len(_FAMILY)]
    middle = _MIDDLE[(index // len(_FAMILY)) % len(_MIDDLE)]
    given = _GIVEN[(index * 7 + index // len(_GIVEN)) % len(_GIVEN)]
    return f"{family} {middle} {given}"


def build_sample_covenant(*, members: int = 10, year: int = 2025) -> Document:
    """A cluster covenant: commitments, a 100-point criteria table, bonus and penalty lines,
    and the signature grid of every member's head."""
    header = Header(
        superior_body="Bộ Nông nghiệp và Môi trường",
        issuing_body="Cụm thi đua số 1",
        place="Hải Phòng",
        issued_on=date(year, 2, 5),
        number=format_document_number(number=3, type_code="GƯ", issuer_code="CTĐ1"),
        document_type="Giao ước thi đua",
        summary=f"Năm {year} giữa các đơn vị thành viên Cụm thi đua số 1",
    )
    blocks: list[Block] = [
        Paragraph("Căn cứ Luật Thi đua, khen thưởng năm 2022;", italic=True),
        Paragraph(f"Căn cứ Kế hoạch công tác năm {year} của Cụm thi đua số 1.", italic=True),
        Paragraph(
            f"Các đơn vị thành viên Cụm thi đua số 1 thống nhất ký kết giao ước thi đua năm {year} "
            "với chủ đề “Đoàn kết, đổi mới, kỷ cương, hoàn thành xuất sắc nhiệm vụ”, cùng phấn đấu "
            "thực hiện thắng lợi các chỉ tiêu của ngành và của địa phương."
        ),
        Heading("I. NỘI DUNG GIAO ƯỚC"),
        ListItem("Hoàn thành đúng tiến độ các nhiệm vụ trọng tâm được giao.", marker="1."),
        ListItem("Tham gia đầy đủ các hội nghị, hoạt động do Cụm tổ chức.", marker="2."),
        ListItem(
            (
                Span("Gửi báo cáo ", bold=False),
                Span("đúng hạn", bold=True),
                Span(" và đầy đủ."),
            ),
            marker="3.",
        ),
        ListItem("Báo cáo sơ kết trước ngày 15 tháng 6;", marker="-", level=2),
        ListItem("Báo cáo tổng kết trước ngày 15 tháng 11.", marker="-", level=2),
        Heading("II. TIÊU CHÍ VÀ THANG ĐIỂM"),
        build_criteria_table(),
        Heading("III. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            "Đơn vị Trưởng Cụm chủ trì theo dõi, đôn đốc việc thực hiện giao ước; tổng hợp kết quả "
            "tự chấm điểm và chấm chéo của các đơn vị thành viên, báo cáo tại hội nghị tổng kết."
        ),
        SignatureGrid(
            signers=tuple(_member_signer(index=i) for i in range(members)),
            title="Đại diện các đơn vị thành viên ký giao ước",
        ),
    ]
    return Document(header=header, blocks=tuple(blocks))


def _member_signer(*, index: int) -> Signer:
    province = SAMPLE_PROVINCES[index % len(SAMPLE_PROVINCES)]
    return Signer(
        unit=f"Sở Nông nghiệp và Môi trường {province}",
        position="Giám đốc",
        name=person_name(index=index * 3 + 1),
    )


def build_criteria_table() -> Table:
    """Criteria table: group lines with their maxima, criteria, bonus and penalty, total."""
    rows: list[TableRow] = []
    number = 0
    for roman, (name, points) in zip(_ROMAN, _GROUPS, strict=False):
        rows.append(TableRow((roman, name, str(sum(points))), RowKind.GROUP))
        for position, point in enumerate(points, start=1):
            number += 1
            text = f"Tiêu chí {number}: {name.lower()} (nội dung {position})"
            rows.append(TableRow((str(number), text, str(point))))
    total = sum(sum(points) for _, points in _GROUPS)
    rows.append(TableRow(("", "Cộng điểm tiêu chí", str(total)), RowKind.TOTAL))
    rows.append(TableRow((_ROMAN[5], "Điểm thưởng (tối đa 10 điểm)", "10"), RowKind.GROUP))
    rows.append(TableRow(("", "Được tặng Cờ thi đua của Chính phủ", "+5")))
    rows.append(TableRow(("", "Có sáng kiến được công nhận cấp tỉnh trở lên", "+3")))
    rows.append(TableRow(("", "Đăng cai tổ chức hoạt động của Cụm", "+2")))
    rows.append(TableRow((_ROMAN[6], "Điểm trừ", ""), RowKind.GROUP))
    rows.append(TableRow(("", "Gửi báo cáo chậm so với thời hạn (mỗi lần)", "−1")))
    rows.append(TableRow(("", "Không tham dự hội nghị của Cụm không có lý do", "−2")))
    rows.append(TableRow(("", "Có cá nhân bị kỷ luật từ khiển trách trở lên", "−5")))
    columns = (
        Column("TT", 0.7, Alignment.CENTER),
        Column("Nội dung tiêu chí", 6.0, Alignment.LEFT),
        Column("Điểm tối đa", 1.3, Alignment.CENTER),
    )
    return Table(columns=columns, rows=tuple(rows), caption="BẢNG TIÊU CHÍ CHẤM ĐIỂM")


def build_sample_registration_summary(*, rows: int = 500, year: int = 2025) -> Document:
    """A long registration summary ("bảng tổng hợp đăng ký thi đua") closed by a signature
    block with the recipients on the left."""
    data = tuple(
        TableRow(
            (
                str(index),
                person_name(index=index),
                _POSITIONS[index % len(_POSITIONS)],
                f"Sở Nông nghiệp và Môi trường {SAMPLE_PROVINCES[index % len(SAMPLE_PROVINCES)]}",
                _TITLES[index % len(_TITLES)],
                "",
            )
        )
        for index in range(1, rows + 1)
    )
    table = Table(
        columns=(
            Column("TT", 0.6, Alignment.CENTER),
            Column("Họ và tên", 2.2),
            Column("Chức vụ", 1.6),
            Column("Đơn vị", 3.0),
            Column("Danh hiệu đăng ký", 2.0),
            Column("Ghi chú", 0.9),
        ),
        rows=data,
    )
    header = Header(
        superior_body="Bộ Nông nghiệp và Môi trường",
        issuing_body="Cụm thi đua số 1",
        place="Hải Phòng",
        issued_on=date(year, 3, 30),
        number=format_document_number(number=7, type_code="BC", issuer_code="CTĐ1"),
        document_type="Báo cáo",
        summary=f"Tổng hợp đăng ký thi đua năm {year} của các đơn vị thành viên",
    )
    closing = SignatureBlock(
        signer=Signer(authority="TM. Cụm thi đua số 1", position="Trưởng Cụm", name="Lê Thị Hạnh"),
        recipients=Recipients(
            items=("Hội đồng Thi đua - Khen thưởng Bộ", "Các đơn vị thành viên Cụm"),
            archive="VT, Cụm",
        ),
    )
    intro = Paragraph(f"Cụm thi đua số 1 tổng hợp kết quả đăng ký thi đua năm {year} như sau:")
    return Document(header=header, blocks=(intro, table, closing))


def build_sample_note() -> Document:
    """The smallest real document: header, one paragraph, one signature. A timing baseline."""
    header = Header(
        issuing_body="Cụm thi đua số 1",
        place="Hải Phòng",
        issued_on=date(2025, 1, 5),
        number=format_document_number(number=1, type_code="TB", issuer_code="CTĐ1"),
        document_type="Thông báo",
        summary="Lịch họp Cụm thi đua",
    )
    body = Paragraph("Cụm thi đua số 1 họp vào 8 giờ 00 ngày 10 tháng 01 năm 2025 tại Hải Phòng.")
    signer = SignatureBlock(signer=Signer(position="Trưởng Cụm", name="Lê Thị Hạnh"))
    return Document(header=header, blocks=(body, signer))
