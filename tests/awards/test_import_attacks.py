"""Issue 14 items 2 and 3 on the registry: the export never carries a live formula; hostile import
files (2,000,000 rows, a zip bomb, /dev/zero, billion laughs) are refused fast and store nothing."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.awards.conftest import Registry
from tests.xlsx_attacks import BILLION_LAUGHS, SHEET1, replace_member, workbook
from thidua.awards import services
from thidua.awards.models import Conferral, Decision, Initiative, YearRecord
from thidua.awards.services.transfer import COLUMNS, RECORDS_SHEET
from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEntry

EVIL = '=HYPERLINK("http://evil.example","Nguyễn Văn A")'


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (YearRecord, Conferral, Decision, Initiative, AuditEntry))


def _row(pid: int) -> list[object]:
    return ["cá nhân", str(pid), 2019, "HTTNV", "LDTT", "", "", "", "", "", 12, 0, 0, ""]


def test_registry_export_writes_text_cells_as_text(registry: Registry) -> None:
    services.record_year(actor=None, subject=registry.person, year=2020, rating="HTXSNV")
    services.add_initiative(
        actor=None, subject=registry.person, code="SK-01", name=EVIL, year=2020, scope="CO_SO"
    )
    content = services.export_registry(actor=None)
    book = load_workbook(io.BytesIO(content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert any(c.value == "'" + EVIL and c.data_type == "s" for c in cells)
    assert not [c for c in cells if c.data_type == "f"]
    # and it still round-trips: importing the export gives the same name back
    before = Initiative.objects.get().name
    services.import_registry(actor=None, file=io.BytesIO(content))
    assert before == EVIL
    assert Initiative.objects.get().name == EVIL


def _refused(registry: Registry, content: bytes) -> InvalidInput:
    before = _counts()
    with pytest.raises(InvalidInput) as info:
        services.import_registry(actor=registry.world.administrator, file=io.BytesIO(content))
    assert _counts() == before
    return info.value


def test_two_million_rows_are_refused_at_the_limit_with_bounded_memory(registry: Registry) -> None:
    content = workbook({RECORDS_SHEET: [COLUMNS, _row(registry.person.pk)]}, last_row=2_000_000)
    assert len(content) < 20_000
    tracemalloc.start()
    error = _refused(registry, content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.message == "Tệp có quá 100.000 dòng; hãy chia thành nhiều tệp."
    assert peak < 150_000_000  # 100,000 short rows kept for validation; 23 GB before


def test_a_zip_bomb_is_refused(registry: Registry) -> None:
    bomb = replace_member(workbook({RECORDS_SHEET: [COLUMNS]}), SHEET1, pad_to=210_000_000)
    assert len(bomb) < 2_000_000
    assert _refused(registry, bomb).fields == {"file": "too_large_uncompressed"}


def test_billion_laughs_is_refused(registry: Registry) -> None:
    error = _refused(registry, replace_member(workbook({RECORDS_SHEET: [COLUMNS]}), SHEET1, BILLION_LAUGHS))
    assert error.http_status == 422
    assert error.fields == {"file": "xml_entities"}


def test_cli_import_of_dev_zero_fails_fast(registry: Registry) -> None:
    before = _counts()
    with pytest.raises(CommandError) as info:
        call_command("registry", "import", "/dev/zero")
    assert "không phải một tệp thông thường" in str(info.value)
    assert _counts() == before
