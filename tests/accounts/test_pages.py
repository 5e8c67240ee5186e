from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.factories import PASSWORD, World, make_unit
from thidua.clusters import services as cluster_services

LOCKED = "Bạn đã nhập sai mật khẩu quá nhiều lần."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: sau nhiều lần sai, tài khoản bị tạm khóa."


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _client(user: object = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def test_login_page_is_in_vietnamese(db: None) -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert '<html lang="vi">' in html
    assert '<label for="id_username">Tên đăng nhập</label>' in html
    assert '<label for="id_password">Mật khẩu</label>' in html


def test_no_half_translated_english(db: None) -> None:
    """Issue 12 item 8: the English switch is gone until everything is translated; a visitor's
    English browser or an old language cookie still gets the Vietnamese page."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "English" not in html
    assert client.post("/i18n/setlang/", {"language": "en"}).status_code == 404


def test_login_with_a_wrong_password_says_so_in_vietnamese(world: World) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "canbo.b", "password": "sai"})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session  # the client that tried, not a fresh one


def test_login_then_dashboard_then_logout(world: World) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": "canbo.b", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/accounts/dashboard/")
    assert int(client.session["_auth_user_id"]) == world.member_officer.pk
    assert "<h1>Bảng điều khiển</h1>" in client.get("/accounts/dashboard/").content.decode()
    response = client.post("/accounts/logout/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/dashboard/")["Location"] == "/accounts/login/?next=/accounts/dashboard/"


def test_login_is_locked_after_five_failures_even_with_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(4):
        assert (
            WRONG
            in client.post("/accounts/login/", {"username": "canbo.b", "password": "sai"}).content.decode()
        )
    fifth = client.post("/accounts/login/", {"username": "canbo.b", "password": "sai"})
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    right = client.post("/accounts/login/", {"username": "canbo.b", "password": PASSWORD})
    assert right.status_code == 429
    html = right.content.decode()
    assert "<h1>Tạm khóa đăng nhập</h1>" in html
    assert LOCKED in html
    assert "_auth_user_id" not in client.session
    # The refused attempt with the right password counts as one more failure.
    assert AccessAttempt.objects.get(username="canbo.b").failures_since_start == 6
    # Another account from the same address is not locked (lockout is per name and address).
    assert (
        Client().post("/accounts/login/", {"username": "truongcum.a", "password": PASSWORD}).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        (
            "outsider",
            ["Tài khoản chưa được phân vai trò nào. Hãy liên hệ quản trị hệ thống."],
            ["Cụm, khối bạn quản lý"],
        ),
        (
            "member_officer",
            [
                "Cán bộ thi đua đơn vị thành viên – Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
                "Cụm, khối của đơn vị bạn 2018: Cụm thi đua số 1 – Sở Tài nguyên và Môi trường tỉnh Bắc Ninh",
            ],
            ["Cụm, khối bạn quản lý", "Đơn vị của bạn làm trưởng cụm"],
        ),
        (
            "cluster_leader",
            [
                "Cán bộ đơn vị trưởng cụm – Sở Tài nguyên và Môi trường tỉnh An Giang",
                "Đơn vị của bạn làm trưởng cụm 2018: Cụm thi đua số 1 (Sở Tài nguyên và Môi trường tỉnh An Giang)",
            ],
            ["Cụm, khối bạn quản lý"],
        ),
        (
            "ministry_officer",
            [
                "Cán bộ Vụ Thi đua – Khen thưởng – Bộ Thử nghiệm",
                "Cụm, khối bạn quản lý Cụm thi đua số 1 – Bộ Thử nghiệm",
            ],
            ["Đơn vị của bạn làm trưởng cụm"],
        ),
        (
            "council_member",
            ["Thành viên Hội đồng Thi đua – Khen thưởng – Bộ Thử nghiệm"],
            ["Cụm, khối bạn quản lý"],
        ),
        (
            "administrator",
            ["Quản trị hệ thống", "Cụm, khối bạn quản lý Cụm thi đua số 1 – Bộ Thử nghiệm"],
            [],
        ),
    ],
)
def test_dashboard_shows_the_panels_of_each_role(
    world: World, persona: str, expected: list[str], absent: list[str]
) -> None:
    text = _text(_client(getattr(world, persona)).get("/accounts/dashboard/").content.decode())
    for phrase in expected:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_does_not_grow_with_clusters(
    world: World, django_assert_num_queries, count: int
) -> None:
    for year in range(2019, 2019 + count - 1):
        cluster_services.add_member(actor=None, cluster=world.cluster, unit=world.unit_b, year=year)
    for n in range(2, count + 1):
        cluster_services.create_cluster(
            actor=None, authority=world.ministry, number=n, name=f"Cụm thi đua số {n}"
        )
    # the ministry officer's reach adds its lineage lookups (once per request, thidua.accounts.access);
    # the "việc cần làm" list its open emulation years (none here); the proposals app's tasks the
    # dossiers to act on (two lists) and the council sessions to attend; for one who issues
    # decisions (the ministry officer), one more: the issued decisions not printed yet; the unit's
    # own year, its units that review their people and, for their officers, the year's dossiers
    # (issue 18), and for one who signs, the draft decisions
    for user, queries in ((world.member_officer, 15), (world.ministry_officer, 16)):
        client = _client(user)
        with django_assert_num_queries(queries):
            client.get("/accounts/dashboard/")
    text = _text(_client(world.member_officer).get("/accounts/dashboard/").content.decode())
    assert text.count(": Cụm thi đua số 1 – Sở Tài nguyên và Môi trường tỉnh Bắc Ninh") == count


def test_home_page_lists_clusters_and_recent_conferences(world: World) -> None:
    import datetime

    cluster_services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=2018,
        kind="signing",
        title="Hội nghị ký kết giao ước thi đua năm 2018",
        date=datetime.date(2018, 3, 30),
        place="Thành phố Hải Dương",
    )
    html = Client().get("/").content.decode()
    text = _text(html)
    assert "<h1>Thi đua, khen thưởng</h1>" in html
    assert "Cụm, khối thi đua Cụm thi đua số 1 Bộ Thử nghiệm" in text
    assert (
        "Hội nghị gần đây Hội nghị ký kết giao ước thi đua năm 2018 – 30/03/2018, Thành phố Hải Dương" in text
    )
    assert f'href="/clusters/{world.cluster.pk}/?year=2018"' in html
    assert "default-src 'self'" in Client().get("/")["Content-Security-Policy"]


@pytest.mark.parametrize("count", [1, 3])
def test_home_page_query_count_does_not_grow(world: World, django_assert_num_queries, count: int) -> None:
    import datetime

    for n in range(2, count + 1):
        cluster_services.create_cluster(
            actor=None, authority=make_unit(name=f"Bộ {n}"), number=1, name=f"Cụm {n}"
        )
    for n in range(count):
        cluster_services.create_conference(
            actor=None,
            cluster=world.cluster,
            year=2018,
            kind="other",
            title=f"Hội nghị {n}",
            date=datetime.date(2018, 4, 1 + n),
            place="Hà Nội",
            host=world.unit_a,
        )
    # clusters, conferences, articles, honour board: one query each, however many there are
    with django_assert_num_queries(4):
        html = Client().get("/").content.decode()
    assert html.count('class="card"') == count
