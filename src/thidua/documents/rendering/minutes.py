"""Minutes (biên bản) in the form of Decree 30/2020/NĐ-CP, as a building block for every kind.

A conference's minutes, a council's vote-count minutes and a scoring review's minutes differ only
in what happened; the frame is the decree's and is written once, here:

    header (type BIÊN BẢN; a blank number space while the number is not taken)
    Thời gian bắt đầu · Địa điểm · Chủ trì (chủ tọa) · Thư ký (người ghi biên bản)
    Thành phần tham dự (groups of people, or a count)
    the sections of content, in the order of the meeting
    the closing sentence: the end time, read back and approved ./.
    THƯ KÝ on the left, CHỦ TỌA on the right, then "Nơi nhận:"

A caller builds a `Minutes` and calls `build_minutes`; the result is an ordinary `Document` for
`render_docx` / `render_pdf`. Pure data, no Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from thidua.documents.rendering.model import (
    Block,
    Document,
    Header,
    Heading,
    ListItem,
    Paragraph,
    Recipients,
    SignatureBlock,
    Signer,
    Span,
)

BLANK = "……"  # a gap the clerk fills in by hand


@dataclass(frozen=True)
class MinutesPerson:
    name: str
    position: str = ""
    organisation: str = ""

    def line(self) -> str:
        """ "Ông Nguyễn Văn A, Giám đốc, Sở …": the form's "họ tên, chức vụ, cơ quan"."""
        return ", ".join(
            part.strip() for part in (self.name, self.position, self.organisation) if part.strip()
        )


@dataclass(frozen=True)
class AttendanceGroup:
    """One group of those present ("Đại biểu khách mời"), as people or as a count sentence."""

    label: str
    people: tuple[MinutesPerson, ...] = ()
    note: str = ""  # "Có mặt 10/10 đơn vị thành viên."


@dataclass(frozen=True)
class MinutesSection:
    """A part of the content with its heading ("II. NỘI DUNG HỘI NGHỊ") and blocks."""

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Minutes:
    header: Header  # its document_type is set to "Biên bản"
    meeting: str  # the meeting's own word for the closing sentence: "Hội nghị", "Phiên họp"
    date: datetime.date
    place: str
    starts_at: datetime.time | None = None
    ends_at: datetime.time | None = None
    chair: MinutesPerson | None = None
    secretary: MinutesPerson | None = None
    attendance: tuple[AttendanceGroup, ...] = ()
    sections: tuple[MinutesSection, ...] = ()
    recipients: Recipients | None = None
    closing_extra: str = ""  # e.g. "Biên bản được lập thành 02 bản có giá trị như nhau."
    title: str = ""
    extra_blocks: tuple[Block, ...] = field(default_factory=tuple)  # after the content, before closing


def format_full_date(on: datetime.date) -> str:
    """ "ngày 30 tháng 3 năm 2018", with the decree's zeros (days < 10, months 1 and 2)."""
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


def format_clock(at: datetime.time | None) -> str:
    """ "08 giờ 00" (local time), or a blank to write into when not recorded."""
    return f"{at.hour:02d} giờ {at.minute:02d}" if at is not None else f"{BLANK} giờ {BLANK}"


def _labelled(label: str, text: str) -> Paragraph:
    return Paragraph((Span(f"{label}: ", bold=True), Span(text)))


def _person_text(person: MinutesPerson | None) -> str:
    return person.line() if person is not None else BLANK


def build_minutes(*, minutes: Minutes) -> Document:
    header = replace(minutes.header, document_type="Biên bản")
    blocks: list[Block] = [
        _labelled(
            "Thời gian bắt đầu", f"{format_clock(minutes.starts_at)}, {format_full_date(minutes.date)}."
        ),
        _labelled("Địa điểm", f"{minutes.place.strip() or BLANK}."),
        _labelled("Chủ trì (chủ tọa)", f"{_person_text(minutes.chair)}."),
        _labelled("Thư ký (người ghi biên bản)", f"{_person_text(minutes.secretary)}."),
    ]
    if minutes.attendance:
        blocks.append(Paragraph((Span("Thành phần tham dự:", bold=True),)))
        for group in minutes.attendance:
            blocks.append(ListItem((Span(group.label, italic=True),), marker="-"))
            if group.note:
                blocks.append(ListItem(group.note, marker="+", level=2))
            blocks.extend(ListItem(person.line() + ";", marker="+", level=2) for person in group.people)
    for section in minutes.sections:
        blocks.append(Heading(section.title))
        blocks.extend(section.blocks)
    blocks.extend(minutes.extra_blocks)
    closing = (
        f"{minutes.meeting} kết thúc vào hồi {format_clock(minutes.ends_at)} cùng ngày. Biên bản đã được "
        "đọc lại cho các đại biểu dự họp nghe và nhất trí thông qua."
    )
    if minutes.closing_extra:
        closing += " " + minutes.closing_extra.strip()
    blocks.append(Paragraph(closing.rstrip(".") + "./.", keep_with_next=True))
    blocks.append(
        SignatureBlock(
            signer=Signer(position="Chủ tọa", name=minutes.chair.name if minutes.chair else BLANK),
            left_signer=Signer(
                position="Thư ký", name=minutes.secretary.name if minutes.secretary else BLANK
            ),
        )
    )
    if minutes.recipients is not None:
        blocks.append(minutes.recipients)
    return Document(header=header, blocks=tuple(blocks), title=minutes.title)
