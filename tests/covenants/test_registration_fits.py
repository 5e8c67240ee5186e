"""Issue 12 item 4: registration that fits an officer's day — the deadline field shows its value,
the form closes after the deadline, re-registration is pre-filled, people come from the unit's
staff and titles from the catalogue, the leader sees who has not registered, and an Excel template
round-trips (bad files refused with row errors, nothing stored)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.covenants.conftest import Year
from tests.factories import make_person
from thidua.core import clock
from thidua.core.errors import Forbidden, InvalidInput
from thidua.covenants import services
from thidua.covenants.models import Registration
from thidua.organisations.models import Position

D = datetime.date


@pytest.fixture
def opened(year: Year, monkeypatch: pytest.MonkeyPatch) -> Year:
    monkeypatch.setattr(clock, "today", lambda: D(2018, 4, 1))
    services.set_registration_deadline(
        actor=None, emulation_year=year.emulation_year, deadline=D(2018, 4, 15)
    )
    make_person(unit=year.world.unit_b, full_name="Lê Văn Cường", title="Chuyên viên")
    make_person(unit=year.world.unit_b, full_name="Phạm Thị Dung", title="Trưởng phòng")
    return year


def _url(year: Year, tail: str = "") -> str:
    return f"/covenants/{year.world.cluster.pk}/2018/registrations/{tail}"


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_deadline_field_carries_an_iso_value(opened: Year) -> None:
    html = _client(opened.world.cluster_leader).get(_url(opened)).content.decode()
    assert 'type="date" name="deadline-deadline" value="2018-04-15"' in html
    assert "Hạn đăng ký: <strong>15/04/2018</strong>" in html


def test_people_are_picked_from_the_staff_and_titles_by_legal_name(opened: Year) -> None:
    member = _client(opened.world.member_officer)
    html = member.get(_url(opened)).content.decode()
    posts = {p.person.full_name: p.pk for p in Position.objects.filter(unit=opened.world.unit_b)}
    assert f'name="staff-{posts["Lê Văn Cường"]}"' in html
    assert '<option value="LDTT">Lao động tiên tiến</option>' in html
    response = member.post(
        _url(opened, "submit/"),
        {
            "reg-unit": "SO-B",
            "reg-collective_targets": ["TTLDXS"],
            f"staff-{posts['Lê Văn Cường']}": "CSTDCS",
            f"staff-{posts['Phạm Thị Dung']}": "",
            "reg-people": "Hoàng Văn Em; Lái xe; Lao động tiên tiến",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(unit=opened.world.unit_b)
    assert list(registration.entries.values_list("person_name", "person_position", "target")) == [
        ("", "", "TTLDXS"),
        ("Lê Văn Cường", "Chuyên viên", "CSTDCS"),
        ("Hoàng Văn Em", "Lái xe", "LDTT"),
    ]
    # Registering again starts from what was sent: the staff member's choice and the other person.
    again = member.get(_url(opened)).content.decode()
    assert '<option value="CSTDCS" selected>Chiến sĩ thi đua cơ sở</option>' in again
    assert "Hoàng Văn Em; Lái xe; Lao động tiên tiến</textarea>" in again
    assert re.search(r'value="TTLDXS"[^>]*checked', again)
    assert not re.search(r'value="CO_BO"[^>]*checked', again)


def test_after_the_deadline_the_form_is_closed(opened: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: D(2018, 4, 16))
    html = _client(opened.world.member_officer).get(_url(opened)).content.decode()
    assert "Đăng ký đã khóa: hạn đăng ký là <strong>15/04/2018</strong>" in html
    assert "Gửi đăng ký" not in html
    assert "registrations/import/" not in html


def test_the_leader_sees_who_has_not_registered(opened: Year) -> None:
    services.submit_registration(
        actor=opened.world.member_officer,
        emulation_year=opened.emulation_year,
        unit=opened.world.unit_b,
        collective_targets=["TTLDXS"],
    )
    html = _client(opened.world.cluster_leader).get(_url(opened)).content.decode()
    assert "Đơn vị chưa đăng ký (2/3)" in html
    assert "<li>Sở Tài nguyên và Môi trường tỉnh An Giang</li>" in html
    assert "<li>Sở Tài nguyên và Môi trường tỉnh Cà Mau</li>" in html
    assert "<li>Sở Tài nguyên và Môi trường tỉnh Bắc Ninh</li>" not in html


def _template(year: Year) -> bytes:
    response = _client(year.world.member_officer).get(_url(year, "template.xlsx") + "?unit=SO-B")
    assert response.status_code == 200
    return response.content


def test_the_template_has_the_official_header_and_the_staff(opened: Year) -> None:
    book = load_workbook(io.BytesIO(_template(opened)))
    rows = list(book["Đăng ký"].iter_rows(values_only=True))
    assert rows[0][0] == "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH BẮC NINH"
    assert rows[0][2] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert rows[1][2] == "Độc lập - Tự do - Hạnh phúc"
    assert rows[3][0] == "DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2018"
    header = rows.index(("STT", "Họ và tên", "Chức vụ", "Danh hiệu, hình thức khen thưởng đăng ký"))
    assert [r[1:3] for r in rows[header + 1 :]] == [
        ("Tập thể", None),
        ("Lê Văn Cường", "Chuyên viên"),
        ("Phạm Thị Dung", "Trưởng phòng"),
    ]


def _fill(content: bytes, targets: dict[str, str], extra: list[tuple[object, ...]] = ()) -> bytes:  # type: ignore[assignment]
    book = load_workbook(io.BytesIO(content))
    sheet = book["Đăng ký"]
    for row in sheet.iter_rows():
        if row[1].value in targets:
            row[3].value = targets[row[1].value]
    for line in extra:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_round_trip(opened: Year) -> None:
    filled = _fill(
        _template(opened),
        {"Tập thể": "Tập thể lao động xuất sắc", "Phạm Thị Dung": "chien si thi dua co so"},
        [(9, "Hoàng Văn Em", "Lái xe", "LDTT")],
    )
    member = _client(opened.world.member_officer)
    upload = io.BytesIO(filled)
    upload.name = "dang-ky.xlsx"
    response = member.post(_url(opened, "import/"), {"reg-unit": "SO-B", "file-file": upload})
    assert response.status_code == 302
    registration = Registration.objects.get(unit=opened.world.unit_b)
    assert list(registration.entries.values_list("person_name", "target")) == [
        ("", "TTLDXS"),
        ("Phạm Thị Dung", "CSTDCS"),
        ("Hoàng Văn Em", "LDTT"),
    ]
    # The next template carries what was registered.
    rows = list(load_workbook(io.BytesIO(_template(opened)))["Đăng ký"].iter_rows(values_only=True))
    assert ("Phạm Thị Dung", "Trưởng phòng", "Chiến sĩ thi đua cơ sở") in [r[1:4] for r in rows]
    assert ("Hoàng Văn Em", "Lái xe", "Lao động tiên tiến") in [r[1:4] for r in rows]


def test_a_bad_file_is_refused_with_row_errors_and_nothing_stored(opened: Year) -> None:
    filled = _fill(
        _template(opened),
        {"Tập thể": "Lao động tiên tiến", "Lê Văn Cường": "Huân chương Sao Vàng"},
        [(9, "", "", "LDTT")],
    )
    with pytest.raises(InvalidInput) as info:
        services.import_registration_xlsx(
            actor=opened.world.member_officer,
            emulation_year=opened.emulation_year,
            unit=opened.world.unit_b,
            content=filled,
        )
    message = info.value.message
    assert message.startswith("Tệp Excel có 3 lỗi, chưa có gì được lưu.")
    assert "Dòng 10: «Lao động tiên tiến» không phải danh hiệu tập thể" in message
    assert "Dòng 11: «Huân chương Sao Vàng» không phải danh hiệu cá nhân" in message
    assert "Dòng 13: có danh hiệu «LDTT» nhưng chưa có họ và tên." in message
    assert not Registration.objects.exists()


def test_a_file_without_the_template_header_or_of_another_unit_is_refused(opened: Year) -> None:
    book = Workbook()
    book.active.append(("Tên", "Danh hiệu"))
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput, match="không đúng mẫu đăng ký"):
        services.import_registration_xlsx(
            actor=opened.world.member_officer,
            emulation_year=opened.emulation_year,
            unit=opened.world.unit_b,
            content=out.getvalue(),
        )
    other = services.registration_template_xlsx(
        actor=opened.world.cluster_leader, emulation_year=opened.emulation_year, unit=opened.world.unit_a
    )
    with pytest.raises(InvalidInput, match="mẫu của đơn vị mã «SO-A»"):
        services.import_registration_xlsx(
            actor=opened.world.member_officer,
            emulation_year=opened.emulation_year,
            unit=opened.world.unit_b,
            content=other,
        )
    assert not Registration.objects.exists()


def test_the_outsider_gets_no_template_and_imports_nothing(opened: Year) -> None:
    content = services.registration_template_xlsx(
        actor=opened.world.member_officer, emulation_year=opened.emulation_year, unit=opened.world.unit_b
    )
    with pytest.raises(Forbidden):
        services.registration_template_xlsx(
            actor=opened.world.outsider, emulation_year=opened.emulation_year, unit=opened.world.unit_b
        )
    with pytest.raises(Forbidden):
        services.import_registration_xlsx(
            actor=opened.world.outsider,
            emulation_year=opened.emulation_year,
            unit=opened.world.unit_b,
            content=_fill(content, {"Tập thể": "TTLDXS"}),
        )
    assert _client(opened.world.outsider).get(_url(opened, "template.xlsx") + "?unit=SO-B").status_code == 404
    upload = io.BytesIO(_fill(content, {"Tập thể": "TTLDXS"}))
    upload.name = "x.xlsx"
    response = _client(opened.world.outsider).post(
        _url(opened, "import/"), {"reg-unit": "SO-B", "file-file": upload}
    )
    assert response.status_code in (403, 422)
    assert not Registration.objects.exists()
