"""Forms of the editor pages. They only shape input; services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from thidua.accounts.selectors import scope_filter
from thidua.clusters.models import Cluster, Conference
from thidua.core.forms import DateInput, YearField
from thidua.news.enums import ConsentMethod, HonourKind, HonourSource
from thidua.news.models import Category
from thidua.news.rules import WRITERS
from thidua.organisations.enums import UnitKind
from thidua.organisations.models import Unit


def editable_units(user: Any) -> Any:
    """Units the editor publishes for. Administrators see every unit but the divisions (at national
    scale tens of thousands), which do not run their own news."""
    condition = scope_filter(user, *WRITERS)
    units = Unit.objects.filter(active_to__isnull=True).order_by("sort_key")
    if condition is None:
        return units.exclude(kind=UnitKind.DIVISION)
    return units.filter(condition)


def reportable_clusters(user: Any) -> Any:
    """Clusters whose authority lies in the editor's scope (all for administrators)."""
    condition = scope_filter(user, *WRITERS, path_field="authority__path")
    clusters = Cluster.objects.select_related("authority").order_by("authority__sort_key", "kind", "number")
    return clusters if condition is None else clusters.filter(condition)


def reportable_conferences(user: Any) -> Any:
    """Recent conferences of those clusters: a news desk reports on this year's and last year's."""
    since = timezone.localdate().year - 1
    return (
        Conference.objects.filter(cluster__in=reportable_clusters(user), year__gte=since)
        .select_related("cluster")
        .order_by("-date")
    )


class ArticleForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đơn vị đăng tin")
    title = forms.CharField(label="Tiêu đề", max_length=300)
    summary = forms.CharField(label="Tóm tắt", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    # The textarea holds the HTML; news/js/editor.js turns it into a small contenteditable editor
    # (toolbar, paste from Word) and writes the HTML back before the form is sent. Without
    # JavaScript the textarea still works. The server sanitises whatever arrives (services.sanitize_html).
    body = forms.CharField(
        label="Nội dung",
        widget=forms.Textarea(attrs={"rows": 16, "data-richtext": "1", "class": "richtext-source"}),
    )
    category = forms.ModelChoiceField(queryset=Category.objects.all(), required=False, label="Chuyên mục")
    tags = forms.CharField(label="Thẻ (cách nhau bằng dấu phẩy)", required=False, max_length=500)
    byline = forms.CharField(label="Tác giả (ghi ở cuối bài)", required=False, max_length=150)
    cluster = forms.ModelChoiceField(queryset=Cluster.objects.none(), required=False, label="Cụm thi đua")
    year = YearField(label="Năm thi đua", required=False)
    conference = forms.ModelChoiceField(
        queryset=Conference.objects.none(), required=False, label="Hội nghị được đưa tin"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = editable_units(user)
        owner = self.initial.get("unit")
        if owner is not None:
            # An article of a body since merged keeps its owner selectable (a save must not drop it).
            units = units | Unit.objects.filter(pk=getattr(owner, "pk", owner))
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["cluster"].queryset = reportable_clusters(user)  # type: ignore[attr-defined]
        conferences = reportable_conferences(user)
        initial = self.initial.get("conference")
        if initial is not None:
            # A draft made from an older conference keeps it selectable.
            conferences = conferences | Conference.objects.filter(pk=getattr(initial, "pk", initial))
        self.fields["conference"].queryset = conferences  # type: ignore[attr-defined]


class ImageForm(forms.Form):
    image = forms.FileField(label="Tệp ảnh (JPEG, PNG, WebP, GIF; tối đa 8 MB)")
    caption = forms.CharField(label="Chú thích ảnh", max_length=300)
    credit = forms.CharField(label="Tác giả ảnh", required=False, max_length=150)


class PublishForm(forms.Form):
    published_at = forms.DateTimeField(
        label="Thời điểm xuất bản (để trống: ngay bây giờ)",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do", max_length=500)


class HonourForm(forms.Form):
    kind = forms.ChoiceField(choices=HonourKind.choices, label="Cá nhân hay tập thể")
    display_name = forms.CharField(label="Tên hiển thị", max_length=200)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label="Đơn vị")
    year = YearField(label="Năm")
    achievement = forms.CharField(
        label="Thành tích", widget=forms.Textarea(attrs={"rows": 5}), max_length=3000
    )
    source = forms.ChoiceField(choices=HonourSource.choices, label="Nguồn")
    source_reference = forms.CharField(label="Số quyết định (nếu có)", required=False, max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable_units(user)  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    given_by = forms.CharField(label="Người đồng ý", max_length=200)
    given_on = forms.DateField(
        label="Ngày đồng ý",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DateInput,
    )
    method = forms.ChoiceField(choices=ConsentMethod.choices, label="Hình thức đồng ý")
    note = forms.CharField(label="Ghi chú", required=False, max_length=300)
