"""Page and type settings of Decree 30/2020/NĐ-CP, Appendix I, in one place.

Both renderers (DOCX and PDF) read every measurement from here, so a change of margin or size
is made once and the two outputs never drift apart. Where the decree gives a range, the value
picked is noted next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PageLayout:
    # A4 portrait (decree: 210 × 297 mm).
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    # Decree ranges: top 20–25, bottom 20–25, left 30–35, right 15–20 mm. The low ends are
    # what most agencies print with and leave the widest text block.
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0
    # Distance from the paper edge to the page-number line inside the top margin.
    header_distance_mm: float = 10.0
    # The two header columns; together they fill the text width (210 − 30 − 15 = 165 mm).
    # The right one must hold the national name on one line (≈ 88 mm bold at 12 pt); the left one
    # a ministry's name ("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", 68 mm at 12 pt) on one line.
    header_left_mm: float = 72.0
    header_right_mm: float = 93.0
    # Body: 13–14 pt; 14 is the common choice and what the examples in the decree use.
    body_pt: float = 14.0
    first_line_indent_mm: float = 10.0  # decree: 1 cm or 1.27 cm
    list_level_step_mm: float = 5.0  # extra indent per nesting level of list items
    paragraph_space_pt: float = 6.0  # decree: at least 6 pt between paragraphs
    # "Single" line spacing. Word's single spacing for Times New Roman is the font's own line
    # height, about 1.15 em; the PDF uses the same figure so pages break alike.
    line_height_em: float = 1.15
    # Header elements (decree sizes in brackets).
    superior_body_pt: float = 13.0  # [12–13] upright caps; 12 when that keeps it on one line
    issuing_body_pt: float = 13.0  # [12–13] bold caps; 12 when that keeps it on one line
    header_body_min_pt: float = 12.0
    national_name_pt: float = 12.0  # [12–13] bold caps; 13 pt would barely fit the column
    motto_pt: float = 13.0  # [13–14] bold
    number_pt: float = 13.0  # [13]
    letter_summary_pt: float = 12.0  # [12–13] "V/v …" of an official letter
    place_date_pt: float = 14.0  # [13–14] italic
    document_type_pt: float = 14.0  # [13–14] bold caps
    summary_pt: float = 14.0  # [13–14] bold
    signature_pt: float = 14.0  # [13–14]
    signature_space_mm: float = 25.0  # room for the hand signature and seal
    signature_grid_gap_pt: float = 12.0  # between rows of the covenant's signature grid
    # The grid's titles (unit, position) at 13 pt, the low end of [13–14]: a department's name
    # then breaks into at most three sensible lines. Each cell keeps this much space on both
    # sides, so the two columns stand 2 × 4 mm apart.
    signature_grid_pt: float = 13.0
    signature_grid_padding_mm: float = 4.0
    recipients_label_pt: float = 12.0  # [12] bold italic
    recipients_pt: float = 11.0  # [11]
    page_number_pt: float = 13.0  # [13–14]
    # Tables are not sized by the decree; 12 pt keeps wide registration tables legible.
    table_pt: float = 12.0
    table_cell_padding_mm: float = 1.0
    # Short rules: under the issuing body and the summary, 1/3–1/2 of the text line; the one
    # under the motto is as long as the motto itself.
    short_rule_fraction: float = 0.4
    rule_width_pt: float = 0.75
    # Space between a text line and the short rule under it. LibreOffice draws a paragraph
    # border inside the line above when the rule's paragraph is only 2 pt high; a paragraph
    # of this height, set in a font this small, keeps the rule clear of the letters.
    rule_gap_pt: float = 3.0
    rule_line_pt: float = 4.0

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


LAYOUT = PageLayout()

# The PDF is set in Liberation Serif 2.x (Debian fonts-liberation2), metric-compatible with
# Times New Roman. Version 1 (fonts-liberation) lacks 92 Vietnamese letters and may be installed
# next to it under the same family name, so the files are named by path rather than left to
# fontconfig.
DOCX_FONT_NAME = "Times New Roman"
PDF_FONT_FAMILY = "Liberation Serif v2"
SERIF_FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
SERIF_FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
