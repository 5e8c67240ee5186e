"""Bad input: each refused with a clear Vietnamese message, and nothing changed."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tests.covenants.conftest import Year, sign
from thidua.clusters import services as cluster_services
from thidua.core.errors import Conflict, InvalidInput
from thidua.core.models import AuditEntry
from thidua.covenants import services
from thidua.covenants.models import Criterion, CriterionGroup, ScoreLine, Signature


def _table(covenant: object) -> list[tuple[object, ...]]:
    return list(
        Criterion.objects.filter(group__covenant=covenant)
        .order_by("group__order", "order")
        .values_list("group__name", "group__max_points", "order", "name", "max_points")
    )


def test_unbalanced_table_cannot_be_signed(year: Year) -> None:
    group = year.covenant.groups.get(order=1)
    services.update_group(actor=None, group=group, name=group.name, max_points=70)
    with pytest.raises(InvalidInput) as caught:
        sign(year.covenant, year.world.unit_b, actor=year.world.member_officer)
    assert caught.value.message == (
        "Bảng tiêu chí chưa hợp lệ, chưa ký được: Tổng điểm tối đa của các nhóm là 110, khác tổng điểm giao ước 100. "
        "Nhóm I «Nhiệm vụ chuyên môn»: các tiêu chí cộng lại 60 điểm, khác điểm tối đa của nhóm 70."
    )
    year.covenant.refresh_from_db()
    assert (year.covenant.status, year.covenant.frozen_at, Signature.objects.count()) == ("draft", None, 0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "Điểm tối đa không được âm (đang là -5)."),
        ("mười", "Điểm tối đa «mười» không phải là số."),
        ("", "Điểm tối đa không được để trống."),
        ("0", "Điểm tối đa phải lớn hơn 0."),
        ("1.234", "Điểm tối đa chỉ được có tối đa hai chữ số thập phân."),
        ("NaN", "Điểm tối đa «NaN» không phải là số."),
    ],
)
def test_bad_maximum_is_refused(year: Year, value: str, message: str) -> None:
    group = year.covenant.groups.get(order=1)
    before, entries = _table(year.covenant), AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as caught:
        services.add_criterion(
            actor=year.world.cluster_leader, group=group, name="Tiêu chí", max_points=value
        )
    assert caught.value.message == message
    assert _table(year.covenant) == before
    assert AuditEntry.objects.count() == entries


def test_second_signature_by_same_unit_is_refused(year: Year) -> None:
    sign(year.covenant, year.world.unit_b, actor=year.world.member_officer)
    with pytest.raises(
        Conflict,
        match=re.escape("«Sở Tài nguyên và Môi trường tỉnh Bắc Ninh» đã ký phiên bản này của giao ước."),
    ):
        sign(year.covenant, year.world.unit_b, actor=year.world.member_officer, signer_name="Người khác")
    assert list(Signature.objects.values_list("signer_name", flat=True)) == ["Nguyễn Văn Giám"]


def test_signing_a_superseded_version_is_refused(year: Year) -> None:
    w = year.world
    sign(year.covenant, w.unit_a, actor=w.cluster_leader)
    new = services.new_covenant_version(actor=w.cluster_leader, covenant=year.covenant)
    with pytest.raises(
        Conflict,
        match=re.escape("Phiên bản 1 của giao ước đã được thay bằng phiên bản mới; hãy ký phiên bản mới."),
    ):
        sign(year.covenant, w.unit_b, actor=w.member_officer)
    assert Signature.objects.filter(covenant=year.covenant).count() == 1
    assert not new.signatures.exists()


def test_editing_after_freezing_is_refused(year: Year) -> None:
    w = year.world
    sign(year.covenant, w.unit_b, actor=w.member_officer)
    before = _table(year.covenant)
    group = year.covenant.groups.get(order=1)
    criterion = group.criteria.get(order=1)
    message = "Giao ước đã có đơn vị ký nên không sửa được nữa; hãy tạo phiên bản mới (mọi đơn vị sẽ ký lại)."
    for attempt in (
        lambda: services.add_group(actor=w.cluster_leader, covenant=year.covenant, name="Nhóm", max_points=1),
        lambda: services.update_criterion(
            actor=w.cluster_leader, criterion=criterion, name="Đổi", max_points=35
        ),
        lambda: services.move_criterion(actor=w.cluster_leader, criterion=criterion, direction="down"),
        lambda: services.remove_group(actor=w.cluster_leader, group=group),
        lambda: services.update_covenant(actor=w.cluster_leader, covenant=year.covenant, theme="Khác"),
        lambda: services.import_criteria_xlsx(
            actor=w.cluster_leader,
            covenant=year.covenant,
            content=services.export_criteria_xlsx(year.covenant),
        ),
    ):
        with pytest.raises(Conflict) as caught:
            attempt()
        assert caught.value.message == message
    assert _table(year.covenant) == before
    year.covenant.refresh_from_db()
    assert year.covenant.theme == "Kỷ cương, liêm chính, hành động"


def _xlsx(rows: list[tuple[object, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ("Loại", "Số thứ tự", "Nội dung", "Điểm tối đa", "Hướng dẫn chấm", "Minh chứng", "Căn cứ pháp lý")


def test_excel_round_trip_replaces_the_table(year: Year) -> None:
    content = services.export_criteria_xlsx(year.covenant)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0] == HEADER
    assert rows[1][:4] == ("Nhóm", "I", "Nhiệm vụ chuyên môn", 60)
    new = _xlsx(
        [
            HEADER,
            ("Nhóm", "I", "Một nhóm duy nhất", 100, None, None, None),
            ("Tiêu chí", 1, "Tiêu chí A", "60", "Hướng dẫn", "Báo cáo", "Luật"),
            ("Tiêu chí", 2, "Tiêu chí B", 40, None, None, None),
            ("Điểm thưởng", 1, "Cờ thi đua", 2, None, None, None),
        ]
    )
    services.import_criteria_xlsx(actor=year.world.cluster_leader, covenant=year.covenant, content=new)
    assert _table(year.covenant) == [
        ("Một nhóm duy nhất", Decimal("100.00"), 1, "Tiêu chí A", Decimal("60.00")),
        ("Một nhóm duy nhất", Decimal("100.00"), 2, "Tiêu chí B", Decimal("40.00")),
    ]
    assert list(ScoreLine.objects.filter(covenant=year.covenant).values_list("kind", "name")) == [
        ("bonus", "Cờ thi đua")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not really a zip", "Tệp không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng."),
        (b"", "Tệp Excel rỗng."),
        (_xlsx([("Tên", "Điểm"), ("A", 1)]), "Các cột của tệp không đúng mẫu."),
    ],
)
def test_broken_or_wrong_excel_changes_nothing(year: Year, content: bytes, message: str) -> None:
    before = _table(year.covenant)
    with pytest.raises(InvalidInput) as caught:
        services.import_criteria_xlsx(
            actor=year.world.cluster_leader, covenant=year.covenant, content=content
        )
    assert caught.value.message.startswith(message)
    assert _table(year.covenant) == before


def test_excel_row_errors_are_all_reported_and_nothing_changes(year: Year) -> None:
    before = _table(year.covenant)
    content = _xlsx(
        [
            HEADER,
            ("Tiêu chí", 1, "Trước mọi nhóm", 5, None, None, None),
            ("Nhóm", "I", "Nhóm", 100, None, None, None),
            ("Tiêu chí", 1, "Âm", -3, None, None, None),
            ("Tiêu chí", 2, "Chữ", "năm", None, None, None),
            ("Tiêu đề", 3, "Sai loại", 1, None, None, None),
        ]
    )
    with pytest.raises(InvalidInput) as caught:
        services.import_criteria_xlsx(
            actor=year.world.cluster_leader, covenant=year.covenant, content=content
        )
    assert caught.value.fields == {
        "dòng 2": "Dòng 2: tiêu chí phải nằm sau một dòng «Nhóm».",
        "dòng 4": "Dòng 4: Điểm tối đa không được âm (đang là -3).",
        "dòng 5": "Dòng 5: Điểm tối đa «năm» không phải là số.",
        "dòng 6": "Dòng 6: cột «Loại» là «Tiêu đề», phải là một trong: Nhóm, Tiêu chí, Điểm thưởng, Điểm trừ.",
    }
    assert caught.value.message.startswith("Tệp Excel có 4 lỗi, chưa có thay đổi nào được lưu.")
    assert _table(year.covenant) == before


def test_excel_whose_groups_do_not_add_up_is_refused(year: Year) -> None:
    content = _xlsx(
        [HEADER, ("Nhóm", "I", "Nhóm", 90, None, None, None), ("Tiêu chí", 1, "A", 90, None, None, None)]
    )
    with pytest.raises(
        InvalidInput, match=re.escape("Tổng điểm tối đa của các nhóm là 90, khác tổng điểm giao ước 100.")
    ):
        services.import_criteria_xlsx(
            actor=year.world.cluster_leader, covenant=year.covenant, content=content
        )
    assert CriterionGroup.objects.filter(covenant=year.covenant).count() == 2


def test_disguised_photo_is_refused(year: Year) -> None:
    with pytest.raises(InvalidInput) as caught:
        cluster_services.add_conference_photo(
            actor=year.world.cluster_leader,
            conference=year.conference,
            content=b"<html>not an image</html>",
            caption="Ảnh",
        )
    assert caught.value.message == (
        "Tệp tải lên không phải là ảnh hợp lệ (chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF còn nguyên vẹn). "
        "Tệp có chứa mã lệnh."
    )
    assert not year.conference.photos.exists()


def test_real_photo_is_kept_with_size(year: Year, settings: object, tmp_path: object) -> None:
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, format="PNG")
    photo = cluster_services.add_conference_photo(
        actor=year.world.cluster_leader,
        conference=year.conference,
        content=out.getvalue(),
        caption="Lễ ký kết",
    )
    # an opaque picture is re-encoded as JPEG, whatever it came as
    assert (photo.width, photo.height, photo.caption, photo.image.name.endswith(".jpg")) == (
        64,
        48,
        "Lễ ký kết",
        True,
    )


def test_bad_registration_codes(year: Year) -> None:
    import datetime

    services.set_registration_deadline(
        actor=None, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    with pytest.raises(InvalidInput) as caught:
        services.submit_registration(
            actor=year.world.member_officer,
            emulation_year=year.emulation_year,
            unit=year.world.unit_b,
            collective_targets=["XYZ"],
            people=[services.PersonTargetInput(name="", target="LDTT")],
            today=datetime.date(2018, 4, 1),
        )
    assert caught.value.fields == {
        "collective_targets": "Mã danh hiệu tập thể «XYZ» không hợp lệ.",
        "people[1].name": "Cá nhân thứ 1: chưa có họ tên.",
    }
    assert not year.emulation_year.registrations.exists()
