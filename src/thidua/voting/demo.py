"""Demo: the 2018 selection (suy tôn) of Cụm thi đua số 1 at its year-end review, December 2018.

Ten delegates, one per member department, vote in two sessions: the Ministry's emulation flag for
one unit, then the Minister's certificates (Bằng khen) for three more. The candidates come from
`selectors.selection_candidates` (the scoring app's final ranking of 2018, best first; the members
in Vietnamese order when scoring has not run), and the scripted ballots favour them in that order,
so "first ranked" gets the flag whichever ranking is in place. The date, the votes and the delegates are illustrative; the
cluster and its members are those of the seed report.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from thidua.clusters.models import Cluster
from thidua.organisations.models import Unit

from . import selectors, services
from .enums import SessionKind
from .models import VotingSession

ORDER = 70
HELD_ON = datetime.date(2018, 12, 21)
PLACE = "Thành phố Hà Nội"
FLAG_TITLE = "Suy tôn đơn vị đề nghị tặng Cờ thi đua của Bộ Tài nguyên và Môi trường năm 2018"
CERT_TITLE = "Suy tôn đơn vị đề nghị tặng Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường năm 2018"


def _at(hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(2018, 12, 21, hour, minute, tzinfo=timezone.get_current_timezone())


def _run(
    *,
    title: str,
    units: list[Unit],
    seats: int,
    ballots: list[list[int]],
    cluster: Cluster,
    opened: tuple[int, int],
) -> VotingSession:
    session = services.create_session(
        actor=None,
        kind=SessionKind.CLUSTER_SELECTION,
        title=title,
        year=2018,
        authority=cluster.authority,
        cluster=cluster,
        seats=seats,
        candidates=[services.CandidateSpec(label=u.name, unit=u) for u in units],
        voters=[
            services.VoterSpec(label=f"Đại biểu {u.name}", unit=u)
            for u in selectors.selection_candidates(cluster=cluster, year=2018)
        ],
        held_on=HELD_ON,
        place=PLACE,
    )
    credentials = [c for _, c in services.issue_credentials(actor=None, session=session)]
    services.open_session(actor=None, session=session)
    for credential, picks in zip(credentials, ballots, strict=True):
        services.cast_ballot(session=session, credential=credential, choices=[f"c{i}" for i in picks])
    session = services.close_session(actor=None, session=session, present=len(credentials))
    # the story's own clock: opened and closed that morning (audit entries keep the real time)
    VotingSession.objects.filter(pk=session.pk).update(
        opened_at=_at(*opened), closed_at=_at(opened[0], opened[1] + 15)
    )
    return session


def load_demo(*, stdout: Any) -> None:
    cluster = Cluster.objects.filter(authority__code="BTNMT", number=1).first()
    if cluster is None or VotingSession.objects.filter(cluster=cluster, year=2018).exists():
        return
    ranked = selectors.selection_candidates(cluster=cluster, year=2018)
    if len(ranked) != 10:
        stdout.write(f"Bỏ qua phiên suy tôn 2018: Cụm có {len(ranked)} thành viên, cần 10.\n")
        return
    # flag: one seat; nine delegates for the first-ranked unit, one for the second
    flag = _run(
        title=FLAG_TITLE, units=ranked, seats=1, ballots=[[1]] * 9 + [[2]], cluster=cluster, opened=(9, 0)
    )
    winner = selectors.elected_units(session=flag)
    rest = [u for u in ranked if u not in winner]
    # certificates: three seats among the other nine; the next three ranked come out on top
    cert_ballots = [[1, 2, 3]] * 5 + [[1, 2, 4]] * 2 + [[1, 3, 5]] + [[2, 3, 6]] + [[]]
    cert = _run(title=CERT_TITLE, units=rest, seats=3, ballots=cert_ballots, cluster=cluster, opened=(9, 30))
    stdout.write(
        "Bỏ phiếu: phiên suy tôn 2018 của Cụm thi đua số 1 — Cờ thi đua: "
        + ", ".join(u.name for u in winner)
        + "; Bằng khen: "
        + ", ".join(u.name for u in selectors.elected_units(session=cert))
        + ".\n"
    )
