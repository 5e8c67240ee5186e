"""`thidua registry import FILE.xlsx` and `thidua registry export FILE.xlsx`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.awards import services
from thidua.core.errors import DomainError
from thidua.core.spreadsheets import open_regular_file


class Command(BaseCommand):
    help = "Nhập, xuất sổ khen thưởng (Excel .xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập hồ sơ cũ; có một dòng lỗi thì không lưu dòng nào.")
        imp.add_argument("file")
        exp = sub.add_parser("export", help="Xuất toàn bộ sổ theo đúng mẫu nhập.")
        exp.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            if options["action"] == "import":
                with open_regular_file(path) as handle:  # /dev/zero or a pipe is refused before reading
                    report = services.import_registry(actor=None, file=handle)
                self.stdout.write(
                    f"Đã nhập {report.records} dòng năm, {report.conferrals} danh hiệu/khen thưởng, {report.initiatives} sáng kiến."
                )
            else:
                path.write_bytes(services.export_registry(actor=None))
                self.stdout.write(f"Đã xuất sổ khen thưởng ra «{path}».")
        except DomainError as exc:
            raise CommandError(exc.message) from None
