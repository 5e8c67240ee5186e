"""Small helpers that build cases by hand for the tests (short, explicit, no magic defaults)."""

from __future__ import annotations

from thidua.awards.eligibility.case import (
    Case,
    Context,
    Council,
    Entry,
    Initiative,
    Members,
    Subject,
    Target,
    YearRecord,
)


def entries(*codes: str | Entry) -> tuple[Entry, ...]:
    return tuple(code if isinstance(code, Entry) else Entry(code) for code in codes)


def year(
    y: int,
    rating: str | None = "HTXSNV",
    *,
    titles: tuple[str | Entry, ...] = (),
    awards: tuple[str | Entry, ...] = (),
    discipline: str | None = None,
    months: int = 12,
    leave: int = 0,
    absence: int = 0,
) -> YearRecord:
    return YearRecord(y, rating, entries(*titles), entries(*awards), discipline, months, leave, absence)


def person(
    code: str,
    target_year: int,
    records: list[YearRecord] | tuple[YearRecord, ...] = (),
    *,
    initiatives: tuple[Initiative, ...] = (),
    context: Context | None = None,
    rule_set: str | None = None,
) -> Case:
    return Case(
        Subject("person", "Nguyễn Văn A"),
        Target(code, target_year),
        tuple(records),
        initiatives,
        None,
        context or Context(),
        rule_set,
    )


def collective(
    code: str,
    target_year: int,
    records: list[YearRecord] | tuple[YearRecord, ...] = (),
    *,
    members: Members | None = None,
    context: Context | None = None,
    rule_set: str | None = None,
) -> Case:
    return Case(
        Subject("collective", "Sở Nông nghiệp và Môi trường"),
        Target(code, target_year),
        tuple(records),
        (),
        members,
        context or Context(),
        rule_set,
    )


def initiative(ident: str, y: int, scope: str = "CO_SO", used_for: str | None = None) -> Initiative:
    return Initiative(ident, y, scope, used_for)


def council(members: int, in_favour: int) -> Context:
    return Context(council=Council(members, in_favour))


def members(
    total: int, *, htnv: int | None = None, ldtt: int = 0, cstdcs: int = 0, disciplined: int = 0
) -> Members:
    return Members(total, total if htnv is None else htnv, ldtt, cstdcs, disciplined)
