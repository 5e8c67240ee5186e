"""`thidua voting tally --input FILE.json`: the tally engine on a JSON file (the contract of docs/voting.md).

Malformed input exits with code 2 and a Vietnamese message that starts with the offending field.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thidua.core.json_input import add_json_contract, answer_json_contract
from thidua.voting.tally import TallyInputError, parse_tally_input, tally

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Bỏ phiếu: kiểm phiếu một tệp JSON (tally) bằng đúng bộ đếm mà trang web và API dùng."

    def add_arguments(self, parser: CommandParser) -> None:
        add_json_contract(parser, "tally", help="Kiểm phiếu một tệp JSON; in kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.tally_file(options["input"])

    def tally_file(self, path: str) -> None:
        answer_json_contract(
            self,
            path,
            run=lambda data: tally(parse_tally_input(data)).as_dict(),
            refused=TallyInputError,
            returncode=BAD_INPUT,
        )
