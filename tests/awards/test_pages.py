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
    assert "Gần đạt trong năm 2024" in html
    bad = _client(registry.world.member_officer).get(url.replace("2024", "2010")).content.decode()
    assert "trước mọi bộ quy tắc" in bad


def test_rule_set_and_catalogue_pages(db: None) -> None:
    html = Client().get(reverse("awards:rule_set", args=["LAW_2022"])).content.decode()
    assert "Chiến sĩ thi đua cơ sở (CSTDCS)" in html
    assert "Điều 23, khoản 2" in html
    html = Client().get(reverse("awards:catalogue")).content.decode()
    assert "Huân chương Lao động hạng Nhì" in html
    assert "chưa xác minh" in html


def test_parameters_page_post_is_for_administrators(registry: Registry) -> None:
    url = reverse("awards:parameters", args=["LAW_2022"])
    _client(registry.world.member_officer).post(url, {"name": "min_months_worked", "value": "9"})
    from thidua.awards.models import RuleParameter

    assert not RuleParameter.objects.exists()
    _client(registry.world.administrator).post(url, {"name": "min_months_worked", "value": "9"})
    assert RuleParameter.objects.get().value == 9


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
    with django_assert_num_queries(9):  # type: ignore[operator]
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
    with django_assert_num_queries(5):  # type: ignore[operator]
        html = client.get(reverse("awards:people")).content.decode()
    assert html.count("Xét điều kiện<span") == count
