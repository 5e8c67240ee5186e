"""Each demo login sees in the registry what it may see (issue 8): the demo is loaded as
`thidua demo` loads it, then every persona logs in and reads the registry pages."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from thidua.accounts.models import User
from thidua.organisations.models import Person, Position

# The 80 people of Cụm thi đua số 1 (ten departments × eight), all of whom served in a member
# department during 2017–2024, the cluster's member years.
EXPECTED_COUNTS = {
    "quantri": 80,
    "bo.thidua": 80,  # the ministry, as the cluster's authority, across the 2025 reorganisation
    "hoidong": 80,  # the council, likewise
    "truongcum.hanoi": 8,  # its own department only: not the members' personal registries
    "canbo.haiduong": 16,  # Hải Dương's eight, and from 01/07/2025 Hải Phòng's, merged with them
    "bientap": 0,
    "khach": 0,
}


@pytest.fixture
def demo(db: None) -> None:
    call_command("demo", stdout=io.StringIO())


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _listed(client: Client) -> set[str]:
    names: set[str] = set()
    for number in (1, 2):
        html = client.get(f"/awards/?page={number}").content.decode()
        names |= set(re.findall(r'<td><a href="/awards/people/\d+/">([^<]+)</a></td>', html))
    return names


def _people_of(*codes: str) -> set[Person]:
    return {p.person for p in Position.objects.filter(unit__code__in=codes).select_related("person")}


def test_each_demo_persona_sees_its_share_of_the_registry(demo: None) -> None:
    """One demo load for every check (loading it takes a while): each part below is one persona."""
    for username, count in EXPECTED_COUNTS.items():
        html = _client(username).get("/awards/").content.decode()
        assert f"Cá nhân trong phạm vi bạn được xem: {count} người" in html, username
        if count == 0:
            assert "Chưa có cá nhân nào." in html
    _ministry_officer_sees_all_eighty_and_their_unit_registries()
    _haiduong_officer_sees_its_people_before_and_after_the_merger()
    _council_member_checks_eligibility()
    _cluster_leader_does_not_see_member_registries()


def _ministry_officer_sees_all_eighty_and_their_unit_registries() -> None:
    client = _client("bo.thidua")
    everyone = {p.full_name for p in _people_of(*[f"STNMT-{k}" for k in ("HN", "HD", "HP", "ND", "TB")])}
    assert everyone <= _listed(client)
    assert client.get("/awards/units/STNMT-HD/").status_code == 200
    person = Position.objects.filter(unit__code="STNMT-HD").first().person  # type: ignore[union-attr]
    assert client.get(f"/awards/people/{person.pk}/").status_code == 200


def _haiduong_officer_sees_its_people_before_and_after_the_merger() -> None:
    client = _client("canbo.haiduong")
    own = _people_of("STNMT-HD")
    assert len(own) == 8
    assert {p.full_name for p in own} <= _listed(client)
    # The same people in the department's registry before and in its successor's after 2025.
    for code in ("STNMT-HD", "SNNMT-HD", "SNNMT-HP-2025"):
        assert client.get(f"/awards/units/{code}/").status_code == 200, code
    assert client.get("/awards/units/STNMT-HP/").status_code == 404  # Hải Phòng's past is not its own
    for person in own:
        assert client.get(f"/awards/people/{person.pk}/").status_code == 200


def _council_member_checks_eligibility() -> None:
    client = _client("hoidong")
    person = Position.objects.filter(unit__code="STNMT-ND", is_head=True).first().person  # type: ignore[union-attr]
    html = client.get(f"/awards/people/{person.pk}/eligibility/?target=LDTT&year=2018").content.decode()
    assert person.full_name in html
    assert "Bạn không có quyền" not in html
    assert 'id="verdict-heading"' in html  # a verdict was given


def _cluster_leader_does_not_see_member_registries() -> None:
    client = _client("truongcum.hanoi")
    member = Position.objects.filter(unit__code="STNMT-HD").first().person  # type: ignore[union-attr]
    assert client.get(f"/awards/people/{member.pk}/").status_code == 404
    assert client.get("/awards/units/STNMT-HD/").status_code == 404
    assert client.get("/awards/units/STNMT-HN/").status_code == 200
