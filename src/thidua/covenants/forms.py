from __future__ import annotations

from django import forms

from thidua.core.forms import DateInput
from thidua.covenants.enums import Aggregation, CollectiveTarget, PlanItemKind, TieBreak


class PlanForm(forms.Form):
    title = forms.CharField(label="Tên kế hoạch", max_length=300)
    introduction = forms.CharField(label="Mở đầu", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=PlanItemKind.choices)
    text = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 2}))
    responsible_unit = forms.ModelChoiceField(
        label="Đơn vị chủ trì", queryset=None, required=False, to_field_name="code"
    )  # type: ignore[arg-type]
    deadline = forms.DateField(label="Thời hạn", required=False, widget=DateInput)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["responsible_unit"].queryset = units  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(label="Góp ý", widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class CovenantStartForm(forms.Form):
    SOURCES = [("template:so-tnmt", "Từ mẫu: Cụm các Sở Tài nguyên và Môi trường"), ("empty", "Bảng trống")]
    theme = forms.CharField(label="Chủ đề", widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.ChoiceField(label="Bắt đầu từ", choices=SOURCES)


class CovenantSettingsForm(forms.Form):
    theme = forms.CharField(label="Chủ đề", widget=forms.Textarea(attrs={"rows": 2}))
    commitments = forms.CharField(
        label="Nội dung giao ước (mỗi dòng một cam kết)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    total_points = forms.CharField(label="Tổng điểm", max_length=12)
    bonus_cap = forms.CharField(label="Trần điểm thưởng", max_length=12)
    penalty_cap = forms.CharField(label="Trần điểm trừ", max_length=12)
    aggregation = forms.ChoiceField(label="Tổng hợp điểm chấm chéo", choices=Aggregation.choices)
    trim_count = forms.IntegerField(label="Số điểm bỏ ở mỗi đầu (trung bình cắt)", min_value=0, max_value=3)
    self_score_counts = forms.BooleanField(label="Tính điểm tự chấm", required=False)
    self_score_weight = forms.CharField(label="Trọng số điểm tự chấm (0–1)", max_length=6)
    normalise = forms.BooleanField(label="Chuẩn hóa điểm", required=False)
    tie_break = forms.ChoiceField(label="Khi bằng điểm", choices=TieBreak.choices)


class SignForm(forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None, to_field_name="code")  # type: ignore[arg-type]
    signer_name = forms.CharField(label="Họ và tên người ký", max_length=150)
    signer_position = forms.CharField(label="Chức vụ", max_length=200)
    signed_on = forms.DateField(label="Ngày ký", widget=DateInput)
    place = forms.CharField(label="Địa điểm ký", max_length=255)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class RegistrationForm(forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None, to_field_name="code")  # type: ignore[arg-type]
    collective_targets = forms.MultipleChoiceField(
        label="Danh hiệu tập thể",
        choices=CollectiveTarget.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    people = forms.CharField(
        label="Cá nhân đăng ký (mỗi dòng: Họ và tên; Chức vụ; Danh hiệu, ví dụ Lao động tiên tiến hoặc LDTT)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label="Hạn đăng ký", widget=DateInput)


class ReopenForm(forms.Form):
    to_state = forms.ChoiceField(label="Mở lại về bước", choices=())
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")
