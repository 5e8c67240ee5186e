"""Issue 8 item 4: the import contracts (.importlinter) hold, and `./dev lint` fails on a forbidden
import. The probe runs import-linter on a copy of the package with one bad import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=src,
        check=False,
        timeout=120,
    )


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "thidua",
        target / "thidua",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "locale", "data"),
    )
    return target


def test_the_tree_keeps_every_contract() -> None:
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/probe.py", "from thidua.awards import models\n", "core and documents import no domain app"),
        ("documents/probe.py", "import thidua.covenants.models\n", "core and documents import no domain app"),
        ("awards/probe.py", "from thidua.api import api\n", "No app imports the API package"),
        ("organisations/probe.py", "from thidua.clusters import models\n", "Apps form layers"),
        ("accounts/probe.py", "from thidua.organisations.models import Unit\n", "Apps form layers"),
        ("scoring/probe.py", "from thidua.voting import rules\n", "Apps form layers"),
    ],
)
def test_a_forbidden_import_breaks_the_lint(tmp_path: Path, module: str, line: str, contract: str) -> None:
    src = _copy(tmp_path)
    (src / "thidua" / module).write_text(line, encoding="utf-8")
    result = _lint(src)
    assert result.returncode != 0
    # "… BROKEN" or "… BROKEN (2 ignored imports)"
    broken = [text for text in result.stdout.splitlines() if "BROKEN" in text]
    assert any(contract in text for text in broken), result.stdout
