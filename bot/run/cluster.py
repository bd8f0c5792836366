"""The cluster command: Rasa's scaled-out deployment, on one machine, for testing and measuring it.

PostgreSQL (tracker store and records) and Redis (the atomic lock store) start first, then N Rasa
servers and N stateless action servers behind nginx, which listens on the contract's ports, and the
web app. Plain HTTP to Rasa is spread round-robin, so one person's messages alternate between
servers; the website's socket.io connections are pinned to a server by client address, since a
socket's session lives in one process. A Rasa or action server that dies is taken out of rotation
by nginx and started again; the other servers carry on meanwhile.

An external PostgreSQL or Redis is used instead of a local one when GUYWIRE_DATABASE_URL is a
postgresql:// URL or GUYWIRE_REDIS_URL is set.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from bot.channels.config import live_channels
from bot.run.runner import (
    actions_command,
    executable,
    how_to_chat,
    prepare,
    rasa_command,
    respawning,
    supervise,
    wait_until_up,
    write_endpoints,
)
from bot.run.services import Service, ServiceError, free_port, start_postgres, start_redis, stop_all
from bot.settings import Settings

UPSTREAM_HEADER = "X-Guywire-Upstream"


def nginx_config(settings: Settings, rasa_ports: list[int], action_ports: list[int], workdir: Path) -> str:
    """nginx in the foreground, logging and keeping its temporary files under `workdir`."""

    def servers(ports: list[int]) -> str:
        return "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in ports)

    temp = "".join(
        f"  {kind}_temp_path {workdir / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
{temp}  client_max_body_size 1m;
  client_body_buffer_size 1m;
  proxy_buffers 16 16k;
  proxy_max_temp_file_size 0;
  upstream rasa {{
{servers(rasa_ports)}  }}
  upstream rasa_sockets {{
    hash $remote_addr consistent;
{servers(rasa_ports)}  }}
  upstream actions {{
{servers(action_ports)}  }}
  map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
  server {{
    listen {settings.host}:{settings.rasa_port};
    location /socket.io/ {{
      proxy_pass http://rasa_sockets;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }}
    location / {{
      proxy_pass http://rasa;
      proxy_read_timeout 120s;
      add_header {UPSTREAM_HEADER} $upstream_addr always;
    }}
  }}
  server {{
    listen {settings.host}:{settings.actions_port};
    location / {{
      proxy_pass http://actions;
      proxy_read_timeout 120s;
    }}
  }}
}}
"""


def _lock_store(redis_url: str) -> dict[str, object]:
    parts = urlsplit(redis_url)
    return {
        "type": "bot.store.lock_store.AtomicRedisLockStore",
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int((parts.path or "/1").strip("/") or 1),
    }


def run(settings: Settings, rasa_servers: int) -> int:
    """Start the cluster and block until Ctrl-C or a process dies; then stop everything."""
    if not shutil.which("nginx"):
        raise SystemExit("nginx is not installed: apt-get install nginx")
    workdir = settings.state_dir / "cluster"
    workdir.mkdir(parents=True, exist_ok=True)
    services: list[Service | None] = []
    try:
        if not settings.database_url.startswith("postgresql"):
            postgres = start_postgres(settings.state_dir, free_port(), workdir / "postgres.log")
            services.append(postgres)
            settings = dataclasses.replace(settings, database_url=postgres.url)
        redis_url = os.environ.get("GUYWIRE_REDIS_URL")
        if not redis_url:
            redis = start_redis(workdir / "redis", free_port(), workdir / "redis.log")
            services.append(redis)
            redis_url = redis.url
        return _serve(settings, rasa_servers, workdir, redis_url)
    except ServiceError as problem:
        raise SystemExit(f"The cluster could not start: {problem}") from None
    finally:
        stop_all(services)


def _serve(settings: Settings, rasa_servers: int, workdir: Path, redis_url: str) -> int:
    start = prepare(settings)
    endpoints = write_endpoints(settings, "cluster-endpoints.yml", lock_store=_lock_store(redis_url))
    rasa_ports = [free_port() for _ in range(rasa_servers)]
    action_ports = [free_port() for _ in range(rasa_servers)]
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / kind).mkdir(exist_ok=True)
    config = workdir / "nginx.conf"
    config.write_text(nginx_config(settings, rasa_ports, action_ports, workdir), encoding="utf-8")
    processes = {
        "nginx": shlex.join(["nginx", "-c", str(config), "-p", str(workdir)]),
        "web": shlex.join([executable("guywire"), "web"]),
    }
    for number, (rasa_port, action_port) in enumerate(zip(rasa_ports, action_ports, strict=True), start=1):
        processes[f"rasa-{number}"] = respawning(rasa_command(settings, start, endpoints, rasa_port))
        processes[f"actions-{number}"] = respawning(actions_command(action_port))
    headline = (
        f"guywire cluster is running: {rasa_servers} Rasa server(s) on ports "
        f"{', '.join(map(str, rasa_ports))} behind nginx; PostgreSQL and Redis ({redis_url})."
    )
    return supervise(
        settings,
        processes,
        lambda: wait_until_up(settings, start.token),
        lambda: how_to_chat(settings, start.token_source, live_channels(settings, start.channels), headline),
    )
