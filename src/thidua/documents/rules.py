"""Permission rules of the documents app (see thidua.core.rules)."""
