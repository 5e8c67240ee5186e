"""Issue 12 item 2: eligibility that tells the truth (three outcomes, pending steps, names, years)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.awards.conftest import Registry, fill_history
from tests.awards.test_cli_api import run_cli
from thidua.awards import services


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _page(registry: Registry, query: str = "") -> str:
    url = reverse("awards:person_eligibility", args=[registry.person.pk]) + query
    return _client(registry.world.member_officer).get(url).content.decode()


def _result_cells(html: str) -> list[str]:
    table = html.split("<caption>Từng điều kiện đã kiểm tra</caption>", 1)[1].split("</table>", 1)[0]
    return [row.split("</td><td>")[1].split("</td>")[0] for row in table.split("<tr><td>")[1:]]


def test_page_opens_on_the_latest_year_with_data(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2022, 2025))
    html = _page(registry, "?target=LDTT")
    assert timezone.localdate().year > 2024
    assert 'value="2024"' in html
    assert "Lao động tiên tiến năm 2024:" in html
    assert "Đủ điều kiện" in html


def test_year_without_record_is_not_yet_known_never_not_met(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2023, 2026))
    html = _page(registry, "?target=LDTT&year=2026")
    assert "Chưa đủ dữ liệu để kết luận" in html
    assert "chưa có dữ liệu năm 2026" in html
    assert set(_result_cells(html)) == {'<span class="unknown">Chưa biết</span>'}
    assert "Không đạt" not in html


def test_eligible_with_the_council_vote_pending(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2023, 2026))
    services.add_initiative(
        actor=None,
        subject=registry.person,
        year=2021,
        code="SK-B",
        name="Sáng kiến cấp tỉnh",
        scope="BO_TINH",
    )
    html = _page(registry, "?target=CSTD_BO&year=2025")
    assert 'class="verdict verdict-eligible"' in html
    assert "Còn các bước xét duyệt sau" in html
    assert "Hội đồng chưa họp bỏ phiếu kín" in html
    assert _result_cells(html) == [
        '<span class="met">Đạt</span>',
        '<span class="met">Đạt</span>',
        '<span class="pending">Bước sau, chưa có kết quả</span>',
    ]


def test_rule_sets_and_targets_by_their_legal_names(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2023, 2025))
    html = _page(registry, "?target=LDTT&year=2024")
    assert "Luật Thi đua, khen thưởng 2022 và Nghị định 98/2023/NĐ-CP</a>" in html
    assert ">LAW_2022<" not in html
    assert "(CSTDCS)" not in html
    assert "Chiến sĩ tiên tiến" not in html  # an armed-forces title: not offered to a civilian


def test_needs_rule_reads_as_the_next_step(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2023, 2025))
    html = _page(registry, "?target=GIAY_KHEN&year=2024")
    assert "Cần nạp quy định để xét" in html
    assert "Cần nạp quy định của bộ, ngành, tỉnh" in html


def test_unit_page_lists_only_the_forms_of_a_unit(registry: Registry) -> None:
    unit = registry.world.unit_b
    services.record_year(actor=None, subject=unit, year=2024, rating="HTXSNV")
    html = (
        _client(registry.world.member_officer).get(reverse("awards:unit_timeline", args=[unit.code])).content
    )
    page = html.decode()
    section = page.split('id="outlook-heading"', 1)[1]
    assert "Xét điều kiện năm 2024" in page
    for name in (
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
    ):
        assert f"<td>{name}</td>" in section
    # Person titles, the person-only medal and the armed forces' titles do not apply to a Sở.
    for name in ("Lao động tiên tiến", "Đơn vị quyết thắng", "Đơn vị tiên tiến", "Kỷ niệm chương"):
        assert f"<td>{name}</td>" not in section
    assert "TTLDXS" not in section
    assert "Cần nạp quy định" in section


def test_api_met_is_null_when_not_yet_known(registry: Registry) -> None:
    fill_history(registry.person, registry.decision, range(2023, 2025))
    client = _client(registry.world.member_officer)
    data = client.get(f"/api/v1/people/{registry.person.pk}/eligibility?target=LDTT&year=2026").json()
    assert data["verdict"] == "needs_data"
    assert [c["met"] for c in data["conditions"]] == [None, None, None, None]
    assert list(data["conditions"][0]) == ["id", "met", "citation", "detail", "years"]


def test_cli_keeps_its_fields_with_met_null(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = {
        "subject": {"kind": "person", "name": "Nguyễn Văn An"},
        "target": {"code": "CSTD_BO", "year": 2025},
        "records": [
            {"year": y, "rating": "HTXSNV", "titles": ["LDTT", "CSTDCS"]} for y in (2023, 2024, 2025)
        ],
        "initiatives": [{"id": "SK1", "year": 2021, "scope": "BO_TINH"}],
    }
    code, out, _ = run_cli(tmp_path, capsys, json.dumps(case))
    result = json.loads(out)
    assert code == 0
    assert list(result) == ["verdict", "rule_set", "conditions", "parameters"]
    assert result["verdict"] == "eligible"
    assert [(c["id"], c["met"]) for c in result["conditions"]] == [
        ("cstd_bo.cstdcs_streak", True),
        ("cstd_bo.initiative", True),
        ("cstd_bo.council", None),
    ]
    assert all(list(c) == ["id", "met", "citation", "detail", "years"] for c in result["conditions"])


@pytest.mark.parametrize("years", [1, 3])
def test_person_page_reads_the_registry_once(registry: Registry, years: int) -> None:
    # Issue 15 item 2: one case and one read of the parameters for the verdict and every target's
    # outlook, whatever the history's length (the other queries are the session, user and person).
    fill_history(registry.person, registry.decision, range(2025 - years + 1, 2026))
    client = _client(registry.world.member_officer)
    url = reverse("awards:person_eligibility", args=[registry.person.pk]) + "?target=CSTD_BO&year=2025"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    registry_reads = [q["sql"] for q in queries.captured_queries if '"awards_' in q["sql"]]
    assert len(registry_reads) == 3  # parameters, records with conferrals, initiatives
