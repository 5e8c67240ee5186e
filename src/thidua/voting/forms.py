from __future__ import annotations

from typing import Any

from django import forms

from thidua.clusters.models import Cluster

from .enums import Disclosure, ThresholdBase
from .rules import may_organise_for

MAX_VOTER_LINES = 500


class SelectionForm(forms.Form):
    """A cluster's selection vote. Candidates are the cluster's members that year (or its ranking)."""

    cluster = forms.ModelChoiceField(queryset=Cluster.objects.order_by("sort_key"), label="Cụm, khối thi đua")
    year = forms.IntegerField(min_value=1990, max_value=2100, label="Năm")
    title = forms.CharField(max_length=300, label="Tên phiên bỏ phiếu")
    seats = forms.IntegerField(min_value=1, max_value=200, initial=1, label="Số đơn vị được chọn")
    threshold_share = forms.CharField(
        max_length=20,
        required=False,
        label="Tỉ lệ cần đạt (để trống: theo quy định, trên 50%)",
        help_text="Phần trăm, ví dụ 50, hoặc phân số, ví dụ 2/3.",
    )
    threshold_base = forms.ChoiceField(
        choices=ThresholdBase.choices, initial=ThresholdBase.ALL, label="Tính trên"
    )
    threshold_strict = forms.BooleanField(
        required=False, initial=True, label="Phải vượt tỉ lệ (trên, quá nửa)"
    )
    disclosure = forms.ChoiceField(
        choices=Disclosure.choices, initial=Disclosure.FULL, label="Công bố kết quả"
    )
    held_on = forms.DateField(required=False, label="Ngày bỏ phiếu", input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    place = forms.CharField(max_length=255, required=False, label="Địa điểm")
    voters = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), label="Cử tri (mỗi dòng một đại biểu)", max_length=60_000
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clusters = Cluster.objects.select_related("authority").prefetch_related("leaderships__leader")
        mine = [c.pk for c in clusters.order_by("sort_key") if may_organise_for(user, c)]
        self.fields["cluster"].queryset = Cluster.objects.filter(pk__in=mine).order_by("sort_key")  # type: ignore[attr-defined]

    def clean_voters(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["voters"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError("Cần ít nhất một cử tri.")
        if len(lines) > MAX_VOTER_LINES:
            raise forms.ValidationError(f"Tối đa {MAX_VOTER_LINES} cử tri.")
        if any(len(line) > 300 for line in lines):
            raise forms.ValidationError("Mỗi dòng tối đa 300 ký tự.")
        return lines
