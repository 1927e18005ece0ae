"""gunicorn and a Celery worker with the production settings, on loopback."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(*, database_url: str, redis_url: str, es_url: str, prefix: str) -> dict:
    """The environment of a production deployment, its services on loopback. Plain HTTP
    on loopback: the load clients say ``X-Forwarded-Proto: https``, as the bureau's
    reverse proxy does."""
    var = ROOT / "var" / "load"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ELASTICSEARCH_URL": es_url,
        "ELASTICSEARCH_INDEX_PREFIX": prefix,
        "MEDIA_ROOT": str(var / "media"),
        "STATIC_ROOT": str(var / "static"),
        "OUTBOUND_FILE_DIR": str(var / "outbound"),
    }


class Stack:
    """``with Stack(env) as stack``: gunicorn (2 workers × 4 threads, as the README's
    deployment) and a Celery worker (2 processes) serving ``stack.url``."""

    def __init__(self, env: dict, *, web_workers: int = 2, threads: int = 4):
        self.env, self.port = env, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.web_workers, self.threads = web_workers, threads
        self.processes: list[subprocess.Popen] = []
        self.logs = ROOT / "var" / "load"

    def _start(self, args: list[str], log: str) -> subprocess.Popen:
        self.logs.mkdir(parents=True, exist_ok=True)
        with (self.logs / log).open("ab") as out:
            proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=out, stderr=out)
        self.processes.append(proc)
        return proc

    def manage(self, *args: str) -> str:
        """``manage.py`` in the production environment; its output, or an error with it."""
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def __enter__(self) -> "Stack":
        self.manage("collectstatic", "--noinput")
        self._start(
            [str(BIN / "gunicorn"), "project.wsgi", "-b", f"127.0.0.1:{self.port}",
             "-w", str(self.web_workers), "--threads", str(self.threads), "--timeout", "60"],
            "gunicorn.log",
        )  # fmt: skip
        self._start(
            [sys.executable, "-m", "celery", "-A", "project", "worker", "--pool=prefork",
             "--concurrency=2", "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
            "worker.log",
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer on {self.url} within 60 s")

    def __exit__(self, *exc) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
