"""The receiving end of the outbox's HTTP channel, for the fault tests.

The worker delivers Credit China messages with the production ``HttpChannel``
(``OUTBOUND_CREDIT_CHINA_URL`` points here, signed with ``KEY``). ``Receiver`` records
the ``Idempotency-Key`` of every request whose signature verifies, on arrival, and,
while held, keeps requests open so that the test can kill the worker in the middle of a
delivery.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from workflows.core.services.outbound.signing import signature_valid

KEY = "faults-receiver-key"


class Receiver:
    """Records ``received``: the idempotency key (the message id) of every signed
    request, on arrival."""

    def __init__(self):
        self.received: list[int] = []
        self.released = threading.Event()
        self.released.set()
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                signed = signature_valid(
                    KEY, self.headers["X-Xinyong-Timestamp"], raw,
                    self.headers["X-Xinyong-Signature"], now=time.time(),
                )  # fmt: skip
                key = int(self.headers["Idempotency-Key"])
                if signed and key == json.loads(raw)["id"]:
                    receiver.received.append(key)
                receiver.arrived.set()
                receiver.released.wait(timeout=120)
                try:
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"{}")
                except OSError:
                    pass  # the sender is gone

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def hold(self) -> None:
        """Keep the next requests open until ``release``."""
        self.arrived.clear()
        self.released.clear()

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
