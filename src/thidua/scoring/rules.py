"""Permission rules of the scoring app (see thidua.core.rules)."""
