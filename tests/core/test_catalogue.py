"""Issue 8 item 3: one catalogue of codes (awards/eligibility/codes.py). This test fails if a list
of codes or a legal name is typed anywhere else in src/, and checks that everything derived from
the catalogue (Django choices, the registry's catalogue rows, registration targets) agrees with it."""

from __future__ import annotations

import ast
from pathlib import Path

from thidua.awards import catalogue
from thidua.awards.eligibility import codes
from thidua.awards.enums import Discipline, InitiativeScope, Rating
from thidua.awards.enums import SubjectKind as RegistrySubjectKind
from thidua.covenants.enums import CollectiveTarget, PersonTarget
from thidua.covenants.enums import SubjectKind as RegistrationSubjectKind

SRC = Path(__file__).resolve().parents[2] / "src" / "thidua"
HOME = {SRC / "awards" / "eligibility" / "codes.py", SRC / "awards" / "catalogue.py"}
CODES = set(codes.NAME_VI)
NAMES = {codes.legal_name(code) for code in CODES} | set(codes.NAME_VI.values())
# Data, not code lists: frozen migrations, and the demo's story (who registered for what in 2018).
ALLOWED_PARTS = ("migrations",)
ALLOWED_FILES = {
    SRC / "awards" / "demo.py",
    SRC / "covenants" / "demo.py",
    # sample documents for the renderer's benchmarks; `documents` may import no domain app
    SRC / "documents" / "rendering" / "samples.py",
}
# Rule content rather than lists: a rule or a projection that needs two named titles is data of
# the rule set (the law engineer's files); a list of three or more codes is a hand-made list.
MIN_CODES_IN_A_LIST = 3


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(SRC.rglob("*.py"))
        if path not in HOME and path not in ALLOWED_FILES and not set(path.parts) & set(ALLOWED_PARTS)
    ]


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _hand_lists(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif isinstance(node, ast.Dict):
            items = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        else:
            items = []
        listed = sorted({item for item in items if item in CODES})
        if len(listed) >= MIN_CODES_IN_A_LIST:
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {', '.join(listed)}")
        if isinstance(node, ast.ClassDef) and any(
            isinstance(b, ast.Attribute) and b.attr.endswith("Choices") for b in node.bases
        ):
            hits = sorted(CODES & set(_strings(node)))
            if hits:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: choices class lists {', '.join(hits)}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in NAMES:
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: legal name typed by hand: «{node.value}»")
    return found


def test_no_code_list_or_legal_name_is_typed_outside_the_catalogue() -> None:
    found = [hit for path in _sources() for hit in _hand_lists(path)]
    assert found == []


def test_the_scan_would_catch_a_hand_made_list(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from django.db import models\n"
        'TARGETS = ["LDTT", "CSTDCS", "BK_BO"]\n'
        'class Rating(models.TextChoices):\n    GOOD = "HTTNV", "x"\n'
        'LABEL = "Lao động tiên tiến"\n',
        encoding="utf-8",
    )
    global SRC
    saved, SRC = SRC, tmp_path
    try:
        assert len(_hand_lists(probe)) == 3
    finally:
        SRC = saved


def test_django_choices_come_from_the_catalogue() -> None:
    assert Rating.values == list(codes.RATINGS)
    assert InitiativeScope.values == list(codes.SCOPES)
    assert Discipline.values == list(codes.DISCIPLINES)
    assert Rating("HTXSNV").label == "Hoàn thành xuất sắc nhiệm vụ"
    assert Discipline("KHIEN_TRACH").label == "Khiển trách"
    assert RegistrySubjectKind.BOTH.label == "Cá nhân và tập thể"
    assert RegistrationSubjectKind.values == ["collective", "person"]
    assert PersonTarget.values == list(codes.REGISTRATION_TARGETS[codes.PERSON])
    assert CollectiveTarget.values == list(codes.REGISTRATION_TARGETS[codes.COLLECTIVE])
    assert PersonTarget("CSTD_BO").label == "Chiến sĩ thi đua bộ, ban, ngành, tỉnh"
    assert set(PersonTarget.values) <= codes.codes_for_kind(codes.PERSON)
    assert set(CollectiveTarget.values) <= codes.codes_for_kind(codes.COLLECTIVE)


def test_the_registry_catalogue_rows_follow_the_codes() -> None:
    assert tuple(i.code for i in catalogue.TITLES) == codes.TITLE_ORDER
    assert tuple(i.code for i in catalogue.AWARD_FORMS) == codes.AWARD_ORDER
    assert set(codes.TITLE_ORDER) == codes.PERSON_TITLES | codes.COLLECTIVE_TITLES
    assert set(codes.AWARD_ORDER) == codes.AWARDS
    for item in (*catalogue.TITLES, *catalogue.AWARD_FORMS):
        assert item.name == codes.legal_name(item.code)
        assert item.subject_kind in codes.SUBJECT_KIND_NAME


def test_legal_names() -> None:
    assert codes.legal_name("LDTT") == "Lao động tiên tiến"
    assert codes.legal_name("CO_SO") == "Cấp cơ sở"
    assert codes.legal_name("person") == "Cá nhân"
    assert codes.legal_name("KHONG_CO") == "KHONG_CO"
