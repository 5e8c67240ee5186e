"""The demo's 2018 selection of Cụm thi đua số 1: ten delegates, the flag for the first-ranked unit,
certificates for the next three, a full bulletin board and the tally minutes."""

from __future__ import annotations

import io

from thidua.clusters import demo as clusters_demo
from thidua.documents.registry import render
from thidua.organisations import demo as organisations_demo
from thidua.voting import demo, selectors
from thidua.voting.models import VotingSession


class _Out:
    def write(self, text: str) -> None:
        self.text = getattr(self, "text", "") + text


def test_demo_selection_2018(db: None) -> None:
    out = _Out()
    organisations_demo.load_demo(stdout=out)
    clusters_demo.load_demo(stdout=out)
    demo.load_demo(stdout=out)
    demo.load_demo(stdout=out)  # idempotent
    flag, cert = VotingSession.objects.filter(year=2018).order_by("pk")
    assert (flag.title, cert.title) == (demo.FLAG_TITLE, demo.CERT_TITLE)
    ranked = selectors.selection_candidates(cluster=flag.cluster, year=2018)
    assert len(ranked) == 10
    assert flag.voters.count() == 10
    assert cert.voters.count() == 10
    assert selectors.elected_units(session=flag) == ranked[:1]
    assert selectors.elected_units(session=cert) == ranked[1:4]
    assert len(selectors.bulletin_board(flag)) == 10
    assert flag.closed_at is not None
    assert flag.closed_at.year == 2018
    assert flag.held_on.year == 2018
    from docx import Document as Docx

    text = "\n".join(
        p.text
        for p in Docx(io.BytesIO(render(kind="tally_minutes", object_id=cert.pk, fmt="docx"))).paragraphs
    )
    assert "ngày 21/12/2018" in text
    assert "Trúng (đề nghị khen thưởng): " + "; ".join(u.name for u in ranked[1:4]) + "." in text
