"""Allow ``python -m broadsheet``."""

from broadsheet.cli import main

raise SystemExit(main())
