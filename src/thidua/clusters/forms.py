from __future__ import annotations

from django import forms

from thidua.core.forms import YearField
from thidua.organisations.models import Unit


class YearForm(forms.Form):
    year = YearField(label="Năm")


class UnitChoiceField(forms.ModelChoiceField):
    """Units by name and code: two units may share a name (a department before and after a rename)."""

    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


class AddMemberForm(YearForm):
    unit = UnitChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.order_by("sort_key"),
        to_field_name="code",
        empty_label="— chọn đơn vị —",
    )

    def __init__(self, *args: object, candidates: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if candidates is not None:  # what the picker shows; a post is checked by the service
            self.fields["unit"].queryset = candidates  # type: ignore[attr-defined]


class CarryOverForm(forms.Form):
    from_year = YearField(label="Sao chép từ năm")
    to_year = YearField(label="Sang năm")


class LeadershipForm(YearForm):
    leader = forms.ModelChoiceField(label="Trưởng cụm", queryset=Unit.objects.none(), to_field_name="code")
    deputy = forms.ModelChoiceField(
        label="Phó trưởng cụm", queryset=Unit.objects.none(), to_field_name="code", required=False
    )
    decided_by = forms.CharField(label="Căn cứ (số quyết định)", max_length=255, required=False)

    def __init__(self, *args: object, members: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if members is not None:
            self.fields["leader"].queryset = members  # type: ignore[attr-defined]
            self.fields["deputy"].queryset = members  # type: ignore[attr-defined]
