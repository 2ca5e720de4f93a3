"""Feed health and polling: pure decisions over a feed's fetch history.

Nothing here does I/O, so every rule is tested with plain data
(``tests/health/``), in the spirit of lemon24/reader's update decisions.
"""

from broadsheet.health._diagnose import Diagnosis, FetchOutcome, diagnose
from broadsheet.health._schedule import next_interval, retry_delay

__all__ = ["Diagnosis", "FetchOutcome", "diagnose", "next_interval", "retry_delay"]
