from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, execute_from_command_line
from django.test import Client

from tests.awards.conftest import Registry
from thidua.awards import services
from thidua.awards.eligibility import evaluate, parse_case

CASE: dict[str, Any] = {
    "subject": {"kind": "person", "name": "Nguyễn Văn An"},
    "target": {"code": "CSTDCS", "year": 2024},
    "records": [{"year": 2024, "rating": "HTXSNV", "titles": ["LDTT"]}],
    "initiatives": [{"id": "SK1", "year": 2024, "scope": "CO_SO"}],
}


def run_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> tuple[int, str, str]:
    path = tmp_path / "case.json"
    path.write_text(content, encoding="utf-8")
    code = 0
    try:
        execute_from_command_line(["thidua", "eligibility", "check", "--case", str(path)])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_the_engine_verdict(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(tmp_path, capsys, json.dumps(CASE))
    assert code == 0
    assert json.loads(out) == evaluate(parse_case(CASE)).as_dict()
    assert json.loads(out)["verdict"] == "eligible"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda c: c["target"].update(code="CSTD_XX"),
            "target.code: mã danh hiệu/hình thức khen thưởng 'CSTD_XX' không hợp lệ.",
        ),
        (
            lambda c: c["records"][0].update(rating="TOT"),
            "records[0].rating: mã xếp loại 'TOT' không hợp lệ.",
        ),
        (lambda c: c["target"].update(year=2010), "target.year: năm 2010 trước mọi bộ quy tắc đã có"),
        (lambda c: c["target"].update(code="TTLDXS"), "target.code: 'TTLDXS' không dùng để xét cho cá nhân."),
        (
            lambda c: c["records"][0].update(titles=["TTLDXS"]),
            "records[0].titles[0]: 'TTLDXS' không thuộc danh mục",
        ),
        (lambda c: c.pop("subject"), "subject: thiếu trường bắt buộc."),
    ],
)
def test_check_refuses_bad_cases(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], mutate: Any, expected: str
) -> None:
    case = json.loads(json.dumps(CASE))
    mutate(case)
    code, out, err = run_cli(tmp_path, capsys, json.dumps(case))
    assert code != 0
    assert out == ""
    assert expected in err


def test_check_malformed_json(db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(tmp_path, capsys, '{"subject": {"kind": "person",}')
    assert code != 0
    assert "case: JSON không hợp lệ ở dòng 1" in err
    code, _, err = run_cli(tmp_path, capsys, "[1, 2]")
    assert code != 0
    assert "case: phải là một đối tượng JSON." in err


def test_batch_and_registry_commands(
    registry: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services.record_year(actor=None, subject=registry.person, year=2024, rating="HTTNV")
    call_command("eligibility", "batch", "--year", "2024")  # run_from_argv would close the test connection
    assert "Đã xét 1 đối tượng, lưu 12 kết quả cho năm 2024." in capsys.readouterr().out
    target = tmp_path / "so.xlsx"
    call_command("registry", "export", str(target))
    call_command("registry", "import", str(target))
    assert "Đã nhập 1 dòng năm, 0 danh hiệu/khen thưởng, 0 sáng kiến." in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(["thidua", "registry", "import", str(tmp_path / "none.xlsx")])
    assert exc.value.code != 0
    assert "Không mở được tệp" in capsys.readouterr().err


def _api(user: object) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_api_check_matches_the_cli(registry: Registry) -> None:
    response = _api(registry.world.outsider).post(
        "/api/v1/eligibility/check", data=json.dumps(CASE), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == evaluate(parse_case(CASE)).as_dict()
    bad = _api(registry.world.outsider).post(
        "/api/v1/eligibility/check", data="{", content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid"
    wrong = dict(CASE, target={"code": "TTLDXS", "year": 2024})
    body = (
        _api(registry.world.outsider)
        .post("/api/v1/eligibility/check", data=json.dumps(wrong), content_type="application/json")
        .json()
    )
    assert body["fields"] == {"target.code": "'TTLDXS' không dùng để xét cho cá nhân."}
    assert Client().post(
        "/api/v1/eligibility/check", data=json.dumps(CASE), content_type="application/json"
    ).status_code in (401, 403)


def test_api_registry_and_eligibility(registry: Registry) -> None:
    services.record_year(actor=None, subject=registry.person, year=2024, rating="HTTNV")
    services.confer(actor=None, subject=registry.person, year=2024, code="LDTT", decision=registry.decision)
    client = _api(registry.world.member_officer)
    data = client.get(f"/api/v1/people/{registry.person.pk}/registry").json()
    assert data["name"] == "Trần Thị Bình"
    assert data["years"][0]["entries"][0] == {
        "code": "LDTT",
        "kind": "title",
        "decision_number": "12/QĐ-STNMT",
        "decision_date": "2025-01-20",
        "authority": "Giám đốc Sở B",
        "imported": False,
        "revoked_on": None,
        "used_for": "",
    }
    verdict = client.get(f"/api/v1/people/{registry.person.pk}/eligibility?target=LDTT&year=2024").json()
    expected = services.evaluate_subject(
        actor=None, subject=registry.person, target_code="LDTT", year=2024
    ).as_dict()
    assert verdict == expected
    assert verdict["verdict"] == "eligible"
    outsider = _api(registry.world.outsider)
    assert outsider.get(f"/api/v1/people/{registry.person.pk}/registry").status_code == 404
    assert (
        outsider.get(f"/api/v1/people/{registry.person.pk}/eligibility?target=LDTT&year=2024").status_code
        == 404
    )
    bad = client.get(f"/api/v1/people/{registry.person.pk}/eligibility?target=TTLDXS&year=2024")
    assert bad.status_code == 422
