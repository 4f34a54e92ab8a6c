"""``python -m modelviz``."""

from modelviz.cli import entry_point

entry_point()
