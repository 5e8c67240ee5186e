"""Rich text and plain text of the news app: the nh3 allow-list, sanitising, text extraction."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable

import nh3
from django.utils.text import slugify

from thidua.core.errors import InvalidInput
from thidua.core.text import fold

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------------
# Rich text

#: What an office worker's editor (and a paste from Word) may keep: paragraphs, headings below the
#: page title, bold, italics, underline, lists, quotes, links, images and simple tables. Everything
#: else is dropped (its text kept); script and style elements are dropped with their content.
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr",
    "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
#: Images in the body must be ours (uploaded through `add_article_image`); pasted `file:` or
#: `data:` pictures from Word cannot be shown under the CSP anyway and are dropped.
_OWN_IMAGE = re.compile(r"^/tin-bai/anh/\d+/$")
_NUMBER = re.compile(r"^\d{1,4}$")


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if _OWN_IMAGE.match(value) else None
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if _NUMBER.match(value) else None
    return value


#: A long report is some tens of thousands of characters; anything far larger is a mistake or an
#: attack (a 5 MB body), refused before it is parsed, stored, indexed for search and read aloud.
MAX_RICH_TEXT_CHARS = 200_000


def sanitize_html(raw: str) -> str:
    """The stored form of rich text: only the allow-list survives, links get rel=noopener."""
    if len(raw) > MAX_RICH_TEXT_CHARS:
        raise InvalidInput(
            f"Nội dung dài {len(raw):,} ký tự, quá giới hạn {MAX_RICH_TEXT_CHARS:,} ký tự.".replace(",", "."),
            fields={"body": "too_long"},
        )
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Drop paragraphs that Word leaves empty (<p></p>, <p>&nbsp;</p>).
    return re.sub(r"<p>(\s|&nbsp;|<br>)*</p>", "", cleaned).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML, one space between blocks."""
    spaced = re.sub(r"<(br|/p|/h[2-4]|/li|/td|/th|/figcaption|/blockquote)>", " \n", fragment)
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain(value: str, *, max_length: int) -> str:
    """Plain text as stored: control characters removed, spaces trimmed, length capped."""
    return _CONTROL.sub("", value or "").strip()[:max_length]


# --------------------------------------------------------------------------------------------------
# Articles


# --------------------------------------------------------------------------------------------------
# Tags

MAX_TAGS = 30


def tag_names(names: Iterable[str]) -> list[str]:
    """Tag names as they will be stored, without creating tags before the revision is approved."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = _plain(raw, max_length=80)
        slug = slugify(fold(name))[:100] if name else ""
        if name and slug not in seen:
            seen.add(slug)
            result.append(name)
    if len(result) > MAX_TAGS:
        raise InvalidInput(f"Một tin bài có tối đa {MAX_TAGS} thẻ.", fields={"tags": "too_many"})
    return result
