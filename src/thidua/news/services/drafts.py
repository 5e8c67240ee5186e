"""Pre-filled draft articles from events (a conference; a decision later): facts only, wording left to the editor."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction

from thidua.clusters.models import Cluster, Conference
from thidua.core.errors import Forbidden
from thidua.core.rules import FORBIDDEN_MESSAGE, allows
from thidua.news.models import Article
from thidua.news.services.articles import ArticleInput, create_article
from thidua.organisations.models import Unit


@dataclass(frozen=True)
class DraftFacts:
    """Facts an event offers a draft article: the editor writes the words around them."""

    title: str
    summary: str
    facts: list[tuple[str, str]]
    lists: list[tuple[str, list[str]]] = field(default_factory=list)
    cluster: Cluster | None = None
    year: int | None = None
    conference: Conference | None = None
    owner_units: list[Unit] = field(default_factory=list)  # who may own the article, first allowed wins


class DraftSource(Protocol):
    def draft_facts(self) -> DraftFacts: ...


@dataclass(frozen=True)
class ConferenceSource:
    conference: Conference

    def draft_facts(self) -> DraftFacts:
        c = self.conference
        attendees = [
            ", ".join(part for part in (a.name, a.position, a.organisation) if part)
            for a in c.attendees.all().order_by("order", "id")
        ]
        facts = [
            ("Hội nghị", c.title),
            ("Loại hội nghị", c.get_kind_display()),
            ("Thời gian", f"{c.date:%d/%m/%Y}"),
            ("Địa điểm", c.place),
            ("Cụm thi đua", f"{c.cluster.name} – {c.cluster.authority.name}"),
        ]
        if c.host is not None:
            facts.append(("Đơn vị đăng cai", c.host.name))
        lists = [("Thành phần tham dự", attendees)] if attendees else []
        if c.summary:
            lists.append(
                ("Kết quả hội nghị", [line.strip() for line in c.summary.splitlines() if line.strip()])
            )
        owners = [c.cluster.authority] + ([c.host] if c.host is not None else [])
        return DraftFacts(
            title=c.title,
            summary=f"{c.title}, ngày {c.date:%d/%m/%Y} tại {c.place}.",
            facts=facts,
            lists=lists,
            cluster=c.cluster,
            year=c.year,
            conference=c,
            owner_units=owners,
        )


def _facts_html(facts: DraftFacts) -> str:
    esc = html.escape
    parts = [
        "<p>[Biên tập viên viết phần mở đầu tại đây; các dữ kiện dưới đây lấy từ dữ liệu đã ghi.]</p>",
        "<ul>",
    ]
    parts += [f"<li><strong>{esc(label)}:</strong> {esc(value)}</li>" for label, value in facts.facts]
    parts.append("</ul>")
    for heading, items in facts.lists:
        parts.append(f"<h3>{esc(heading)}</h3><ul>")
        parts += [f"<li>{esc(item)}</li>" for item in items]
        parts.append("</ul>")
    return "".join(parts)


@transaction.atomic
def draft_article_from_source(*, actor: Any, source: DraftSource) -> Article:
    facts = source.draft_facts()
    unit = next((u for u in facts.owner_units if allows(actor, "news.write_article", u)), None)
    if unit is None:
        raise Forbidden(FORBIDDEN_MESSAGE)
    data = ArticleInput(
        title=facts.title,
        summary=facts.summary,
        body=_facts_html(facts),
        cluster=facts.cluster,
        year=facts.year,
        conference=facts.conference,
    )
    return create_article(actor=actor, unit=unit, data=data)


def draft_article_from_conference(*, actor: Any, conference: Conference) -> Article:
    """A draft article pre-filled with the conference's facts (date, place, host, attendees, outcomes)."""
    return draft_article_from_source(actor=actor, source=ConferenceSource(conference))


# --------------------------------------------------------------------------------------------------
# Honour board

#: Personal identifiers never belong on the public board: citizen or ID card numbers, phone
#: numbers, e-mail addresses, dates of birth.
