"""Fixtures of the news tests: an editor over the ministry, articles in each state, media in a temp dir."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from PIL import Image

from tests.factories import World, make_user
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.news import services
from thidua.news.models import Article


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")  # type: ignore[attr-defined,operator]


@pytest.fixture
def editor(world: World) -> User:
    return make_user("bientap", (Role.EDITOR, world.ministry))


@pytest.fixture
def chief(world: World) -> User:
    """The second pair of eyes: holds the publishing right over the ministry."""
    return make_user("truongbientap", (Role.CHIEF_EDITOR, world.ministry))


def article_input(title: str = "Hội nghị tại thành phố Hải Dương", **fields: object) -> services.ArticleInput:
    values: dict[str, object] = {
        "title": title,
        "summary": "Cụm thi đua số 1 họp tại Hải Dương.",
        "body": "<p>Lãnh đạo các sở <strong>ký giao ước</strong> thi đua.</p>",
        "tag_names": ["Giao ước"],
    }
    values.update(fields)
    return services.ArticleInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def make_article(world: World, editor: User, chief: User) -> Callable[..., Article]:
    def build(
        title: str = "Hội nghị tại thành phố Hải Dương",
        *,
        state: str = "draft",
        when: datetime.datetime | None = None,
        **fields: object,
    ) -> Article:
        article = services.create_article(
            actor=editor, unit=world.ministry, data=article_input(title, **fields)
        )
        if state in ("review", "published"):
            article = services.submit_article_for_review(actor=editor, article=article)
        if state == "published":
            article = services.publish_article(actor=chief, article=article, published_at=when)
        return article

    return build


@pytest.fixture
def published(make_article: Callable[..., Article]) -> Article:
    return make_article(state="published", when=timezone.now() - datetime.timedelta(minutes=1))


def png_bytes(size: tuple[int, int] = (40, 30), *, exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "MáyẢnh"  # Make
        data[0x8825] = {2: (21.0, 2.0, 0.0)}  # GPS
        image.save(out, format="JPEG", exif=data)
    else:
        image.save(out, format="PNG")
    return out.getvalue()


class _Markup(HTMLParser):
    """Collects what would execute: script elements, event handlers, javascript:/data: URLs, styles."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (
            tag in {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "base", "meta"}
            and not (
                tag == "script" and any(k == "src" and (v or "").startswith("/static/") for k, v in attrs)
            )
            and not (tag == "meta" and any(k in {"charset", "name", "property"} for k, _ in attrs))
            and not (tag == "form" and any(k == "action" and (v or "").startswith("/") for k, v in attrs))
        ):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            lowered = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "style":
                self.problems.append(f"{tag}[style]")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and lowered.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"{tag}[{name}={value}]")


def dangerous_markup(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.problems
