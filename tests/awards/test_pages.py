from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.awards.conftest import Registry, fill_history
from tests.factories import make_person
from thidua.awards import services
from thidua.awards.models import Conferral


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_timeline_shows_decisions_and_revoked_entries(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2023, 2025), cstdcs=False)
    services.confer(actor=None, subject=registry.person, year=2022, code="LDTT", imported=True)
    conferral = Conferral.objects.get(record__year=2024)
    services.revoke_conferral(
        actor=None, conferral=conferral, on=datetime.date(2025, 5, 2), basis="QĐ 77/QĐ-STNMT"
    )
    html = (
        _client(registry.world.member_officer)
        .get(reverse("awards:person_timeline", args=[registry.person.pk]))
        .content.decode()
    )
    assert "Sổ khen thưởng: Trần Thị Bình" in html
    assert "QĐ số 12/QĐ-STNMT ngày 20/01/2025, Giám đốc Sở B" in html
    assert "nhập từ hồ sơ cũ" in html
    assert "Đã thu hồi ngày 02/05/2025" in html
    assert "không còn được tính" in html


def test_outsider_gets_not_found(registry: Registry) -> None:
    client = _client(registry.world.outsider)
    assert client.get(reverse("awards:person_timeline", args=[registry.person.pk])).status_code == 404
    assert client.get(reverse("awards:person_eligibility", args=[registry.person.pk])).status_code == 404


def test_eligibility_page_lists_every_condition(registry: Registry) -> None:
    services.record_year(actor=None, subject=registry.person, year=2024, rating="HTTNV")
    url = reverse("awards:person_eligibility", args=[registry.person.pk]) + "?target=LDTT&year=2024"
    html = _client(registry.world.member_officer).get(url).content.decode()
    assert "Đủ điều kiện" in html
    assert "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 24, khoản 1" in html
    assert "Gần đạt: còn thiếu gì, tính từ năm 2024" in html
    bad = _client(registry.world.member_officer).get(url.replace("2024", "2010")).content.decode()
    assert "trước mọi bộ quy tắc" in bad


def test_rule_set_and_catalogue_pages(db: None) -> None:
    html = Client().get(reverse("awards:rule_set", args=["LAW_2022"])).content.decode()
    assert "<h1>Căn cứ xét: Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP</h1>" in html
    assert "Chiến sĩ thi đua cơ sở – cá nhân" in html
    assert "(CSTDCS)" not in html
    assert "Điều 23, khoản 2" in html
    assert "Trong trong" not in html
    assert "Trong khoảng năm xét" in html
    assert "<td>cstdcs." not in html  # condition ids are the API's keys, not the reader's
    old = Client().get(reverse("awards:rule_set", args=["OLD_2017"])).content.decode()
    assert "Tập thể lao động tiên tiến – tập thể" in old
    assert "Điều 28, khoản 1, điểm c" in old
    html = Client().get(reverse("awards:catalogue")).content.decode()
    assert "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) và Nghị định 91/2017/NĐ-CP</a>" in html
    assert "Huân chương Lao động hạng Nhì" in html
    assert "chưa xác minh" in html


def test_parameters_page_post_is_for_administrators(registry: Registry) -> None:
    url = reverse("awards:parameters", args=["LAW_2022"])
    _client(registry.world.member_officer).post(url, {"name": "min_months_worked", "value": "9"})
    from thidua.awards.models import RuleParameter

    assert not RuleParameter.objects.exists()
    _client(registry.world.administrator).post(url, {"name": "min_months_worked", "value": "9"})
    assert RuleParameter.objects.get().value == 9


def test_parameters_page_reads_in_vietnamese_with_no_developer_notes(registry: Registry) -> None:
    html = _client(registry.world.member_officer).get(reverse("awards:parameters", args=["LAW_2022"]))
    text = html.content.decode()
    assert "Số tháng công tác tối thiểu để xét Lao động tiên tiến" in text
    assert "<td>khiển trách</td>" in text  # the discipline form by name
    assert "<td>còn nhiều cách hiểu</td>" in text
    for leak in ("domain.md", "UNVERIFIED", "AMBIGUOUS", "None", "KHIEN_TRACH", "min_months_worked", "[S"):
        assert leak not in text, leak
    admin = _client(registry.world.administrator).get(reverse("awards:parameters", args=["LAW_2022"]))
    assert '<option value="KHIEN_TRACH">khiển trách</option>' in admin.content.decode()


@pytest.mark.parametrize("years", [1, 3])
def test_timeline_query_count_is_constant(
    registry: Registry, years: int, django_assert_num_queries: object
) -> None:
    fill_history(registry.person, registry.decision, range(2024 - years + 1, 2025))
    for n in range(years):
        services.add_initiative(
            actor=None, subject=registry.person, code=f"SK{n}", year=2024 - n, scope="CO_SO"
        )
    client = _client(registry.world.member_officer)
    url = reverse("awards:person_timeline", args=[registry.person.pk])
    client.get(url)
    with django_assert_num_queries(11):  # type: ignore[operator]  # +2: the user's lineage lookups, once per request (thidua.accounts.access)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_people_list_query_count_is_constant(
    registry: Registry, count: int, django_assert_num_queries: object
) -> None:
    for n in range(count - 1):
        person = make_person(unit=registry.world.unit_b, full_name=f"Lê Văn Số{n}")
        fill_history(person, registry.decision, range(2023, 2025))
    client = _client(registry.world.member_officer)
    client.get(reverse("awards:people"))
    with django_assert_num_queries(7):  # type: ignore[operator]  # +2: the user's lineage lookups, once per request (thidua.accounts.access)
        html = client.get(reverse("awards:people")).content.decode()
    assert html.count("Xét điều kiện<span") == count


def _bk_ttg_two_cstdcs(registry: Registry) -> None:
    """BK-B for 2020, 2021–2025 at least HTTNV, CSTĐCS only in 2021 and 2023 (docs/eligibility.md ex. 2)."""
    person, decision = registry.person, registry.decision
    services.record_year(actor=None, subject=person, year=2020, rating="HTXSNV")
    services.confer(actor=None, subject=person, year=2020, code="BK_BO", decision=decision)
    for year in range(2021, 2026):
        services.record_year(actor=None, subject=person, year=year, rating="HTXSNV")
        services.confer(actor=None, subject=person, year=year, code="LDTT", decision=decision)
    for year in (2021, 2023):
        services.confer(actor=None, subject=person, year=year, code="CSTDCS", decision=decision)


def _outlook_items(html: str) -> list[str]:
    section = html.split('id="outlook-heading"', 1)[1].split("</section>", 1)[0]
    return [" ".join(item.split("</li>")[0].split()) for item in section.split("<li>")[1:]]


def _reuse_items(html: str) -> list[str]:
    section = html.split('id="reuse-heading"', 1)[1].split("</section>", 1)[0]
    return [item.split("</li>")[0] for item in section.split("<li>")[1:]]


def test_eligibility_page_shows_the_engine_outlook(registry: Registry) -> None:
    _bk_ttg_two_cstdcs(registry)
    url = reverse("awards:person_eligibility", args=[registry.person.pk]) + "?target=BK_TTG&year=2025"
    html = _client(registry.world.member_officer).get(url).content.decode()
    assert "Gần đạt: còn thiếu gì, tính từ năm 2025" in html
    # The engine's outlook() sentences, one per target with a rule, soonest first.
    assert _outlook_items(html) == [
        "<strong>Chiến sĩ thi đua cơ sở</strong>: Đủ điều kiện xét Chiến sĩ thi đua cơ sở năm 2025 "
        "(còn các bước bình xét, bỏ phiếu nếu có).",
        "<strong>Lao động tiên tiến</strong>: Đủ điều kiện xét Lao động tiên tiến năm 2025 "
        "(còn các bước bình xét, bỏ phiếu nếu có).",
        "<strong>Bằng khen của Thủ tướng Chính phủ</strong>: Thêm 1 năm (2026) hoàn thành xuất sắc "
        "nhiệm vụ, đạt Chiến sĩ thi đua cơ sở thì có thể đủ điều kiện xét Bằng khen của Thủ tướng "
        "Chính phủ vào năm 2026.",
        "<strong>Bằng khen của bộ, ban, ngành, tỉnh</strong>: Chưa thể đạt Bằng khen của bộ, ban, "
        "ngành, tỉnh trong 6 năm tới chỉ bằng thành tích hằng năm: Có 2 sáng kiến cấp cơ sở trở lên "
        "trong thời gian liên tục đó (2020–2025), chưa dùng cho khen thưởng khác: chưa đạt (0/2 sáng "
        "kiến cấp cơ sở trở lên hợp lệ).",
        "<strong>Chiến sĩ thi đua bộ, ban, ngành, tỉnh</strong>: Chưa thể đạt Chiến sĩ thi đua bộ, "
        "ban, ngành, tỉnh trong 6 năm tới chỉ bằng thành tích hằng năm: Đạt danh hiệu Chiến sĩ thi "
        "đua cơ sở 3 năm liên tục 2023–2025: chưa đạt (không đạt năm 2024, 2025). Có sáng kiến cấp "
        "bộ, tỉnh trở lên được công nhận (các năm đến 2025): chưa đạt (0/1 sáng kiến cấp bộ, tỉnh "
        "trở lên hợp lệ).",
        "<strong>Chiến sĩ thi đua toàn quốc</strong>: Chưa thể đạt Chiến sĩ thi đua toàn quốc trong "
        "6 năm tới chỉ bằng thành tích hằng năm: Được tặng Chiến sĩ thi đua bộ, ban, ngành, tỉnh năm "
        "2025: chưa đạt (không đạt năm 2025). Lần Chiến sĩ thi đua bộ, ban, ngành, tỉnh liền trước "
        "trong năm 2022: chưa đạt (0/1 lần: không có). Có sáng kiến phạm vi toàn quốc trong "
        "2020–2025: chưa đạt (0/1 sáng kiến toàn quốc trở lên hợp lệ).",
        "<strong>Huân chương Lao động hạng Ba</strong>: Chưa thể đạt Huân chương Lao động hạng Ba "
        "trong 6 năm tới chỉ bằng thành tích hằng năm: Đã được tặng Bằng khen của Thủ tướng Chính "
        "phủ, sau đó đủ số năm liên tục: chưa đạt (chưa có Bằng khen của Thủ tướng Chính phủ trước "
        "năm 2025). Trong năm 2025, năm nào cũng xếp loại từ hoàn thành tốt nhiệm vụ trở lên: chưa đạt (không "
        "có mốc Bằng khen của Thủ tướng Chính phủ để tính thời gian). Trong năm 2025 có ít nhất 1 "
        "năm hoàn thành xuất sắc nhiệm vụ: chưa đạt (không có mốc Bằng khen của Thủ tướng Chính phủ "
        "để tính thời gian). Trong năm 2025 có 3 lần đạt Chiến sĩ thi đua cơ sở: chưa đạt (không có "
        "mốc Bằng khen của Thủ tướng Chính phủ để tính thời gian).",
    ]
    assert _reuse_items(html) == []
    assert "Không thấy thành tích nào ghi trùng hoặc đã dùng cho khen thưởng khác." in html


def test_eligibility_page_shows_reuse_findings(registry: Registry) -> None:
    person, decision = registry.person, registry.decision
    services.record_year(actor=None, subject=person, year=2024, rating="HTXSNV")
    services.confer(actor=None, subject=person, year=2024, code="BK_BO", decision=decision)
    services.confer(actor=None, subject=person, year=2024, code="GIAY_KHEN", decision=decision)
    services.confer(
        actor=None, subject=person, year=2024, code="LDTT", decision=decision, used_for="BK_TTG:2025"
    )
    url = reverse("awards:person_eligibility", args=[person.pk]) + "?target=BK_BO&year=2024"
    html = _client(registry.world.member_officer).get(url).content.decode()
    assert _reuse_items(html) == [
        "Thành tích năm 2024 được khen nhiều hình thức (Bằng khen của bộ, ban, ngành, tỉnh, Giấy khen); "
        "cần kiểm tra có trùng thành tích không.",
        "Lao động tiên tiến năm 2024 được ghi là đã dùng để xét Bằng khen của Thủ tướng Chính phủ năm "
        "2025 nhưng sổ không có khen thưởng đó (hoặc đã bị thu hồi).",
        "Đã có Bằng khen của bộ, ban, ngành, tỉnh cho thành tích năm 2024; đề nghị bị trùng.",
    ]
