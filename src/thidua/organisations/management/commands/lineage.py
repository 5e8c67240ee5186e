"""`thidua lineage CODE`: a unit's predecessors, successors and the events between them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.organisations.models import Unit
from thidua.organisations.selectors import lineage_events_of, predecessors_of, successors_of


class Command(BaseCommand):
    help = "Xem lịch sử sáp nhập, chia tách, đổi tên của một đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["code"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã «{options['code']}».")
        self.stdout.write(f"{unit.code}\t{unit.name}")
        for event in lineage_events_of(unit):
            before = ", ".join(u.code for u in event.predecessors.all())
            after = ", ".join(u.code for u in event.successors.all())
            self.stdout.write(
                f"  {event.date:%d/%m/%Y} {event.get_kind_display()}: {before} → {after} ({event.legal_basis})"
            )
        self.stdout.write(
            "Tiền thân: " + (", ".join(u.code for u in predecessors_of(unit).order_by("sort_key")) or "—")
        )
        self.stdout.write(
            "Kế thừa: " + (", ".join(u.code for u in successors_of(unit).order_by("sort_key")) or "—")
        )
