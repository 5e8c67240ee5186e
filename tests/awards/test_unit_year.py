"""A unit's own year: ratings (page and Excel, all or nothing, corrections with a reason), where a
person who moved is reviewed, the review list from the batch engine, statistics, the person's view."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import World, make_person, make_user
from thidua.accounts.enums import Role
from thidua.awards import services
from thidua.awards.eligibility import ALL_RULE_SETS, evaluate
from thidua.awards.models import YearRecord
from thidua.awards.review import cstdcs_quota, unit_review
from thidua.awards.selectors import build_case, overrides_for
from thidua.awards.services.ratings import RatingInput, import_ratings, rate_person, ratings_template
from thidua.awards.unit_year import placements
from thidua.core.audit import AuditEntry
from thidua.core.errors import Forbidden, InvalidInput
from thidua.organisations import services as org_services
from thidua.organisations.models import Person

YEAR = 2018


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "Xếp loại"
    sheet.append(["Mã cá nhân", "Họ và tên", "Xếp loại", "Kỷ luật", "Tháng", "Nghỉ chế độ", "Nghỉ", "Lý do"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _transfer(person: Person, unit: object, on: datetime.date) -> None:
    org_services.appoint_person(actor=None, person=person, unit=unit, title="Chuyên viên", start=on)  # type: ignore[arg-type]


@pytest.fixture
def people(world: World) -> list[Person]:
    return [
        make_person(unit=world.unit_b, full_name="Trần Thị Bình"),
        make_person(unit=world.unit_b, full_name="Lê Văn An"),
    ]


# --- placement of a person who moved during the year -------------------------------------------


def test_person_transferred_mid_year_is_reviewed_by_the_unit_of_year_end(world: World) -> None:
    """domain.md §2.2 [S38]: the new agency decides, with the old one's written comments when the
    person worked there 6 months or more."""
    person = make_person(unit=world.unit_a, full_name="Phạm Văn Cường")
    _transfer(person, world.unit_b, datetime.date(YEAR, 8, 1))  # 7 months in A, 5 in B

    in_b = {p.person.pk: p for p in placements(world.unit_b, YEAR)}[person.pk]
    in_a = {p.person.pk: p for p in placements(world.unit_a, YEAR)}[person.pk]
    assert (in_b.placed_here, in_b.months_here, in_b.needs_comments_from) == (True, 5, (world.unit_a.name,))
    assert (in_a.placed_here, in_a.months_here, in_a.placed_unit_name) == (False, 7, world.unit_b.name)
    assert [row.person.pk for row in unit_review(world.unit_b, YEAR)] == [person.pk]
    assert unit_review(world.unit_a, YEAR) == []

    officer_a = make_user("canbo.a", (Role.MEMBER_OFFICER, world.unit_a))
    with pytest.raises(Forbidden, match="do Sở Tài nguyên và Môi trường tỉnh Bắc Ninh xếp loại năm 2018"):
        rate_person(actor=officer_a, unit=world.unit_a, year=YEAR, item=RatingInput(person, "HTTNV"))
    rate_person(actor=world.member_officer, unit=world.unit_b, year=YEAR, item=RatingInput(person, "HTTNV"))
    assert YearRecord.objects.get(person=person, year=YEAR).rating == "HTTNV"


def test_a_short_stint_needs_no_comments(world: World) -> None:
    person = make_person(unit=world.unit_a, full_name="Phạm Văn Cường")
    _transfer(person, world.unit_b, datetime.date(YEAR, 3, 1))  # 2 months in A
    in_b = {p.person.pk: p for p in placements(world.unit_b, YEAR)}[person.pk]
    assert (in_b.months_here, in_b.needs_comments_from) == (10, ())


# --- ratings entered on the page, corrected with a reason ----------------------------------------


def test_rating_entered_then_corrected_only_with_a_reason(world: World, people: list[Person]) -> None:
    binh = people[0]
    officer = world.member_officer
    rate_person(actor=officer, unit=world.unit_b, year=YEAR, item=RatingInput(binh, "HTTNV", absence_days=3))
    with pytest.raises(InvalidInput, match="điều chỉnh cần ghi lý do"):
        rate_person(actor=officer, unit=world.unit_b, year=YEAR, item=RatingInput(binh, "HTXSNV"))
    assert YearRecord.objects.get(person=binh, year=YEAR).rating == "HTTNV"
    rate_person(
        actor=officer,
        unit=world.unit_b,
        year=YEAR,
        item=RatingInput(binh, "HTXSNV", absence_days=3, reason="Hội đồng xét lại ngày 05/01/2019"),
    )
    record = YearRecord.objects.get(person=binh, year=YEAR)
    assert (record.rating, record.note) == ("HTXSNV", "Điều chỉnh: Hội đồng xét lại ngày 05/01/2019")
    entries = list(
        AuditEntry.objects.filter(object_type="awards.yearrecord", object_id=str(record.pk)).order_by("id")
    )
    assert [e.action for e in entries] == ["awards.rating.enter", "awards.rating.correct"]
    assert entries[1].before["rating"] == "HTTNV"
    assert entries[1].after["reason"] == "Hội đồng xét lại ngày 05/01/2019"


def test_rating_page_saves_one_row(world: World, people: list[Person]) -> None:
    binh = people[0]
    url = reverse("awards:rating_save", args=[world.unit_b.code, YEAR, binh.pk])
    prefix = f"p{binh.pk}"
    data = {
        f"{prefix}-rating": "HTXSNV",
        f"{prefix}-discipline": "",
        f"{prefix}-months_worked": "12",
        f"{prefix}-statutory_leave_months": "0",
        f"{prefix}-absence_days": "2",
        f"{prefix}-reason": "",
    }
    response = _client(world.member_officer).post(url, data)
    assert response.status_code == 302
    assert YearRecord.objects.get(person=binh, year=YEAR).absence_days == 2
    page = _client(world.member_officer).get(reverse("awards:unit_ratings", args=[world.unit_b.code, YEAR]))
    html = page.content.decode()
    assert "Đã xếp loại 1/2 người do đơn vị xét năm 2018." in html
    bad = _client(world.member_officer).post(url, {**data, f"{prefix}-months_worked": "13"})
    assert bad.status_code == 422
    assert YearRecord.objects.get(person=binh, year=YEAR).months_worked == 12


# --- the Excel import: all or nothing, row errors ---------------------------------------------------


def test_import_is_all_or_nothing_with_row_errors(world: World, people: list[Person]) -> None:
    binh, an = people
    stranger = make_person(unit=world.unit_c, full_name="Đỗ Văn Dũng")
    rows = [
        [binh.pk, "Trần Thị Bình", "HTXSNV", "", 12, 0, 0, ""],
        [an.pk, "Lê Văn An", "GIOI", "", 12, 0, 0, ""],  # unknown rating
        [stranger.pk, "Đỗ Văn Dũng", "HTTNV", "", 12, 0, 0, ""],  # not this unit's
        [binh.pk, "Trần Thị Bình", "HTTNV", "", 8, 6, 0, ""],  # twice; 8 + 6 > 12
    ]
    with pytest.raises(InvalidInput) as error:
        import_ratings(actor=world.member_officer, unit=world.unit_b, year=YEAR, file=_xlsx(rows))
    message = error.value.message
    assert message.startswith("Tệp có 4 lỗi; chưa lưu dòng nào.")
    assert "dòng 3, cột C (Xếp loại): mã xếp loại «GIOI» không hợp lệ" in message
    assert f"dòng 4, cột A (Mã cá nhân): không có cá nhân mã «{stranger.pk}» công tác tại đơn vị" in message
    assert "dòng 5, cột A (Mã cá nhân): trùng với dòng 2." in message
    assert (
        "dòng 5, cột F (Số tháng nghỉ chế độ): số tháng nghỉ chế độ cộng số tháng công tác vượt quá 12."
        in message
    )
    assert not YearRecord.objects.filter(year=YEAR).exists()

    good = [
        [binh.pk, "Trần Thị Bình", "HTXSNV", "", 12, 0, 0, ""],
        [an.pk, "Lê Văn An", "HTNV", "KHIEN_TRACH", 6, 6, 12, ""],
    ]
    report = import_ratings(actor=world.member_officer, unit=world.unit_b, year=YEAR, file=_xlsx(good))
    assert (report.entered, report.corrected, report.unchanged) == (2, 0, 0)
    assert YearRecord.objects.get(person=an, year=YEAR).discipline == "KHIEN_TRACH"
    # A changed stored rating without a reason is a row error; with one it is a correction.
    changed = [[binh.pk, "Trần Thị Bình", "HTTNV", "", 12, 0, 0, ""]]
    with pytest.raises(InvalidInput, match=r"dòng 2, cột H .*đã có xếp loại HTXSNV"):
        import_ratings(actor=world.member_officer, unit=world.unit_b, year=YEAR, file=_xlsx(changed))
    changed[0][7] = "Nhập nhầm"
    report = import_ratings(actor=world.member_officer, unit=world.unit_b, year=YEAR, file=_xlsx(changed))
    assert (report.entered, report.corrected, report.unchanged) == (0, 1, 0)


def test_template_round_trips(world: World, people: list[Person]) -> None:
    rate_person(
        actor=world.member_officer, unit=world.unit_b, year=YEAR, item=RatingInput(people[0], "HTTNV")
    )
    content = ratings_template(actor=world.member_officer, unit=world.unit_b, year=YEAR)
    sheet = load_workbook(io.BytesIO(content))["Xếp loại"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == ["Lê Văn An", "Trần Thị Bình"]  # Vietnamese order: given name first
    assert rows[1][2] == "HTTNV"
    rows[0][2] = "HTXSNV"
    report = import_ratings(actor=world.member_officer, unit=world.unit_b, year=YEAR, file=_xlsx(rows))
    assert (report.entered, report.corrected, report.unchanged) == (1, 0, 1)


def test_outsider_is_refused_every_write(world: World, people: list[Person]) -> None:
    binh = people[0]
    for user in (world.outsider, world.cluster_leader, world.council_member):
        with pytest.raises(Forbidden):
            rate_person(actor=user, unit=world.unit_b, year=YEAR, item=RatingInput(binh, "HTTNV"))
        with pytest.raises(Forbidden):
            import_ratings(actor=user, unit=world.unit_b, year=YEAR, file=_xlsx([[binh.pk, "", "HTTNV"]]))
        with pytest.raises(Forbidden):
            ratings_template(actor=user, unit=world.unit_b, year=YEAR)
    client = _client(world.outsider)
    save = reverse("awards:rating_save", args=[world.unit_b.code, YEAR, binh.pk])
    assert client.post(save, {f"p{binh.pk}-rating": "HTTNV"}).status_code == 404
    upload = reverse("awards:ratings_import", args=[world.unit_b.code, YEAR])
    assert client.post(upload, {"file": _xlsx([[binh.pk, "", "HTTNV"]])}).status_code == 404
    for name in ("unit_ratings", "unit_review", "unit_statistics", "ratings_template"):
        assert client.get(reverse(f"awards:{name}", args=[world.unit_b.code, YEAR])).status_code == 404
    assert not YearRecord.objects.exists()


# --- the review: batch verdicts equal the single evaluator, with reasons; constant queries ----------


def test_review_matches_the_single_evaluator(world: World, people: list[Person]) -> None:
    binh, an = people
    for year in (2016, 2017):
        services.record_year(actor=None, subject=binh, year=year, rating="HTXSNV")
    services.add_initiative(actor=None, subject=binh, code="SK-1", year=YEAR, scope="CO_SO")
    rate_person(actor=world.member_officer, unit=world.unit_b, year=YEAR, item=RatingInput(binh, "HTXSNV"))
    rate_person(actor=world.member_officer, unit=world.unit_b, year=YEAR, item=RatingInput(an, "HTNV"))
    rows = {row.person.pk: row for row in unit_review(world.unit_b, YEAR)}
    for person in people:
        for code, outcome in rows[person.pk].outcomes.items():
            case = build_case(subject=person, target_code=code, year=YEAR)
            single = evaluate(
                case, rule_sets=ALL_RULE_SETS, overrides=overrides_for(year=YEAR, requested=None)
            )
            assert outcome.verdict == single.verdict, (person, code)
    assert rows[binh.pk].outcome("LDTT").verdict == "eligible"
    assert rows[an.pk].outcome("LDTT").verdict == "not_eligible"
    assert any("hoàn thành tốt nhiệm vụ" in m.lower() for m in rows[an.pk].outcome("LDTT").missing)


def test_quota_is_the_rule_sets(db: None) -> None:
    assert cstdcs_quota(ldtt=20, year=2018) == 3  # Decree 91/2017: 15%
    assert cstdcs_quota(ldtt=20, year=2024) is None  # Law 06/2022: none


@pytest.mark.parametrize("name", ["unit_review", "unit_ratings", "unit_statistics"])
def test_unit_pages_keep_constant_queries(
    world: World, django_assert_max_num_queries: object, name: str
) -> None:
    def load(n: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for i in range(n):
            person = make_person(unit=world.unit_b, full_name=f"Nguyễn Văn Số{n}x{i}")
            services.record_year(actor=None, subject=person, year=YEAR, rating="HTTNV")
        client = _client(world.member_officer)
        url = reverse(f"awards:{name}", args=[world.unit_b.code, YEAR])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = load(1)
    assert load(2) == first  # 1 person, then 3 people


def test_statistics_and_person_view(world: World, people: list[Person]) -> None:
    binh = people[0]
    rate_person(actor=world.member_officer, unit=world.unit_b, year=YEAR, item=RatingInput(binh, "HTXSNV"))
    decision = services.record_decision(
        actor=None, number="05/QĐ-STNMT", date=datetime.date(2019, 1, 15), authority="Giám đốc Sở B"
    )
    services.confer(actor=None, subject=binh, year=YEAR, code="LDTT", decision=decision)
    html = (
        _client(world.member_officer)
        .get(reverse("awards:unit_statistics", args=[world.unit_b.code, YEAR]))
        .content.decode()
    )
    assert "2 người do đơn vị xét năm 2018, đã xếp loại 1" in html
    own = make_user("binh")
    own.person = binh
    own.save()
    mine = _client(own).get(reverse("awards:me")).content.decode()
    assert "Thi đua, khen thưởng của tôi" in mine
    assert "Số 05/QĐ-STNMT ngày 15/01/2019, Giám đốc Sở B" in mine
    assert "Còn thiếu gì, và khi nào" in mine
    nobody = _client(world.outsider).get(reverse("awards:me")).content.decode()
    assert "chưa gắn với hồ sơ cá nhân nào" in nobody
