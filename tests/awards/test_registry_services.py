from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.awards.conftest import Registry, fill_history
from tests.factories import make_person
from thidua.awards import services
from thidua.awards.models import Conferral, Title, YearRecord
from thidua.awards.selectors import build_case, timeline
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEntry


def test_catalogue_separates_titles_and_award_forms(db: None) -> None:
    assert Title.objects.get(code="CSTD_TQ").money_label == "4,5 lần lương cơ sở"
    assert Title.objects.get(code="CO_CP").get_authority_level_display() == "Thủ tướng Chính phủ"
    assert not Title.objects.filter(code="BK_BO").exists()
    from thidua.awards.models import AwardForm

    assert AwardForm.objects.get(code="HCLD2").money_label == "chưa xác minh"
    assert AwardForm.objects.get(code="BK_BO").subject_kind == "both"


def test_record_year_and_confer_are_audited(registry: Registry) -> None:
    member = registry.world.member_officer
    record = services.record_year(
        actor=member, subject=registry.person, year=2024, rating="HTTNV", absence_days=3
    )
    conferral = services.confer(
        actor=member, subject=registry.person, year=2024, code="LDTT", decision=registry.decision
    )
    assert (record.rating, record.absence_days) == ("HTTNV", 3)
    assert conferral.record == record
    assert conferral.decision == registry.decision
    assert not conferral.imported
    actions = list(AuditEntry.objects.filter(actor=member).order_by("id").values_list("action", flat=True))
    assert actions == ["awards.record.create", "awards.conferral.create"]


def test_confer_needs_decision_or_import(registry: Registry) -> None:
    with pytest.raises(InvalidInput, match="Cần có quyết định"):
        services.confer(actor=None, subject=registry.person, year=2024, code="LDTT")
    imported = services.confer(actor=None, subject=registry.person, year=2024, code="LDTT", imported=True)
    assert imported.imported
    assert imported.decision is None


def test_person_cannot_hold_a_collective_title(registry: Registry) -> None:
    with pytest.raises(InvalidInput, match="không dùng cho cá nhân"):
        services.confer(
            actor=None, subject=registry.person, year=2024, code="TTLDXS", decision=registry.decision
        )
    with pytest.raises(InvalidInput, match="không có trong danh mục"):
        services.confer(
            actor=None, subject=registry.person, year=2024, code="XYZ", decision=registry.decision
        )


def test_duplicate_conferral_is_a_conflict(registry: Registry) -> None:
    services.confer(actor=None, subject=registry.person, year=2024, code="LDTT", decision=registry.decision)
    with pytest.raises(Conflict, match="đã có trong sổ"):
        services.confer(
            actor=None, subject=registry.person, year=2024, code="LDTT", decision=registry.decision
        )


def test_record_year_validates_months(registry: Registry) -> None:
    with pytest.raises(InvalidInput, match="không được quá 12"):
        services.record_year(
            actor=None, subject=registry.person, year=2024, months_worked=8, statutory_leave_months=6
        )
    assert not YearRecord.objects.exists()


def test_revocation_keeps_the_entry_and_stops_it_counting(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2022, 2025))
    before = services.evaluate_subject(actor=None, subject=registry.person, target_code="CSTD_BO", year=2024)
    conferral = Conferral.objects.get(record__year=2024, title__code="CSTDCS")
    revoked = services.revoke_conferral(
        actor=registry.world.administrator,
        conferral=conferral,
        on=datetime.date(2025, 6, 1),
        basis="QĐ 9/QĐ-STNMT",
    )
    assert revoked.revoked_on == datetime.date(2025, 6, 1)
    case = build_case(subject=registry.person, target_code="BK_BO", year=2024)
    cstdcs_2024 = [e for e in case.record_for(2024).titles if e.code == "CSTDCS"]  # type: ignore[union-attr]
    assert [e.revoked for e in cstdcs_2024] == [True]
    after = services.evaluate_subject(actor=None, subject=registry.person, target_code="CSTD_BO", year=2024)
    changed = {k for k, v in before.met_by_id.items() if after.met_by_id[k] != v}
    assert changed
    assert all(before.met_by_id[k] and not after.met_by_id[k] for k in changed)
    row = timeline(registry.person)[0]
    assert row.year == 2024
    assert [c.is_revoked for c in row.titles] == [False, True]
    with pytest.raises(Conflict, match="Đã thu hồi"):
        services.revoke_conferral(actor=None, conferral=conferral, on=datetime.date(2025, 6, 2), basis="x")


def test_initiative_used_for_is_checked(registry: Registry) -> None:
    with pytest.raises(InvalidInput, match="MÃ:NĂM"):
        services.add_initiative(
            actor=None, subject=registry.person, code="SK1", year=2024, scope="CO_SO", used_for="CSTDCS"
        )
    item = services.add_initiative(
        actor=None, subject=registry.person, code="SK1", year=2024, scope="CO_SO", used_for="CSTDCS:2024"
    )
    case = build_case(subject=registry.person, target_code="BK_BO", year=2024)
    assert [(i.id, i.used_for) for i in case.initiatives] == [(item.code, "CSTDCS:2024")]


def test_parameters_reach_the_engine_as_overrides(registry: Registry) -> None:
    services.record_year(actor=None, subject=registry.person, year=2024, rating="HTTNV", months_worked=9)
    assert (
        services.evaluate_subject(actor=None, subject=registry.person, target_code="LDTT", year=2024).verdict
        == "not_eligible"
    )
    services.set_rule_parameter(
        actor=registry.world.administrator, rule_set="LAW_2022", name="min_months_worked", value=9
    )
    verdict = services.evaluate_subject(actor=None, subject=registry.person, target_code="LDTT", year=2024)
    assert verdict.verdict == "eligible"
    assert verdict.parameters["min_months_worked"] == 9
    assert AuditEntry.objects.filter(action="awards.parameter.set").count() == 1
    with pytest.raises(InvalidInput, match="khoảng"):
        services.set_rule_parameter(actor=None, rule_set="LAW_2022", name="min_months_worked", value=40)


def test_collective_case_counts_members_and_lineage(registry: Registry) -> None:
    from thidua.organisations import services as org_services

    world = registry.world
    services.record_year(actor=None, subject=registry.person, year=2024, rating="HTXSNV")
    services.confer(actor=None, subject=registry.person, year=2024, code="LDTT", decision=registry.decision)
    case = build_case(subject=world.unit_b, target_code="TTLDXS", year=2024)
    assert case.members is not None
    assert (
        case.members.total,
        case.members.ldtt,
        case.members.at_least_htnv,
    ) == (1, 1, 1)
    assert case.context.inherited_from == ()
    org_services.record_lineage_event(
        actor=None,
        kind="merge",
        date=datetime.date(2025, 3, 1),
        legal_basis="NĐ 35/2025",
        predecessors=[world.unit_a, world.unit_c],
        successors=[world.unit_b],
        close_predecessors=False,
    )
    case = build_case(subject=world.unit_b, target_code="TTLDXS", year=2025)
    assert case.context.inherited_from == ("SO-A", "SO-C")
    services.record_year(actor=None, subject=world.unit_b, year=2025, rating="HTXSNV")
    verdict = services.evaluate_subject(actor=None, subject=world.unit_b, target_code="TTLDXS", year=2025)
    assert verdict.verdict == "needs_decision"


def test_a_failed_batch_run_keeps_the_previous_results(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.awards.models import EligibilityOutcome, EligibilityResult, EligibilityRun
    from thidua.awards.selectors import stored_outcomes
    from thidua.awards.services import evaluation

    def verdicts(run: EligibilityRun) -> list[tuple[str, str]]:
        stored = stored_outcomes(run=run)
        return sorted((code, o.verdict) for by_target in stored.values() for code, o in by_target.items())

    services.record_year(actor=None, subject=registry.person, year=2024, rating="HTXSNV")
    first = services.run_batch(actor=None, year=2024)
    kept = verdicts(first)
    assert len(kept) == first.results == 12

    def broken(**kwargs: object) -> int:
        raise RuntimeError("database went away")

    monkeypatch.setattr(evaluation, "evaluate_people_for_year", broken)
    with pytest.raises(RuntimeError):
        services.run_batch(actor=None, year=2024)
    assert list(EligibilityRun.objects.values_list("pk", flat=True)) == [first.pk]
    assert verdicts(first) == kept
    assert EligibilityResult.objects.count() == 1
    assert set(EligibilityOutcome.objects.values_list("run", flat=True)) == {first.pk}


def test_a_decision_number_starts_again_each_year(db: None) -> None:
    """Decree 30/2020 Art. 15: numbers run from 01 on 1 January to 31 December, so the same
    number and authority in another year is another decision; in the same year, another date
    is a clash, the same date the same decision."""
    from thidua.awards.models import Decision

    authority = "Giám đốc Sở Tài nguyên và Môi trường tỉnh Hải Dương"
    first = services.record_decision(
        actor=None, number="12/QĐ-STNMT", date=datetime.date(2024, 1, 20), authority=authority
    )
    again = services.record_decision(
        actor=None, number="12/QĐ-STNMT", date=datetime.date(2024, 1, 20), authority=authority
    )
    next_year = services.record_decision(
        actor=None, number="12/QĐ-STNMT", date=datetime.date(2025, 1, 17), authority=authority
    )
    assert again.pk == first.pk
    assert next_year.pk != first.pk
    assert (first.year, next_year.year) == (2024, 2025)
    with pytest.raises(Conflict) as clash:
        services.record_decision(
            actor=None, number="12/QĐ-STNMT", date=datetime.date(2025, 6, 2), authority=authority
        )
    assert clash.value.message == (
        f"Quyết định số 12/QĐ-STNMT của {authority} năm 2025 đã có với ngày 17/01/2025."
    )
    assert Decision.objects.count() == 2


def test_unit_cases_built_together_equal_one_by_one_and_count_each_member_once(
    registry: Registry, django_assert_max_num_queries: Any
) -> None:
    """The batch run builds a chunk of units' cases in a fixed number of queries: each equals the
    unit's own `build_case`, and the member counts are exact (two posts in one unit count once;
    a revoked title does not count; a post ended before the year is not a member)."""
    from thidua.awards.selectors import build_unit_cases
    from thidua.organisations import services as org_services
    from thidua.organisations.models import Position

    world = registry.world
    people = [make_person(unit=world.unit_a, full_name=f"Phạm Văn Đếm{i}") for i in range(4)]
    for person, (rating, discipline, titles) in zip(
        people,
        [
            ("HTXSNV", "", ["LDTT", "CSTDCS"]),
            ("HTTNV", "CANH_CAO", ["LDTT"]),
            ("KHTNV", "", []),
            ("HTNV", "", []),
        ],
        strict=True,
    ):
        services.record_year(actor=None, subject=person, year=2024, rating=rating, discipline=discipline)
        for code in titles:
            services.confer(actor=None, subject=person, year=2024, code=code, decision=registry.decision)
    revoked = services.confer(
        actor=None, subject=people[3], year=2024, code="LDTT", decision=registry.decision
    )
    services.revoke_conferral(actor=None, conferral=revoked, on=datetime.date(2025, 2, 1), basis="QĐ 9")
    Position.objects.create(
        person=people[0], unit=world.unit_a, title="Kiêm nhiệm", start=datetime.date(2020, 1, 1)
    )
    Position.objects.filter(person=people[2], unit=world.unit_a).update(end=datetime.date(2023, 6, 30))
    for unit in (world.unit_a, world.unit_b, world.unit_c):
        services.record_year(actor=None, subject=unit, year=2024, rating="HTXSNV")
    services.add_initiative(actor=None, subject=world.unit_a, code="SK-A", year=2023, scope="CO_SO")
    org_services.record_lineage_event(
        actor=None,
        kind="merge",
        date=datetime.date(2024, 3, 1),
        legal_basis="NĐ 35/2025",
        predecessors=[world.unit_b],
        successors=[world.unit_a],
        close_predecessors=False,
    )
    units = [world.unit_a, world.unit_b, world.unit_c]
    with django_assert_max_num_queries(7):
        together = build_unit_cases(units=units, target_code="TTLDXS", year=2024)
    one_by_one = [build_case(subject=unit, target_code="TTLDXS", year=2024) for unit in units]
    assert together == one_by_one
    members = together[0].members
    assert members is not None
    assert (
        members.total,
        members.at_least_htnv,
        members.ldtt,
        members.cstdcs,
        members.disciplined_canh_cao_or_above,
    ) == (3, 3, 2, 1, 1)
    assert together[0].context.inherited_from == ("SO-B",)
    assert [i.id for i in together[0].initiatives] == ["SK-A"]
    assert together[2].members is None
    assert together[2].context.inherited_from == ()
