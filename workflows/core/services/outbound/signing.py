"""The signature every HTTP delivery carries, and its check on the receiving side.

HMAC-SHA256, keyed per receiving system, over ``<timestamp>.<body>``: the timestamp
(Unix seconds, header ``X-Xinyong-Timestamp``) is signed with the body, so that a
receiver refuses a replayed request whose timestamp is stale.
"""

import hashlib
import hmac

TIMESTAMP_HEADER = "X-Xinyong-Timestamp"
SIGNATURE_HEADER = "X-Xinyong-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def signature(key: str, timestamp: str, body: bytes) -> str:
    """The header value: ``sha256=`` and the hex digest."""
    digest = hmac.new(key.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def signature_valid(
    key: str, timestamp: str, body: bytes, header: str, *, now: float, tolerance: int = 300
) -> bool:
    """A receiver's check: the signature matches and the timestamp is within
    ``tolerance`` seconds of ``now``."""
    try:
        fresh = abs(now - int(timestamp)) <= tolerance
    except ValueError:
        return False
    return fresh and hmac.compare_digest(signature(key, timestamp, body), header)
