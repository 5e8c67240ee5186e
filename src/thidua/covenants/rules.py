"""Permission rules of the covenants app (see thidua.core.rules)."""
