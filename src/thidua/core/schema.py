"""Bounded number types for API schemas: the OpenAPI document states the bounds, and ninja refuses
a value outside them with the one 422 error shape before a service runs."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from thidua.core.years import EMULATION_YEARS, MAX_COUNT, RECORD_YEARS

#: a year of emulation work (clusters, covenants, news): 1990–2100
EmulationYearValue = Annotated[int, Field(ge=EMULATION_YEARS.first, le=EMULATION_YEARS.last)]
#: a year of the award registry (old records included): 1945–2100
RecordYearValue = Annotated[int, Field(ge=RECORD_YEARS.first, le=RECORD_YEARS.last)]
#: a count or a number given by people (cluster number, order): 0–1,000,000,000
CountValue = Annotated[int, Field(ge=0, le=MAX_COUNT)]
