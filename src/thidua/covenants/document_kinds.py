"""The covenants app's document kinds, registered with the documents app at start-up: what can
be rendered, who may see it, the file name. The builders are in `covenants.documents`."""

from __future__ import annotations

from typing import Any

from thidua.clusters.models import Conference, EmulationYear
from thidua.core.errors import NotFound
from thidua.core.rules import allows
from thidua.covenants.documents import (
    build_covenant_document,
    build_minutes_document,
    build_plan_document,
    build_registration_summary,
)
from thidua.covenants.enums import CovenantStatus
from thidua.covenants.models import Covenant, Plan
from thidua.documents.registry import DocumentKind, register_kind


def _year(pk: int) -> EmulationYear:
    found = EmulationYear.objects.select_related("cluster__authority").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy năm thi đua.")
    return found


def _plan(pk: int) -> Plan:
    found = (
        Plan.objects.select_related("emulation_year__cluster__authority", "adopted_at__host__province")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("Không tìm thấy kế hoạch.")
    return found


def _covenant(pk: int) -> Covenant:
    found = Covenant.objects.select_related("emulation_year__cluster__authority").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy giao ước.")
    return found


def _conference(pk: int) -> Conference:
    found = Conference.objects.select_related("cluster__authority", "host__province").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy hội nghị.")
    return found


# The same rules as the pages and the API (covenants.rules): public once adopted / in force.
def _may_see_covenant(user: Any, pk: int) -> bool:
    return allows(user, "covenants.view_covenant", _covenant(pk))


def _may_see_plan(user: Any, pk: int) -> bool:
    return allows(user, "covenants.view_plan", _plan(pk))


def register_document_kinds() -> None:
    register_kind(
        DocumentKind(
            name="plan",
            label="Kế hoạch thi đua, khen thưởng và tuyên truyền",
            items=lambda: (
                (p.pk, f"{p.title} ({p.emulation_year})")
                for p in Plan.objects.select_related("emulation_year__cluster").order_by("pk")
            ),
            build=lambda pk: build_plan_document(_plan(pk)),
            can_view=_may_see_plan,
            filename=lambda pk: f"ke-hoach-{_plan(pk).emulation_year.year}-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="covenant",
            label="Giao ước thi đua",
            items=lambda: (
                (c.pk, str(c)) for c in Covenant.objects.select_related("emulation_year").order_by("pk")
            ),
            build=lambda pk: build_covenant_document(_covenant(pk)),
            can_view=_may_see_covenant,
            filename=lambda pk: f"giao-uoc-{_covenant(pk).emulation_year.year}-v{_covenant(pk).version}",
        )
    )
    register_kind(
        DocumentKind(
            name="covenant-copy",
            label="Giao ước thi đua (bản sao ghi “Đã ký”)",
            items=lambda: (
                (c.pk, f"{c} (bản sao)")
                for c in Covenant.objects.select_related("emulation_year")
                .filter(status=CovenantStatus.IN_FORCE)
                .order_by("pk")
            ),
            build=lambda pk: build_covenant_document(_covenant(pk), copy=True),
            can_view=_may_see_covenant,
            filename=lambda pk: (
                f"giao-uoc-{_covenant(pk).emulation_year.year}-v{_covenant(pk).version}-ban-sao"
            ),
        )
    )
    register_kind(
        DocumentKind(
            name="minutes",
            label="Biên bản hội nghị",
            items=lambda: (
                (c.pk, f"Biên bản {c.title} ({c.date:%d/%m/%Y})") for c in Conference.objects.order_by("pk")
            ),
            build=lambda pk: build_minutes_document(_conference(pk)),
            can_view=lambda user, pk: allows(user, "covenants.view_conference", _conference(pk)),
            filename=lambda pk: f"bien-ban-hoi-nghi-{pk}",
        )
    )
    register_kind(
        DocumentKind(
            name="registrations",
            label="Tổng hợp đăng ký thi đua",
            items=lambda: (
                (y.pk, f"Tổng hợp đăng ký thi đua {y}")
                for y in EmulationYear.objects.select_related("cluster")
                .filter(registrations__isnull=False)
                .distinct()
                .order_by("pk")
            ),
            build=lambda pk: build_registration_summary(_year(pk)),
            can_view=lambda user, pk: allows(user, "covenants.view_registrations", _year(pk)),
            filename=lambda pk: f"tong-hop-dang-ky-{_year(pk).year}",
        )
    )
