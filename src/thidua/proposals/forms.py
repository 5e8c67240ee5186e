"""Forms of the proposal pages: field checks only; the services decide everything else."""

from __future__ import annotations

from typing import Any

from django import forms

from thidua.awards.eligibility import codes
from thidua.core import clock
from thidua.core.forms import YearField

ALL_CODES = [
    (c, codes.legal_name(c))
    for c in codes.in_catalogue_order(codes.PERSON_TITLES | codes.COLLECTIVE_TITLES | codes.AWARDS)
    if c not in codes.ARMED_FORCES_TITLES
]
DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


def unit_label(unit: Any) -> str:
    """A body offered on a form, a closed one with its end (chosen only for the years it answers for)."""
    if unit.active_to is not None and unit.active_to < clock.today():
        return f"{unit.name} ({unit.end_note})"
    return str(unit.name)


class DossierForm(forms.Form):
    """A new dossier: of a cluster (the leading unit sends it to the cluster's authority) or of a
    unit for its own people; both picked by name from what the user acts for."""

    origin = forms.ChoiceField(label="Hồ sơ của")
    authority = forms.TypedChoiceField(label="Gửi đến (cấp quyết định)", coerce=int)
    year = YearField(label="Năm thành tích")
    title = forms.CharField(label="Tên hồ sơ", max_length=300)

    def __init__(
        self, *args: Any, senders: Any = (), clusters: Any = (), authorities: Any = (), **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        if clusters:
            groups.append(
                ("Cụm, khối thi đua (trưởng cụm gửi)", [(f"cluster:{c.pk}", c.name) for c in clusters])
            )
        if senders:
            groups.append(
                ("Đơn vị (cho cá nhân, tập thể của mình)", [(f"unit:{u.pk}", u.name) for u in senders])
            )
        self.fields["origin"].choices = groups  # type: ignore[attr-defined]
        self.fields["authority"].choices = [(u.pk, unit_label(u)) for u in authorities]  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    """One subject picked by name: a person of the unit (with that year's rating), or a unit."""

    person = forms.TypedChoiceField(label="Cá nhân", coerce=int, required=False, empty_value=None)
    unit = forms.TypedChoiceField(label="Tập thể", coerce=int, required=False, empty_value=None)
    code = forms.ChoiceField(label="Danh hiệu, hình thức đề nghị", choices=ALL_CODES)
    note = forms.CharField(label="Thành tích tóm tắt", max_length=1000, required=False)

    def __init__(self, *args: Any, people: Any = (), units: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "— không chọn cá nhân —")] + [  # type: ignore[attr-defined]
            (p.pk, person_label(p)) for p in people
        ]
        self.fields["unit"].choices = [("", "— không chọn tập thể —")] + [  # type: ignore[attr-defined]
            (u.pk, u.name) for u in units
        ]
        if not people:
            del self.fields["person"]


def person_label(person: Any) -> str:
    """ "Trần Thị Bình — Phòng Tổng hợp (2018: Hoàn thành xuất sắc nhiệm vụ)"."""
    parts = [person.full_name]
    if getattr(person, "unit_name", None):
        parts.append(f" — {person.unit_name}")
    rating = getattr(person, "year_rating", None)
    parts.append(f" ({codes.legal_name(rating)})" if rating else " (chưa có xếp loại năm này)")
    return "".join(parts)


class SelectionEntriesForm(forms.Form):
    session = forms.IntegerField(label="Phiên bình xét, suy tôn", min_value=1)
    code = forms.ChoiceField(label="Hình thức đề nghị", choices=ALL_CODES)


class EntryDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Quyết định", choices=[("admit", "Chấp nhận đề nghị"), ("reject", "Không đề nghị")]
    )
    reason = forms.CharField(label="Lý do", max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", max_length=2000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Tệp kèm theo (PDF, DOCX, JPEG, PNG; tối đa 10 MB)")


class CouncilForm(forms.Form):
    authority = forms.TypedChoiceField(label="Cơ quan", coerce=int)

    def __init__(self, *args: Any, bodies: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [(u.pk, unit_label(u)) for u in bodies]  # type: ignore[attr-defined]

    year = YearField(label="Năm thành tích xét")
    title = forms.CharField(label="Tên phiên họp", max_length=300)
    held_on = forms.DateField(label="Ngày họp (dd/mm/yyyy)", input_formats=DATE_INPUT)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    chair = forms.CharField(label="Chủ trì", max_length=200)
    secretary = forms.CharField(label="Thư ký", max_length=200)
    members = forms.CharField(
        label="Thành viên (mỗi dòng một người)", widget=forms.Textarea, max_length=30000
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Kết luận của phiên họp", widget=forms.Textarea, max_length=20000)


class DecisionForm(forms.Form):
    body = forms.TypedChoiceField(label="Cơ quan ban hành", coerce=int)
    issuer = forms.CharField(label="Người có thẩm quyền quyết định", max_length=255)
    year = YearField(label="Năm thành tích")
    subject_line = forms.CharField(label="Trích yếu", max_length=300)
    symbol = forms.CharField(label="Ký hiệu (ví dụ QĐ-BTNMT)", max_length=30)
    dossiers = forms.TypedMultipleChoiceField(
        label="Hồ sơ đề nghị", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    legal_grounds = forms.CharField(
        label="Căn cứ (mỗi dòng một căn cứ)", widget=forms.Textarea, max_length=5000, required=False
    )
    place = forms.CharField(
        label="Địa danh (để trống: theo trụ sở cơ quan, ví dụ Hà Nội)", max_length=100, required=False
    )

    def __init__(self, *args: Any, bodies: Any = (), dossiers: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(u.pk, unit_label(u)) for u in bodies]  # type: ignore[attr-defined]
        self.fields["dossiers"].choices = [  # type: ignore[attr-defined]
            (
                d.pk,
                f"{d.title} — {d.sender.name} gửi {d.authority.name}, {d.entry_count} đối tượng ({d.get_state_display()})",
            )
            for d in dossiers
        ]


class IssueForm(forms.Form):
    issued_on = forms.DateField(label="Ngày ký (dd/mm/yyyy)", input_formats=DATE_INPUT)
    number = forms.IntegerField(
        label="Số (để trống: số tiếp theo của sổ)", min_value=1, max_value=999999, required=False
    )
    signer_name = forms.CharField(label="Người ký", max_length=200)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=200)


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Lý do thu hồi", max_length=2000)
    basis = forms.CharField(label="Căn cứ thu hồi (số, ngày quyết định thu hồi)", max_length=255)
    on = forms.DateField(label="Ngày thu hồi (dd/mm/yyyy)", input_formats=DATE_INPUT, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Tìm (tên, số quyết định; gõ có dấu hoặc không dấu)", max_length=200, required=False
    )


class UnitCouncilForm(forms.Form):
    """The unit's council on its head's dossier: its minutes, or a secret vote opened afterwards."""

    held_on = forms.DateField(label="Ngày họp (dd/mm/yyyy)", input_formats=DATE_INPUT)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    chair = forms.CharField(label="Chủ trì", max_length=200)
    secretary = forms.CharField(label="Thư ký", max_length=200)
    members = forms.CharField(
        label="Thành viên Hội đồng (mỗi dòng một người)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=30000,
    )
    minutes = forms.CharField(
        label="Kết luận ghi trong biên bản",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        required=False,
    )
    vote = forms.BooleanField(
        label="Hội đồng biểu quyết kín trên hệ thống (mở phiếu sau khi lập phiên)", required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("vote") and not (data.get("minutes") or "").strip():
            self.add_error("minutes", "Cần ghi kết luận của Hội đồng (hoặc chọn biểu quyết kín).")
        return data


class UnitDecisionForm(forms.Form):
    issuer = forms.CharField(label="Người có thẩm quyền quyết định", max_length=255)
    symbol = forms.CharField(label="Ký hiệu (ví dụ QĐ-STNMT)", max_length=30)
    signer_name = forms.CharField(label="Người ký", max_length=200, required=False)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=200, required=False)
    place = forms.CharField(label="Địa danh", max_length=100, required=False)
