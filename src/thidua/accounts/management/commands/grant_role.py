"""`thidua grant_role USER ROLE [UNIT_CODE]`: give a login a role over a unit."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.accounts import services
from thidua.accounts.enums import Role
from thidua.accounts.models import User
from thidua.core.errors import DomainError


class Command(BaseCommand):
    help = "Phân vai trò cho tài khoản trên một đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("unit_code", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{options['username']}».")
        unit = None
        if options["unit_code"]:
            # Looked up, not imported: accounts sits below organisations (.importlinter).
            unit = apps.get_model("organisations", "Unit").objects.filter(code=options["unit_code"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã «{options['unit_code']}».")
        try:
            assignment = services.assign_role(actor=None, user=user, role=options["role"], unit=unit)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Đã phân vai trò: {assignment}")
