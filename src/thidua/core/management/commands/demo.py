"""`thidua demo`: load the demo data of every app, idempotently.

Each app that has demo data has a `demo` module with `ORDER` (apps it builds on load first) and
`load_demo(stdout)`; this command only finds and runs them, so core names no domain noun. An app
whose demo has parts written by different hands (or run at different points of the order) adds
`demo_<part>` modules of the same shape beside it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn (Cụm thi đua số 1, năm 2018); chạy lại nhiều lần vẫn an toàn."

    def handle(self, *args: Any, **options: Any) -> None:
        loaders = []
        for config in apps.get_app_configs():
            if not config.name.startswith("thidua."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            loaders.append((module.ORDER, config.label, module))
        for config in apps.get_app_configs():
            if not config.name.startswith("thidua."):
                continue
            for info in pkgutil.iter_modules(importlib.import_module(config.name).__path__):
                if info.name.startswith("demo_"):
                    part = importlib.import_module(f"{config.name}.{info.name}")
                    loaders.append((part.ORDER, f"{config.label}.{info.name[5:]}", part))
        for _, label, module in sorted(loaders, key=lambda item: item[0]):
            with transaction.atomic():
                module.load_demo(stdout=self.stdout)
            self.stdout.write(f"  ✓ {label}")
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu trình diễn."))
