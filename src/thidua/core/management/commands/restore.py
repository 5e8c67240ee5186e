"""`thidua restore FILE`: check the archive, restore the database and uploaded files, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.backup import restore_backup
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Khôi phục từ tệp sao lưu vào cơ sở dữ liệu và thư mục tệp tải lên trống: kiểm tra bản kê và mã "
        "kiểm tra trước, rồi nạp, kiểm tra nhật ký và so số dòng. "
        "/ Restore an archive into an empty database and media folder, checked first, verified after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="tệp sao lưu / the archive")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="thay thế dữ liệu đang có / replace the data already there (the old media are kept aside)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        write = self.stdout.write if options["verbosity"] > 0 else None
        try:
            report = restore_backup(archive=Path(options["archive"]), replace=options["replace"], write=write)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        manifest = report.manifest
        self.stdout.write(f"\n{'bảng':<44} {'sao lưu':>10} {'hiện có':>10}")
        for table in sorted(set(manifest.tables) | set(report.counts)):
            saved, now = manifest.tables.get(table), report.counts.get(table)
            mark = "" if saved == now else "  ← khác"
            self.stdout.write(
                f"{table:<44} {'' if saved is None else saved:>10} {'' if now is None else now:>10}{mark}"
            )
        self.stdout.write(f"{'tệp tải lên':<44} {manifest.media_files:>10} {report.media_files:>10}")
        if report.moved_aside is not None:
            self.stdout.write(
                f"Các tệp tải lên cũ được chuyển sang {report.moved_aside} (xóa khi không còn cần)."
            )
        if report.pending_migrations:
            self.stdout.write(
                f"Bản sao lưu có lược đồ cũ hơn: còn {len(report.pending_migrations)} migration chưa chạy — "
                "hãy chạy «thidua migrate» rồi «thidua check»."
            )
        if report.later_checkpoints:
            self.stderr.write(
                "Cảnh báo: tệp điểm mốc nhật ký của máy này không khớp dữ liệu vừa khôi phục: "
                f"{report.later_checkpoints}. Nếu các điểm mốc đó có sau lúc sao lưu, đó chính là phần nhật ký đã "
                "mất từ lúc sao lưu: hãy cất tệp điểm mốc ấy riêng rồi ghi điểm mốc mới (thidua audit checkpoint)."
            )
        if not report.audit.ok:
            raise CommandError(
                f"Đã khôi phục, nhưng nhật ký thao tác không nguyên vẹn: {report.audit.reason}."
            )
        if report.count_differences:
            raise CommandError(
                f"Đã khôi phục, nhưng số dòng của {len(report.count_differences)} bảng khác bản kê (xem bảng trên)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục từ {options['archive']}: số dòng mọi bảng khớp bản kê, {report.media_files} tệp tải "
                f"lên, nhật ký nguyên vẹn ({report.audit.checked} bản ghi, khớp điểm mốc lúc sao lưu)."
            )
        )
