"""Throw-away PostgreSQL and Redis servers for the cluster command, from Debian's packages.

They run as child processes on 127.0.0.1, not as system services, so `make cluster` and its test
need no set-up beyond the packages. PostgreSQL refuses to run as root; when guywire runs as root
(CI, the development machines) the server runs as the `postgres` user that the package creates,
with its data in a folder that user owns.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg2

DATABASE = "guywire"
START_TIMEOUT = 60.0


class ServiceError(RuntimeError):
    """A service that could not be started; the message says what to install or check."""


@dataclass
class Service:
    """A running child server, stopped with stop()."""

    name: str
    process: subprocess.Popen
    url: str
    stop_signal: int = signal.SIGTERM

    def stop(self) -> None:
        stop_group(self.process, self.stop_signal)


def stop_group(process: subprocess.Popen, first: int = signal.SIGTERM, timeout: float = 30) -> int | None:
    """Signal a child's process group (it was started in a session of its own), wait, then SIGKILL
    whatever is left; returns the exit status."""
    if process.poll() is None:
        os.killpg(process.pid, first)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(check: Callable[[], bool], process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"{what} exited at start; see {log}")
        if check():
            return
        time.sleep(0.2)
    raise ServiceError(f"{what} did not start in {START_TIMEOUT:.0f} s; see {log}")


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise ServiceError("PostgreSQL is not installed: apt-get install postgresql")
    return Path(found[-1]).parent


def _as_postgres_user() -> list[str]:
    """The prefix that runs a command as `postgres` when we are root (PostgreSQL refuses root)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def postgres_data_dir(state_dir: Path) -> Path:
    """Where this state folder's database lives: in it, or (as root) in a folder `postgres` owns."""
    if os.geteuid() != 0:
        return state_dir / "cluster" / "postgres"
    key = hashlib.sha256(str(state_dir.resolve()).encode()).hexdigest()[:12]
    return Path("/var/tmp") / f"guywire-postgres-{key}"


def start_postgres(state_dir: Path, port: int, log: Path) -> Service:
    """Initialise (once) and start PostgreSQL on 127.0.0.1:port, with a `guywire` database."""
    binaries, prefix, data = _postgres_bin(), _as_postgres_user(), postgres_data_dir(state_dir)
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if prefix:
            shutil.chown(data, "postgres", "postgres")
        subprocess.run(
            [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "guywire", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
    process = subprocess.Popen(
        [
            *prefix,
            str(binaries / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(data),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "max_connections=200",
        ],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"postgresql://guywire@127.0.0.1:{port}/{DATABASE}"
    _wait(lambda: _create_database(port), process, "PostgreSQL", log)
    return Service("postgres", process, url, stop_signal=signal.SIGINT)  # SIGINT: fast shutdown


def _create_database(port: int) -> bool:
    """True once the server answers and the guywire database exists (created if missing)."""
    try:
        connection = psycopg2.connect(host="127.0.0.1", port=port, user="guywire", dbname="postgres", connect_timeout=2)
    except psycopg2.OperationalError:
        return False
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {DATABASE}")
        return True
    finally:
        connection.close()


def start_redis(workdir: Path, port: int, log: Path) -> Service:
    """Redis on 127.0.0.1:port without persistence: it only holds short-lived locks."""
    if not shutil.which("redis-server"):
        raise ServiceError("Redis is not installed: apt-get install redis-server")
    workdir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def ready() -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    _wait(ready, process, "Redis", log)
    return Service("redis", process, f"redis://127.0.0.1:{port}/1")


def stop_all(services: list[Service | None]) -> None:
    for service in reversed([s for s in services if s is not None]):
        service.stop()
