"""`thidua backup --out FILE`: the database and the uploaded files in one archive with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.backup import create_backup
from thidua.core.backup.manifest import megabytes
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp (kèm bản kê: phiên bản, migration, số dòng "
        "từng bảng, mã kiểm tra, điểm mốc nhật ký); không chứa khóa bí mật nào. "
        "/ Back up the database and uploaded files into one archive with a manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="tệp sao lưu sẽ tạo / archive to write (.tar.gz)")
        parser.add_argument(
            "--force", action="store_true", help="ghi đè tệp đã có / overwrite an existing file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        write = self.stdout.write if options["verbosity"] > 0 else None
        try:
            report = create_backup(out=Path(options["out"]), force=options["force"], write=write)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        for name in report.skipped:
            self.stderr.write(
                f"Bỏ qua {name}: không phải tệp thường (liên kết tượng trưng hoặc tệp đặc biệt)."
            )
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {report.path} ({megabytes(report.size)}): {sum(manifest.tables.values())} dòng "
                f"trong {len(manifest.tables)} bảng, {manifest.media_files} tệp tải lên, "
                f"{manifest.audit['count']} bản ghi nhật ký."
            )
        )
