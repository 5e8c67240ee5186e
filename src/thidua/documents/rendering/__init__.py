"""Official documents laid out by Decree 30/2020/NĐ-CP, rendered to DOCX and PDF.

Services of other apps build a `Document` from the model below and call `render_docx` or
`render_pdf`; this package knows nothing about covenants, scores or the database.
"""

from thidua.documents.rendering.docx_renderer import render_docx
from thidua.documents.rendering.formatting import (
    format_document_number,
    format_issue_date,
    format_recipient_lines,
)
from thidua.documents.rendering.minutes import (
    AttendanceGroup,
    Minutes,
    MinutesPerson,
    MinutesSection,
    build_minutes,
)
from thidua.documents.rendering.model import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    Alignment,
    Block,
    Column,
    Document,
    Header,
    Heading,
    ListItem,
    PageBreak,
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
from thidua.documents.rendering.pdf_renderer import render_pdf

__all__ = [
    "NATIONAL_MOTTO",
    "NATIONAL_NAME",
    "Alignment",
    "AttendanceGroup",
    "Block",
    "Column",
    "Document",
    "Header",
    "Heading",
    "ListItem",
    "Minutes",
    "MinutesPerson",
    "MinutesSection",
    "PageBreak",
    "Paragraph",
    "Recipients",
    "RowKind",
    "SignatureBlock",
    "SignatureGrid",
    "Signer",
    "Span",
    "Table",
    "TableRow",
    "build_minutes",
    "format_document_number",
    "format_issue_date",
    "format_recipient_lines",
    "render_docx",
    "render_pdf",
]
