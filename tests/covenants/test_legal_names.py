"""Issue 8 item 3 on registration: targets come from the catalogue and show their legal name."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.covenants.conftest import Year
from thidua.core.errors import InvalidInput
from thidua.covenants import services


def _open(year: Year) -> None:
    services.set_registration_deadline(
        actor=year.world.cluster_leader,
        emulation_year=year.emulation_year,
        deadline=datetime.date(2018, 4, 15),
    )


def test_a_person_target_may_be_typed_as_its_legal_name_and_pages_show_the_name(year: Year) -> None:
    _open(year)
    w = year.world
    people = [
        services.PersonTargetInput(name="Lê Văn Cường", position="Chuyên viên", target="lao động  tiên tiến"),
        services.PersonTargetInput(name="Phạm Thị Dung", position="Trưởng phòng", target="cstdcs"),
    ]
    registration = services.submit_registration(
        actor=w.member_officer,
        emulation_year=year.emulation_year,
        unit=w.unit_b,
        collective_targets=["TTLDXS"],
        people=people,
        today=datetime.date(2018, 4, 1),
    )
    assert list(registration.entries.values_list("target", flat=True)) == ["TTLDXS", "LDTT", "CSTDCS"]
    client = Client()
    client.force_login(w.member_officer)
    html = client.get(f"/covenants/{w.cluster.pk}/2018/registrations/").content.decode()
    assert "Tập thể – Tập thể lao động xuất sắc; Lê Văn Cường – Lao động tiên tiến" in html
    assert "– TTLDXS" not in html


def test_an_unknown_target_names_the_choices(year: Year) -> None:
    _open(year)
    with pytest.raises(InvalidInput) as info:
        services.submit_registration(
            actor=year.world.member_officer,
            emulation_year=year.emulation_year,
            unit=year.world.unit_b,
            collective_targets=[],
            people=[services.PersonTargetInput(name="Lê Văn Cường", target="Huân chương")],
            today=datetime.date(2018, 4, 1),
        )
    assert (
        "danh hiệu «Huân chương» không hợp lệ; dùng một trong: LDTT (Lao động tiên tiến)"
        in info.value.message
    )
