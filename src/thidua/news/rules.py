"""Permission rules of the news app (see thidua.core.rules)."""
