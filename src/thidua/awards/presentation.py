"""Readable descriptions of the engine's rule data for officers (no logic of eligibility here)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.awards.eligibility.codes import NAME_VI
from thidua.awards.eligibility.model import Rule, RuleSet, SincePrior
from thidua.awards.eligibility.parameters import ParameterSpec
from thidua.core.errors import InvalidInput


@dataclass(frozen=True)
class ConditionLine:
    id: str
    text: str
    citation: str
    nested: bool = False


@dataclass(frozen=True)
class RuleLine:
    target: str
    name: str
    subject_kind: str
    conditions: tuple[ConditionLine, ...]
    missing: str
    missing_reason: str


def _sentence(template: str) -> str:
    # "Trong {window}, …" already has its preposition; "… liên tục {window}" and "({window})" need one
    sentence = template.replace("{year}", "Y (năm xét)")
    sentence = sentence.replace("Trong {window}", "Trong khoảng năm xét").replace(
        "trong {window}", "trong khoảng năm xét"
    )
    return sentence.replace("{window}", "trong khoảng năm xét")


def describe_rule(rule: Rule) -> RuleLine:
    lines: list[ConditionLine] = []
    for condition in rule.conditions:
        lines.append(ConditionLine(condition.id, _sentence(condition.template), str(condition.citation)))
        if isinstance(condition.check, SincePrior):
            for part in condition.check.parts:
                lines.append(
                    ConditionLine(part.id, _sentence(part.template), str(part.citation), nested=True)
                )
    return RuleLine(
        rule.target,
        NAME_VI.get(rule.target, rule.target),
        "cá nhân" if rule.subject_kind == "person" else "tập thể",
        tuple(lines),
        str(rule.missing) if rule.missing else "",
        rule.missing_reason,
    )


def describe_rule_set(rule_set: RuleSet) -> list[RuleLine]:
    return [
        describe_rule(rule)
        for rule in sorted(rule_set.rules, key=lambda r: (r.subject_kind != "person", r.target))
    ]


def parse_parameter_value(spec: ParameterSpec, text: str) -> object:
    """A form's text to the parameter's type (the engine then validates the range and choices)."""
    text = text.strip()
    if spec.kind == "bool":
        if text.lower() in ("true", "1", "có"):
            return True
        if text.lower() in ("false", "0", "không"):
            return False
        raise InvalidInput(f"{parameter_label(spec)[0]}: chọn có hoặc không.", fields={"value": "type"})
    if spec.kind == "choice":
        return text
    if spec.kind == "optional_int" and text in ("", "none", "không"):
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(
            f"{parameter_label(spec)[0]}: phải là số nguyên.", fields={"value": "type"}
        ) from None


# --- parameters, as a clerk or a law engineer reads them ------------------------------------------
# The engine's specs (eligibility/parameters.py) keep their developer notes; the page shows these.
PARAMETER_VI: dict[str, tuple[str, str]] = {
    "year_2023_rule_set": (
        "Quy định áp dụng cho thành tích năm 2023",
        "Năm chuyển tiếp (bình xét đầu năm 2024). Theo Luật 2022 (mặc định, như Bộ Nội vụ đã trả lời): "
        "Chiến sĩ thi đua cơ sở chỉ cần hoàn thành xuất sắc nhiệm vụ, không giới hạn 15%. Theo Nghị "
        "định 91/2017: cần sáng kiến và trong hạn mức 15%.",
    ),
    "min_months_worked": (
        "Số tháng công tác tối thiểu để xét Lao động tiên tiến",
        "Tính cả thời gian nghỉ theo chế độ; lực lượng vũ trang thường dùng 9 tháng.",
    ),
    "absence_limit_days": (
        "Số ngày nghỉ từ đó không xét Lao động tiên tiến",
        "Nghỉ từ số ngày này trở lên (trừ nghỉ theo chế độ) thì không xét, khi quy chế của cơ quan có "
        "quy định; để trống là không giới hạn. Không áp dụng cho các năm 2017–2023.",
    ),
    "discipline_exclusion_min_form": (
        "Hình thức kỷ luật loại khỏi diện xét Lao động tiên tiến",
        "Bị kỷ luật từ hình thức này trở lên trong năm thì không xét.",
    ),
    "cstdcs_route": (
        "Điều kiện Chiến sĩ thi đua cơ sở (Luật 2022, Điều 23, khoản 2)",
        "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến (một trong hai), hay phải có cả hai.",
    ),
    "cstdcs_quota_pct_of_ldtt": (
        "Hạn mức Chiến sĩ thi đua cơ sở (% số Lao động tiên tiến)",
        "15% theo Nghị định 91/2017; Luật 2022 không quy định; để trống là không giới hạn.",
    ),
    "council_threshold_pct": (
        "Tỉ lệ phiếu Hội đồng cần đạt",
        "Phần trăm trên tổng số thành viên Hội đồng, bỏ phiếu kín, để xét Chiến sĩ thi đua cấp bộ, "
        "tỉnh và toàn quốc (Nghị định 91/2017, Điều 45, khoản 8).",
    ),
    "cstd_bo_initiative_years": (
        "Thời hạn tính sáng kiến cho Chiến sĩ thi đua cấp bộ, tỉnh",
        "Sáng kiến được tính trong số năm này tính đến năm xét; để trống là không giới hạn (Luật "
        "không quy định thời hạn).",
    ),
    "flags_per_cluster": (
        "Số Cờ thi đua mỗi cụm được đề nghị",
        "Theo thực tiễn các bộ, ngành; chưa thấy văn bản quy định hạn mức.",
    ),
    "prior_award_window_start": (
        "Cách tính thời gian sau lần khen trước",
        "Bắt đầu từ năm sau năm thành tích của lần khen trước, hoặc từ chính năm đó.",
    ),
    "cstdtq_gap_min_years": (
        "Chiến sĩ thi đua toàn quốc: khoảng cách ít nhất giữa hai lần đạt Chiến sĩ thi đua cấp bộ",
        "Số năm giữa hai lần Chiến sĩ thi đua cấp bộ, tỉnh liên tục.",
    ),
    "cstdtq_gap_max_years": (
        "Chiến sĩ thi đua toàn quốc: khoảng cách nhiều nhất giữa hai lần đạt Chiến sĩ thi đua cấp bộ",
        "Số năm giữa hai lần Chiến sĩ thi đua cấp bộ, tỉnh liên tục.",
    ),
    "ttldxs_min_ldtt_pct": (
        "Tập thể lao động xuất sắc: tỉ lệ thành viên đạt Lao động tiên tiến",
        "Ít nhất bằng tỉ lệ này.",
    ),
    "ttldtt_ldtt_above_pct": (
        "Tập thể lao động tiên tiến: tỉ lệ thành viên đạt Lao động tiên tiến",
        "Phải vượt tỉ lệ này.",
    ),
    "ttldxs_checks_member_discipline": (
        "Tập thể lao động xuất sắc: xét kỷ luật của thành viên",
        "Không có thành viên bị kỷ luật từ cảnh cáo trở lên (Luật 2003; Luật 2022 không còn điểm này).",
    ),
    "title_reuse_policy": (
        "Thành tích đã dùng để khen thưởng khác",
        "Không tính lại cho cùng hình thức, hay không tính lại cho mọi hình thức. Sáng kiến không bao "
        "giờ được tính hai lần.",
    ),
    "inherit_merged_history": (
        "Tập thể hợp nhất kế thừa thành tích của đơn vị cũ",
        "Chưa thấy quy định; khuyến nghị không kế thừa.",
    ),
}
CONFIDENCE_VI = {
    "VERIFIED": "đã đối chiếu văn bản",
    "UNVERIFIED": "chưa xác minh",
    "AMBIGUOUS": "còn nhiều cách hiểu",
}
CHOICE_VI = {
    "LAW_2022": "Luật Thi đua, khen thưởng 2022",
    "OLD_2017": "Nghị định 91/2017/NĐ-CP",
    "either": "một trong hai",
    "both": "cả hai",
    "next_year": "từ năm sau",
    "award_year": "từ năm thành tích",
    "same_target": "cùng hình thức",
    "any": "mọi hình thức",
}


def parameter_label(spec: ParameterSpec) -> tuple[str, str]:
    """(name, explanation) in Vietnamese; an unlisted parameter shows its key and the spec's note."""
    return PARAMETER_VI.get(spec.name, (spec.name, spec.description))


def parameter_value(spec: ParameterSpec, value: object) -> str:
    """A stored or default value as the page shows it: never None, True or a bare code."""
    if value is None:
        return "không giới hạn" if spec.kind == "optional_int" else "không"
    if isinstance(value, bool):
        return "có" if value else "không"
    if spec.kind == "choice":
        text = str(value)
        return CHOICE_VI.get(text) or NAME_VI.get(text) or text
    return str(value)
