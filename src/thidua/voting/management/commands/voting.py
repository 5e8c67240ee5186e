"""`thidua voting tally --input FILE.json`: the tally engine on a JSON file (the contract of docs/voting.md).

Malformed input exits with code 2 and a Vietnamese message that starts with the offending field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.voting.tally import TallyInputError, parse_tally_input, tally

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Bỏ phiếu: kiểm phiếu một tệp JSON (tally) bằng đúng bộ đếm mà trang web và API dùng."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("tally", help="Kiểm phiếu một tệp JSON; in kết quả dạng JSON.")
        run.add_argument("--input", required=True, help="Tệp JSON đầu vào, hoặc - để đọc từ stdin.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.tally_file(options["input"])

    def tally_file(self, path: str) -> None:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                f"input: không đọc được tệp «{path}»: {exc.strerror}.", returncode=BAD_INPUT
            ) from None
        except UnicodeDecodeError:
            raise CommandError(
                f"input: tệp «{path}» không phải văn bản UTF-8.", returncode=BAD_INPUT
            ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"input: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}.", returncode=BAD_INPUT
            ) from None
        try:
            result = tally(parse_tally_input(data))
        except TallyInputError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
