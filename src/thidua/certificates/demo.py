"""Demo: a print layout per blank kind, and the certificates of the 2018 achievements decided by the
Minister (the decisions whose issuing body is the ministry's minister: the awards demo records them
today, the proposals demo's decision of early 2019 joins them). Idempotent: a second run finds every
certificate current and prints nothing again."""

from __future__ import annotations

import datetime
from typing import Any

from thidua.awards.models import Decision
from thidua.certificates import services
from thidua.certificates.enums import BlankKind
from thidua.certificates.models import Certificate
from thidua.core import clock

ORDER = 90
YEAR = 2018
MINISTER = "Bộ trưởng Bộ"  # "Bộ trưởng Bộ Tài nguyên và Môi trường" (and its successor ministry)


def load_demo(*, stdout: Any) -> None:
    for kind in BlankKind.values:
        services.create_layout(actor=None, blank_kind=kind)
    decisions = (
        Decision.objects.filter(authority__startswith=MINISTER, conferrals__record__year=YEAR)
        .distinct()
        .order_by("date", "number")
    )
    printed = 0
    for decision in decisions:
        # Certificates are printed in the weeks after the decision is signed.
        with clock.recorded_at(decision.date + datetime.timedelta(days=7), hour=9):
            report = services.generate_certificates(actor=None, decision=decision)
        printed += report.total
    count = Certificate.objects.filter(conferral__record__year=YEAR).count()
    stdout.write(
        f"    bằng, giấy chứng nhận năm {YEAR}: {count} (theo {len(decisions)} quyết định của Bộ trưởng)"
    )
