"""Permission rules of the voting app (see thidua.core.rules)."""
