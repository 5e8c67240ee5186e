"""Pages and API: set up, open, in-room voting, close, board, minutes; outsiders refused."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from tests.factories import World, make_unit
from tests.voting.conftest import Selection, make_selection
from thidua.clusters import services as cluster_services
from thidua.organisations.enums import UnitKind
from thidua.voting.models import Ballot, VotingSession

QUERIES = 11  # the same for 1 and 3 sessions (2 of them: the user's lineage lookups, thidua.accounts.access)


def client_for(user: object | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def test_create_open_vote_close_through_pages(world: World) -> None:
    leader = client_for(world.cluster_leader)
    response = leader.post(
        "/bo-phieu/tao/",
        {
            "cluster": world.cluster.pk,
            "year": 2018,
            "title": "Suy tôn Cờ thi đua năm 2018",
            "seats": 1,
            "threshold_base": "all",
            "threshold_strict": "on",
            "disclosure": "full",
            "voters": "Đại biểu Sở A\nĐại biểu Sở B\nĐại biểu Sở C",
        },
    )
    session = VotingSession.objects.get(title="Suy tôn Cờ thi đua năm 2018")
    assert response.status_code == 302
    # the form offers the clusters its user may organise a vote for (not another ministry's, nor
    # one of the same ministry the user's unit never led), and the list links to it
    other = make_unit(code="BO2", name="Bộ Khác", kind=UnitKind.MINISTRY)
    cluster_services.create_cluster(actor=None, authority=other, number=1, name="Cụm thi đua số 1")
    cluster_services.create_cluster(actor=None, authority=world.ministry, number=2, name="Cụm thi đua số 2")
    form = leader.get("/bo-phieu/tao/").context["form"]
    assert list(form.fields["cluster"].queryset) == [world.cluster]
    assert "Tạo phiên bình xét" in leader.get("/bo-phieu/").content.decode()
    assert list(session.candidates.values_list("label", flat=True)) == [
        world.unit_a.name,
        world.unit_b.name,
        world.unit_c.name,
    ]
    page = leader.post(f"/bo-phieu/{session.pk}/cap-ma/")
    credentials = re.findall(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>", page.content.decode())
    assert len(credentials) == 3
    assert page["Cache-Control"].startswith("max-age=0")
    leader.post(f"/bo-phieu/{session.pk}/mo/")
    projector = leader.get(f"/bo-phieu/{session.pk}/may-chieu/").content.decode()
    assert "<svg" in projector
    assert session.short_code in projector
    assert "Đã bỏ phiếu: <strong>0/3</strong>" in projector
    phone = Client()
    form = phone.get(f"/bo-phieu/phieu/{session.short_code}/")
    assert "Chọn tối đa 1" in form.content.decode()
    done = phone.post(
        f"/bo-phieu/phieu/{session.short_code}/", {"credential": credentials[0], "choices": ["c2"]}
    )
    receipt = re.search(r'class="short-code">([A-Z0-9-]+)<', done.content.decode()).group(1)  # type: ignore[union-attr]
    assert "no-store" in done["Cache-Control"]
    assert Ballot.objects.get(session=session).receipt == receipt
    again = phone.post(
        f"/bo-phieu/phieu/{session.short_code}/", {"credential": credentials[0], "choices": ["c1"]}
    )
    assert again.status_code == 409
    assert "đã được dùng" in again.content.decode()
    too_many = phone.post(
        f"/bo-phieu/phieu/{session.short_code}/", {"credential": credentials[1], "choices": ["c1", "c2"]}
    )
    assert too_many.status_code == 422
    assert "nhiều hơn số được chọn (1)" in too_many.content.decode()
    phone.post(f"/bo-phieu/phieu/{session.short_code}/", {"credential": credentials[1], "choices": ["c2"]})
    turnout = leader.get(f"/bo-phieu/{session.pk}/luot-bo-phieu/").content.decode()
    assert "2/3" in turnout
    live = leader.get(f"/bo-phieu/{session.pk}/").content.decode()
    assert "Kết quả" not in live
    assert "Trúng" not in live
    leader.post(f"/bo-phieu/{session.pk}/ket-thuc/", {"present": "3"})
    session.refresh_from_db()
    assert session.state == "closed"
    assert session.present == 3
    detail = leader.get(f"/bo-phieu/{session.pk}/").content.decode()
    assert "<strong>Trúng</strong>" in detail
    board = Client().get(f"/bo-phieu/{session.pk}/bang-cong-khai/").content.decode()
    assert receipt in board
    assert world.unit_b.name in board
    docx = leader.get(f"/documents/tally_minutes/{session.pk}.docx")
    assert docx.status_code == 200
    assert b"".join(docx.streaming_content)[:2] == b"PK"  # served from storage
    pdf = leader.get(f"/documents/tally_minutes/{session.pk}.pdf")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"


def test_outsider_refused_on_every_page_write(world: World, selection: Selection) -> None:
    s = selection.session
    outsider = client_for(world.outsider)
    before = (VotingSession.objects.values_list("state", flat=True).get(pk=s.pk), Ballot.objects.count())
    for url in ("mo/", "ket-thuc/", "bo-phieu-lai/", "cap-ma/", "phieu-giay/"):
        outsider.post(f"/bo-phieu/{s.pk}/{url}")
    assert outsider.get(f"/bo-phieu/{s.pk}/may-chieu/").status_code == 403
    assert outsider.get(f"/bo-phieu/{s.pk}/").status_code == 403
    created = outsider.post(
        "/bo-phieu/tao/",
        {
            "cluster": world.cluster.pk,
            "year": 2018,
            "title": "X",
            "seats": 1,
            "threshold_base": "all",
            "disclosure": "full",
            "voters": "A",
        },
    )
    assert created.status_code == 403
    assert outsider.get("/bo-phieu/tao/").status_code == 403
    assert "Tạo phiên bình xét" not in outsider.get("/bo-phieu/").content.decode()
    assert (
        VotingSession.objects.values_list("state", flat=True).get(pk=s.pk),
        Ballot.objects.count(),
    ) == before
    assert VotingSession.objects.count() == 1
    api = outsider.post(f"/api/v1/voting/sessions/{s.pk}/close", data="{}", content_type="application/json")
    assert api.status_code == 403
    assert api.json()["code"] == "forbidden"


def test_api_cast_board_and_tally(world: World, selection: Selection) -> None:
    s = selection.session
    anonymous = Client()
    ok = anonymous.post(
        "/api/v1/voting/ballots",
        data=json.dumps({"code": s.short_code, "credential": selection.credentials[0], "choices": ["c1"]}),
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", ok.json()["receipt"])
    forged = anonymous.post(
        "/api/v1/voting/ballots",
        data=json.dumps({"code": s.short_code, "credential": "AAAA-BBBB-CCCC", "choices": ["c1"]}),
        content_type="application/json",
    )
    assert forged.status_code == 422
    assert forged.json()["message"] == "Mã bỏ phiếu không đúng."
    assert anonymous.get(f"/api/v1/voting/sessions/{s.pk}/board").status_code == 403
    leader = client_for(world.cluster_leader)
    detail = leader.get(f"/api/v1/voting/sessions/{s.pk}").json()
    assert detail["turnout"]["took_part"] == 1
    assert detail["results"] is None
    leader.post(
        f"/api/v1/voting/sessions/{s.pk}/close", data='{"present": 8}', content_type="application/json"
    )
    board = anonymous.get(f"/api/v1/voting/sessions/{s.pk}/board").json()
    assert board == [{"receipt": ok.json()["receipt"], "invalid": False, "choices": ["c1"]}]
    tally = leader.post(
        "/api/v1/voting/tally",
        data=json.dumps(
            {
                "electorate": 3,
                "present": 3,
                "seats": 1,
                "candidates": ["A"],
                "ballots": [{"choices": ["A"]}] * 2,
                "threshold": {"share": "50", "strict": True},
            }
        ),
        content_type="application/json",
    )
    assert tally.json() == {
        "quorum_met": True,
        "valid_ballots": 2,
        "results": [{"candidate": "A", "votes": 2, "share": "2/3", "passed": True}],
        "elected": ["A"],
        "runoff": [],
    }
    bad = leader.post(
        "/api/v1/voting/tally",
        data=json.dumps(
            {
                "electorate": 3,
                "present": 1,
                "seats": 1,
                "candidates": ["A"],
                "ballots": [{"choices": ["A"]}] * 2,
                "threshold": {"share": "50"},
            }
        ),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["fields"] == {"ballots": "có 2 phiếu, nhiều hơn số người có mặt (1)."}


@pytest.mark.parametrize("count", [1, 3])
def test_session_list_constant_queries(world: World, django_assert_num_queries: object, count: int) -> None:
    for _ in range(count):
        make_selection(world)
    client = client_for(world.member_officer)
    client.get("/bo-phieu/")  # warm up the session and the user's scopes
    with django_assert_num_queries(QUERIES):  # type: ignore[operator]
        page = client.get("/bo-phieu/")
    assert page.content.decode().count("Suy tôn đơn vị đề nghị tặng Bằng khen năm 2018") == count
