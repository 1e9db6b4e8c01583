"""Review Chinese-to-English machine-translated news copy, segment by segment."""

__version__ = "0.1.0"
