"""The access model (docs/access.md): every persona × every read path of people and registries,
with a unit reorganised in 2025, people's history, and the emulation authority's member years."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import World, make_person, make_unit, make_user
from thidua.accounts import access
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.awards import services as award_services
from thidua.organisations import services as org_services
from thidua.organisations.enums import LineageKind, UnitKind
from thidua.organisations.models import Person, Unit

D = datetime.date


@dataclass
class Reorganised:
    world: World
    merged: Unit  # B and E merged into it on 01/03/2025
    other: Unit  # E: not a member of the cluster
    people: dict[str, Person]
    merged_officer: User  # officer of the merged unit
    other_officer: User  # officer of E


@pytest.fixture
def reorg(world: World) -> Reorganised:
    w = world
    people = {
        "a": make_person(unit=w.unit_a, full_name="Lê Văn An"),
        "b": make_person(unit=w.unit_b, full_name="Trần Thị Bình"),
        "c": make_person(unit=w.unit_c, full_name="Phạm Văn Cường"),
    }
    # Served in B from 2015 to 2019, then in C: B's officers still see the history.
    moved = make_person(unit=w.unit_b, full_name="Đỗ Thị Dung")
    org_services.appoint_person(
        actor=None, person=moved, unit=w.unit_c, title="Chuyên viên", start=D(2020, 1, 1)
    )
    people["moved"] = moved
    # Joined C in 2020, after C's only member year (2018): not the ministry's as an authority.
    late = org_services.create_person(
        actor=None,
        unit=w.unit_c,
        family_name="Vũ",
        given_name="Giang",
        title="Chuyên viên",
        start=D(2020, 1, 1),
    )
    people["late"] = late
    other = make_unit(code="SO-E", name="Sở Nông nghiệp tỉnh Bắc Ninh")
    people["e"] = make_person(unit=other, full_name="Hoàng Văn Em")
    merged = make_unit(
        code="SO-BE", name="Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh", active_from=D(2025, 3, 1)
    )
    org_services.record_lineage_event(
        actor=None,
        kind=LineageKind.MERGE,
        date=D(2025, 3, 1),
        legal_basis="Nghị quyết thử",
        predecessors=[w.unit_b, other],
        successors=[merged],
    )
    for key in ("b", "e"):
        org_services.appoint_person(
            actor=None, person=people[key], unit=merged, title="Chuyên viên", start=D(2025, 3, 1)
        )
    people["new"] = org_services.create_person(
        actor=None, unit=merged, family_name="Ngô", given_name="Hà", title="Chuyên viên", start=D(2025, 4, 1)
    )
    return Reorganised(
        world=w,
        merged=merged,
        other=other,
        people=people,
        merged_officer=make_user("canbo.be", (Role.MEMBER_OFFICER, merged)),
        other_officer=make_user("canbo.e", (Role.MEMBER_OFFICER, other)),
    )


# Who sees whom. B's officer: B's people then and now, and the merged unit's people from the merger
# on (E's people came over on 01/03/2025). E's officer: the same from the other side, not B's past.
# The merged unit's officer: its people and both predecessors' history. The ministry and the
# council: the people of the 2018 members (A, B, C) who served in 2018, through the cluster.
EXPECTED: dict[str, set[str]] = {
    "member_officer": {"b", "moved", "e", "new"},
    "other_officer": {"e", "b", "new"},
    "merged_officer": {"b", "moved", "e", "new"},
    "cluster_leader": {"a"},
    "ministry_officer": {"a", "b", "c", "moved"},
    "council_member": {"a", "b", "c", "moved"},
    "outsider": set(),
    "administrator": {"a", "b", "c", "moved", "late", "e", "new"},
}


def _user(reorg: Reorganised, persona: str) -> User:
    if persona == "merged_officer":
        return reorg.merged_officer
    if persona == "other_officer":
        return reorg.other_officer
    return getattr(reorg.world, persona)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


PERSONAS = sorted(EXPECTED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_selector_and_rule_agree_on_who_is_reached(reorg: Reorganised, persona: str) -> None:
    user = _user(reorg, persona)
    names = {key for key, person in reorg.people.items()}
    seen = set(access.people_reached(user).values_list("pk", flat=True))
    assert {k for k in names if reorg.people[k].pk in seen} == EXPECTED[persona]
    fresh = User.objects.get(pk=user.pk)
    for key, person in reorg.people.items():
        loaded = Person.objects.prefetch_related("positions__unit").get(pk=person.pk)
        assert access.reaches_person(fresh, loaded) is (key in EXPECTED[persona]), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_and_api_read_of_a_person_follows_the_model(reorg: Reorganised, persona: str) -> None:
    client = _client(_user(reorg, persona))
    registry = client.get("/awards/").content.decode()
    api_people = {row["id"] for row in client.get("/api/v1/people").json()["items"]}
    for key, person in reorg.people.items():
        allowed = key in EXPECTED[persona]
        assert (person.full_name in registry) is allowed, (key, "registry list")
        assert (person.pk in api_people) is allowed, (key, "api list")
        for url in (
            f"/awards/people/{person.pk}/",
            f"/awards/people/{person.pk}/eligibility/?year=2018&target=LDTT",
            f"/units/people/{person.pk}/",
            f"/api/v1/people/{person.pk}",
            f"/api/v1/people/{person.pk}/registry",
        ):
            response = client.get(url)
            # Whether a person exists is itself personal data: 404, never 403.
            assert response.status_code == (200 if allowed else 404), (key, url, response.status_code)


def test_refused_person_page_is_the_styled_vietnamese_404(reorg: Reorganised) -> None:
    response = _client(reorg.world.outsider).get(f"/awards/people/{reorg.people['b'].pk}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Không tìm thấy trang" in text
    assert reorg.people["b"].full_name not in text
    assert 'href="/static/' in text or "site.css" in text  # our page, not Django's
    missing = _client(reorg.world.administrator).get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.content.decode()


@pytest.mark.parametrize(
    ("persona", "units"),
    [
        ("member_officer", {"SO-B", "SO-BE"}),
        ("other_officer", {"SO-E", "SO-BE"}),
        ("merged_officer", {"SO-B", "SO-E", "SO-BE"}),
        ("cluster_leader", {"SO-A"}),
        ("ministry_officer", {"BO", "BO-TDKT", "SO-A", "SO-B", "SO-C"}),
        ("council_member", {"BO", "BO-TDKT", "SO-A", "SO-B", "SO-C"}),
        ("outsider", set()),
    ],
)
def test_unit_registry_pages_follow_tree_lineage_and_authority(
    reorg: Reorganised, persona: str, units: set[str]
) -> None:
    client = _client(_user(reorg, persona))
    for unit in Unit.objects.all():
        status = client.get(f"/awards/units/{unit.code}/").status_code
        assert status == (200 if unit.code in units else 404), (unit.code, status)


@pytest.mark.parametrize(
    "persona", ["member_officer", "merged_officer", "ministry_officer", "cluster_leader"]
)
def test_registry_export_for_a_user_holds_exactly_the_people_reached(
    reorg: Reorganised, persona: str
) -> None:
    """The command line and the export button share `export_registry(actor=…)`."""
    user = _user(reorg, persona)
    for person in reorg.people.values():
        award_services.record_year(actor=None, subject=person, year=2018, rating="HTTNV")
    if persona in ("cluster_leader",):
        # The cluster leader writes nothing: export needs `awards.import_registry`.
        with pytest.raises(Exception, match="quyền"):
            award_services.export_registry(actor=user)
        return
    sheet = load_workbook(io.BytesIO(award_services.export_registry(actor=user))).worksheets[0]
    ids = {str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "cá nhân"}
    expected = {str(reorg.people[k].pk) for k in EXPECTED[persona]}
    assert ids == expected


def test_ministry_officer_reaches_member_years_only(reorg: Reorganised) -> None:
    officer = reorg.world.ministry_officer
    assert access.years_reached(officer, reorg.world.unit_c, *access.REGISTRY_ROLES) == (2018, 2018)
    assert access.years_reached(officer, reorg.other, *access.REGISTRY_ROLES) is None
    assert access.years_reached(reorg.world.member_officer, reorg.merged, Role.MEMBER_OFFICER) == (2025, None)
    assert access.years_reached(reorg.merged_officer, reorg.world.unit_b, Role.MEMBER_OFFICER) == (None, 2025)


def test_a_grant_on_a_merged_unit_reaches_the_successor_only_from_the_event(reorg: Reorganised) -> None:
    """An officer of B reaches the merged unit's posts from 01/03/2025, not E's people before it."""
    officer = reorg.world.member_officer
    reaches = {(r.unit_id, r.via, r.start, r.end) for r in access.reaches_of(officer)}
    assert reaches == {
        (reorg.world.unit_b.pk, "tree", None, None),
        (reorg.merged.pk, "successor", D(2025, 3, 1), None),
    }
    assert access.reaches_unit(officer, reorg.merged, Role.MEMBER_OFFICER)
    assert not access.reaches_unit(officer, reorg.other, Role.MEMBER_OFFICER)


def test_people_list_filter_is_one_query_whatever_the_reach(
    reorg: Reorganised, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    officer = User.objects.get(pk=reorg.world.ministry_officer.pk)
    access.reaches_of(officer)  # the per-request cache: assignments, lineage, authorities
    access.people_reached(officer).exists()
    with django_assert_num_queries(1):
        assert len(list(access.people_reached(officer))) == 4


def test_the_authority_reaches_the_member_units_divisions_for_the_member_years(world: World) -> None:
    """docs/access.md, relation 3: a member unit is the collective the authority scores and honours,
    wherever its people's posts are recorded (the department itself or one of its divisions), so
    the ministry reads the division's people and registry for the member years, as the department's
    own officers do; a post begun after the last member year is not the ministry's."""
    division = make_unit(
        code="SO-C-P1", name="Phòng Quản lý đất đai", parent=world.unit_c, kind=UnitKind.DIVISION
    )
    served = make_person(unit=division, full_name="Nguyễn Thị Hoa")  # from 2015, still there
    later = org_services.create_person(
        actor=None,
        unit=division,
        family_name="Lý",
        given_name="Khoa",
        title="Chuyên viên",
        start=D(2021, 1, 1),
    )
    elsewhere = make_unit(code="SO-Z", name="Sở Thử nghiệm ngoài cụm")
    stranger = make_person(unit=make_unit(code="SO-Z-P1", parent=elsewhere, kind=UnitKind.DIVISION))
    expected = {
        "ministry_officer": {served.pk},
        "council_member": {served.pk},
        "cluster_leader": set(),  # leading gives the cluster's shared data, not members' people
        "member_officer": set(),  # unit B's officer: not C's division
        "outsider": set(),
    }
    candidates = {served.pk, later.pk, stranger.pk}
    for persona, people in expected.items():
        user = User.objects.get(pk=getattr(world, persona).pk)
        assert (
            set(access.people_reached(user).filter(pk__in=candidates).values_list("pk", flat=True)) == people
        )
        for person in (served, later, stranger):
            loaded = Person.objects.prefetch_related("positions__unit").get(pk=person.pk)
            assert access.reaches_person(user, loaded) is (person.pk in people), (persona, person)
        client = _client(user)
        assert client.get(f"/awards/people/{served.pk}/").status_code == (200 if people else 404)
        # The division's collective registry: for the authority through its department's membership.
        assert client.get(f"/awards/units/{division.code}/").status_code == (200 if people else 404)
    officer = User.objects.get(pk=world.ministry_officer.pk)
    assert access.years_reached(officer, division, *access.REGISTRY_ROLES) == (2018, 2018)
    assert access.reaches_unit(officer, division, *access.REGISTRY_ROLES, year=2018, through_authority=True)
    assert not access.reaches_unit(
        officer, division, *access.REGISTRY_ROLES, year=2019, through_authority=True
    )
    assert not access.reaches_unit(officer, elsewhere, *access.REGISTRY_ROLES, through_authority=True)


def test_units_reached_and_the_units_list_of_my_scope(world: World) -> None:
    division = make_unit(
        code="SO-C-P1", name="Phòng Quản lý đất đai", parent=world.unit_c, kind=UnitKind.DIVISION
    )
    make_unit(code="SO-Z", name="Sở Thử nghiệm ngoài cụm")
    expected = {
        "ministry_officer": {"BO", "BO-TDKT", "SO-A", "SO-B", "SO-C", division.code},
        "member_officer": {"SO-B"},
        "cluster_leader": {"SO-A"},
        "outsider": set(),
    }
    for persona, codes in expected.items():
        user = User.objects.get(pk=getattr(world, persona).pk)
        assert set(access.units_reached(user).values_list("code", flat=True)) == codes, persona
        html = _client(user).get("/units/?scope=mine").content.decode()
        listed = {unit.code for unit in Unit.objects.all() if f'href="/units/{unit.code}/"' in html}
        if persona == "outsider":  # no registry role: no scope filter offered, every unit listed
            assert 'name="scope"' not in html
            assert listed == set(Unit.objects.values_list("code", flat=True))
        else:
            assert '<option value="mine" selected>Đơn vị trong phạm vi của tôi</option>' in html
            assert listed == codes, persona
