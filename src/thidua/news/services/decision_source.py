"""The proposals app's issued decisions as a draft source: a draft article with the decision's facts
and list, and honour-board suggestions from its recipients (news is above proposals in the layers,
so this module reads decisions; proposals only calls the listener registered in apps.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from thidua.awards.eligibility.codes import conferred_name
from thidua.news.models import Article, HonourEntry
from thidua.news.services.drafts import DraftFacts, draft_article_from_source
from thidua.news.services.honour import HonourCandidate, draft_honour_entries_from_source
from thidua.organisations.models import Unit
from thidua.proposals.enums import DecisionState
from thidua.proposals.models import AwardDecision

#: a national decision lists hundreds: the article and the board take the first ones, the article
#: links the full list on the public register
MAX_LISTED = 50


@dataclass(frozen=True)
class DecisionSource:
    decision: AwardDecision

    def decision_reference(self) -> str:
        d = self.decision
        return f"Quyết định số {d.full_number} ngày {d.issued_on:%d/%m/%Y} của {d.issuer}"

    def _entries(self) -> list[Any]:
        return list(self.decision.entries.select_related("unit", "person").order_by("position")[:MAX_LISTED])

    def draft_facts(self) -> DraftFacts:
        d = self.decision
        entries = self._entries()
        total = d.entries.count()
        subjects = len(set(d.entries.values_list("person_id", "unit_id")))  # one may get two forms
        lines = [
            f"{e.label}{' (' + e.unit_label + ')' if e.unit_label else ''} – {conferred_name(e.code, d.issuer)}"
            for e in entries
        ]
        if total > len(entries):
            rest = subjects - len({(e.person_id, e.unit_id) for e in entries})
            more = f"… và {rest} tập thể, cá nhân khác" if rest > 0 else "… cùng các hình thức khác"
            lines.append(f"{more} (xem danh sách đầy đủ đã công bố).")
        return DraftFacts(
            title=f"{d.issuer} khen thưởng các tập thể, cá nhân có thành tích xuất sắc năm {d.year}",
            summary=f"{self.decision_reference()}: {d.subject_line[0].lower()}{d.subject_line[1:]}.",
            facts=[
                ("Quyết định", f"Số {d.full_number} ngày {d.issued_on:%d/%m/%Y}"),
                ("Người quyết định", d.issuer),
                ("Trích yếu", d.subject_line),
                ("Số tập thể, cá nhân được khen", str(subjects)),
            ],
            lists=[("Danh sách", lines)],
            year=d.year,
            owner_units=[d.body],
        )

    def honour_candidates(self) -> Sequence[HonourCandidate]:
        out = []
        for e in self._entries():
            unit: Unit | None = e.unit
            if unit is None and e.person is not None:
                position = e.person.positions.filter(end__isnull=True).select_related("unit").first()
                unit = position.unit if position else None
            if unit is None:
                continue
            out.append(
                HonourCandidate(
                    kind="person" if e.person_id else "collective",
                    display_name=e.label,
                    unit=unit,
                    year=e.year,
                    achievement=f"{conferred_name(e.code, self.decision.issuer)} năm {e.year} ({self.decision_reference()})",
                )
            )
        return out


def draft_from_decision(*, actor: Any, decision: AwardDecision) -> tuple[Article, list[HonourEntry]]:
    """A draft article and draft honour entries (consent still to record) from an issued decision."""
    if decision.state != DecisionState.ISSUED:
        from thidua.core.errors import Conflict

        raise Conflict("Chỉ lập tin bài từ quyết định đã ban hành.")
    source = DecisionSource(decision)
    article = draft_article_from_source(actor=actor, source=source)
    entries = draft_honour_entries_from_source(actor=actor, source=source)
    return article, entries


def offer_drafts(decision: AwardDecision) -> None:
    """The listener run after a decision is issued: the news desk finds the drafts in its queue."""
    if decision is not None and decision.state == DecisionState.ISSUED:
        draft_from_decision(actor=None, decision=decision)
