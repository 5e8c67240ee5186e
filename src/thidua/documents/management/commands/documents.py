"""`thidua documents list`, `thidua documents render KIND ID --format docx|pdf --out FILE` and
`thidua documents review --out DIR [--kind KIND]` (every kind as DOCX, PDF, LibreOffice and PNG
pages, for a person to look at; see thidua.documents.review)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.errors import DomainError
from thidua.documents.registry import get_kind, kinds, render


def _user(username: str | None) -> Any:
    if not username:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có tài khoản «{username}».")
    return user


class Command(BaseCommand):
    help = "Liệt kê và xuất văn bản (DOCX, PDF) theo Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Liệt kê mọi văn bản xuất được: loại, mã, tiêu đề")
        listing.add_argument("--as", dest="username", help="Chỉ những văn bản tài khoản này được xem")
        one = sub.add_parser("render", help="Xuất một văn bản ra tệp")
        one.add_argument("kind")
        one.add_argument("id", type=int)
        one.add_argument("--format", dest="fmt", choices=["docx", "pdf"], default="docx")
        one.add_argument("--out", required=True)
        one.add_argument("--as", dest="username", help="Xuất với quyền của tài khoản này")
        review = sub.add_parser(
            "review", help="Xuất mọi loại văn bản ra DOCX, PDF, LibreOffice và ảnh PNG để soát"
        )
        review.add_argument("--out", required=True, help="Thư mục ghi kết quả")
        review.add_argument("--kind", default="", help="Chỉ một loại văn bản")
        review.add_argument("--dpi", type=int, default=70)

    def handle(self, *args: Any, **options: Any) -> None:
        # Without --as the command is the system and sees everything; with it, the same rule as the
        # download page (`DocumentKind.can_view`).
        user = _user(options.get("username"))
        if options["action"] == "list":
            for kind in kinds():
                for object_id, title in kind.items():
                    if user is None or kind.can_view(user, object_id):
                        self.stdout.write(f"{kind.name}\t{object_id}\t{title}")
            return
        if options["action"] == "review":
            self._review(options)
            return
        try:
            if user is not None and not get_kind(options["kind"]).can_view(user, options["id"]):
                raise CommandError("Tài khoản này không có quyền xem văn bản này.")
            content = render(kind=options["kind"], object_id=options["id"], fmt=options["fmt"])
        except DomainError as error:
            raise CommandError(error.message) from None
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"Đã ghi {len(content)} byte vào {options['out']}")

    def _review(self, options: dict[str, Any]) -> None:
        from thidua.documents.review import ToolMissing, review_documents

        try:
            result = review_documents(out=Path(options["out"]), only=options["kind"], dpi=options["dpi"])
        except (DomainError, ToolMissing) as error:
            raise CommandError(str(getattr(error, "message", error))) from None
        for stem in result.documents:
            self.stdout.write(stem)
        self.stdout.write(f"Đã ghi {len(result.pages)} trang PNG vào {Path(options['out']) / 'png'}")
