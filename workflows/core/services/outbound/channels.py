"""How a message reaches its receiving system: over HTTP in production, into a file
in the embedded demo.

``OUTBOUND_TARGETS[target]`` gives the channel: ``"http"`` (``url``, ``key``), ``"file"``,
or the dotted path of a class built like these, with ``send(body, *, message_id)``
raising on any failure.
"""

import json
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.module_loading import import_string

from workflows.core.services.outbound.signing import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature,
)


def encoded(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


class FileChannel:
    """Appends one JSON line per message to ``OUTBOUND_FILE_DIR/<target>.jsonl``."""

    def __init__(self, target: str, config: dict):
        self.target = target

    def send(self, body: dict, *, message_id: int) -> None:
        path = Path(settings.OUTBOUND_FILE_DIR) / f"{self.target}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(encoded(body).decode() + "\n")


class HttpChannel:
    """A signed JSON POST; any answer but 2xx, a timeout or a refused connection fails
    the attempt. ``Idempotency-Key`` is the message id: a receiver that sees it twice (a
    worker lost after the request went out) keeps one."""

    def __init__(self, target: str, config: dict):
        self.target, self.url, self.key = target, config["url"], config["key"]
        self.timeout = httpx.Timeout(
            settings.OUTBOUND_READ_TIMEOUT, connect=settings.OUTBOUND_CONNECT_TIMEOUT
        )

    def send(self, body: dict, *, message_id: int) -> None:
        content = encoded(body)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature(self.key, timestamp, content),
            IDEMPOTENCY_HEADER: str(message_id),
        }
        response = httpx.post(self.url, content=content, headers=headers, timeout=self.timeout)
        response.raise_for_status()


CHANNELS = {"file": FileChannel, "http": HttpChannel}


def channel_for(target: str):
    config = settings.OUTBOUND_TARGETS[target]
    name = config.get("channel", "file")
    cls = CHANNELS.get(name) or import_string(name)
    return cls(target, config)
