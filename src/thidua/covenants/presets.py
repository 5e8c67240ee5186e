"""Covenant templates a leader can start from. The table below is written by the thidua project,
following the generic structure of domain.md §4.3 (no real score sheet of the sector was found);
it is illustrative, and every cluster adapts it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

D = Decimal
# (criterion, max points, guidance, required evidence, legal basis)
Row = tuple[str, Decimal, str, str, str]
LAW = "Luật Thi đua, khen thưởng"


@dataclass(frozen=True)
class CovenantTemplate:
    label: str
    total: Decimal
    groups: tuple[tuple[str, tuple[Row, ...]], ...]
    bonus: tuple[tuple[str, Decimal], ...]
    penalty: tuple[tuple[str, Decimal], ...]
    bonus_cap: Decimal
    penalty_cap: Decimal
    commitments: tuple[str, ...]


SECTOR_CLUSTER = CovenantTemplate(
    label="Cụm thi đua các Sở Tài nguyên và Môi trường (100 điểm, 5 nhóm)",
    total=D(100),
    groups=(
        (
            "Thực hiện nhiệm vụ chuyên môn, quản lý nhà nước về tài nguyên và môi trường",
            (
                (
                    "Tham mưu ban hành văn bản quy phạm pháp luật, chương trình, kế hoạch của tỉnh về tài nguyên và môi trường đúng tiến độ",
                    D(8),
                    "Đủ và đúng hạn: 8 điểm; chậm mỗi văn bản trừ 1 điểm.",
                    "Danh mục văn bản đã tham mưu, kèm ngày ban hành",
                    "Kế hoạch công tác năm của Ủy ban nhân dân tỉnh",
                ),
                (
                    "Quản lý đất đai: cấp giấy chứng nhận, thu hồi, giao đất, cho thuê đất theo kế hoạch",
                    D(8),
                    "Theo tỷ lệ hoàn thành chỉ tiêu kế hoạch năm.",
                    "Báo cáo kết quả, số liệu thống kê",
                    "Luật Đất đai",
                ),
                (
                    "Quản lý tài nguyên nước, khoáng sản; bảo vệ môi trường, ứng phó biến đổi khí hậu",
                    D(8),
                    "Theo mức hoàn thành các nhiệm vụ được giao.",
                    "Báo cáo chuyên đề, quyết định liên quan",
                    "Luật Bảo vệ môi trường",
                ),
                (
                    "Thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo đúng thời hạn",
                    D(8),
                    "Giải quyết đúng hạn 100%: 8 điểm.",
                    "Báo cáo công tác thanh tra, sổ theo dõi đơn thư",
                    "Luật Khiếu nại; Luật Tố cáo",
                ),
                (
                    "Ứng dụng công nghệ thông tin, chuyển đổi số, cơ sở dữ liệu ngành",
                    D(8),
                    "Theo mức độ hoàn thành kế hoạch chuyển đổi số.",
                    "Báo cáo, đường dẫn hệ thống",
                    "",
                ),
            ),
        ),
        (
            "Thực hiện giao ước và tham gia hoạt động của Cụm",
            (
                (
                    "Ký kết và tổ chức thực hiện giao ước thi đua của Cụm",
                    D(5),
                    "",
                    "Giao ước đã ký; kế hoạch triển khai của đơn vị",
                    LAW,
                ),
                (
                    "Tham dự đầy đủ, đúng thành phần các hội nghị, hoạt động do Cụm tổ chức",
                    D(5),
                    "Vắng một hoạt động không có lý do trừ 2 điểm.",
                    "Danh sách đại biểu dự hội nghị",
                    "",
                ),
                (
                    "Gửi đăng ký thi đua, báo cáo sơ kết, tổng kết đúng hạn cho Trưởng Cụm",
                    D(5),
                    "Chậm mỗi báo cáo trừ 1 điểm.",
                    "Văn bản gửi, ngày gửi",
                    "",
                ),
                (
                    "Chia sẻ kinh nghiệm, mô hình hay với các đơn vị trong Cụm",
                    D(5),
                    "",
                    "Tài liệu, bài tham luận",
                    "",
                ),
            ),
        ),
        (
            "Công tác thi đua, khen thưởng và tuyên truyền",
            (
                (
                    "Ban hành kế hoạch, phát động phong trào thi đua thường xuyên và theo đợt",
                    D(5),
                    "",
                    "Kế hoạch, văn bản phát động",
                    LAW,
                ),
                (
                    "Khen thưởng kịp thời, đúng đối tượng, hồ sơ đầy đủ",
                    D(5),
                    "",
                    "Quyết định khen thưởng, sổ khen thưởng",
                    "Nghị định hướng dẫn Luật Thi đua, khen thưởng",
                ),
                (
                    "Phát hiện, bồi dưỡng, nhân rộng gương điển hình tiên tiến",
                    D(5),
                    "",
                    "Danh sách gương điển hình, bài viết",
                    "",
                ),
                (
                    "Tuyên truyền trên cổng thông tin điện tử và phương tiện thông tin đại chúng",
                    D(5),
                    "Tối thiểu 12 tin, bài mỗi năm.",
                    "Đường dẫn tin, bài",
                    "",
                ),
            ),
        ),
        (
            "Xây dựng Đảng, đoàn thể, tổ chức bộ máy",
            (
                (
                    "Tổ chức đảng đạt trong sạch, vững mạnh; đoàn thể vững mạnh",
                    D(5),
                    "",
                    "Kết quả đánh giá, xếp loại của cấp ủy cấp trên",
                    "",
                ),
                (
                    "Sắp xếp tổ chức bộ máy, tinh giản biên chế theo kế hoạch",
                    D(5),
                    "",
                    "Quyết định, báo cáo",
                    "",
                ),
            ),
        ),
        (
            "Kỷ luật, kỷ cương hành chính, cải cách hành chính, phòng chống tham nhũng",
            (
                (
                    "Cải cách thủ tục hành chính; hồ sơ giải quyết đúng hạn",
                    D(4),
                    "Tỷ lệ đúng hạn từ 98% trở lên: 4 điểm.",
                    "Số liệu hệ thống một cửa",
                    "",
                ),
                (
                    "Thực hành tiết kiệm, chống lãng phí, phòng chống tham nhũng",
                    D(3),
                    "",
                    "Báo cáo năm",
                    "Luật Phòng, chống tham nhũng",
                ),
                (
                    "Không có cán bộ, công chức, viên chức bị kỷ luật",
                    D(3),
                    "Có người bị kỷ luật: 0 điểm.",
                    "Báo cáo công tác cán bộ",
                    "",
                ),
            ),
        ),
    ),
    bonus=(
        ("Được tặng Cờ thi đua của Chính phủ hoặc Bằng khen của Thủ tướng Chính phủ trong năm", D(3)),
        ("Có sáng kiến, mô hình được công nhận cấp bộ, tỉnh trở lên", D(2)),
        ("Đăng cai tổ chức hội nghị, hoạt động của Cụm", D(1)),
    ),
    penalty=(
        ("Gửi báo cáo chậm so với thời hạn (mỗi lần)", D(1)),
        ("Không tham dự hội nghị của Cụm, không có lý do", D(2)),
        ("Có tập thể, cá nhân bị xử lý kỷ luật, vi phạm bị cơ quan có thẩm quyền kết luận", D(3)),
    ),
    bonus_cap=D(5),
    penalty_cap=D(10),
    commitments=(
        "Đẩy mạnh phong trào thi đua yêu nước, hoàn thành xuất sắc nhiệm vụ chính trị của ngành và địa phương.",
        "Thi đua thực hiện tốt cải cách hành chính, tạo thuận lợi cho người dân và doanh nghiệp.",
        "Xây dựng tổ chức đảng, chính quyền, đoàn thể trong sạch, vững mạnh.",
        "Tham gia đầy đủ các hoạt động của Cụm; báo cáo đúng hạn cho đơn vị Trưởng Cụm.",
        "Làm tốt công tác thi đua, khen thưởng và tuyên truyền gương điển hình.",
    ),
)

TEMPLATES: dict[str, CovenantTemplate] = {"so-tnmt": SECTOR_CLUSTER}
