"""The ``paykassma`` logger: one ``DEBUG`` line per request attempt (method, path, status,
attempt, duration), written from the core's attempt records; silent unless the application
enables it. The line never holds the secret, a key or a body: only the path, without its query.

    logging.basicConfig()
    logging.getLogger("paykassma").setLevel(logging.DEBUG)

Each record also carries the attempt as ``record.paykassma`` (a dict: ``method``, ``path``,
``status``, ``attempt``, ``duration_ms``, ``error``, ``retry``), for structured handlers.
"""

import logging
from typing import Any, Dict

logger = logging.getLogger("paykassma")


def log_attempt(record: Dict[str, Any]) -> None:
    """Called by the native client as each attempt starts and ends; logs the ends."""
    if record["phase"] == "response" and logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s", record["line"], extra={"paykassma": record})
