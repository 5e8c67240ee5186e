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
