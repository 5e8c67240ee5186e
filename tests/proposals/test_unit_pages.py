"""The unit-year pages of the proposals app: the working review (tick, submit, council, decision),
its refusals (exact messages and statuses, nothing changed) and the ministry's overview (constant
queries)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.factories import World, make_person, make_unit
from tests.proposals.conftest import unit_head
from tests.proposals.test_unit_review import _excellent, _good, _state

from thidua.awards import services as registry
from thidua.awards.models import Conferral
from thidua.core import clock
from thidua.proposals.enums import DossierState
from thidua.proposals.models import AwardDecision
from thidua.proposals.services import unit_review

YEAR = 2018


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(world: World, name: str = "proposals:unit_review") -> str:
    return reverse(name, kwargs={"code": world.unit_b.code, "year": YEAR})


def test_officer_ticks_submits_holds_council_and_head_issues(world: World) -> None:
    binh = _excellent(world, "Trần Thị Bình")
    an = _good(world, "Lê Văn An")
    officer = _client(world.member_officer)
    page = officer.get(_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{binh.pk}:CSTDCS"' in html
    assert "Hạn mức Chiến sĩ thi đua cơ sở: đề nghị 0, tối đa 0 (15% của 0 LĐTT)" in html

    marks = [f"{binh.pk}:LDTT", f"{an.pk}:LDTT", f"{binh.pk}:CSTDCS"]
    response = officer.post(_url(world, "proposals:unit_review_mark"), {"proposed": marks, "shown": marks})
    assert response.status_code == 302
    # 1 CSTĐCS for 2 LĐTT: over 15% — refused with the numbers, nothing changes
    before = _state()
    refused = officer.post(_url(world, "proposals:unit_review_submit"), {"route": "own"})
    assert refused.status_code == 422
    assert "Đề nghị 1 CSTĐCS, tối đa 0 (15% của 2 LĐTT)." in refused.content.decode()
    assert _state() == before

    keep = [f"{binh.pk}:LDTT", f"{an.pk}:LDTT"]
    officer.post(_url(world, "proposals:unit_review_mark"), {"proposed": keep, "shown": marks})
    assert officer.post(_url(world, "proposals:unit_review_submit"), {"route": "own"}).status_code == 302
    own = unit_review.unit_dossiers(world.unit_b, YEAR)[unit_review.OWN]
    assert own is not None
    own.refresh_from_db()
    assert own.state == DossierState.SUBMITTED

    council = officer.post(
        _url(world, "proposals:unit_review_council"),
        {
            "council-held_on": "08/01/2019",
            "council-chair": "Nguyễn Văn Hùng",
            "council-secretary": "Trần Thị Thu",
            "council-members": "Ông Nguyễn Văn Hùng — Chủ tịch\nBà Trần Thị Thu — Thư ký",
            "council-minutes": "Hội đồng thống nhất đề nghị.",
        },
    )
    assert council.status_code == 302
    prepared = officer.post(
        _url(world, "proposals:unit_review_decision"),
        {
            "decision-issuer": unit_review.issuer_of(world.unit_b),
            "decision-symbol": "QĐ-STNMT",
            "decision-signer_name": "Ngô Văn Đức",
        },
    )
    decision = AwardDecision.objects.get(body=world.unit_b)
    assert prepared["Location"] == reverse("proposals:decision", kwargs={"pk": decision.pk})
    head = _client(unit_head(world))
    issued = head.post(
        reverse("proposals:decision_issue", kwargs={"pk": decision.pk}),
        {"issued_on": "15/01/2019", "number": "15", "signer_name": "Ngô Văn Đức", "signer_title": "GIÁM ĐỐC"},
    )
    assert issued.status_code == 302
    assert sorted(
        Conferral.objects.filter(decision_entry__decision=decision).values_list(
            "record__person__family_name", flat=True
        )
    ) == ["Lê", "Trần"]
    html = officer.get(_url(world)).content.decode()
    assert "Quyết định số 15/QĐ-STNMT ngày 15/01/2019" in html


def test_outsider_is_refused_every_page_write_and_nothing_changes(world: World) -> None:
    binh = _excellent(world, "Trần Thị Bình")
    outsider = _client(world.outsider)
    before = _state()
    assert outsider.get(_url(world)).status_code == 404
    for name, data in [
        ("proposals:unit_review_mark", {"proposed": [f"{binh.pk}:LDTT"], "shown": [f"{binh.pk}:LDTT"]}),
        ("proposals:unit_review_submit", {"route": "own"}),
        (
            "proposals:unit_review_council",
            {
                "council-held_on": "08/01/2019",
                "council-chair": "A",
                "council-members": "A",
                "council-minutes": "x",
            },
        ),
        ("proposals:unit_review_decision", {"decision-issuer": "Giám đốc", "decision-symbol": "QĐ-STNMT"}),
    ]:
        response = outsider.post(_url(world, name), data)
        assert response.status_code == 404, name
    assert _state() == before


def test_bad_marks_give_a_clear_message_and_change_nothing(world: World) -> None:
    binh = _excellent(world, "Trần Thị Bình")
    officer = _client(world.member_officer)
    before = _state()
    bad = officer.post(_url(world, "proposals:unit_review_mark"), {"proposed": ["x:LDTT"]})
    assert bad.status_code == 422
    assert "Dữ liệu đề nghị không hợp lệ." in bad.content.decode()
    odd = officer.post(_url(world, "proposals:unit_review_mark"), {"proposed": [f"{binh.pk}:CO_BO"]})
    assert odd.status_code == 422
    assert "không có trong danh sách bình xét của đơn vị" in odd.content.decode()
    assert _state() == before


def test_overview_lists_every_unit_in_constant_queries(world: World) -> None:
    _excellent(world, "Trần Thị Bình")
    client = _client(world.ministry_officer)
    url = reverse("proposals:unit_overview", kwargs={"year": YEAR})
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert world.unit_b.name in html
    for i in range(5):
        unit = make_unit(name=f"Vụ Thử nghiệm {i}", parent=world.ministry, kind="ministry_department")
        make_person(unit=unit, full_name=f"Lê Văn Thử {i}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "Vụ Thử nghiệm 4" in page.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert _client(world.outsider).get(url).content.decode().count("Không có đơn vị nào trong phạm vi") == 1


def test_the_review_page_reads_in_constant_queries(world: World) -> None:
    for name in ("Trần Thị Bình", "Lê Văn An"):
        _good(world, name)
    client = _client(world.member_officer)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(world))
    for i in range(8):
        _good(world, f"Phạm Văn {chr(65 + i)}")
    with CaptureQueriesContext(connection) as many:
        client.get(_url(world))
    assert len(many.captured_queries) == len(few.captured_queries)


IN_SEASON = datetime.date(YEAR + 1, 1, 10)


def test_dashboard_leads_the_officer_to_the_review_and_the_head_to_the_draft(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: IN_SEASON)
    binh = _excellent(world, "Trần Thị Bình")
    unit_review.mark_proposals(
        actor=world.member_officer, unit=world.unit_b, year=YEAR, proposed=[(binh.pk, "LDTT")], shown=[]
    )
    html = _client(world.member_officer).get(reverse("accounts:dashboard")).content.decode()
    overview = reverse("proposals:unit_overview_latest")
    assert f'href="{overview}"' in html
    landed = _client(world.member_officer).get(overview)
    assert landed["Location"] == reverse("proposals:unit_overview", kwargs={"year": YEAR})
    page = _client(world.member_officer).get(landed["Location"]).content.decode()
    assert _url(world) in page
    own = unit_review.unit_dossiers(world.unit_b, YEAR)[unit_review.OWN]
    assert own is not None
    from thidua.proposals import services

    services.submit_dossier(actor=world.member_officer, dossier=own)
    decision = unit_review.prepare_unit_decision(actor=world.member_officer, dossier=own)
    head_html = _client(unit_head(world)).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("proposals:decision", kwargs={"pk": decision.pk}) in head_html
    assert "Ký ban hành quyết định: Về việc công nhận danh hiệu Lao động tiên tiến năm 2018" in head_html


def test_a_year_before_every_rule_set_has_no_review(world: World) -> None:
    """The overview links to the previous year; before the first rule set there is nothing to
    review: 404, never a 500."""
    client = _client(world.member_officer)
    url = reverse("proposals:unit_review", kwargs={"code": world.unit_b.code, "year": 2016})
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("awards:unit_review", kwargs={"code": world.unit_b.code, "year": 2016})
        ).status_code
        == 404
    )


def test_dashboard_tasks_read_in_constant_queries(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.factories import make_user

    from thidua.accounts.enums import Role
    from thidua.core.dashboard import DashboardInput
    from thidua.proposals.dashboard import unit_year_tasks

    def count(user: object, units: list[object]) -> tuple[int, int]:
        data = DashboardInput(
            user=user,
            unit_ids=frozenset(u.pk for u in units),
            roles=frozenset({Role.MEMBER_OFFICER}),
            year=YEAR,
        )
        list(unit_year_tasks(data))  # warm the user's scopes
        with CaptureQueriesContext(connection) as ctx:
            tasks = list(unit_year_tasks(data))
        return len(ctx.captured_queries), len(tasks)

    monkeypatch.setattr(clock, "today", lambda: IN_SEASON)
    units = [make_unit(name=f"Sở Thử nghiệm {i}") for i in range(4)]
    one = make_user("canbo.mot", (Role.MEMBER_OFFICER, units[0]))
    four = make_user("canbo.bon", *[(Role.MEMBER_OFFICER, u) for u in units])
    (q1, t1), (q4, t4) = count(one, units[:1]), count(four, units)
    assert (t1, t4) == (2, 5)  # one review task per unit, and the way in
    assert q4 == q1


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.date(2018, 4, 1), None),
        (datetime.date(2018, 10, 31), None),
        (datetime.date(2018, 11, 1), 2018),
        (datetime.date(2018, 12, 31), 2018),
        (datetime.date(2019, 3, 31), 2018),
    ],
)
def test_the_review_season_runs_from_november_to_march(today: datetime.date, year: int | None) -> None:
    from thidua.proposals.dashboard import review_season

    assert review_season(today) == year


def test_out_of_season_the_dashboard_asks_for_no_review_but_the_way_in_stays(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In April nobody reviews the year just begun: no review task, no way-in task; the dossier
    list keeps the way in."""
    monkeypatch.setattr(clock, "today", lambda: datetime.date(YEAR, 4, 20))
    client = _client(world.member_officer)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Bình xét thi đua, khen thưởng" not in html
    listing = client.get(reverse("proposals:dossier_list")).content.decode()
    assert f'href="{reverse("proposals:unit_overview_latest")}"' in listing


def test_overview_shows_a_year_decided_before_thidua_from_the_registry(world: World) -> None:
    person = _good(world, "Lê Văn An")
    decision = registry.record_decision(
        actor=None,
        number="109/QĐ-STNMT",
        date=datetime.date(YEAR + 1, 1, 20),
        authority=f"Giám đốc {world.unit_b.name}",
    )
    registry.confer(actor=None, subject=person, year=YEAR, code="LDTT", decision=decision)
    html = _client(world.ministry_officer).get(reverse("proposals:unit_overview", kwargs={"year": YEAR}))
    row = next(r for r in html.content.decode().split("<tr>") if world.unit_b.name in r)
    assert "Số 109/QĐ-STNMT ngày 20/01/2019 (ghi trong sổ)" in row
    assert "Đã có quyết định (ghi trong sổ khen thưởng)" in row
    # its review page says so and offers nothing to mark for the head; a forged mark is refused
    officer = _client(world.member_officer)
    review = officer.get(_url(world)).content.decode()
    assert "Năm 2018 đã có Quyết định số 109/QĐ-STNMT ngày 20/01/2019" in review
    assert f'value="{person.pk}:LDTT" form="mark-form" disabled>' in review
    before = _state()
    mark = [f"{person.pk}:LDTT"]
    refused = officer.post(_url(world, "proposals:unit_review_mark"), {"proposed": mark, "shown": mark})
    assert refused.status_code == 409
    assert (
        "ghi trong sổ khen thưởng: các danh hiệu do Thủ trưởng đơn vị quyết định không bình xét lại"
        in refused.content.decode()
    )
    assert _state() == before
