"""Demo registry: 2010–2025 histories for the fictional people of the ten departments of Cụm 1
(created by organisations/demo.py) and for a few collectives, deterministic (seeded), so that the
timeline and eligibility pages show every verdict: eligible, not_eligible, needs_rule (Giấy khen's
criteria are delegated to agencies) and needs_decision (departments formed by the 2025 mergers)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from thidua.awards import services
from thidua.awards.catalogue import load_catalogue
from thidua.awards.models import AwardForm, Decision, Title, YearRecord
from thidua.organisations.models import Person, Unit
from thidua.organisations.selectors import current_successors

ORDER = 60
FIRST, LAST = 2010, 2025
KEYS = ["ND", "TB", "HN", "HNA", "NB", "HY", "HD", "HP", "VP", "BN"]


MONRE_LAST_DAY = datetime.date(2025, 2, 28)  # the ministry merged into the MAE on 01/03/2025
DEPARTMENT_LAST_DAY = datetime.date(2025, 2, 28)  # provincial Sở TN&MT merged the same day


def _decision(unit: Unit, year: int, number: int, *, level: str = "so") -> Decision:
    """A decision conferring year `year`'s titles, issued early the next year by a body that
    existed on that day: the MONRE minister up to 28/02/2025, the MAE minister after; the
    department's director up to its merger, the successor department's director after."""
    if level == "bo":
        on = datetime.date(year + 1, 3, 10)
        ministry = ("BTNMT", "Bộ Tài nguyên và Môi trường")
        if on > MONRE_LAST_DAY:
            ministry = ("BNNMT", "Bộ Nông nghiệp và Môi trường")
        return services.record_decision(
            actor=None,
            # Numbering restarts every year (Decree 30/2020 Art. 15; the registry keys a decision by
            # number, authority and year), so 501/QĐ-BTNMT of 2019 and of 2020 are two decisions.
            number=f"{number}/QĐ-{ministry[0]}",
            date=on,
            authority=f"Bộ trưởng {ministry[1]}",
        )
    on = datetime.date(year + 1, 1, 20)
    issuer = unit
    if on > DEPARTMENT_LAST_DAY:  # the department's successor on that day (after both mergers)
        successors = current_successors(unit, on=on)
        issuer = successors[0] if successors else unit
    return services.record_decision(
        actor=None,
        number=f"{number}/QĐ-{'SNNMT' if issuer.pk != unit.pk else 'STNMT'}",
        date=on,
        authority=f"Giám đốc {issuer.name}",
    )


# Years a unit runs itself in the demo (thidua/awards/demo_unit_year.py, ORDER 75): its ratings,
# review and the head's decision write the registry, so nothing is invented here for them.
OWN_YEARS = {("HD", 2018)}
OWN_YEAR_FACTS: dict[int, tuple[str, str, int, int, int]] = {}


def _skip(**_: Any) -> None:
    return None


def _person_history(
    person: Person, unit: Unit, rng: random.Random, profile: str, key: str, ordinal: int
) -> None:
    """`ordinal` (1, 2, … in the demo's order) numbers the person's decisions and initiatives: a
    primary key would make the story depend on what the database held before (and once made the
    Minister's 2020 decision collide with the chain's 125/QĐ-BTNMT)."""
    cstdcs_run = 0
    initiative_no = 0
    for year in range(FIRST, LAST + 1):
        # The unit's own year: the same draws and initiatives, no record or conferral (the chain
        # writes them); the streak counters run on as if, so later years are unchanged.
        own = (key, year) in OWN_YEARS
        roll = rng.random()
        if profile == "strong":
            rating = "HTXSNV" if roll < 0.8 else "HTTNV"
        elif profile == "steady":
            rating = "HTTNV" if roll < 0.75 else ("HTXSNV" if roll < 0.9 else "HTNV")
        else:
            rating = "HTNV" if roll < 0.5 else "HTTNV"
        discipline = "KHIEN_TRACH" if profile == "weak" and year == 2019 else ""
        leave = 6 if profile == "steady" and year == 2016 and person.gender == "F" else 0
        months = 12 - leave
        absence = 45 if profile == "weak" and year == 2022 else rng.randint(0, 8)
        imported = year < 2015
        write = services.record_year if not own else _skip
        confer = services.confer if not own else _skip
        if own:  # what the personnel system will report for the year (demo_unit_year.py imports it)
            OWN_YEAR_FACTS[person.pk] = (rating, discipline, months, leave, absence)
        write(
            actor=None,
            subject=person,
            year=year,
            rating=rating,
            discipline=discipline,
            months_worked=months,
            statutory_leave_months=leave,
            absence_days=absence,
            imported=imported,
        )
        ldtt = rating in ("HTXSNV", "HTTNV") and not discipline and absence < 40
        decision = None if imported or own else _decision(unit, year, 100 + year - FIRST)
        if ldtt:
            confer(actor=None, subject=person, year=year, code="LDTT", decision=decision, imported=imported)
        has_initiative = profile == "strong" and rng.random() < 0.7
        if has_initiative:
            initiative_no += 1
            scope = "BO_TINH" if initiative_no % 3 == 0 else "CO_SO"
            services.add_initiative(
                actor=None,
                subject=person,
                code=f"SK-{ordinal}-{initiative_no}",
                year=year,
                scope=scope,
                name=f"Sáng kiến cải tiến quy trình số {initiative_no}",
                recognised_by=f"Hội đồng sáng kiến {unit.short_name}",
                imported=imported,
            )
        if ldtt and (rating == "HTXSNV" or has_initiative) and profile == "strong":
            confer(actor=None, subject=person, year=year, code="CSTDCS", decision=decision, imported=imported)
            cstdcs_run += 1
            if cstdcs_run == 3 and year >= 2015:
                if not own:
                    services.confer(
                        actor=None,
                        subject=person,
                        year=year,
                        code="CSTD_BO",
                        decision=_decision(unit, year, 900 + ordinal, level="bo"),
                    )
                cstdcs_run = 0
        else:
            cstdcs_run = 0
        if profile == "strong" and year in (2013, 2019):
            bo = None if imported else _decision(unit, year, 500 + ordinal, level="bo")
            services.confer(
                actor=None, subject=person, year=year, code="BK_BO", decision=bo, imported=imported
            )
        if profile == "steady" and year == 2021:
            confer(actor=None, subject=person, year=year, code="GIAY_KHEN", decision=decision)


def _unit_history(unit: Unit, rng: random.Random, *, last: int) -> None:
    for year in range(FIRST, last + 1):
        rating = "HTXSNV" if rng.random() < 0.7 else "HTTNV"
        services.record_year(actor=None, subject=unit, year=year, rating=rating, imported=year < 2015)
        decision = None if year < 2015 else _decision(unit, year, 700 + year - FIRST, level="bo")
        code = "TTLDXS" if rating == "HTXSNV" else "TTLDTT"
        services.confer(
            actor=None, subject=unit, year=year, code=code, decision=decision, imported=decision is None
        )
        if year in (2016, 2021):
            services.confer(
                actor=None,
                subject=unit,
                year=year,
                code="CO_BO",
                decision=decision,
                imported=decision is None,
            )
        if year in (2014, 2019):
            services.confer(
                actor=None,
                subject=unit,
                year=year,
                code="BK_BO",
                decision=decision,
                imported=decision is None,
            )


def load_demo(*, stdout: Any) -> None:
    load_catalogue(Title, AwardForm)
    if YearRecord.objects.exists():
        return  # already loaded (histories are only ever appended by people after that)
    rng = random.Random(2010)
    profiles = ["strong", "steady", "steady", "weak"]
    people = 0
    for index, key in enumerate(KEYS):
        unit = Unit.objects.filter(code=f"STNMT-{key}").first()
        if unit is None:
            continue
        for n, position in enumerate(unit.positions.select_related("person").order_by("id")):
            people += 1
            _person_history(position.person, unit, rng, profiles[(n + index) % len(profiles)], key, people)
        if key in ("HN", "HP", "BN", "HD"):
            _unit_history(unit, rng, last=2024)
    # One department that lives on unchanged after the merger, one formed from several.
    for code in ("SNNMT-HN", "SNNMT-HP-2025"):
        unit = Unit.objects.filter(code=code).first()
        if unit is not None:
            services.record_year(actor=None, subject=unit, year=2025, rating="HTXSNV")
    # A revoked title, to show how revocation looks (it stays listed, and stops counting).
    first = Person.objects.filter(year_records__conferrals__title__code="CSTDCS").order_by("pk").first()
    if first is not None:
        record = first.year_records.filter(year=2018).first()
        conferral = record.conferrals.filter(title__code="LDTT").first() if record else None
        if conferral is not None:
            services.revoke_conferral(
                actor=None,
                conferral=conferral,
                on=datetime.date(2020, 5, 4),
                basis="Quyết định thu hồi số 45/QĐ-STNMT ngày 04/05/2020",
                reason="Hồ sơ kê khai không đúng thời gian công tác.",
            )
    stdout.write(
        f"    sổ khen thưởng: {people} cá nhân, {YearRecord.objects.filter(unit__isnull=False).count()} năm của tập thể"
    )
