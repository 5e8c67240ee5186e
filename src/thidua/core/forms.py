"""Form fields shared by the apps' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thidua.core.errors import InvalidInput
from thidua.core.years import EMULATION_YEARS, YearRange, parse_year


class YearField(forms.IntegerField):
    """A year in a named range (`thidua.core.years`), parsed by the one year parser."""

    def __init__(self, *, years: YearRange = EMULATION_YEARS, **kwargs: Any) -> None:
        self.years = years
        kwargs.setdefault("min_value", years.first)
        kwargs.setdefault("max_value", years.last)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return parse_year(value, years=self.years)
        except InvalidInput as error:
            raise ValidationError(error.message, code="invalid") from None


class DateInput(forms.DateInput):
    """`<input type="date">`: the browser needs the value in ISO form (`2018-04-15`) and shows it
    as dd/mm/yyyy itself; the localised `15/04/2018` is refused and the field shows blank."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
