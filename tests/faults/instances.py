"""Throwaway PostgreSQL, Redis and Elasticsearch instances, and the app's own processes.

The fault tests stop, restart and kill services; they never touch the shared ones on
5432, 6379 and 9200 that the rest of the suite uses. Each instance here runs from the
packages ``scripts/services.sh up`` installed (PostgreSQL's binaries, ``redis-server``,
the Elasticsearch distribution under ``/var/tmp/xinyong-services``), on a free loopback
port, with its data in a temporary directory. The tests run as root (as CI does):
PostgreSQL runs as ``postgres`` and Elasticsearch as ``xinyong-es`` through ``runuser``.

Anything that cannot start raises ``InstanceError``: the fault tests fail, never skip.
"""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SERVICES_DIR = Path(os.environ.get("XINYONG_SERVICES_DIR", "/var/tmp/xinyong-services"))
ES_VERSION = os.environ.get("ES_VERSION", "8.19.3")
ES_USER = os.environ.get("ES_USER", "xinyong-es")


class InstanceError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, seconds: float, what: str, interval: float = 0.25):
    """Call ``check`` until it returns something true; raise InstanceError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise InstanceError(f"{what} not within {seconds:.0f} s")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def descendants(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        found += [child, *descendants(child)]
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


def kill_tree(pid: int, sig=signal.SIGKILL) -> None:
    """Signal a process and everything below it (a crash of the whole program). The
    process is stopped first, so that it cannot start another child meanwhile."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGSTOP)
    for target in [*descendants(pid), pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(target, sig)


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise InstanceError(f"{' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}")
    return result


def _owned_dir(path: Path, user: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.chown(path, user)
    return path


class Postgres:
    """A PostgreSQL cluster of its own (initdb), trust authentication on loopback."""

    def __init__(self, tmp: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
        if not found:
            raise InstanceError("no PostgreSQL binaries under /usr/lib/postgresql")
        self.bin = Path(found[-1])
        self.base = _owned_dir(tmp / "postgres", "postgres")
        self.data = self.base / "data"
        self.port = free_port()
        self.url = f"postgres://xinyong:xinyong@127.0.0.1:{self.port}/xinyong"

    def _as_postgres(self, *args) -> subprocess.CompletedProcess:
        return _run(["runuser", "-u", "postgres", "--", *map(str, args)], cwd=self.base)

    def create(self) -> None:
        self._as_postgres(self.bin / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        self.start()
        self.psql("CREATE ROLE xinyong LOGIN PASSWORD 'xinyong' CREATEDB")
        self.psql("CREATE DATABASE xinyong OWNER xinyong")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1"
        self._as_postgres(self.bin / "pg_ctl", "-D", self.data, "-l", self.base / "log",
                          "-o", options, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def crash(self) -> None:
        """SIGKILL the postmaster and every backend, as a crash of the machine's database."""
        pid = self.postmaster_pid()
        killed = [pid, *descendants(pid)]
        kill_tree(pid)
        # Gone and reaped, every backend too: a new postmaster refuses to start while the
        # old one's PID still exists (as a zombie, until init reaps it) or while a backend
        # is attached to the old shared memory.
        wait_for(
            lambda: not any(Path(f"/proc/{p}").exists() for p in killed), seconds=30,
            what="the killed postmaster and its backends reaped",
        )  # fmt: skip

    def psql(self, sql: str, database: str = "postgres") -> str:
        return self._as_postgres(self.bin / "psql", "-h", "127.0.0.1", "-p", self.port, "-U",
                                 "postgres", "-d", database, "-XAtq", "-v", "ON_ERROR_STOP=1",
                                 "-c", sql).stdout  # fmt: skip

    def query(self, sql: str) -> list[list[str]]:
        """Rows of a query in the app's database, each a list of text values."""
        out = self.psql(sql, database="xinyong")
        return [line.split("|") for line in out.splitlines() if line]

    def close(self) -> None:
        with contextlib.suppress(InstanceError):
            self.stop("immediate")


class Redis:
    """``redis-server`` without persistence, like the shared one: a restart forgets all."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.dir = tmp / "redis"
        self.dir.mkdir()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.dir), "--logfile", "redis.log"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.ping, seconds=20, what=f"Redis on port {self.port}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def cli(self, *args: str) -> str:
        return _run(["redis-cli", "-p", str(self.port), *args]).stdout.strip()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)

    close = stop


class Elasticsearch:
    """A second single-node cluster from the shared installation (read-only use of
    ES_HOME), its data and logs in a directory of its own."""

    def __init__(self, tmp: Path):
        self.home = SERVICES_DIR / f"elasticsearch-{ES_VERSION}"
        if not (self.home / "bin" / "elasticsearch").exists():
            raise InstanceError(f"no Elasticsearch at {self.home}: run scripts/services.sh up")
        self.base = _owned_dir(tmp / "elasticsearch", ES_USER)
        self.port = free_port()
        self.transport_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.pidfile = self.base / "es.pid"

    def launch(self) -> None:
        """Start the node in the background; ``wait_healthy`` waits for it."""
        java = os.environ.get("ES_JAVA_HOME") or str(
            Path(os.path.realpath(shutil.which("java") or "/usr/bin/java")).parents[1]
        )
        self.pidfile.unlink(missing_ok=True)
        _owned_dir(self.base / "tmp", ES_USER)
        self.launcher = subprocess.Popen(
            ["runuser", "-u", ES_USER, "--", "env", f"ES_JAVA_HOME={java}",
             "ES_JAVA_OPTS=-Xms512m -Xmx512m", f"ES_TMPDIR={self.base / 'tmp'}",
             str(self.home / "bin" / "elasticsearch"), "-d", "-p", str(self.pidfile),
             "-E", "network.host=127.0.0.1", "-E", f"http.port={self.port}",
             "-E", f"transport.port={self.transport_port}", "-E", "discovery.type=single-node",
             "-E", "cluster.name=xinyong-faults", "-E", f"node.name=faults-{self.port}",
             "-E", f"path.data={self.base / 'data'}", "-E", f"path.logs={self.base / 'logs'}",
             "-E", "xpack.security.enabled=false", "-E", "xpack.security.enrollment.enabled=false",
             "-E", "cluster.routing.allocation.disk.threshold_enabled=false"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def healthy(self) -> bool:
        if self.launcher.poll():  # `-d` returns 0 once the node runs, 1 when it failed
            raise InstanceError("Elasticsearch failed to start")
        try:
            response = requests.get(
                f"{self.url}/_cluster/health",
                params={"wait_for_status": "yellow", "timeout": "1s"}, timeout=3,
            )  # fmt: skip
        except requests.RequestException:
            return False
        return response.status_code == 200

    def wait_healthy(self) -> None:
        try:
            wait_for(self.healthy, seconds=180, what="Elasticsearch healthy", interval=1)
        except InstanceError as exc:
            log = self.base / "logs" / "xinyong-faults.log"
            tail = log.read_text()[-3000:] if log.exists() else "(no log)"
            raise InstanceError(f"{exc}\n{tail}") from None

    def start(self) -> None:
        self.launch()
        self.wait_healthy()

    def pid(self) -> int | None:
        try:
            return int(self.pidfile.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def stop(self) -> None:
        pid = self.pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        wait_for(lambda: not alive(pid), seconds=60, what="Elasticsearch stopped")

    close = stop


class App:
    """The app's processes against the throwaway services: a gunicorn web server and a
    Celery worker (prefork, one child), plus ``manage.py`` commands."""

    def __init__(self, tmp: Path, env: dict[str, str]):
        self.tmp = tmp
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.faults.settings", **env}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.web = self.worker = None

    def manage(self, *args: str, check: bool = True, timeout: float = 300):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise InstanceError(f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}")
        return result

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).stdout

    def _popen(self, args: list[str], log: str) -> subprocess.Popen:
        """Start a process of the app, its output appended to ``log`` in the stack's directory."""
        with (self.tmp / log).open("ab") as out:
            return subprocess.Popen(
                [sys.executable, *args], cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip

    def start_web(self) -> None:
        self.web = self._popen(
            ["-m", "gunicorn", "project.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--threads", "4", "--timeout", "120"],
            "web.log",
        )  # fmt: skip

        def up():
            if self.web.poll() is not None:
                raise InstanceError(f"gunicorn exited with {self.web.returncode}")
            try:
                return requests.get(f"{self.url}/healthz/", timeout=5).status_code < 600
            except requests.RequestException:
                return False

        wait_for(up, seconds=60, what="the web server answering")

    def start_worker(self) -> None:
        log = self.tmp / "worker.log"
        offset = log.stat().st_size if log.exists() else 0
        self.worker = self._popen(
            ["-m", "celery", "-A", "project", "worker", "--pool=prefork", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
            "worker.log",
        )  # fmt: skip

        def ready():
            if self.worker.poll() is not None:
                raise InstanceError(f"the Celery worker exited with {self.worker.returncode}")
            with log.open() as out:
                out.seek(offset)
                return " ready." in out.read() and self.pool_children()

        wait_for(ready, seconds=90, what="the Celery worker ready")

    def pool_children(self) -> list[int]:
        return _children(self.worker.pid) if self.worker else []

    def kill_worker(self) -> None:
        """SIGKILL the worker and its pool (the whole program crashes)."""
        kill_tree(self.worker.pid)
        self.worker.wait(timeout=10)

    def close(self) -> None:
        for proc in (self.web, self.worker):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    kill_tree(proc.pid)
