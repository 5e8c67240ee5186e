"""PDF output through WeasyPrint, from our HTML and print stylesheet.

Rendering must never touch the network: agency servers are often offline, and a document whose
look depends on what a URL returns at render time cannot be reproduced later. The fetcher below
reads only the font files the stylesheet names and refuses everything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# WeasyPrint ships no type information.
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import (
    FatalURLFetchingError,
    URLFetcher,
)

from thidua.documents.rendering.fonts import find_serif_font
from thidua.documents.rendering.html_builder import build_html
from thidua.documents.rendering.layout import SERIF_FONT_FILES
from thidua.documents.rendering.model import Document
from thidua.documents.rendering.validation import validate_document


class ResourceRefused(RuntimeError):
    """The HTML asked for something other than our font files: a fault in this package."""


class LocalFontsFetcher(URLFetcher):
    """Serves `file:` URLs of the allowed files and refuses every other URL.

    `fail_on_errors` makes a refusal stop the rendering instead of WeasyPrint's default of
    logging a warning and carrying on with a fallback font.
    """

    def __init__(self, *, allowed: frozenset[Path]) -> None:
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True, allow_redirects=False)
        self._allowed = allowed

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme != "file" or Path(unquote(parts.path)) not in self._allowed:
            raise ResourceRefused(f"Refused to fetch {url!r}: only the bundled font files are read.")
        return super().fetch(url, headers)


def _allowed_fonts() -> frozenset[Path]:
    return frozenset(find_serif_font(bold=bold, italic=italic) for bold, italic in SERIF_FONT_FILES)


def render_pdf(*, document: Document) -> bytes:
    """Render the document to the bytes of a PDF file, fonts embedded (subset)."""
    validate_document(document=document)
    fetcher = LocalFontsFetcher(allowed=_allowed_fonts())
    page = HTML(string=build_html(document=document), url_fetcher=fetcher, base_url=None)
    try:
        pdf: bytes = page.write_pdf(font_config=FontConfiguration())
    except FatalURLFetchingError as error:
        raise ResourceRefused(str(error)) from error
    return pdf
