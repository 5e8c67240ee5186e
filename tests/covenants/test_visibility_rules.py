"""Visibility as rules (issue 8 item 2): the plan, the covenant and the minutes are each one rule
(covenants.rules) and one selector; the page, the API, the document download and the command line
give the same answer, for every persona, before and after the plan is adopted."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from tests.covenants.conftest import Year
from tests.factories import World
from thidua.accounts.models import User
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import ConferenceKind, YearState
from thidua.clusters.models import Conference, EmulationYear
from thidua.core.rules import allows
from thidua.covenants import services
from thidua.covenants.models import Covenant, Plan
from thidua.covenants.selectors import visible_conferences, visible_covenants, visible_plans

PERSONAS = ["member_officer", "cluster_leader", "ministry_officer", "council_member", "outsider", "anonymous"]
# Who sees the year's drafts: its leader, its members, the authority's officers and council.
SEES_DRAFTS = {"member_officer", "cluster_leader", "ministry_officer", "council_member"}


def _body(response: object) -> bytes:
    """A download is streamed from storage (FileResponse); a refusal is a page."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def _user(year: Year, persona: str) -> User | AnonymousUser:
    return AnonymousUser() if persona == "anonymous" else year.world.personas[persona]


def _client(year: Year, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(year.world.personas[persona])
    return client


def _adopt(year: Year) -> None:
    services.adopt_plan(actor=None, plan=year.plan, conference=year.conference, adopted_by="Hội nghị Cụm")
    year.plan.refresh_from_db()


@pytest.mark.parametrize("adopted", [False, True])
@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_page_pdf_and_api_give_one_answer(year: Year, persona: str, adopted: bool) -> None:
    if adopted:
        _adopt(year)
    allowed = adopted or persona in SEES_DRAFTS
    client = _client(year, persona)
    cluster, number = year.world.cluster.pk, year.emulation_year.year
    page = client.get(f"/covenants/{cluster}/{number}/plan/")
    pdf = client.get(f"/documents/plan/{year.plan.pk}.pdf")
    docx = client.get(f"/documents/plan/{year.plan.pk}.docx")
    api = client.get(f"/api/v1/years/{year.emulation_year.pk}/plan")
    if allowed:
        assert page.status_code == 200
        assert "Kế hoạch thi đua năm 2018" in page.content.decode()
        assert pdf.status_code == 200
        assert _body(pdf).startswith(b"%PDF")
        assert docx.status_code == 200
        assert _body(docx).startswith(b"PK")
        assert api.status_code == 200
        assert api.json()["title"] == "Kế hoạch thi đua năm 2018"
    else:
        # A draft exists but is not theirs: a visitor is asked to log in, a signed-in user gets 403.
        expected = 302 if persona == "anonymous" else 403
        assert (page.status_code, pdf.status_code, docx.status_code) == (expected, expected, expected)
        assert api.status_code == 403
        if persona != "anonymous":
            assert "Không có quyền truy cập" in _body(pdf).decode()  # the styled page, not plain text
    assert allows(_user(year, persona), "covenants.view_plan", year.plan) is allowed
    assert visible_plans(_user(year, persona)).filter(pk=year.plan.pk).exists() is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_selectors_agree_with_rules_for_every_object(year: Year, persona: str) -> None:
    user = _user(year, persona)
    for model, selector, rule in (
        (Plan, visible_plans, "covenants.view_plan"),
        (Covenant, visible_covenants, "covenants.view_covenant"),
        (Conference, visible_conferences, "covenants.view_conference"),
    ):
        listed = set(selector(user).values_list("pk", flat=True))
        for obj in model.objects.all():
            assert (obj.pk in listed) is allows(user, rule, obj), (model.__name__, persona)


def test_documents_command_lists_as_a_user_what_the_page_shows(year: Year) -> None:
    out = io.StringIO()
    call_command("documents", "list", "--as", year.world.outsider.username, stdout=out)
    assert f"plan\t{year.plan.pk}\t" not in out.getvalue()
    out = io.StringIO()
    call_command("documents", "list", "--as", year.world.member_officer.username, stdout=out)
    assert f"plan\t{year.plan.pk}\t" in out.getvalue()
    _adopt(year)
    out = io.StringIO()
    call_command("documents", "list", "--as", year.world.outsider.username, stdout=out)
    assert f"plan\t{year.plan.pk}\t" in out.getvalue()


def test_minutes_of_a_year_not_yet_opened_are_seen_by_those_who_lead_it(world: World) -> None:
    """Before the year is opened, a conference (the one that will open it) is the leader's and the
    authority's officers' (`clusters.lead_year`); the selector lists what the rule allows."""
    conference = cluster_services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=2018,
        kind=ConferenceKind.SIGNING,
        title="Hội nghị chuẩn bị năm 2018",
        date=datetime.date(2018, 2, 1),
        place="Hà Nội",
        host=world.unit_a,
    )
    users = {**world.personas, "administrator": world.administrator, "anonymous": AnonymousUser()}

    def seen() -> set[str]:
        listed = {
            name
            for name, user in users.items()
            if visible_conferences(user).filter(pk=conference.pk).exists()
        }
        allowed = {
            name for name, user in users.items() if allows(user, "covenants.view_conference", conference)
        }
        assert listed == allowed
        return listed

    assert seen() == {"cluster_leader", "ministry_officer", "administrator"}
    # Opened (planning): whoever may view the year; past planning: everyone.
    emulation_year = cluster_services.open_emulation_year(actor=None, cluster=world.cluster, year=2018)
    assert seen() == {
        "cluster_leader",
        "ministry_officer",
        "administrator",
        "member_officer",
        "council_member",
    }
    EmulationYear.objects.filter(pk=emulation_year.pk).update(state=YearState.IN_PROGRESS)
    assert seen() == set(users)
