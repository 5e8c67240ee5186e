"""`thidua certificates list|generate|verify`: thin, calls selectors and services."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.accounts.models import User
from thidua.awards.models import Decision
from thidua.certificates import services, verification
from thidua.certificates.models import Certificate
from thidua.certificates.selectors import certificate_by_code
from thidua.core.errors import DomainError
from thidua.core.years import RECORD_YEARS, parse_year


class Command(BaseCommand):
    help = "Bằng, giấy chứng nhận: liệt kê mã, in theo quyết định, xác minh một mã."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Liệt kê mã xác minh.")
        listing.add_argument("--year", help="năm thành tích")
        listing.add_argument("--decision", default="", help="số quyết định, ví dụ 125/QĐ-BTNMT")
        listing.add_argument("--json", action="store_true", help="in JSON (mỗi bằng một đối tượng)")
        generate = sub.add_parser("generate", help="In bằng, giấy của một quyết định (chạy ngay).")
        generate.add_argument("--decision", required=True, help="số quyết định")
        generate.add_argument("--authority", default="", help="cơ quan ban hành, khi hai cơ quan trùng số")
        generate.add_argument(
            "--issued-year", type=int, default=None, help="năm ban hành, khi số trùng với năm khác"
        )
        generate.add_argument("--as", dest="as_user", default="", help="tên đăng nhập người thực hiện")
        verify = sub.add_parser("verify", help="Xác minh một mã (như trang công khai).")
        verify.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _list(self, options: dict[str, Any]) -> None:
        rows = Certificate.objects.select_related("conferral").order_by("id")
        if options["year"]:
            rows = rows.filter(conferral__record__year=parse_year(options["year"], years=RECORD_YEARS))
        if options["decision"]:
            rows = rows.filter(conferral__decision__number=options["decision"].strip())
        for certificate in rows.iterator(chunk_size=500):
            payload = services.verification_payload(certificate)
            if options["json"]:
                self.stdout.write(json.dumps(payload, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{payload['code']}\t{payload['status']}\t{payload['year']}\t{payload['award_code']}\t"
                    f"{payload['decision_number']}\t{payload['recipient']}"
                )

    def _generate(self, options: dict[str, Any]) -> None:
        decisions = Decision.objects.filter(number=options["decision"].strip())
        if options["authority"]:
            decisions = decisions.filter(authority=options["authority"].strip())
        if options["issued_year"] is not None:
            decisions = decisions.filter(year=options["issued_year"])
        found = list(decisions[:2])
        if not found:
            raise CommandError(f"Không có quyết định số «{options['decision']}».")
        if len(found) > 1:
            # numbers start again each year, and two bodies may share one
            raise CommandError("Có nhiều quyết định trùng số: ghi thêm --authority hoặc --issued-year.")
        actor = None
        if options["as_user"]:
            actor = User.objects.filter(username=options["as_user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng «{options['as_user']}».")
        report = services.generate_certificates(actor=actor, decision=found[0])
        self.stdout.write(
            f"Đã in {report.total} bằng, giấy: {report.created} mới, {report.reissued} in lại, "
            f"{report.unchanged} không đổi, {report.skipped_revoked} mục đã thu hồi bỏ qua."
        )

    def _verify(self, options: dict[str, Any]) -> None:
        certificate = certificate_by_code(options["code"][:64])
        if certificate is None:
            shape = (
                "sai mã kiểm tra" if verification.normalise(options["code"]) is None else "không có trong sổ"
            )
            raise CommandError(f"Mã «{options['code']}» không hợp lệ ({shape}).")
        payload = services.verification_payload(certificate)
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        if payload["status"] != "valid":
            raise CommandError("Bằng đã bị thu hồi.")
