"""`parse_case`: the JSON case file to a `Case`, validated strictly.

Every error is an InvalidInput whose message starts with the path of the offending field
(`records[0].rating`) so that the API can attach it to the right input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from thidua.core.errors import InvalidInput

from .case import Case, Context, Council, Entry, Initiative, Members, Subject, Target, YearRecord
from .codes import (
    AWARDS,
    COLLECTIVE,
    COLLECTIVE_TITLES,
    DISCIPLINE_RANK,
    PERSON,
    PERSON_TITLES,
    RATING_RANK,
    SCOPE_RANK,
    SUBJECT_KINDS,
    codes_for_kind,
)
from .model import RuleSet
from .rulesets import ALL_RULE_SETS, EARLIEST_YEAR

MIN_YEAR: Final = 1945
MAX_YEAR: Final = 2100
ALL_CODES: Final = PERSON_TITLES | COLLECTIVE_TITLES | AWARDS
KIND_VI: Final = {PERSON: "cá nhân", COLLECTIVE: "tập thể"}


def fail(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", fields={field: message})


def read_object(
    value: object, *, field: str, required: Sequence[str], optional: Sequence[str]
) -> dict[str, object]:
    if not isinstance(value, dict):
        raise fail(field or "case", "phải là một đối tượng JSON.")
    prefix = f"{field}." if field else ""
    for key in value:
        if key not in required and key not in optional:
            raise fail(f"{prefix}{key}", "trường không được hỗ trợ.")
    for key in required:
        if key not in value:
            raise fail(f"{prefix}{key}", "thiếu trường bắt buộc.")
    return {str(k): v for k, v in value.items()}


def read_int(value: object, *, field: str, minimum: int, maximum: int) -> int:
    # bool is an int subclass in Python; a JSON true is never a count.
    if not isinstance(value, int) or isinstance(value, bool):
        raise fail(field, "phải là số nguyên.")
    if not minimum <= value <= maximum:
        raise fail(field, f"phải nằm trong khoảng {minimum}–{maximum}.")
    return value


def read_optional_int(value: object, *, field: str, minimum: int, maximum: int) -> int | None:
    return None if value is None else read_int(value, field=field, minimum=minimum, maximum=maximum)


def read_str(value: object, *, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(field, "phải là chuỗi ký tự không rỗng.")
    return value.strip()


def read_code(value: object, *, field: str, allowed: Mapping[str, int] | frozenset[str], what: str) -> str:
    code = read_str(value, field=field)
    if code not in allowed:
        raise fail(field, f"mã {what} '{code}' không hợp lệ.")
    return code


def read_list(value: object, *, field: str) -> list[object]:
    if not isinstance(value, list):
        raise fail(field, "phải là một danh sách.")
    return value


def read_used_for(value: object, *, field: str) -> str | None:
    if value is None:
        return None
    text = read_str(value, field=field)
    code, _, year = text.partition(":")
    if code not in ALL_CODES or not year.isdigit() or not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise fail(field, f"'{text}' phải có dạng MÃ:NĂM, ví dụ 'CSTDCS:2025'.")
    return text


def parse_case(data: dict[str, object], *, rule_sets: Sequence[RuleSet] = ALL_RULE_SETS) -> Case:
    """Validate a case file; `rule_sets` are the codes `rule_set` may name (default: all known)."""
    root = read_object(
        data,
        field="",
        required=("subject", "target", "records"),
        optional=("initiatives", "members", "context", "rule_set"),
    )
    subject = parse_subject(root["subject"])
    target = parse_target(root["target"], kind=subject.kind)
    records = parse_records(root["records"], kind=subject.kind)
    initiatives = parse_initiatives(root.get("initiatives", []))
    members = parse_members(root.get("members"), kind=subject.kind)
    context = parse_context(root.get("context", {}), kind=subject.kind)
    rule_set = parse_rule_set(root.get("rule_set"), year=target.year, rule_sets=rule_sets)
    return Case(subject, target, records, initiatives, members, context, rule_set)


def parse_subject(value: object) -> Subject:
    obj = read_object(value, field="subject", required=("kind", "name"), optional=())
    kind = read_code(obj["kind"], field="subject.kind", allowed=SUBJECT_KINDS, what="loại đối tượng")
    return Subject(kind, read_str(obj["name"], field="subject.name"))


def parse_target(value: object, *, kind: str) -> Target:
    obj = read_object(value, field="target", required=("code", "year"), optional=())
    code = read_code(
        obj["code"], field="target.code", allowed=ALL_CODES, what="danh hiệu/hình thức khen thưởng"
    )
    if code not in codes_for_kind(kind):
        raise fail("target.code", f"'{code}' không dùng để xét cho {KIND_VI[kind]}.")
    year = read_int(obj["year"], field="target.year", minimum=MIN_YEAR, maximum=MAX_YEAR)
    if year < EARLIEST_YEAR:
        raise fail("target.year", f"năm {year} trước mọi bộ quy tắc đã có (sớm nhất là năm {EARLIEST_YEAR}).")
    return Target(code, year)


def parse_entries(value: object, *, field: str, kind: str, allowed: frozenset[str]) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for index, item in enumerate(read_list(value, field=field)):
        item_field = f"{field}[{index}]"
        if isinstance(item, str):
            item = {"code": item}
        obj = read_object(item, field=item_field, required=("code",), optional=("revoked", "used_for"))
        code = read_code(
            obj["code"],
            field=f"{item_field}.code" if "revoked" in obj or "used_for" in obj else item_field,
            allowed=ALL_CODES,
            what="danh hiệu/hình thức khen thưởng",
        )
        if code not in allowed:
            raise fail(item_field, f"'{code}' không thuộc danh mục này hoặc không dùng cho {KIND_VI[kind]}.")
        revoked = obj.get("revoked", False)
        if not isinstance(revoked, bool):
            raise fail(f"{item_field}.revoked", "phải là true hoặc false.")
        entries.append(
            Entry(code, revoked, read_used_for(obj.get("used_for"), field=f"{item_field}.used_for"))
        )
    return tuple(entries)


def parse_records(value: object, *, kind: str) -> tuple[YearRecord, ...]:
    titles_allowed = (PERSON_TITLES if kind == PERSON else COLLECTIVE_TITLES) & codes_for_kind(kind)
    awards_allowed = AWARDS & codes_for_kind(kind)
    records: list[YearRecord] = []
    seen: set[int] = set()
    keys = (
        "year",
        "rating",
        "titles",
        "awards",
        "discipline",
        "months_worked",
        "statutory_leave_months",
        "absence_days",
    )
    for index, item in enumerate(read_list(value, field="records")):
        field = f"records[{index}]"
        obj = read_object(item, field=field, required=("year",), optional=keys[1:])
        year = read_int(obj["year"], field=f"{field}.year", minimum=MIN_YEAR, maximum=MAX_YEAR)
        if year in seen:
            raise fail(f"{field}.year", f"năm {year} bị lặp; mỗi năm chỉ có một bản ghi.")
        seen.add(year)
        rating = obj.get("rating")
        if rating is not None:
            rating = read_code(rating, field=f"{field}.rating", allowed=RATING_RANK, what="xếp loại")
        discipline = obj.get("discipline")
        if discipline is not None:
            discipline = read_code(
                discipline, field=f"{field}.discipline", allowed=DISCIPLINE_RANK, what="kỷ luật"
            )
        months = read_int(obj.get("months_worked", 12), field=f"{field}.months_worked", minimum=0, maximum=12)
        leave = read_int(
            obj.get("statutory_leave_months", 0),
            field=f"{field}.statutory_leave_months",
            minimum=0,
            maximum=12,
        )
        if months + leave > 12:
            raise fail(f"{field}.statutory_leave_months", "cộng với months_worked không được quá 12 tháng.")
        records.append(
            YearRecord(
                year=year,
                rating=rating,
                titles=parse_entries(
                    obj.get("titles", []), field=f"{field}.titles", kind=kind, allowed=titles_allowed
                ),
                awards=parse_entries(
                    obj.get("awards", []), field=f"{field}.awards", kind=kind, allowed=awards_allowed
                ),
                discipline=discipline,
                months_worked=months,
                statutory_leave_months=leave,
                absence_days=read_int(
                    obj.get("absence_days", 0), field=f"{field}.absence_days", minimum=0, maximum=366
                ),
            )
        )
    return tuple(sorted(records, key=lambda record: record.year))


def parse_initiatives(value: object) -> tuple[Initiative, ...]:
    initiatives: list[Initiative] = []
    for index, item in enumerate(read_list(value, field="initiatives")):
        field = f"initiatives[{index}]"
        obj = read_object(item, field=field, required=("id", "year", "scope"), optional=("used_for",))
        initiatives.append(
            Initiative(
                id=read_str(obj["id"], field=f"{field}.id"),
                year=read_int(obj["year"], field=f"{field}.year", minimum=MIN_YEAR, maximum=MAX_YEAR),
                scope=read_code(
                    obj["scope"], field=f"{field}.scope", allowed=SCOPE_RANK, what="phạm vi sáng kiến"
                ),
                used_for=read_used_for(obj.get("used_for"), field=f"{field}.used_for"),
            )
        )
    return tuple(initiatives)


def parse_members(value: object, *, kind: str) -> Members | None:
    if value is None:
        return None
    if kind == PERSON:
        raise fail("members", "chỉ khai báo cho tập thể.")
    keys = ("total", "at_least_HTNV", "LDTT", "CSTDCS", "disciplined_CANH_CAO_or_above")
    obj = read_object(value, field="members", required=keys, optional=())
    total = read_int(obj["total"], field="members.total", minimum=1, maximum=1_000_000)
    counts = [read_int(obj[key], field=f"members.{key}", minimum=0, maximum=total) for key in keys[1:]]
    return Members(total, *counts)


def parse_context(value: object, *, kind: str) -> Context:
    keys = (
        "cluster_rank",
        "flags_per_cluster",
        "unit_LDTT_holders",
        "unit_CSTDCS_approved",
        "council",
        "inherited_from",
    )
    obj = read_object(value, field="context", required=(), optional=keys)
    council = None
    if obj.get("council") is not None:
        raw = read_object(
            obj["council"], field="context.council", required=("members", "in_favour"), optional=()
        )
        members = read_int(raw["members"], field="context.council.members", minimum=1, maximum=10_000)
        in_favour = read_int(raw["in_favour"], field="context.council.in_favour", minimum=0, maximum=members)
        council = Council(members, in_favour)
    inherited: tuple[str, ...] = ()
    if obj.get("inherited_from") is not None:
        if kind == PERSON:
            raise fail(
                "context.inherited_from", "chỉ áp dụng cho tập thể; cá nhân giữ nguyên lịch sử của mình."
            )
        items = read_list(obj["inherited_from"], field="context.inherited_from")
        inherited = tuple(read_str(v, field=f"context.inherited_from[{i}]") for i, v in enumerate(items))
    if kind == PERSON and obj.get("cluster_rank") is not None:
        raise fail("context.cluster_rank", "chỉ áp dụng cho tập thể.")
    return Context(
        cluster_rank=read_optional_int(
            obj.get("cluster_rank"), field="context.cluster_rank", minimum=1, maximum=10_000
        ),
        flags_per_cluster=read_optional_int(
            obj.get("flags_per_cluster"), field="context.flags_per_cluster", minimum=0, maximum=10_000
        ),
        unit_ldtt_holders=read_optional_int(
            obj.get("unit_LDTT_holders"), field="context.unit_LDTT_holders", minimum=0, maximum=10_000_000
        ),
        unit_cstdcs_approved=read_optional_int(
            obj.get("unit_CSTDCS_approved"),
            field="context.unit_CSTDCS_approved",
            minimum=0,
            maximum=10_000_000,
        ),
        council=council,
        inherited_from=inherited,
    )


def parse_rule_set(value: object, *, year: int, rule_sets: Sequence[RuleSet]) -> str | None:
    if value is None:
        return None
    by_code = {rule_set.code: rule_set for rule_set in rule_sets}
    code = read_code(value, field="rule_set", allowed=frozenset(by_code), what="bộ quy tắc")
    chosen = by_code[code]
    if chosen.is_overlay and chosen.first_year is not None and year < chosen.first_year:
        raise fail("rule_set", f"{code} chỉ áp dụng từ năm {chosen.first_year}.")
    return code
