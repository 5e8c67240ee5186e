"""API of the voting app; thin, calls services and selectors, the same tally engine as the CLI."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.json_input import UnreadableJSON, loads_contract, read_body
from thidua.core.rules import allows, require

from . import selectors, services
from .enums import SessionState
from .models import VotingSession
from .rules import board_is_public
from .tally import TallyInputError, parse_tally_input, tally

router = Router(tags=["Bỏ phiếu"])


class TurnoutOut(Schema):
    electorate: int
    took_part: int
    electronic: int
    written: int
    paper: int


class LineOut(Schema):
    candidate: str
    label: str
    votes: int | None
    share: str | None
    passed: bool | None
    elected: bool
    runoff: bool


class SessionOut(Schema):
    id: int
    kind: str
    title: str
    year: int
    round: int
    state: str
    short_code: str
    seats: int
    disclosure: str
    turnout: TurnoutOut
    results: list[LineOut] | None  # only once closed, as the disclosure setting allows


class CastIn(Schema):
    code: str
    credential: str
    choices: list[str]


class ReceiptOut(Schema):
    receipt: str


class BoardRow(Schema):
    receipt: str
    invalid: bool | None
    choices: list[str] | None


def _out(request: HttpRequest, session: VotingSession) -> dict[str, Any]:
    lines = None
    if session.state == SessionState.CLOSED:
        full = allows(request.user, "voting.manage_session", session)
        lines = [
            {
                "candidate": line.candidate.key,
                "label": line.candidate.label,
                "votes": line.votes,
                "share": None if line.share is None else f"{line.share.numerator}/{line.share.denominator}",
                "passed": line.passed,
                "elected": line.elected,
                "runoff": line.runoff,
            }
            for line in selectors.result_lines(session, selectors.session_result(session), full=full)
        ]
    t = selectors.turnout(session)
    return {
        "id": session.pk,
        "kind": session.kind,
        "title": session.title,
        "year": session.year,
        "round": session.round_number,
        "state": session.state,
        "short_code": session.short_code,
        "seats": session.seats,
        "disclosure": session.disclosure,
        "turnout": t.__dict__,
        "results": lines,
    }


@router.post(
    "/voting/tally",
    url_name="voting_tally",
    summary="Kiểm phiếu một tệp JSON (cùng hợp đồng với lệnh thidua voting tally)",
)
def tally_json(request: HttpRequest) -> dict[str, object]:
    try:
        data = loads_contract(read_body(request) or b"null")
    except UnreadableJSON as exc:
        raise InvalidInput(str(exc), fields={"input": "invalid"}) from None
    try:
        return tally(parse_tally_input(data)).as_dict()
    except TallyInputError as exc:
        raise InvalidInput(str(exc), fields={exc.field: exc.detail}) from None


@router.get("/voting/sessions", response=list[SessionOut], summary="Các phiên bỏ phiếu bạn được xem")
def session_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(request, s) for s in selectors.sessions_visible_to(request.user)]


def _visible(request: HttpRequest, pk: int) -> VotingSession:
    session = get_object_or_404(VotingSession, pk=pk)
    require(request.user, "voting.view_session", session)
    return session


@router.get(
    "/voting/sessions/{pk}",
    response=SessionOut,
    summary="Một phiên bỏ phiếu: số đã bỏ phiếu, kết quả khi đã kết thúc",
)
def session_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(request, _visible(request, pk))


@router.post("/voting/sessions/{pk}/open", response=SessionOut, summary="Mở phiên bỏ phiếu")
def session_open(request: HttpRequest, pk: int) -> dict[str, Any]:
    session = get_object_or_404(VotingSession, pk=pk)
    return _out(request, services.open_session(actor=request.user, session=session))


class CloseIn(Schema):
    present: int | None = None


@router.post(
    "/voting/sessions/{pk}/close", response=SessionOut, summary="Kết thúc phiên bỏ phiếu và kiểm phiếu"
)
def session_close(request: HttpRequest, pk: int, payload: CloseIn) -> dict[str, Any]:
    session = get_object_or_404(VotingSession, pk=pk)
    return _out(request, services.close_session(actor=request.user, session=session, present=payload.present))


@router.post(
    "/voting/ballots", response={201: ReceiptOut}, auth=None, summary="Bỏ một phiếu bằng mã bỏ phiếu một lần"
)
def cast(request: HttpRequest, payload: CastIn) -> Status:
    session = services.session_by_code(payload.code)
    receipt = services.cast_ballot(
        session=session, credential=payload.credential[:40], choices=payload.choices[:500]
    )
    return Status(201, {"receipt": receipt})


@router.get(
    "/voting/sessions/{pk}/board", response=list[BoardRow], auth=None, summary="Bảng công khai phiếu bầu"
)
def board(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    session = get_object_or_404(VotingSession, pk=pk)
    if session.state != SessionState.CLOSED:
        raise Forbidden("Phiếu bầu chỉ được công khai sau khi kết thúc bỏ phiếu.")
    show = board_is_public(session) or (
        request.user.is_authenticated and allows(request.user, "voting.view_ballots", session)
    )
    return [
        {
            "receipt": b.receipt,
            "invalid": b.invalid if show else None,
            "choices": list(b.choices) if show else None,
        }
        for b in selectors.bulletin_board(session)
    ]
