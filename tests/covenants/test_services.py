"""Services and transitions of the first half of the emulation year, with exact outcomes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.covenants.conftest import SIGN_DAY, Year, sign
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import OutcomeKind, YearState
from thidua.clusters.models import EmulationYear, YearTransition
from thidua.core.audit import verify_audit_chain
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEntry
from thidua.covenants import services
from thidua.covenants.enums import CovenantStatus, PlanStatus
from thidua.covenants.models import Covenant, Criterion, PlanComment, Registration, Signature
from thidua.covenants.selectors import signing_progress, totals_report
from thidua.documents.models import DocumentNumber
from thidua.documents.services import next_document_number


def test_year_opens_in_planning_once(year: Year) -> None:
    again = cluster_services.open_emulation_year(actor=None, cluster=year.world.cluster, year=2018)
    assert again.pk == year.emulation_year.pk
    assert EmulationYear.objects.filter(cluster=year.world.cluster).count() == 1
    assert year.emulation_year.state == YearState.PLANNING


def test_year_cannot_skip_or_advance_without_signatures(year: Year) -> None:
    leader = year.world.cluster_leader
    with pytest.raises(Conflict, match="không thể chuyển sang «Đang thực hiện»"):
        cluster_services.advance_year(
            actor=leader, emulation_year=year.emulation_year, to_state=YearState.IN_PROGRESS
        )
    with pytest.raises(Conflict, match="Còn 3 đơn vị chưa ký giao ước"):
        cluster_services.advance_year(
            actor=leader, emulation_year=year.emulation_year, to_state=YearState.COVENANT_SIGNED
        )
    year.emulation_year.refresh_from_db()
    assert year.emulation_year.state == YearState.PLANNING
    assert not YearTransition.objects.exists()


def test_all_signatures_put_covenant_in_force_and_move_the_year(year: Year) -> None:
    w = year.world
    first = sign(year.covenant, w.unit_a, actor=w.cluster_leader)
    year.covenant.refresh_from_db()
    assert year.covenant.status == CovenantStatus.SIGNING
    assert year.covenant.frozen_at is not None
    assert year.covenant.number == 1
    assert first.acting_for_head is True  # an officer recorded it for the head
    sign(year.covenant, w.unit_b, actor=w.member_officer, signer_name="Trần Thị Bình")
    progress = signing_progress(year.covenant)
    assert [u.code for u in progress.missing] == ["SO-C"]
    sign(year.covenant, w.unit_c, actor=year.officer_c, conference=year.conference)
    year.covenant.refresh_from_db()
    year.emulation_year.refresh_from_db()
    assert year.covenant.status == CovenantStatus.IN_FORCE
    assert year.emulation_year.state == YearState.COVENANT_SIGNED
    transition = YearTransition.objects.get()
    assert (transition.from_state, transition.to_state, transition.actor_label) == (
        "planning",
        "covenant_signed",
        "Hệ thống",
    )
    assert list(year.conference.outcomes.values_list("kind", flat=True)) == [OutcomeKind.COVENANT_SIGNED]
    assert AuditEntry.objects.filter(action="covenants.covenant.sign").count() == 3
    assert AuditEntry.objects.filter(action="clusters.year.advance").count() == 1
    assert verify_audit_chain().ok


def test_reopen_needs_a_reason_and_is_audited(year: Year) -> None:
    w = year.world
    for unit, actor in (
        (w.unit_a, w.cluster_leader),
        (w.unit_b, w.member_officer),
        (w.unit_c, year.officer_c),
    ):
        sign(year.covenant, unit, actor=actor)
    with pytest.raises(InvalidInput, match="Cần ghi lý do"):
        cluster_services.reopen_year(
            actor=w.cluster_leader, emulation_year=year.emulation_year, to_state="planning", reason=" "
        )
    cluster_services.reopen_year(
        actor=w.cluster_leader,
        emulation_year=year.emulation_year,
        to_state="planning",
        reason="Sửa tiêu chí 2",
    )
    year.emulation_year.refresh_from_db()
    assert year.emulation_year.state == YearState.PLANNING
    reopening = YearTransition.objects.get(is_reopening=True)
    assert reopening.reason == "Sửa tiêu chí 2"
    entry = AuditEntry.objects.get(action="clusters.year.reopen")
    assert entry.after["reason"] == "Sửa tiêu chí 2"
    assert entry.actor == w.cluster_leader
    with pytest.raises(Conflict, match="một bước trước"):
        cluster_services.reopen_year(
            actor=w.cluster_leader, emulation_year=year.emulation_year, to_state="planning", reason="x"
        )


def test_generic_advance_after_covenant_signed(year: Year) -> None:
    w = year.world
    for unit, actor in (
        (w.unit_a, w.cluster_leader),
        (w.unit_b, w.member_officer),
        (w.unit_c, year.officer_c),
    ):
        sign(year.covenant, unit, actor=actor)
    cluster_services.advance_year(
        actor=w.cluster_leader, emulation_year=year.emulation_year, to_state="in_progress"
    )
    year.emulation_year.refresh_from_db()
    assert year.emulation_year.state == YearState.IN_PROGRESS


def test_plan_comments_then_adoption_makes_it_read_only(year: Year) -> None:
    w = year.world
    item = year.plan.items.get(kind="key_task")
    comment = services.comment_on_plan_item(
        actor=w.member_officer, item=item, text="Đề nghị thêm chỉ tiêu cụ thể"
    )
    assert comment.unit == w.unit_b
    services.adopt_plan(
        actor=w.cluster_leader, plan=year.plan, conference=year.conference, adopted_by="Các đơn vị"
    )
    year.plan.refresh_from_db()
    assert year.plan.status == PlanStatus.ADOPTED
    assert (year.plan.adopted_on, year.plan.adopted_place, year.plan.number) == (
        SIGN_DAY,
        "Thành phố Hải Dương",
        1,
    )
    assert list(year.conference.outcomes.values_list("kind", flat=True)) == [OutcomeKind.PLAN_ADOPTED]
    with pytest.raises(Conflict, match="đã được hội nghị thông qua"):
        services.add_plan_item(actor=w.cluster_leader, plan=year.plan, kind="goal", text="Mục tiêu mới")
    with pytest.raises(Conflict, match="đã được hội nghị thông qua"):
        services.comment_on_plan_item(actor=w.member_officer, item=item, text="Muộn")
    assert PlanComment.objects.count() == 1
    services.set_task_status(actor=w.cluster_leader, item=item, status="done")
    item.refresh_from_db()
    assert item.status == "done"


def test_document_numbers_count_per_issuer_and_year(db: None) -> None:
    assert [next_document_number(issuer="cluster:1", year=2018) for _ in range(3)] == [1, 2, 3]
    assert next_document_number(issuer="cluster:1", year=2019) == 1
    assert next_document_number(issuer="cluster:2", year=2018) == 1
    assert DocumentNumber.objects.get(issuer="cluster:1", year=2018).last_number == 3


def test_totals_report_names_each_problem(year: Year) -> None:
    assert totals_report(year.covenant).ok
    group = year.covenant.groups.get(order=2)
    services.update_group(actor=None, group=group, name=group.name, max_points="45")
    report = totals_report(year.covenant)
    assert report.problems == (
        "Tổng điểm tối đa của các nhóm là 105, khác tổng điểm giao ước 100.",
        "Nhóm II «Công tác thi đua»: các tiêu chí cộng lại 40 điểm, khác điểm tối đa của nhóm 45.",
    )


def test_copy_from_last_year_and_new_version(year: Year) -> None:
    w = year.world
    cluster_services.add_member(actor=None, cluster=w.cluster, unit=w.unit_a, year=2019)
    cluster_services.set_leadership(actor=None, cluster=w.cluster, year=2019, leader=w.unit_a, deputy=None)
    next_year = cluster_services.open_emulation_year(actor=None, cluster=w.cluster, year=2019)
    copy = services.create_covenant_from(
        actor=w.cluster_leader, emulation_year=next_year, source=year.covenant, theme="Mới"
    )
    assert copy.theme == "Mới"
    assert list(Criterion.objects.filter(group__covenant=copy).values_list("name", "max_points")) == list(
        Criterion.objects.filter(group__covenant=year.covenant).values_list("name", "max_points")
    )
    sign(year.covenant, w.unit_a, actor=w.cluster_leader)
    new = services.new_covenant_version(actor=w.cluster_leader, covenant=year.covenant)
    year.covenant.refresh_from_db()
    assert (year.covenant.status, new.version, new.status, new.previous_id) == (
        "superseded",
        2,
        "draft",
        year.covenant.pk,
    )
    assert Criterion.objects.filter(group__covenant=new).count() == 4
    assert not new.signatures.exists()


def test_template_table_adds_up(year: Year) -> None:
    w = year.world
    cluster_services.add_member(actor=None, cluster=w.cluster, unit=w.unit_a, year=2020)
    y2020 = cluster_services.open_emulation_year(actor=None, cluster=w.cluster, year=2020)
    covenant = services.create_covenant_from_template(
        actor=None, emulation_year=y2020, template="so-tnmt", theme="Chủ đề"
    )
    assert totals_report(covenant).ok
    assert covenant.groups.count() == 5
    assert covenant.lines.filter(kind="bonus").count() == 3


def test_registration_before_deadline_replaces_and_after_is_refused(year: Year) -> None:
    w = year.world
    with pytest.raises(Conflict, match="chưa mở đăng ký"):
        services.submit_registration(
            actor=w.member_officer,
            emulation_year=year.emulation_year,
            unit=w.unit_b,
            collective_targets=["TTLDXS"],
        )
    services.set_registration_deadline(
        actor=w.cluster_leader, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    people = [services.PersonTargetInput(name="Lê Văn Cường", position="Chuyên viên", target="LDTT")]
    services.submit_registration(
        actor=w.member_officer,
        emulation_year=year.emulation_year,
        unit=w.unit_b,
        collective_targets=["TTLDXS", "CO_BO"],
        people=people,
        today=datetime.date(2018, 4, 1),
    )
    registration = services.submit_registration(
        actor=w.member_officer,
        emulation_year=year.emulation_year,
        unit=w.unit_b,
        collective_targets=["TTLDXS"],
        people=people,
        today=datetime.date(2018, 4, 15),
    )
    assert Registration.objects.count() == 1
    assert list(registration.entries.values_list("subject_kind", "person_name", "target")) == [
        ("collective", "", "TTLDXS"),
        ("person", "Lê Văn Cường", "LDTT"),
    ]
    with pytest.raises(Conflict, match=r"Đã quá hạn đăng ký thi đua \(15/04/2018\)"):
        services.submit_registration(
            actor=w.member_officer,
            emulation_year=year.emulation_year,
            unit=w.unit_b,
            collective_targets=["CO_BO"],
            today=datetime.date(2018, 4, 16),
        )
    assert list(registration.entries.values_list("target", flat=True)) == ["TTLDXS", "LDTT"]


def test_parse_points_accepts_vietnamese_comma() -> None:
    assert services.parse_points("12,5") == Decimal("12.50")
    assert services.parse_points(7) == Decimal("7.00")


def test_year_fixture_starts_unsigned(year: Year) -> None:
    assert Signature.objects.count() == 0
    assert Covenant.objects.count() == 1
