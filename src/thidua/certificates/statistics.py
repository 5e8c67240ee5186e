"""Statistics of conferred titles and awards for officers, and the statutory report in Excel.

The report follows the structure of the emulation-and-commendation forms of the Home Affairs
sector's statistical reporting regime (Circular 02/2023/TT-BNV, 23/03/2023; domain.md §1.3):
**Biểu 0603.N/BNV-TĐKT** "Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh,
thành phố trực thuộc Trung ương" (columns: total, Bằng khen, Chiến sĩ thi đua cấp bộ/tỉnh, Cờ thi
đua, Kỷ niệm chương; rows 01 total, 02 collectives, 03 of which enterprises, 04 households, 05
individuals, 06–10 individuals by post, 11–17 by kind of commendation) and **Biểu 0602.N/BNV-TĐKT**
(state-level awards). The official text of the circular was not available to us: the row and
column structure is taken from the forms as reproduced in the open-source lifephongphanmem/
thiduakhenthuong templates (resources/views/BaoCao/TT022023/Mau0602, Mau0603), cited in
domain.md [S78]. Rows the registry has no data for (enterprises, households, posts, the kind of
commendation) are written and left empty, marked so, rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.safestring import SafeString

from thidua.awards.eligibility.codes import legal_name
from thidua.certificates import selectors
from thidua.core.spreadsheets import SheetSpec, write_xlsx
from thidua.scoring.charts import Bar, bar_chart

# Each column of the form and the registry codes it counts (the form's own definition).
FORM_0603: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("Bằng khen", lambda code: code == "BK_BO"),
    ("Chiến sĩ thi đua cấp bộ, cấp tỉnh", lambda code: code == "CSTD_BO"),
    ("Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố", lambda code: code == "CO_BO"),
    ("Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, tỉnh", lambda code: code == "KNC"),
)
FORM_0602: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("Huân chương Lao động", lambda code: code.startswith("HCLD")),
    (legal_name("CO_CP"), lambda code: code == "CO_CP"),
    (legal_name("BK_TTG"), lambda code: code == "BK_TTG"),
    ("Danh hiệu Chiến sĩ thi đua toàn quốc", lambda code: code == "CSTD_TQ"),
)
NO_DATA = "(sổ khen thưởng chưa ghi dữ liệu này)"


@dataclass(frozen=True)
class Statistics:
    year: int
    by_authority: list[selectors.Counts]
    by_code: list[selectors.Counts]
    by_unit: list[selectors.Counts]
    by_year: list[selectors.Counts]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.by_code)


def year_statistics(user: Any, *, year: int, years_back: int = 9) -> Statistics:
    """Four grouped queries (plus the access module's own lookups), whatever the number of rows."""
    by_code = [
        selectors.Counts(legal_name(row.label), row.collectives, row.people)
        for row in selectors.counts_by(user, year=year, by="code")
    ]
    return Statistics(
        year=year,
        by_authority=selectors.counts_by(user, year=year, by="authority"),
        by_code=sorted(by_code, key=lambda row: -row.total),
        by_unit=selectors.counts_by(user, year=year, by="unit"),
        by_year=selectors.counts_by_year(user, first=year - years_back, last=year),
    )


def _short(label: str, width: int = 60) -> str:
    """A chart label that fits its column: long names keep their end, where the province is."""
    return label if len(label) <= width else "…" + label[-(width - 1) :]


def charts(stats: Statistics) -> list[tuple[str, SafeString]]:
    """(caption, chart) pairs: SVG bar charts drawn on the server by the scoring app's one helper."""

    def chart(ident: str, title: str, rows: list[selectors.Counts]) -> SafeString:
        bars = [Bar(_short(row.label), Fraction(row.total)) for row in rows]
        top = max((bar.value for bar in bars), default=Fraction(0))
        return bar_chart(title=title, bars=bars, maximum=top, ident=ident, value_text=lambda v: str(int(v)))

    by_code = f"Số lượt khen thưởng năm {stats.year} theo hình thức"
    by_authority = f"Số lượt khen thưởng năm {stats.year} theo cơ quan, người quyết định"
    years = [row.label for row in stats.by_year]
    by_year = "Số lượt khen thưởng theo năm thành tích" + (f" {years[0]}–{years[-1]}" if years else "")
    return [
        (by_code, chart("chart-code", by_code, stats.by_code)),
        (by_authority, chart("chart-authority", by_authority, stats.by_authority)),
        (by_year, chart("chart-year", by_year, stats.by_year)),
    ]


def _form_rows(
    user: Any, year: int, columns: tuple[tuple[str, Callable[[str], bool]], ...]
) -> list[list[object]]:
    counted = selectors.counts_by(user, year=year, by="code")
    people = [sum(r.people for r in counted if test(r.label)) for _, test in columns]
    collectives = [sum(r.collectives for r in counted if test(r.label)) for _, test in columns]
    total = [p + c for p, c in zip(people, collectives, strict=True)]

    def row(label: str, number: str, unit: str, values: list[int] | None) -> list[object]:
        if values is None:
            return [label, number, unit, NO_DATA, *([""] * len(columns))]
        return [label, number, unit, sum(values), *values]

    return [
        ["A", "B", "C", "1", *[str(i) for i in range(2, len(columns) + 2)]],
        row("Tổng số", "01", "", total),
        ["1. Chia theo đối tượng khen thưởng", "", "", "", *([""] * len(columns))],
        row("- Tập thể", "02", "Tập thể", collectives),
        row("Trong đó: Doanh nghiệp", "03", "Doanh nghiệp", None),
        row("- Hộ gia đình", "04", "Hộ", None),
        row("- Cá nhân", "05", "Người", people),
        row("+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "06", "Người", None),
        row("+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "07", "Người", None),
        row("+ Doanh nhân", "08", "Người", None),
        row("+ Các cấp lãnh đạo khác từ phó phòng trở lên", "09", "Người", None),
        row(
            "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu",
            "10",
            "Người",
            None,
        ),
        row("2. Chia theo phương thức khen thưởng (thường xuyên, chuyên đề, đột xuất, …)", "11–17", "", None),
    ]


def statutory_report(user: Any, *, year: int) -> bytes:
    """The year's report as an Excel workbook: the two forms, then the detail by authority, form
    and unit (active entries from decisions; revoked and imported ones are not counted)."""
    stats = year_statistics(user, year=year)
    head = ["Chỉ tiêu", "Mã số", "Đơn vị tính", "Tổng số"]
    detail = ["Nhóm", "Tổng số", "Tập thể", "Cá nhân"]

    def grouped(rows: list[selectors.Counts]) -> list[list[object]]:
        return [[row.label, row.total, row.collectives, row.people] for row in rows]

    return write_xlsx(
        [
            SheetSpec(
                f"Biểu 0603 năm {year}",
                head + [name for name, _ in FORM_0603],
                [
                    [
                        f"Số lượng khen thưởng cấp bộ, ngành, tỉnh năm {year} (theo Biểu 0603.N/BNV-TĐKT, Thông tư 02/2023/TT-BNV)"
                    ],
                    *_form_rows(user, year, FORM_0603),
                ],
                (60, 8, 12, 10, 14, 18, 22, 18),
            ),
            SheetSpec(
                f"Biểu 0602 năm {year}",
                head + [name for name, _ in FORM_0602],
                [
                    [
                        f"Số lượng khen thưởng cấp Nhà nước năm {year} (theo Biểu 0602.N/BNV-TĐKT, phần có trong sổ)"
                    ],
                    *_form_rows(user, year, FORM_0602),
                ],
                (60, 8, 12, 10, 18, 18, 22, 22),
            ),
            SheetSpec("Theo cơ quan quyết định", detail, grouped(stats.by_authority), (60, 10, 10, 10)),
            SheetSpec("Theo hình thức", detail, grouped(stats.by_code), (50, 10, 10, 10)),
            SheetSpec("Theo đơn vị", detail, grouped(stats.by_unit), (60, 10, 10, 10)),
        ]
    )
