"""The editor's choice lists stay within the editor's scope, so they stay short at national scale."""

from __future__ import annotations

import datetime

from tests.factories import World, make_unit
from thidua.accounts.models import User
from thidua.clusters import services as cluster_services
from thidua.news.forms import ArticleForm
from thidua.organisations.enums import UnitKind


def test_article_form_offers_only_the_editors_units_clusters_and_recent_conferences(
    world: World, editor: User
) -> None:
    other_ministry = make_unit(code="BO-KHAC", name="Bộ Khác", kind=UnitKind.MINISTRY)
    other_cluster = cluster_services.create_cluster(
        actor=None, authority=other_ministry, number=1, name="Cụm khác"
    )
    this_year = datetime.date.today().year
    recent = cluster_services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=this_year,
        kind="other",
        title="Hội nghị năm nay",
        date=datetime.date(this_year, 1, 15),
        place="Hà Nội",
    )
    old = cluster_services.create_conference(
        actor=None,
        cluster=world.cluster,
        year=2018,
        kind="other",
        title="Hội nghị 2018",
        date=datetime.date(2018, 3, 30),
        place="Hải Dương",
    )
    form = ArticleForm(user=editor)
    assert other_ministry not in form.fields["unit"].queryset
    assert world.ministry in form.fields["unit"].queryset
    assert list(form.fields["cluster"].queryset) == [world.cluster]
    assert other_cluster not in form.fields["cluster"].queryset
    assert list(form.fields["conference"].queryset) == [recent]
    # Editing an article about an older conference keeps that conference selectable.
    editing = ArticleForm(user=editor, initial={"conference": old})
    assert set(editing.fields["conference"].queryset) == {recent, old}
    # An article owned by a body since closed keeps its owner on the form (saving must not drop it).
    world.ministry.active_to = datetime.date(2025, 2, 28)
    world.ministry.save()
    assert world.ministry not in ArticleForm(user=editor).fields["unit"].queryset
    assert (
        world.ministry in ArticleForm(user=editor, initial={"unit": world.ministry}).fields["unit"].queryset
    )


def test_years_are_read_by_the_one_year_parser_on_pages_and_in_the_api(world: World, client) -> None:
    """Issue 8: the news app's years are `thidua.core.years` (page forms: YearField; API: the
    bounded EmulationYearValue; services: check_year), with its one message."""
    import json

    from tests.factories import make_user
    from thidua.accounts.enums import Role
    from thidua.news.forms import HonourForm
    from thidua.news.models import Article

    editor = make_user("bientap", (Role.EDITOR, world.ministry))
    for value, message in [
        ("1989", "Năm 1989 nằm ngoài khoảng 1990–2100."),
        ("٢٠١٨", "Năm phải là số nguyên viết bằng chữ số 0–9, trong khoảng 1990–2100."),
    ]:
        form = ArticleForm({"year": value}, user=editor)
        assert form.errors["year"] == [message]
        form = HonourForm({"year": value}, user=editor)
        assert form.errors["year"] == [message]
    client.force_login(editor)
    payload = {
        "unit_code": world.ministry.code,
        "title": "T",
        "summary": "S",
        "body": "<p>B</p>",
        "year": 1800,
    }
    response = client.post("/api/v1/articles", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    body = response.json()  # the schema states the bounds; ninja refuses before the service runs
    assert (body["message"], list(body["fields"])) == (
        "Dữ liệu gửi lên không hợp lệ; xem từng trường trong «fields».",
        ["year"],
    )
    assert Article.objects.count() == 0
