"""An outbound endpoint over HTTP, and the test's receiving end of it.

The worker delivers Credit China messages with ``HttpEndpoint`` (settings:
``CREDIT_CHINA_ENDPOINT``), which POSTs each message to ``FAULTS_ENDPOINT_URL``. The
test process runs ``Receiver`` there: it records every request and, while held, keeps
requests open so that the test can kill the worker in the middle of a delivery.
"""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests


class HttpEndpoint:
    def __init__(self, target: str):
        self.target = target

    def send(self, message: dict) -> None:
        response = requests.post(os.environ["FAULTS_ENDPOINT_URL"], json=message, timeout=120)
        response.raise_for_status()


class Receiver:
    """Records ``received``: the message id of every request, on arrival."""

    def __init__(self):
        self.received: list[int] = []
        self.released = threading.Event()
        self.released.set()
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.received.append(body["id"])
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
