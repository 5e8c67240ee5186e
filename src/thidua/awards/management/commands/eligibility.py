"""`thidua eligibility check --case FILE.json` and `thidua eligibility batch --year Y`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.awards import services
from thidua.core.errors import DomainError
from thidua.core.json_input import parse_json
from thidua.core.years import RECORD_YEARS, parse_year


class Command(BaseCommand):
    help = "Xét điều kiện khen thưởng: một hồ sơ JSON (check) hoặc cả sổ của một năm (batch)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Xét một hồ sơ (case JSON); in kết quả dạng JSON.")
        check.add_argument("--case", required=True, help="Tệp JSON của hồ sơ, hoặc - để đọc từ stdin.")
        batch = sub.add_parser("batch", help="Xét cả sổ khen thưởng cho một năm và lưu kết quả.")
        batch.add_argument("--year", required=True, help="Năm thành tích (1945–2100).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "check":
                self.check_case_file(options["case"])
            else:
                run = services.run_batch(actor=None, year=parse_year(options["year"], years=RECORD_YEARS))
                self.stdout.write(
                    f"Đã xét {run.subjects} đối tượng, lưu {run.results} kết quả cho năm {run.year}."
                )
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def check_case_file(self, path: str) -> None:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp «{path}»: {exc.strerror}.") from None
        result = services.check_case(actor=None, data=parse_json(text, field="case"))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
