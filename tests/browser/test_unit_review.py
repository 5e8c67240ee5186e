"""Browser: a unit of 200 people reviews its 2018 year (issue 18). The officer filters the review
to those eligible for CSTĐCS, ticks LĐTT and CSTĐCS, is stopped by the quota with its numbers,
unticks, sends the dossier to the head, records the unit council's minutes and drafts the decision;
the head issues it and the registry holds every title. axe-core clean; screenshots at 1366×768
and 390×844 under /tmp/h-unit-shots/ when that folder exists."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD, World
from tests.proposals.conftest import unit_head
from thidua.awards import services as registry
from thidua.awards.models import Conferral, YearRecord
from thidua.core.text import person_sort_key
from thidua.organisations.models import Person, Position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2018
SHOTS = Path("/tmp/h-unit-shots")  # noqa: S108 - only written when a developer made it
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Linh", "Nam", "Sơn", "Trung"]


def _assert_accessible(page: Page) -> None:
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]


def _login(browser: Browser, base: str, username: str, **context: object) -> Page:
    page = browser.new_context(locale="vi-VN", **context).new_page()  # type: ignore[arg-type]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def _shot(page: Page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / name), full_page=False)


def _unit_of_200(world: World) -> list[Person]:
    """200 people of unit B rated for 2018; the first ten (by name) excellent with an initiative."""
    rng = random.Random(18)
    names = sorted({(rng.choice(FAMILY), rng.choice(MIDDLE), f"{rng.choice(GIVEN)}") for _ in range(2000)})[
        :200
    ]
    people = Person.objects.bulk_create(
        [
            Person(
                family_name=f,
                middle_name=m,
                given_name=g,
                sort_key=person_sort_key(family_name=f, middle_name=m, given_name=g),
            )
            for f, m, g in names
        ]
    )
    Position.objects.bulk_create(
        [
            Position(person=p, unit=world.unit_b, title="Chuyên viên", start=datetime.date(2015, 1, 1))
            for p in people
        ]
    )
    ordered = sorted(people, key=lambda p: (p.sort_key, p.pk))
    stars = ordered[:10]
    YearRecord.objects.bulk_create(
        [YearRecord(person=p, year=YEAR, rating="HTXSNV" if p in stars else "HTTNV") for p in people]
    )
    for p in stars:
        registry.add_initiative(actor=None, subject=p, code=f"SK-{p.pk}", year=YEAR, scope="CO_SO")
    return stars


def test_review_of_a_200_person_unit_to_the_heads_decision(
    browser: Browser, live_server: object, world: World
) -> None:
    base = str(live_server)
    stars = _unit_of_200(world)
    url = f"{base}/khen-thuong/binh-xet/{world.unit_b.code}/{YEAR}/"
    officer = _login(browser, base, world.member_officer.username, viewport={"width": 1366, "height": 768})
    officer.goto(url)
    expect(officer.get_by_role("table")).to_contain_text("200 người do đơn vị xét năm 2018")
    _assert_accessible(officer)
    _shot(officer, "review-1366.png")

    # filter: who is eligible for CSTĐCS
    officer.get_by_label("Danh hiệu, hình thức").select_option("CSTDCS")
    officer.get_by_label("Kết quả").select_option("eligible")
    officer.get_by_role("button", name="Lọc").click()
    expect(officer.get_by_role("table")).to_contain_text("10 người do đơn vị xét năm 2018 (đã lọc)")

    # propose: the ten for LĐTT, three for CSTĐCS — over the quota (15% of 10 → 1)
    for person in stars:
        officer.get_by_label(f"Lao động tiên tiến – {person.full_name}", exact=True).check()
    for person in stars[:3]:
        officer.get_by_label(f"Chiến sĩ thi đua cơ sở – {person.full_name}", exact=True).check()
    officer.get_by_role("button", name="Lưu đề nghị trên trang này").click()
    expect(officer.get_by_text("Đã lưu đề nghị: thêm 13, bỏ 0.")).to_be_visible()
    expect(officer.get_by_role("table")).to_contain_text("(đã lọc)")  # back on the filtered page
    officer.get_by_role("button", name="Gửi Thủ trưởng đơn vị").click()
    expect(officer.get_by_text("Đề nghị 3 CSTĐCS, tối đa 1 (15% của 10 LĐTT).")).to_be_visible()
    _shot(officer, "review-quota-1366.png")

    officer.goto(url + "?target=CSTDCS&verdict=eligible")
    for person in stars[1:3]:
        officer.get_by_label(f"Chiến sĩ thi đua cơ sở – {person.full_name}", exact=True).uncheck()
    officer.get_by_role("button", name="Lưu đề nghị trên trang này").click()
    expect(officer.get_by_text("Đã lưu đề nghị: thêm 0, bỏ 2.")).to_be_visible()
    officer.get_by_role("button", name="Gửi Thủ trưởng đơn vị").click()
    expect(officer.get_by_text(f"đến {world.unit_b.name}")).to_be_visible()

    # the unit's council: minutes only
    officer.get_by_text("Ghi kết quả họp Hội đồng Thi đua – Khen thưởng cấp cơ sở").click()
    officer.get_by_label("Ngày họp (dd/mm/yyyy)").fill("08/01/2019")
    officer.get_by_label("Chủ trì").fill("Nguyễn Văn Hùng")
    officer.get_by_label("Thư ký").fill("Trần Thị Thu")
    officer.get_by_label("Thành viên Hội đồng (mỗi dòng một người)").fill(
        "Ông Nguyễn Văn Hùng — Chủ tịch\nBà Trần Thị Thu — Thư ký"
    )
    officer.get_by_role("button", name="Ghi kết quả họp Hội đồng").click()
    expect(officer.get_by_text("Đã ghi biên bản họp Hội đồng")).to_be_visible()

    # the head's decision: drafted by the officer, issued by the head
    officer.get_by_role("textbox", name="Người ký:", exact=True).fill("Ngô Văn Đức")
    officer.get_by_role("button", name="Lập dự thảo quyết định").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Dự thảo quyết định")
    draft = officer.url
    head_user = unit_head(world)
    head = _login(browser, base, head_user.username, viewport={"width": 1366, "height": 768})
    head.goto(draft)
    head.get_by_label("Ngày ký (dd/mm/yyyy)").fill("15/01/2019")
    head.get_by_label("Số (để trống: số tiếp theo của sổ)").fill("15")
    head.get_by_label("Chức vụ người ký").fill("GIÁM ĐỐC")
    head.once("dialog", lambda dialog: dialog.accept())
    head.get_by_role("button", name="Ban hành và ghi sổ khen thưởng").click()
    expect(head.get_by_role("heading", level=1)).to_have_text("Quyết định số 15/QĐ-STNMT")
    _assert_accessible(head)

    # the registry, seen from the review and from a person's timeline
    assert Conferral.objects.filter(record__year=YEAR, title__code="LDTT").count() == 10
    assert Conferral.objects.filter(record__year=YEAR, title__code="CSTDCS").count() == 1
    officer.goto(url)
    expect(officer.get_by_text("Quyết định số 15/QĐ-STNMT ngày 15/01/2019")).to_be_visible()
    officer.goto(f"{base}/awards/people/{stars[0].pk}/")
    expect(officer.get_by_text("15/QĐ-STNMT").first).to_be_visible()

    phone = _login(
        browser, base, world.member_officer.username, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone.goto(url)
    _assert_accessible(phone)
    _shot(phone, "review-390.png")
