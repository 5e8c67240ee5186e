"""`thidua scoring compute`: the fixed command-line contract of issue 9."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import execute_from_command_line

BASIC = Path(__file__).resolve().parents[2] / "docs" / "examples" / "scoring" / "basic.json"


def run_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> tuple[int, str, str]:
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    code = 0
    try:
        execute_from_command_line(["thidua", "scoring", "compute", "--input", str(path)])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def basic() -> dict[str, Any]:
    return json.loads(BASIC.read_text(encoding="utf-8"))


def test_the_documented_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(tmp_path, capsys, BASIC.read_text(encoding="utf-8"))
    assert code == 0
    result = json.loads(out)
    assert [(r["unit"], r["total"], r["rank"]) for r in result["ranking"]] == [
        ("HN", "94.60", 1),
        ("BN", "93.60", 2),
        ("HP", "89.60", 3),
        ("HD", "84.10", 4),
    ]
    # HN TC1: cross 27, 28, 29 → trimmed mean 28; 0.2 × 29 + 0.8 × 28 = 28.20
    assert result["ranking"][0]["criteria"] == {"TC1": "28.20", "TC2": "27.20", "TC3": "37.20"}
    assert result["ranking"][1]["bonus"] == "5.00"  # 7 claimed, capped at 5
    assert result["ranking"][3]["penalty"] == "1.50"
    assert result["needs_vote"] == []
    assert result["signals"] == [
        {
            "kind": "self_inflation",
            "units": ["HD"],
            "criterion": None,
            "detail": {
                "self_total": "100.00",
                "median_cross_total": "82.00",
                "difference": "18.00",
                "threshold": "10.00",
            },
        }
    ]


def test_a_vote_tie_shares_the_rank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = {
        "covenant": {"criteria": [{"id": "A", "group": "I", "max": 10}], "tie_break": "vote"},
        "units": ["X", "Y", "Z", "W"],
        "cross": [
            {"scorer": "Y", "unit": "X", "scores": {"A": 9}},
            {"scorer": "X", "unit": "Y", "scores": {"A": 8}},
            {"scorer": "X", "unit": "Z", "scores": {"A": "8.00"}},
            {"scorer": "X", "unit": "W", "scores": {"A": 7}},
        ],
    }
    code, out, _ = run_cli(tmp_path, capsys, json.dumps(data))
    assert code == 0
    result = json.loads(out)
    assert [(r["unit"], r["rank"]) for r in result["ranking"]] == [("X", 1), ("Y", 2), ("Z", 2), ("W", 4)]
    assert result["needs_vote"] == [["Y", "Z"]]


def mutate(path: str, value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        keys = path.split("/")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if value is DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


DELETE = object()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (mutate("cross/0/scores/TC1", 31), "cross[0].scores.TC1: 31 nằm ngoài khoảng 0–30."),
        (mutate("cross/0/scores/TC1", -1), "cross[0].scores.TC1: -1 nằm ngoài khoảng 0–30."),
        (mutate("self/HN/TC3", 40.5), "self.HN.TC3: 40.5 nằm ngoài khoảng 0–40."),
        (mutate("cross/0/scores/TC1", "hai mươi"), "cross[0].scores.TC1: «hai mươi» không phải là số"),
        (mutate("cross/0/scores/TC1", True), "cross[0].scores.TC1: phải là một số."),
        (mutate("cross/0/scorer", "HN"), "cross[0].scorer: đơn vị «HN» không được tự chấm chéo chính mình."),
        (mutate("cross/0/scores/TC9", 3), "cross[0].scores.TC9: tiêu chí «TC9» không có trong giao ước."),
        (mutate("cross/0/unit", "TB"), "cross[0].unit: đơn vị «TB» không có trong danh sách units."),
        (mutate("cross/1/scorer", "NB"), "cross[1].scorer: đơn vị «NB» không có trong danh sách units."),
        (mutate("bonus/QN", 1), "bonus.QN: đơn vị «QN» không có trong danh sách units."),
        (mutate("self/HN/TC2", DELETE), "self.HN.TC2: thiếu điểm tự chấm"),
        (mutate("covenant/aggregation", "mode"), "covenant.aggregation: «mode» không hợp lệ"),
        (mutate("covenant/self_score_weight", "1.5"), "covenant.self_score_weight: 1.5 nằm ngoài khoảng"),
        (mutate("covenant/criteria/0/id", "TC2"), "covenant.criteria[1].id: tiêu chí «TC2» bị lặp."),
        (mutate("covenant/colour", "blue"), "covenant.colour: trường không được hỗ trợ."),
        (mutate("units", DELETE), "units: thiếu trường bắt buộc."),
    ],
)
def test_refused_input_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, expected: str
) -> None:
    data = copy.deepcopy(basic())
    change(data)
    code, out, err = run_cli(tmp_path, capsys, json.dumps(data))
    assert code == 2
    assert out == ""
    assert expected in err


def test_a_criterion_with_no_cross_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = basic()
    for sheet in data["cross"]:
        if sheet["unit"] == "HP":
            del sheet["scores"]["TC3"]
    code, out, err = run_cli(tmp_path, capsys, json.dumps(data))
    assert (code, out) == (2, "")
    assert "cross.HP.TC3: tiêu chí «TC3» của đơn vị «HP» chưa có điểm chấm chéo nào." in err


def test_malformed_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(tmp_path, capsys, '{"covenant": ')
    assert code == 2
    assert "input: JSON không hợp lệ ở dòng 1" in err
    code, _, err = run_cli(tmp_path, capsys, "[1]")
    assert code == 2
    assert "input: phải là một đối tượng JSON." in err
    code = 0
    try:
        execute_from_command_line(["thidua", "scoring", "compute", "--input", str(tmp_path / "none.json")])
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 2
    assert "Không đọc được tệp" in capsys.readouterr().err


def test_the_installed_command_exits_2(tmp_path: Path) -> None:
    """The exit code outside checks see: a real process, not Django's in-process runner."""
    import os
    import subprocess
    import sys

    data = basic()
    data["cross"][0]["scores"]["TC1"] = 99
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    env = {**os.environ, "THIDUA_DEBUG": "1"}
    bad = subprocess.run(
        [sys.executable, "-m", "thidua", "scoring", "compute", "--input", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert "cross[0].scores.TC1: 99 nằm ngoài khoảng 0–30." in bad.stderr
    good = subprocess.run(
        [sys.executable, "-m", "thidua", "scoring", "compute", "--input", str(BASIC)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["ranking"][0]["unit"] == "HN"
