"""The emulation year's last steps, `voting → proposed → decided → closed`: one service each, through
the clusters app's `advance_year` with the preconditions this app registers (apps.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from thidua.clusters.enums import YearState
from thidua.clusters.models import EmulationYear
from thidua.clusters.services import advance_year

from ..enums import DecisionState, DossierKind, DossierState
from ..models import AwardDecision, Dossier

SENT = (DossierState.SUBMITTED, DossierState.IN_REVIEW, DossierState.REVIEWED, DossierState.DECIDED)


def _cluster_dossiers(emulation_year: EmulationYear) -> Any:
    return Dossier.objects.filter(
        kind=DossierKind.CLUSTER, cluster_id=emulation_year.cluster_id, year=emulation_year.year
    )


def proposed_check(emulation_year: EmulationYear) -> str | None:
    """`proposed`: the cluster has sent its dossier for the year, and none is waiting to be resent."""
    dossiers = _cluster_dossiers(emulation_year)
    if not dossiers.filter(state__in=SENT).exists():
        return "Cụm chưa gửi hồ sơ đề nghị khen thưởng của năm."
    if dossiers.filter(state=DossierState.RETURNED).exists():
        return "Có hồ sơ bị trả lại chưa gửi lại."
    return None


def decided_check(emulation_year: EmulationYear) -> str | None:
    """`decided`: every dossier the cluster sent for the year has its decision issued."""
    dossiers = _cluster_dossiers(emulation_year).filter(state__in=SENT)
    if not dossiers.exists():
        return "Cụm chưa gửi hồ sơ đề nghị khen thưởng của năm."
    waiting = dossiers.exclude(state=DossierState.DECIDED).count()
    if waiting:
        return f"Còn {waiting} hồ sơ của cụm chưa có quyết định khen thưởng."
    return None


def closed_check(emulation_year: EmulationYear) -> str | None:
    """`closed`: no draft decision is left on the year's dossiers (nothing still to issue)."""
    drafts = (
        AwardDecision.objects.filter(
            dossiers__in=_cluster_dossiers(emulation_year), state=DecisionState.DRAFT
        )
        .distinct()
        .count()
    )
    if drafts:
        return f"Còn {drafts} dự thảo quyết định khen thưởng chưa ban hành."
    return None


@transaction.atomic
def mark_year_proposed(*, actor: Any, emulation_year: EmulationYear) -> EmulationYear:
    """`voting → proposed`: the cluster's dossier has been sent to the authority."""
    return advance_year(actor=actor, emulation_year=emulation_year, to_state=YearState.PROPOSED)


@transaction.atomic
def mark_year_decided(*, actor: Any, emulation_year: EmulationYear) -> EmulationYear:
    """`proposed → decided`: the authority's decisions on the year's dossiers are issued."""
    return advance_year(actor=actor, emulation_year=emulation_year, to_state=YearState.DECIDED)


@transaction.atomic
def close_year(*, actor: Any, emulation_year: EmulationYear) -> EmulationYear:
    """`decided → closed`: the year's work is over."""
    return advance_year(actor=actor, emulation_year=emulation_year, to_state=YearState.CLOSED)
