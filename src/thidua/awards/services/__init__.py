"""Writes of the registry and the evaluation services (split by concern; re-exported here)."""

from thidua.awards.services.evaluation import (
    check_case,
    evaluate_subject,
    outlook_for,
    prospects_for,
    run_batch,
    set_rule_parameter,
)
from thidua.awards.services.registry import (
    add_initiative,
    confer,
    record_decision,
    record_year,
    revoke_conferral,
)
from thidua.awards.services.transfer import export_registry, import_registry

__all__ = [
    "add_initiative",
    "check_case",
    "confer",
    "evaluate_subject",
    "export_registry",
    "import_registry",
    "outlook_for",
    "prospects_for",
    "record_decision",
    "record_year",
    "revoke_conferral",
    "run_batch",
    "set_rule_parameter",
]
