"""`thidua token create USER NAME` / `thidua token revoke PREFIX` / `thidua token list USER`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.accounts import services
from thidua.accounts.models import ApiToken, User
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = "Tạo, thu hồi, liệt kê mã truy cập API."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("name")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")
        listing = sub.add_parser("list")
        listing.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                user = self._user(options["username"])
                token, raw = services.create_api_token(actor=None, user=user, name=options["name"])
                self.stdout.write(f"Mã truy cập (chỉ hiện một lần): {raw}")
            elif options["action"] == "revoke":
                token = ApiToken.objects.filter(prefix=options["prefix"]).first()
                if token is None:
                    raise CommandError(f"Không có mã truy cập với tiền tố «{options['prefix']}».")
                services.revoke_api_token(actor=None, token=token)
                self.stdout.write(f"Đã thu hồi {token}.")
            else:
                for token in ApiToken.objects.filter(user=self._user(options["username"])).order_by(
                    "created_at"
                ):
                    state = "đã thu hồi" if token.revoked_at else "còn hiệu lực"
                    self.stdout.write(f"{token.prefix}\t{token.name}\t{token.created_at:%d/%m/%Y}\t{state}")
        except DomainError as error:
            raise CommandError(error.message) from error

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        return user
