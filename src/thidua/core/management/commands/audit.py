"""`thidua audit verify`: check that no audit entry was edited or removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.audit import verify_audit_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi nhật ký thao tác (phát hiện bản ghi bị sửa hoặc xóa)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_audit_chain()
        if not report.ok:
            where = (
                "cuối chuỗi (bản ghi mới nhất đã bị xóa)"
                if report.broken_at == -1
                else f"bản ghi số {report.broken_at}"
            )
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ tại {where}; {report.checked} bản ghi trước đó nguyên vẹn."
            )
        self.stdout.write(self.style.SUCCESS(f"Chuỗi nhật ký nguyên vẹn: {report.checked} bản ghi."))
