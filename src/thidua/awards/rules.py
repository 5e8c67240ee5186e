"""Permission rules of the awards app (see thidua.core.rules)."""
