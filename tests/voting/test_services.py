"""Sessions, casting, closing, rounds, paper and written votes; bad input refused with nothing changed."""

from __future__ import annotations

import pytest

from tests.factories import World
from tests.voting.conftest import Selection, make_selection
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEntry
from thidua.voting import selectors, services
from thidua.voting.enums import Disclosure, Participation, SessionKind, SessionState
from thidua.voting.models import Ballot, Voter, VotingSession


def state_of(session: VotingSession) -> tuple[object, ...]:
    return (
        sorted((b.receipt, tuple(b.choices), b.invalid) for b in Ballot.objects.filter(session=session)),
        sorted(Voter.objects.filter(session=session).values_list("id", "participation")),
        VotingSession.objects.get(pk=session.pk).state,
    )


def test_defaults_per_kind(world: World) -> None:
    sel = make_selection(world, open_it=False)
    s = sel.session
    assert (s.quorum_share, s.threshold_share, s.threshold_base, s.threshold_strict) == (
        "2/3",
        "50",
        "all",
        True,
    )
    council = services.create_session(
        actor=world.ministry_officer,
        kind=SessionKind.COUNCIL_REVIEW,
        title="Hội đồng xét Cờ thi đua",
        year=2018,
        authority=world.ministry,
        seats=1,
        candidates=[services.CandidateSpec(label="Sở A")],
        voters=[services.VoterSpec(label="Ủy viên 1")],
    )
    assert (council.threshold_share, council.threshold_base, council.threshold_strict) == ("90", "all", False)
    changed = services.create_session(
        actor=world.ministry_officer,
        kind=SessionKind.COUNCIL_REVIEW,
        title="Hội đồng",
        year=2018,
        authority=world.ministry,
        candidates=[services.CandidateSpec(label="Sở A")],
        voters=[services.VoterSpec(label="Ủy viên 1")],
        threshold_share="2/3",
        threshold_base="present",
    )
    assert (changed.threshold_share, changed.threshold_base) == ("2/3", "present")


def test_cast_close_and_result(selection: Selection) -> None:
    s, creds = selection.session, selection.credentials
    receipts = [services.cast_ballot(session=s, credential=c, choices=["c1", "c2"]) for c in creds[:6]]
    receipts += [services.cast_ballot(session=s, credential=c, choices=["c3"]) for c in creds[6:9]]
    assert len(set(receipts)) == 9
    assert selectors.bulletin_board(s) == []  # hidden while open
    with pytest.raises(Forbidden):
        services.close_session(actor=selection.world.member_officer, session=s)
    s = services.close_session(actor=selection.world.cluster_leader, session=s)
    assert s.state == SessionState.CLOSED
    assert s.present == 9
    result = selectors.session_result(s)
    assert [(r.candidate, r.votes, r.passed) for r in result.results] == [
        ("c1", 6, True),
        ("c2", 6, True),
        ("c3", 3, False),
    ]
    assert result.elected == ("c1", "c2")
    board = selectors.bulletin_board(s)
    assert sorted(b.receipt for b in board) == sorted(receipts)
    assert [b.receipt for b in board] == sorted(receipts)
    # the recount from the published board is the same tally
    assert selectors.session_result(s, ballots=board) == result
    # a ballot after the close is refused, the tally unchanged
    before = state_of(s)
    with pytest.raises(Conflict, match="không mở"):
        services.cast_ballot(session=s, credential=creds[9], choices=["c3"])
    assert state_of(s) == before


@pytest.mark.parametrize(
    ("credential_index", "choices", "error", "message"),
    [
        (None, ["c1"], InvalidInput, "Mã bỏ phiếu không đúng."),
        (0, ["c1", "c2", "c3"], InvalidInput, r"nhiều hơn số được chọn \(2\)"),
        (0, ["c9"], InvalidInput, "không thuộc danh sách"),
        (0, ["c1", "c1"], InvalidInput, "hai lần"),
        (0, [7], InvalidInput, "không thuộc danh sách"),
    ],
)
def test_bad_ballots_refused_with_nothing_changed(
    selection: Selection, credential_index: int | None, choices: list[object], error: type, message: str
) -> None:
    s = selection.session
    services.cast_ballot(session=s, credential=selection.credentials[1], choices=["c1"])
    before = state_of(s)
    credential = "ABCD-EFGH-JKMN" if credential_index is None else selection.credentials[credential_index]
    with pytest.raises(error, match=message):
        services.cast_ballot(session=s, credential=credential, choices=choices)
    assert state_of(s) == before


def test_reused_and_foreign_credentials(world: World, selection: Selection) -> None:
    s = selection.session
    services.cast_ballot(session=s, credential=selection.credentials[0], choices=["c1"])
    before = state_of(s)
    with pytest.raises(Conflict, match="đã được dùng"):
        services.cast_ballot(session=s, credential=selection.credentials[0], choices=["c2"])
    other = make_selection(world)
    with pytest.raises(InvalidInput, match="Mã bỏ phiếu không đúng"):
        services.cast_ballot(session=s, credential=other.credentials[0], choices=["c2"])
    assert state_of(s) == before
    # the credential works lower-case and without dashes too (typed on a phone)
    services.cast_ballot(session=s, credential=selection.credentials[1].lower().replace("-", ""), choices=[])


def test_not_yet_open_refuses(world: World) -> None:
    sel = make_selection(world, open_it=False)
    with pytest.raises(Conflict):
        services.cast_ballot(session=sel.session, credential=sel.credentials[0], choices=["c1"])
    assert Ballot.objects.count() == 0


def test_outsider_refused_on_every_write(world: World, selection: Selection) -> None:
    s = selection.session
    snapshot = (state_of(s), VotingSession.objects.count(), AuditEntry.objects.count())
    outsider = world.outsider
    calls = [
        lambda: services.issue_credentials(actor=outsider, session=s),
        lambda: services.open_session(actor=outsider, session=s),
        lambda: services.close_session(actor=outsider, session=s),
        lambda: services.start_runoff(actor=outsider, session=s),
        lambda: services.record_written_votes(actor=outsider, session=s, voters=[], ballots=[]),
        lambda: services.record_paper_ballots(
            actor=outsider, session=s, voters=[], ballots=0, invalid=0, blank=0, votes={}
        ),
        lambda: make_selection(World(**{**world.__dict__, "cluster_leader": outsider})),
    ]
    for call in calls:
        with pytest.raises(Forbidden):
            call()
    assert (state_of(s), VotingSession.objects.count(), AuditEntry.objects.count()) == snapshot


def test_member_officer_cannot_set_up_but_ministry_can(world: World) -> None:
    with pytest.raises(Forbidden):
        make_selection(World(**{**world.__dict__, "cluster_leader": world.member_officer}))
    sel = make_selection(World(**{**world.__dict__, "cluster_leader": world.ministry_officer}))
    assert sel.session.state == SessionState.OPEN


def test_tie_at_last_seat_and_runoff(world: World) -> None:
    sel = make_selection(world, seats=2, threshold_strict=False)
    s, creds = sel.session, sel.credentials
    # c1 10, c2 5, c3 5: c2 and c3 tie for the second seat
    for c in creds[:5]:
        services.cast_ballot(session=s, credential=c, choices=["c1", "c2"])
    for c in creds[5:]:
        services.cast_ballot(session=s, credential=c, choices=["c1", "c3"])
    s = services.close_session(actor=world.cluster_leader, session=s)
    result = selectors.session_result(s)
    assert result.elected == ("c1",)
    assert result.runoff == ("c2", "c3")
    child = services.start_runoff(actor=world.cluster_leader, session=s)
    assert child.round_number == 2
    assert child.seats == 1
    assert child.parent == s
    assert list(child.candidates.values_list("key", flat=True)) == ["c2", "c3"]
    assert child.voters.count() == 10
    assert not child.voters.exclude(credential_hash=None).exists()
    creds2 = [c for _, c in services.issue_credentials(actor=world.cluster_leader, session=child)]
    services.open_session(actor=world.cluster_leader, session=child)
    for c in creds2[:7]:
        services.cast_ballot(session=child, credential=c, choices=["c3"])
    for c in creds2[7:]:
        services.cast_ballot(session=child, credential=c, choices=["c2"])
    child = services.close_session(actor=world.cluster_leader, session=child)
    assert selectors.session_result(child).elected == ("c3",)
    with pytest.raises(Conflict):
        services.start_runoff(actor=world.cluster_leader, session=s)  # only one re-vote per round
    assert [u.pk for u in selectors.elected_units(session=s)] == [world.unit_a.pk, world.unit_c.pk]


def test_no_quorum_elects_nobody(world: World) -> None:
    sel = make_selection(world)
    for c in sel.credentials[:6]:  # 6 of 10 < 2/3
        services.cast_ballot(session=sel.session, credential=c, choices=["c1"])
    s = services.close_session(actor=world.cluster_leader, session=sel.session)
    result = selectors.session_result(s)
    assert result.quorum_met is False
    assert result.elected == ()


def test_close_present_bounds(selection: Selection) -> None:
    s = selection.session
    services.cast_ballot(session=s, credential=selection.credentials[0], choices=["c1"])
    with pytest.raises(InvalidInput, match=r"từ 1 .* đến 10"):
        services.close_session(actor=selection.world.cluster_leader, session=s, present=11)
    assert VotingSession.objects.get(pk=s.pk).state == SessionState.OPEN


def test_written_and_paper_votes_reconcile(world: World, selection: Selection) -> None:
    s = selection.session
    voters = list(s.voters.order_by("position"))
    for c in selection.credentials[:5]:
        services.cast_ballot(session=s, credential=c, choices=["c1", "c2"])
    receipts = services.record_written_votes(
        actor=world.cluster_leader,
        session=s,
        voters=voters[5:7],
        ballots=[{"choices": ["c1"]}, {"invalid": True}],
    )
    assert len(receipts) == 2
    with pytest.raises(InvalidInput, match="vượt quá"):
        services.record_paper_ballots(
            actor=world.cluster_leader,
            session=s,
            voters=voters[7:10],
            ballots=3,
            invalid=0,
            blank=0,
            votes={"c1": 4},
        )
    services.record_paper_ballots(
        actor=world.cluster_leader,
        session=s,
        voters=voters[7:10],
        ballots=3,
        invalid=1,
        blank=0,
        votes={"c1": 2, "c3": 2},
    )
    assert selectors.turnout(s) == selectors.Turnout(
        electorate=10, took_part=10, electronic=5, written=2, paper=3
    )
    s = services.close_session(actor=world.cluster_leader, session=s)
    combined = selectors.session_result(s)
    electronic = selectors.electronic_result(s)
    assert {r.candidate: r.votes for r in electronic.results} == {"c1": 6, "c2": 5, "c3": 0}
    assert {r.candidate: r.votes for r in combined.results} == {"c1": 8, "c2": 5, "c3": 2}
    assert combined.valid_ballots == 6 + 2
    assert combined.invalid_ballots == 2
    assert combined.elected == ("c1",)  # c2 5/10 is not more than half


def test_disclosure_hides_counts(world: World) -> None:
    sel = make_selection(world, disclosure=Disclosure.PASS_FAIL)
    for c in sel.credentials[:8]:
        services.cast_ballot(session=sel.session, credential=c, choices=["c2"])
    s = services.close_session(actor=world.cluster_leader, session=sel.session)
    lines = selectors.result_lines(s, selectors.session_result(s))
    assert [(line.candidate.key, line.votes, line.passed) for line in lines] == [
        ("c1", None, False),
        ("c2", None, True),
        ("c3", None, False),
    ]
    full = selectors.result_lines(s, selectors.session_result(s), full=True)
    assert [line.votes for line in full] == [8, 0, 0]
    from thidua.core.rules import allows

    assert not allows(world.outsider, "voting.view_ballots", s)
    assert allows(world.cluster_leader, "voting.view_ballots", s)
    assert Participation.ELECTRONIC in set(s.voters.values_list("participation", flat=True))


def test_tally_minutes_reconcile_paper_and_electronic(world: World, selection: Selection) -> None:
    import io

    from docx import Document as Docx

    from thidua.documents.registry import render

    s = selection.session
    voters = list(s.voters.order_by("position"))
    for c in selection.credentials[:7]:
        services.cast_ballot(session=s, credential=c, choices=["c1"])
    services.record_paper_ballots(
        actor=world.cluster_leader,
        session=s,
        voters=voters[7:10],
        ballots=3,
        invalid=0,
        blank=1,
        votes={"c1": 2, "c2": 1},
    )
    services.close_session(actor=world.cluster_leader, session=s)
    text = "\n".join(
        p.text for p in Docx(io.BytesIO(render(kind="tally_minutes", object_id=s.pk, fmt="docx"))).paragraphs
    )
    assert "Tổng số cử tri: 10; có mặt (kể cả gửi phiếu bằng văn bản): 10." in text
    assert "phiếu điện tử 7, phiếu gửi bằng văn bản 0, phiếu giấy 3" in text
    assert "Đối chiếu: 3 phiếu giấy do Ban kiểm phiếu đếm được cộng với 7 phiếu điện tử" in text
    assert f"Trúng (đề nghị khen thưởng): {world.unit_a.name}." in text
    cells = [
        c.text
        for t in Docx(io.BytesIO(render(kind="tally_minutes", object_id=s.pk, fmt="docx"))).tables
        for r in t.rows
        for c in r.cells
    ]
    assert ["1", world.unit_a.name, "7", "2", "9", "90%", "Trúng"] == cells[
        cells.index(world.unit_a.name) - 1 :
    ][:7]
    assert render(kind="tally_minutes", object_id=s.pk, fmt="pdf")[:4] == b"%PDF"


def test_council_recommendation_per_entry(world: World) -> None:
    council = services.create_session(
        actor=world.ministry_officer,
        kind=SessionKind.COUNCIL_REVIEW,
        title="Hội đồng xét Cờ thi đua 2018",
        year=2018,
        authority=world.ministry,
        seats=2,
        candidates=[services.CandidateSpec(label="Sở A"), services.CandidateSpec(label="Sở B")],
        voters=[services.VoterSpec(label=f"Ủy viên {i}") for i in range(1, 11)],
    )
    creds = [c for _, c in services.issue_credentials(actor=world.ministry_officer, session=council)]
    services.open_session(actor=world.ministry_officer, session=council)
    assert selectors.council_recommendation(session=council) == {}
    for i, c in enumerate(creds):
        services.cast_ballot(session=council, credential=c, choices=["c1", "c2"] if i < 9 else ["c1"])
    council = services.close_session(actor=world.ministry_officer, session=council)
    # 10/10 and 9/10: both at least 90% of all members
    assert selectors.council_recommendation(session=council) == {"c1": True, "c2": True}
    with pytest.raises(Forbidden):
        services.open_session(actor=world.cluster_leader, session=council)  # not the council's officer
