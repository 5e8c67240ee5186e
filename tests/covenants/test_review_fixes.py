"""Regressions of the review of the emulation year: visibility, bad ids, races, locks and dates."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.utils import timezone

from tests.covenants.conftest import Year, sign
from thidua.clusters import services as cluster_services
from thidua.clusters.enums import YearState
from thidua.clusters.models import ConferencePhoto, EmulationYear, YearTransition
from thidua.core.errors import Conflict, InvalidInput
from thidua.covenants import services
from thidua.covenants.enums import PlanStatus
from thidua.covenants.models import CriterionGroup, Plan, PlanComment, PlanItem, Registration


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(y: Year, page: str = "") -> str:
    return f"/covenants/{y.world.cluster.pk}/2018/{page}"


def _sign_all(y: Year) -> None:
    w = y.world
    for unit, actor in ((w.unit_a, w.cluster_leader), (w.unit_b, w.member_officer), (w.unit_c, y.officer_c)):
        sign(y.covenant, unit, actor=actor)


def _png(color: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


# 1. The year page shows drafts and the history only to those who may see the year ----------------


def test_public_year_page_hides_draft_plan_covenant_and_history(year: Year) -> None:
    YearTransition.objects.create(
        emulation_year=year.emulation_year,
        from_state=YearState.COVENANT_SIGNED,
        to_state=YearState.PLANNING,
        is_reopening=True,
        reason="Sai sót nội bộ của Sở",
        at=timezone.now(),
        actor_label="canbo.a",
    )
    page = _client().get(_url(year)).content.decode()
    assert "Kỷ cương, liêm chính, hành động" not in page
    assert "Kế hoạch thi đua năm 2018" not in page
    assert "Dự thảo" not in page
    assert "canbo.a" not in page
    assert "Sai sót nội bộ của Sở" not in page
    assert "Lịch sử chuyển bước" not in page
    assert "Chưa có giao ước có hiệu lực." in page
    member = _client(year.world.member_officer).get(_url(year)).content.decode()
    assert "Chủ đề: “Kỷ cương, liêm chính, hành động”" in member
    assert "Kế hoạch thi đua năm 2018</a> – Dự thảo" in member
    assert "canbo.a" in member
    assert "lý do: Sai sót nội bộ của Sở" in member


def test_public_year_page_shows_covenant_once_in_force(year: Year) -> None:
    _sign_all(year)
    page = _client().get(_url(year)).content.decode()
    assert "Chủ đề: “Kỷ cương, liêm chính, hành động”" in page
    assert "Kế hoạch thi đua năm 2018" not in page  # the plan is still a draft
    assert "Lịch sử chuyển bước" in page
    # the history names the cluster's leading unit, never an account
    assert "Sở Tài nguyên và Môi trường tỉnh An Giang: Xây dựng kế hoạch, giao ước → Đã ký giao ước" in page
    assert year.world.cluster_leader.get_username() not in page


# 2. Minutes are public only once the year is past planning ------------------------------------


def test_minutes_of_a_planning_year_are_not_public(year: Year) -> None:
    url = f"/documents/minutes/{year.conference.pk}.docx"
    response = _client().get(url)
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    refused = _client(year.world.outsider).get(url)
    assert refused.status_code == 403
    assert "Bạn không có quyền tải văn bản này." in refused.content.decode()  # in the styled 403 page
    assert _client(year.world.member_officer).get(url).status_code == 200
    EmulationYear.objects.filter(pk=year.emulation_year.pk).update(state=YearState.COVENANT_SIGNED)
    assert _client().get(url).status_code == 200


# 3. Conference photos: cleaned bytes, served through a view with the year's visibility ---------


def test_conference_photo_is_reencoded_without_metadata(year: Year, settings: Any, tmp_path: Any) -> None:
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh bí mật"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (3000, 1500), "blue").save(out, format="JPEG", exif=exif)
    data = out.getvalue() + b"TRAILING"
    with pytest.raises(InvalidInput) as caught:
        cluster_services.add_conference_photo(
            actor=year.world.cluster_leader, conference=year.conference, content=data, caption="Lễ ký"
        )
    assert caught.value.message == (
        "Tệp tải lên không phải là ảnh hợp lệ (chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF còn nguyên vẹn). "
        "Tệp có dữ liệu lạ sau phần ảnh."
    )
    photo = cluster_services.add_conference_photo(
        actor=year.world.cluster_leader,
        conference=year.conference,
        content=out.getvalue(),
        caption="Lễ ký",
    )
    with photo.image.open("rb") as handle:
        stored = handle.read()
    assert "Máy ảnh bí mật".encode() not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size, dict(image.getexif())) == ("JPEG", (1600, 800), {})
    assert (photo.width, photo.height) == (1600, 800)


def test_conference_photo_view_follows_the_year_visibility(year: Year, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    photo = cluster_services.add_conference_photo(
        actor=year.world.cluster_leader, conference=year.conference, content=_png(), caption="Lễ ký"
    )
    url = f"/covenants/anh-hoi-nghi/{photo.pk}/"
    assert _client().get(url).status_code == 404
    member = _client(year.world.member_officer).get(url)
    assert (member.status_code, member["Content-Type"], member["Cache-Control"]) == (
        200,
        "image/jpeg",
        "private, no-store",
    )
    assert f'src="{url}"' in _client(year.world.member_officer).get(_url(year)).content.decode()
    assert "<img" not in _client().get(_url(year)).content.decode()
    EmulationYear.objects.filter(pk=year.emulation_year.pk).update(state=YearState.COVENANT_SIGNED)
    public = _client().get(url)
    assert (public.status_code, public["Cache-Control"]) == (200, "public, max-age=86400")
    assert f'src="{url}"' in _client().get(_url(year)).content.decode()
    assert ConferencePhoto.objects.count() == 1


# 4. Non-numeric ids are a message, not a 500 --------------------------------------------------


def test_plan_page_refuses_a_non_numeric_item(year: Year) -> None:
    client = _client(year.world.cluster_leader)
    for action in ("items/remove/", "comment/"):
        response = client.post(_url(year, "plan/" + action), {"item": "abc", "text": "x"})
        # The plan page again, with the message and the error's status (thidua.core.pages).
        assert response.status_code == 422
        assert "Mã «abc» không hợp lệ." in response.content.decode()
    assert PlanItem.objects.filter(plan=year.plan).count() == 2
    assert not PlanComment.objects.exists()


@pytest.mark.parametrize(
    ("action", "field"),
    [
        ("add_criterion", "group"),
        ("remove_group", "group"),
        ("remove_criterion", "criterion"),
        ("remove_line", "line"),
    ],
)
def test_criteria_table_refuses_a_non_numeric_id(year: Year, action: str, field: str) -> None:
    client = _client(year.world.cluster_leader)
    response = client.post(
        _url(year, f"covenant/table/{action}/"),
        {field: "1x", "name": "A", "max_points": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Mã «1x» không hợp lệ." in response.content.decode()
    assert CriterionGroup.objects.filter(covenant=year.covenant).count() == 2


# 5. The Excel import checks the size before reading the upload ---------------------------------


def test_covenant_import_checks_size_before_reading(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object) -> object:
        raise AssertionError("the upload must not be read")

    monkeypatch.setattr(TemporaryUploadedFile, "read", property(refuse))
    big = SimpleUploadedFile("bang.xlsx", b"0" * (5 * 1024 * 1024 + 1))
    response = _client(year.world.cluster_leader).post(
        _url(year, "covenant/import/"), {"xlsx-file": big}, follow=True
    )
    assert "Tệp Excel lớn quá 5 MB." in response.content.decode()
    assert CriterionGroup.objects.filter(covenant=year.covenant).count() == 2


# 6. Double submits: the constraint decides, the message explains -------------------------------


def _blind(monkeypatch: pytest.MonkeyPatch, manager: Any, method: str) -> None:
    """The check before the insert sees nothing, as when another request inserts meanwhile."""
    monkeypatch.setattr(manager, method, lambda *args, **kwargs: manager.none())


def test_double_registration_is_a_conflict(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    services.set_registration_deadline(
        actor=None, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    arguments = {
        "actor": year.world.member_officer,
        "emulation_year": year.emulation_year,
        "unit": year.world.unit_b,
        "collective_targets": ["TTLDXS"],
        "today": datetime.date(2018, 4, 1),
    }
    first = services.submit_registration(**arguments)  # type: ignore[arg-type]
    _blind(monkeypatch, Registration.objects, "select_for_update")
    with pytest.raises(Conflict) as caught:
        services.submit_registration(**arguments)  # type: ignore[arg-type]
    assert caught.value.message == (
        "Đăng ký thi đua của «Sở Tài nguyên và Môi trường tỉnh Bắc Ninh» vừa được gửi từ một yêu cầu "
        "khác; hãy tải lại trang."
    )
    assert list(Registration.objects.values_list("pk", flat=True)) == [first.pk]


def test_double_open_year_returns_the_year_already_opened(
    year: Year, monkeypatch: pytest.MonkeyPatch
) -> None:
    _blind(monkeypatch, EmulationYear.objects, "filter")
    opened = cluster_services.open_emulation_year(actor=None, cluster=year.world.cluster, year=2018)
    assert opened.pk == year.emulation_year.pk
    assert EmulationYear.objects.count() == 1


# 7. Plan writes read the plan's state under a lock --------------------------------------------


def test_plan_item_writes_see_an_adoption_made_meanwhile(year: Year) -> None:
    stale = year.plan
    item = PlanItem.objects.select_related("plan").get(plan=stale, kind="goal")
    Plan.objects.filter(pk=stale.pk).update(status=PlanStatus.ADOPTED)
    calls = [
        lambda: services.add_plan_item(actor=None, plan=stale, kind="goal", text="Mục tiêu mới"),
        lambda: services.update_plan_item(actor=None, item=item, text="Sửa"),
        lambda: services.remove_plan_item(actor=None, item=item),
        lambda: services.comment_on_plan_item(actor=None, item=item, text="Góp ý"),
    ]
    for call in calls:
        with pytest.raises(Conflict) as caught:
            call()
        assert caught.value.message == "Kế hoạch đã được hội nghị thông qua, không thể sửa."
    assert PlanItem.objects.filter(plan=stale).count() == 2
    assert not PlanComment.objects.exists()


# 8. The registration summary is dated in local time --------------------------------------------


def test_registration_summary_is_dated_in_local_time(year: Year) -> None:
    from thidua.covenants.documents import build_registration_summary

    services.set_registration_deadline(
        actor=None, emulation_year=year.emulation_year, deadline=datetime.date(2018, 4, 15)
    )
    services.submit_registration(
        actor=None,
        emulation_year=year.emulation_year,
        unit=year.world.unit_b,
        collective_targets=["TTLDXS"],
        today=datetime.date(2018, 4, 1),
    )
    # 20:00 UTC on 1 April is 03:00 on 2 April in Hà Nội
    Registration.objects.update(submitted_at=datetime.datetime(2018, 4, 1, 20, 0, tzinfo=datetime.UTC))
    document = build_registration_summary(EmulationYear.objects.get(pk=year.emulation_year.pk))
    assert document.header.issued_on == datetime.date(2018, 4, 2)


# 9. The signed PDF is checked only when asked --------------------------------------------------


def test_signed_pdf_is_verified_only_on_request(year: Year, monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua.covenants.services.signing import PdfVerification

    _sign_all(year)
    type(year.covenant).objects.filter(pk=year.covenant.pk).update(signed_pdf="covenants/signed/x.pdf")
    calls: list[int] = []

    def verify(covenant: Any, **kwargs: Any) -> PdfVerification:
        calls.append(covenant.pk)
        return PdfVerification(True, True, False, "CN=Trưởng Cụm", None)

    monkeypatch.setattr(services, "verify_covenant_pdf", verify)
    page = _client().get(_url(year, "covenant/")).content.decode()
    assert calls == []
    assert "Kiểm tra chữ ký" in page
    checked = _client().get(_url(year, "covenant/") + "?kiem-tra-chu-ky=1").content.decode()
    assert calls == [year.covenant.pk]
    assert PdfVerification(True, True, False, "CN=Trưởng Cụm", None).summary in checked
