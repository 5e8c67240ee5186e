"""`thidua scoring compute --input FILE.json`: the aggregation engine on a JSON file (docs/scoring.md).

A fixed interface used by outside checks: the input and output shapes are in docs/scoring.md; a
refused input exits with code 2 and a Vietnamese message that starts with the field's path.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.scoring.aggregation import ScoringInputError, compute, parse_input

INVALID_INPUT = 2  # the contract's exit code for any refused input


class Command(BaseCommand):
    help = "Chấm điểm thi đua: tính điểm, tín hiệu cảnh báo và xếp hạng từ một tệp JSON (compute)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("compute", help="Tính tổng điểm, xếp hạng và tín hiệu; in kết quả dạng JSON.")
        run.add_argument("--input", required=True, help="Tệp JSON đầu vào, hoặc - để đọc từ stdin.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.compute_file(options["input"])

    def compute_file(self, path: str) -> None:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                f"Không đọc được tệp «{path}»: {exc.strerror}.", returncode=INVALID_INPUT
            ) from None
        except UnicodeDecodeError:
            raise CommandError(
                f"input: tệp «{path}» không phải văn bản UTF-8.", returncode=INVALID_INPUT
            ) from None
        try:
            # Decimal keeps 7.1 exactly 7.1; the engine computes in fractions.
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"input: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}.", returncode=INVALID_INPUT
            ) from None
        try:
            outcome = compute(parse_input(data))
        except ScoringInputError as exc:
            raise CommandError(exc.message, returncode=INVALID_INPUT) from None
        self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=2))
