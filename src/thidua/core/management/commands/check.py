"""`thidua check`: the deployment self-check (replaces Django's `check`, which it includes).

With app labels or --tag it behaves exactly as Django's own `check`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as DjangoCheck

from thidua.core.selfcheck import ERROR, LABELS, OK, WARNING, Line, run_selfcheck


class Command(DjangoCheck):
    help = (
        "Tự kiểm tra trước khi chạy thật và sau khi nâng cấp: cấu hình an toàn, cơ sở dữ liệu, tệp tải lên, "
        "worker, phông chữ, espeak-ng, dung lượng đĩa, nhật ký và «check --deploy» của Django; mỗi dòng "
        "ĐẠT / CẢNH BÁO / LỖI, thoát với mã khác 0 nếu có lỗi. "
        "/ Deployment self-check: one OK / warning / error line per concern, non-zero exit on an error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--worker-wait",
            type=float,
            default=10.0,
            help="số giây chờ worker nhận tác vụ thử / seconds to wait for a worker to take a probe job",
        )

    def handle(self, *app_labels: Any, **options: Any) -> None:
        if app_labels or options.get("tags") or options.get("list_tags"):
            return super().handle(*app_labels, **options)
        styles = {OK: self.style.SUCCESS, WARNING: self.style.WARNING, ERROR: self.style.ERROR}

        def write(line: Line) -> None:
            self.stdout.write(styles[line.level](line.render()))

        lines = run_selfcheck(wait_seconds=max(0.0, options["worker_wait"]), write=write)
        counts = {level: sum(1 for line in lines if line.level == level) for level in LABELS}
        summary = f"{counts[OK]} đạt, {counts[WARNING]} cảnh báo, {counts[ERROR]} lỗi."
        if counts[ERROR]:
            raise CommandError(f"Kiểm tra thấy lỗi: {summary}")
        self.stdout.write(f"Kết quả: {summary}")
        return None
