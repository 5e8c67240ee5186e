"""thidua: emulation and commendation work for Vietnamese public agencies."""

__version__ = "0.1.0"
