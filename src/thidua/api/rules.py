"""Permission rules of the api app (see thidua.core.rules)."""
