"""`thidua audit verify` / `thidua audit checkpoint`: the audit trail's integrity, anchored outside the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.audit_checkpoints import (
    append_checkpoint,
    checkpoint_path,
    parse_checkpoint,
    take_checkpoint,
    verify_with_checkpoints,
)
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Nhật ký thao tác: verify kiểm tra chuỗi (bản ghi bị sửa, xóa, cắt bớt) và các điểm mốc đã ký; "
        "checkpoint ghi một điểm mốc đã ký vào tệp điểm mốc và in ra. "
        "/ Audit trail: verify the chain and its signed checkpoints; checkpoint records a new one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--checkpoint-file",
            help="tệp điểm mốc (mặc định THIDUA_AUDIT_CHECKPOINT_FILE) / checkpoint file",
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="JSON",
            help="verify: thêm một điểm mốc người vận hành đã giữ (dòng JSON đã in) / a kept checkpoint",
        )
        parser.add_argument(
            "--print-only",
            action="store_true",
            help="checkpoint: chỉ in ra, không ghi vào tệp / print, do not append to the file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["checkpoint_file"]) if options["checkpoint_file"] else checkpoint_path()
        try:
            if options["action"] == "checkpoint":
                self._checkpoint(path=path, print_only=options["print_only"])
            else:
                self._verify(path=path, kept=options["checkpoint"])
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _checkpoint(self, *, path: Path | None, print_only: bool) -> None:
        checkpoint = take_checkpoint()
        if not print_only and path is not None:
            append_checkpoint(checkpoint, path=path)
            self.stderr.write(f"Đã ghi điểm mốc ({checkpoint.count} bản ghi) vào {path}.")
        elif not print_only:
            self.stderr.write(
                "THIDUA_AUDIT_CHECKPOINT_FILE để trống: điểm mốc chỉ được in ra, hãy lưu dòng dưới đây."
            )
        self.stdout.write(checkpoint.to_json())

    def _verify(self, *, path: Path | None, kept: list[str]) -> None:
        extra = [parse_checkpoint(text) for text in kept]
        report, stored = verify_with_checkpoints(path=path, extra=extra)
        if not report.ok:
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ: {report.reason}; {report.checked} bản ghi trước đó nguyên vẹn."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Chuỗi nhật ký nguyên vẹn: {report.checked} bản ghi, khớp {report.checkpoints} điểm mốc đã ký."
            )
        )
        if not stored and not extra:
            where = f"tệp {path}" if path is not None else "tệp điểm mốc (THIDUA_AUDIT_CHECKPOINT_FILE trống)"
            self.stderr.write(
                f"Cảnh báo: chưa có điểm mốc nào trong {where}; nếu không có điểm mốc, việc cắt bớt hoặc "
                "viết lại toàn bộ nhật ký không phát hiện được. Hãy chạy định kỳ «thidua audit checkpoint»."
            )
