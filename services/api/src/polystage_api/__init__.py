"""polystage API: the jobs hub of the polystage flow."""

__version__ = "0.1.0"
