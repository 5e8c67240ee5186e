"""`thidua scoring compute --input FILE.json`: the aggregation engine on a JSON file (docs/scoring.md).

A fixed interface used by outside checks: the input and output shapes are in docs/scoring.md; a
refused input exits with code 2 and a Vietnamese message that starts with the field's path.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thidua.core.json_input import add_json_contract, answer_json_contract
from thidua.scoring.aggregation import ScoringInputError, compute, parse_input

INVALID_INPUT = 2  # the contract's exit code for any refused input


class Command(BaseCommand):
    help = "Chấm điểm thi đua: tính điểm, tín hiệu cảnh báo và xếp hạng từ một tệp JSON (compute)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_json_contract(
            parser, "compute", help="Tính tổng điểm, xếp hạng và tín hiệu; in kết quả dạng JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.compute_file(options["input"])

    def compute_file(self, path: str) -> None:
        answer_json_contract(
            self,
            path,
            run=lambda data: compute(parse_input(data)).as_dict(),
            refused=ScoringInputError,
            returncode=INVALID_INPUT,
            unreadable="Không đọc được tệp «{path}»: {reason}.",
            parse_float=Decimal,  # 7.1 stays exactly 7.1; the engine computes in fractions
        )
