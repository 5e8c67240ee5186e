"""Honour entries: editing (same checks as creating; consent is for a name and a unit) and the seam
through which decisions will offer their recipients (a fake source here: decisions do not exist yet)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from tests.factories import make_user
from thidua.accounts.enums import Role
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.models import AuditEntry
from thidua.news import selectors, services
from thidua.news.enums import ConsentMethod, HonourKind, HonourSource
from thidua.news.models import HonourEntry


@pytest.fixture
def entry(world, editor):
    entry = services.create_honour_entry(
        actor=editor,
        kind=HonourKind.PERSON,
        display_name="Nguyễn Thị Hoa",
        unit=world.ministry,
        year=2018,
        achievement="Chiến sĩ thi đua cơ sở năm 2018.",
    )
    services.record_honour_consent(
        actor=editor,
        entry=entry,
        given_by="Nguyễn Thị Hoa",
        given_on=datetime.date(2018, 4, 1),
        method=ConsentMethod.WRITTEN,
    )
    return services.publish_honour_entry(actor=editor, entry=entry)


def _edit(actor, entry, **changes):
    values = {
        "kind": entry.kind,
        "display_name": entry.display_name,
        "unit": entry.unit,
        "year": entry.year,
        "achievement": entry.achievement,
        "source": entry.source,
        "source_reference": entry.source_reference,
        **changes,
    }
    return services.update_honour_entry(actor=actor, entry=entry, **values)


def test_correcting_the_achievement_keeps_it_on_the_board(entry, editor):
    _edit(editor, entry, achievement="Chiến sĩ thi đua cơ sở năm 2018 và năm 2019.")
    row = HonourEntry.objects.get(pk=entry.pk)
    assert (row.status, row.achievement, row.consent_given_by) == (
        "published",
        "Chiến sĩ thi đua cơ sở năm 2018 và năm 2019.",
        "Nguyễn Thị Hoa",
    )
    audit = AuditEntry.objects.filter(action="news.honour.update").get()
    assert audit.before["achievement"] == "Chiến sĩ thi đua cơ sở năm 2018."


def test_a_new_name_needs_new_consent_and_leaves_the_board(entry, editor):
    _edit(editor, entry, display_name="Nguyễn Thị Hoa (Vụ Thi đua – Khen thưởng)")
    row = HonourEntry.objects.get(pk=entry.pk)
    assert (row.status, row.consent_given_on, row.consent_given_by, row.published_at) == (
        "draft",
        None,
        "",
        None,
    )
    assert list(selectors.honour_board()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"achievement": "Liên hệ 0912 345 678"}, "số điện thoại"),
        ({"achievement": "Sinh ngày 01/01/1980"}, "ngày sinh"),
        ({"display_name": ""}, "Cần ghi tên"),
        ({"year": 1800}, "Năm 1800 nằm ngoài khoảng 1990–2100."),
        ({"source": HonourSource.DECISION, "source_reference": ""}, "cần ghi số quyết định"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(entry, editor, changes, message):
    before = list(HonourEntry.objects.values())
    with pytest.raises(InvalidInput, match=message):
        _edit(editor, entry, **changes)
    assert list(HonourEntry.objects.values()) == before


@pytest.mark.parametrize("persona", ["outsider", "member_officer", "ministry_officer"])
def test_outsiders_cannot_edit(world, entry, persona):
    before = (list(HonourEntry.objects.values()), AuditEntry.objects.count())
    with pytest.raises(Forbidden):
        _edit(world.personas[persona], entry, achievement="Sửa trộm")
    assert (list(HonourEntry.objects.values()), AuditEntry.objects.count()) == before


def test_an_editor_cannot_move_an_entry_to_a_unit_outside_its_scope(world, entry):
    local = make_user("bientap.bo", (Role.EDITOR, world.ministry))
    outside = make_user("ngoai", (Role.EDITOR, world.unit_b))
    with pytest.raises(Forbidden):
        _edit(outside, entry, achievement="x")
    entry_b = services.create_honour_entry(
        actor=outside,
        kind="person",
        display_name="Trần Văn B",
        unit=world.unit_b,
        year=2018,
        achievement="Giỏi",
    )
    with pytest.raises(Forbidden):
        _edit(outside, entry_b, unit=world.department)  # the department is not under unit B
    assert HonourEntry.objects.get(pk=entry_b.pk).unit == world.unit_b
    _edit(local, entry, unit=world.department)  # under the ministry: allowed
    assert HonourEntry.objects.get(pk=entry.pk).unit == world.department


def test_editing_on_the_page(client, entry, editor, world):
    client.force_login(editor)
    page = client.get(reverse("news:honour_edit", args=[entry.pk])).content.decode()
    assert f'action="{reverse("news:honour_update", args=[entry.pk])}"' in page
    assert 'name="action"' not in page  # one URL per action, no dispatch on a posted field
    data = {
        "kind": "person",
        "display_name": "Nguyễn Thị Hoa",
        "unit": world.ministry.pk,
        "year": 2019,
        "achievement": "Chiến sĩ thi đua cơ sở năm 2019.",
        "source": "editor",
        "source_reference": "",
    }
    done = client.post(reverse("news:honour_update", args=[entry.pk]), data, follow=True)
    assert "Đã sửa gương điển hình." in done.content.decode()
    assert HonourEntry.objects.get(pk=entry.pk).year == 2019
    bad = client.post(
        reverse("news:honour_update", args=[entry.pk]), {**data, "achievement": "ĐT 0912345678"}
    )
    assert bad.status_code == 422
    assert "Không được đưa thông tin cá nhân (số điện thoại) lên bảng vinh danh." in bad.content.decode()
    assert HonourEntry.objects.get(pk=entry.pk).achievement == "Chiến sĩ thi đua cơ sở năm 2019."


def test_consent_and_publishing_on_the_page(client, world, editor):
    draft = services.create_honour_entry(
        actor=editor,
        kind=HonourKind.PERSON,
        display_name="Lê Văn Nam",
        unit=world.ministry,
        year=2018,
        achievement="Chiến sĩ thi đua cơ sở năm 2018.",
    )
    consent, publish = (reverse(f"news:honour_{name}", args=[draft.pk]) for name in ("consent", "publish"))
    outsider = type(client)()
    outsider.force_login(world.outsider)
    before = (list(HonourEntry.objects.values()), AuditEntry.objects.count())
    assert outsider.post(publish).status_code == 404
    given = {"given_by": "Lê Văn Nam", "given_on": "02/04/2018", "method": ConsentMethod.WRITTEN}
    assert outsider.post(consent, given).status_code == 404
    client.force_login(editor)
    early = client.post(publish)
    assert early.status_code == 409
    assert "Chưa ghi nhận sự đồng ý (ai đồng ý, ngày nào, bằng hình thức nào)" in early.content.decode()
    missing = client.post(consent, {**given, "given_by": ""})
    assert missing.status_code == 422
    assert "Người đồng ý: " in missing.content.decode()
    assert (list(HonourEntry.objects.values()), AuditEntry.objects.count()) == before
    assert client.get(consent).status_code == 405
    done = client.post(consent, given, follow=True)
    assert "Đã ghi nhận sự đồng ý." in done.content.decode()
    assert HonourEntry.objects.get(pk=draft.pk).consent_given_on == datetime.date(2018, 4, 2)
    client.post(publish)
    assert HonourEntry.objects.get(pk=draft.pk).status == "published"


# --- the decision seam, with a fake source -------------------------------------------------------


@dataclass
class FakeDecision:
    """Stands for a decision of the proposals work: its number and its recipients."""

    number: str
    recipients: list[services.HonourCandidate]

    def decision_reference(self) -> str:
        return self.number

    def honour_candidates(self) -> list[services.HonourCandidate]:
        return self.recipients


def _decision(world, *units):
    return FakeDecision(
        "123/QĐ-BTNMT",
        [
            services.HonourCandidate(
                kind=HonourKind.COLLECTIVE,
                display_name=unit.name,
                unit=unit,
                year=2018,
                achievement="Tập thể lao động xuất sắc năm 2018.",
            )
            for unit in units
        ],
    )


@pytest.fixture
def cluster_editor(world):
    return make_user(
        "bientap.cum", (Role.EDITOR, world.unit_a), (Role.EDITOR, world.unit_b), (Role.EDITOR, world.unit_c)
    )


def test_entries_are_drafted_from_a_decisions_recipients_and_still_need_consent(world, cluster_editor):
    editor = cluster_editor
    created = services.draft_honour_entries_from_source(
        actor=editor, source=_decision(world, world.unit_a, world.unit_b)
    )
    assert [(e.display_name, e.source, e.source_reference, e.status) for e in created] == [
        (world.unit_a.name, "decision", "123/QĐ-BTNMT", "draft"),
        (world.unit_b.name, "decision", "123/QĐ-BTNMT", "draft"),
    ]
    with pytest.raises(Exception, match="Chưa ghi nhận sự đồng ý"):
        services.publish_honour_entry(actor=editor, entry=created[0])
    again = services.draft_honour_entries_from_source(
        actor=editor, source=_decision(world, world.unit_a, world.unit_c)
    )
    assert [e.display_name for e in again] == [world.unit_c.name]  # unit A was drafted before
    assert AuditEntry.objects.filter(action="news.honour.create").count() == 3


def test_a_recipient_outside_the_editors_scope_refuses_the_whole_decision(world):
    editor_a = make_user("bientap.a", (Role.EDITOR, world.unit_a))
    with pytest.raises(Forbidden):
        services.draft_honour_entries_from_source(
            actor=editor_a, source=_decision(world, world.unit_a, world.unit_b)
        )
    assert HonourEntry.objects.count() == 0


def test_a_recipient_with_an_identifier_refuses_the_whole_decision(world, cluster_editor):
    editor = cluster_editor
    source = _decision(world, world.unit_a)
    source.recipients.append(
        services.HonourCandidate(
            kind=HonourKind.PERSON,
            display_name="Lê Văn C",
            unit=world.unit_b,
            year=2018,
            achievement="CCCD 001080012345",
        )
    )
    with pytest.raises(InvalidInput, match="số định danh"):
        services.draft_honour_entries_from_source(actor=editor, source=source)
    assert HonourEntry.objects.count() == 0


@pytest.mark.parametrize("persona", ["outsider", "member_officer"])
def test_outsiders_cannot_draft_from_a_decision(world, persona):
    with pytest.raises(Forbidden):
        services.draft_honour_entries_from_source(
            actor=world.personas[persona], source=_decision(world, world.unit_a)
        )
    assert HonourEntry.objects.count() == 0
