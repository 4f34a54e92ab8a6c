"""``python -m modelviz``."""

from modelviz.cli import main

raise SystemExit(main())
