"""Retry policy: which failures are transient, how long to back off (exponential + jitter), Retry-After.

Reads settings.max_retries, backoff_base_s and max_retry_after_s.
"""

import email.utils
import random
import time
from dataclasses import dataclass

from scrape.settings import CrawlSettings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_ERROR_KINDS = frozenset({"connect", "protocol"})  # not DNS, timeouts, caps, guard refusals


def parse_retry_after(value: str | None, now_s: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now_s if now_s is not None else time.time()))


@dataclass(frozen=True)
class RetryPolicy:
    """Decides whether and when to try a request again."""

    max_retries: int
    backoff_base_s: float
    max_retry_after_s: float

    @classmethod
    def from_settings(cls, settings: CrawlSettings) -> "RetryPolicy":
        return cls(settings.max_retries, settings.backoff_base_s, settings.max_retry_after_s)

    def should_retry(self, attempt: int, status: int | None, error_kind: str | None) -> bool:
        """True when attempt (0-based) may be followed by another for this outcome."""
        if attempt >= self.max_retries:
            return False
        if error_kind is not None:
            return error_kind in RETRY_ERROR_KINDS
        return status in RETRY_STATUSES

    def backoff_s(self, attempt: int, retry_after_s: float | None = None) -> float:
        """Seconds to wait before attempt+1: Retry-After when given, else base·2^attempt with full jitter."""
        if retry_after_s is not None:
            return retry_after_s
        ceiling = self.backoff_base_s * (2 ** attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def retry_after_too_long(self, retry_after_s: float | None) -> bool:
        """A server asking us to wait longer than max_retry_after_s is given up on, not hammered sooner."""
        return retry_after_s is not None and retry_after_s > self.max_retry_after_s
