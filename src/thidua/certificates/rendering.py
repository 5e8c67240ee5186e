"""The certificate's PDF: only the variable text, each in its box at the layout's position, so that
the sheet fed into the printer is the official blank with its pre-printed emblem, motto and heading.

`on_plain_paper=True` also draws what the blank pre-prints (a reading copy for a screen or plain
paper); the calibration sheet draws every box with its crosshair and name instead of the text, to
hold against a real blank in front of a light. WeasyPrint reads only the bundled serif fonts
(`thidua.documents`' fetcher); the QR code is inline SVG.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

import segno
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from thidua.certificates.layouts import FIELDS, QR
from thidua.documents.rendering.fonts import find_serif_font
from thidua.documents.rendering.layout import PDF_FONT_FAMILY, SERIF_FONT_FILES
from thidua.documents.rendering.pdf_renderer import LocalFontsFetcher

RENDERER_VERSION = "2026-12-02.1"  # bump when a change alters the output of unchanged content


@dataclass(frozen=True)
class Sheet:
    width_mm: Decimal
    height_mm: Decimal
    offset_x_mm: Decimal
    offset_y_mm: Decimal
    fields: dict[str, dict[str, Any]]


@functools.cache
def _font_css() -> str:
    faces = []
    for (bold, italic), _ in SERIF_FONT_FILES.items():
        uri = find_serif_font(bold=bold, italic=italic).as_uri()
        faces.append(
            f"@font-face{{font-family:'{PDF_FONT_FAMILY}';src:url('{uri}');"
            f"font-weight:{'bold' if bold else 'normal'};font-style:{'italic' if italic else 'normal'}}}"
        )
    return "".join(faces)


def _mm(value: object) -> str:
    return f"{Decimal(str(value)):.1f}mm"


def _box_css(sheet: Sheet, name: str, spec: dict[str, Any]) -> str:
    x = Decimal(str(spec["x"])) + sheet.offset_x_mm
    y = Decimal(str(spec["y"])) + sheet.offset_y_mm
    if name == QR:
        size = _mm(spec["size"])
        return f"#f-{name}{{left:{_mm(x)};top:{_mm(y)};width:{size};height:{size}}}"
    return f"#f-{name}{{left:{_mm(x)};top:{_mm(y)};width:{_mm(spec['w'])};font-size:{spec['size']}pt}}"


def _page(sheet: Sheet, body: str, extra_css: str = "") -> bytes:
    css = (
        _font_css()
        + f"@page{{size:{_mm(sheet.width_mm)} {_mm(sheet.height_mm)};margin:0}}"
        + f"body{{margin:0;font-family:'{PDF_FONT_FAMILY}';color:#000}}"
        + ".f{position:absolute;text-align:center;line-height:1.15}"
        + ".b{font-weight:bold}.i{font-style:italic}"
        + f"#f-{QR} svg{{width:100%;height:100%}}"
        + "".join(_box_css(sheet, name, spec) for name, spec in sheet.fields.items())
        + extra_css
    )
    html = f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>"
    allowed = frozenset(find_serif_font(bold=b, italic=i) for b, i in SERIF_FONT_FILES)
    pdf: bytes = HTML(string=html, url_fetcher=LocalFontsFetcher(allowed=allowed), base_url=None).write_pdf(
        font_config=FontConfiguration()
    )
    return pdf


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG, sized by its box (error correction M: a stamp or a fold
    over a corner still reads)."""
    return segno.make(url, error="m").svg_inline(scale=1, omitsize=True, border=2)


def texts(content: dict[str, Any], *, code_display: str, content_hash: str) -> dict[str, tuple[str, str]]:
    """Each field's text and its class (bold/italic), from the certificate's content."""
    year = content["year"]
    period = content.get("period") or ""
    achievement = (
        f"Đã đạt danh hiệu năm {year}"
        if content["is_title"]
        else f"Đã có thành tích xuất sắc {('giai đoạn ' + period) if period else 'năm ' + str(year)}"
    )
    return {
        "recipient": (content["recipient_salutation"] + content["recipient"], "b"),
        "recipient_line": (content.get("recipient_line", ""), ""),
        "award": (content["award"], "b"),
        "achievement": (achievement, "i"),
        "decision": (
            f"Quyết định số {content['decision_number']} ngày {content['decision_date_vn']}",
            "",
        ),
        "place_date": (content["place_date"], "i"),
        "code": (f"Mã xác minh: {code_display} · SHA-256: {content_hash}", ""),
    }


def render_certificate(
    *,
    sheet: Sheet,
    content: dict[str, Any],
    code_display: str,
    content_hash: str,
    verify_url: str,
    on_plain_paper: bool = False,
) -> bytes:
    parts = []
    if on_plain_paper:
        parts.append(_preprinted(sheet, content))
    for name, (text, style) in texts(content, code_display=code_display, content_hash=content_hash).items():
        if name in sheet.fields and text:
            parts.append(f'<div class="f {style}" id="f-{name}">{escape(text)}</div>')
    if QR in sheet.fields:
        parts.append(f'<div class="f" id="f-{QR}">{qr_svg(verify_url)}</div>')
    return _page(sheet, "".join(parts))


def _preprinted(sheet: Sheet, content: dict[str, Any]) -> str:
    """What the official blank carries already (for a copy on plain paper only)."""
    width = sheet.width_mm
    heading = escape(content["blank_heading"])
    issuer = escape(content["issuer"].upper())
    return (
        f'<div class="f b" id="pp-nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>'
        f'<div class="f b" id="pp-motto">Độc lập - Tự do - Hạnh phúc</div>'
        f'<div class="f b" id="pp-issuer">{issuer}</div>'
        f'<div class="f b" id="pp-heading">{heading}</div>'
        f"<style>#pp-nation{{left:0;top:18mm;width:{_mm(width)};font-size:14pt}}"
        f"#pp-motto{{left:0;top:25mm;width:{_mm(width)};font-size:14pt}}"
        f"#pp-issuer{{left:0;top:44mm;width:{_mm(width)};font-size:16pt}}"
        f"#pp-heading{{left:0;top:56mm;width:{_mm(width)};font-size:34pt;color:#a4161a}}</style>"
    )


def render_calibration(*, sheet: Sheet, title: str) -> bytes:
    """Boxes with a crosshair at each field's top-left corner and its name, rulers every 10 mm along
    the top and left edges: print on plain paper and lay it over a blank."""
    parts = [f'<div class="f" id="cal-title">{escape(title)}</div>']
    for name, _spec in sheet.fields.items():
        label = "Mã QR" if name == QR else FIELDS.get(name, name)
        parts.append(
            f'<div class="box" id="f-{name}"><span class="ch"></span><span class="cv"></span>{escape(label)}</div>'
        )
    ticks = []
    for mm in range(0, int(sheet.width_mm) + 1, 10):
        ticks.append(f'<div class="tick-x t{mm}">{mm if mm % 50 == 0 else ""}</div>')
    for mm in range(0, int(sheet.height_mm) + 1, 10):
        ticks.append(f'<div class="tick-y u{mm}">{mm if mm % 50 == 0 else ""}</div>')
    tick_css = "".join(f".t{mm}{{left:{mm}mm}}" for mm in range(0, int(sheet.width_mm) + 1, 10)) + "".join(
        f".u{mm}{{top:{mm}mm}}" for mm in range(0, int(sheet.height_mm) + 1, 10)
    )
    extra = (
        ".box{position:absolute;border:0.3mm solid #1f4e79;font-size:8pt;color:#1f4e79;min-height:6mm;"
        "padding-left:1.5mm;box-sizing:border-box}"
        # The crosshair marks the box's top-left corner, the point the layout positions.
        ".ch{position:absolute;left:-4mm;top:0;width:8mm;border-top:0.3mm solid #a4161a}"
        ".cv{position:absolute;left:0;top:-4mm;height:8mm;border-left:0.3mm solid #a4161a}"
        ".tick-x{position:absolute;top:0;height:4mm;border-left:0.2mm solid #000;font-size:6pt}"
        ".tick-y{position:absolute;left:0;width:4mm;border-top:0.2mm solid #000;font-size:6pt}"
        "#cal-title{left:20mm;top:6mm;width:250mm;font-size:9pt}" + tick_css
    )
    return _page(sheet, "".join(parts + ticks), extra)
