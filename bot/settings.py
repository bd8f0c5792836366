"""Process-wide settings, read from the environment when asked for (never at import time).

One place decides the defaults named in the public contract (ports, database URL, token), so the
run command, the Rasa tracker store, the action server and the tests cannot drift apart.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    """Everything a guywire process needs to know about where things live."""

    project_root: Path
    state_dir: Path
    content_dir: Path
    database_url: str
    api_token: str | None
    actions_token: str | None
    host: str
    rasa_port: int
    actions_port: int
    web_port: int
    locale: str
    socket_url: str | None
    cors_origins: tuple[str, ...]
    session_secret: str | None
    secure_cookies: bool

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables, falling back to the contract's defaults."""
        env = os.environ if env is None else env
        root = Path(env.get("GUYWIRE_PROJECT_ROOT", PROJECT_ROOT))
        state_dir = Path(env.get("GUYWIRE_STATE_DIR", root / "state"))
        return cls(
            project_root=root,
            state_dir=state_dir,
            content_dir=Path(env.get("GUYWIRE_CONTENT_DIR", root / "content")),
            database_url=env.get("GUYWIRE_DATABASE_URL") or f"sqlite:///{state_dir / 'guywire.db'}",
            api_token=env.get("GUYWIRE_API_TOKEN") or None,
            actions_token=env.get("GUYWIRE_ACTIONS_TOKEN") or None,
            host=env.get("GUYWIRE_HOST", "127.0.0.1"),
            rasa_port=int(env.get("GUYWIRE_RASA_PORT", "5005")),
            actions_port=int(env.get("GUYWIRE_ACTIONS_PORT", "5055")),
            web_port=int(env.get("GUYWIRE_WEB_PORT", "8080")),
            locale=env.get("GUYWIRE_LOCALE", "default"),
            socket_url=env.get("GUYWIRE_SOCKET_URL") or None,
            cors_origins=tuple(env.get("GUYWIRE_CORS_ORIGINS", "").split()),
            session_secret=env.get("GUYWIRE_SESSION_SECRET") or None,
            secure_cookies=env.get("GUYWIRE_SECURE_COOKIES", "0").lower() in ("1", "true", "yes"),
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """Origins whose pages may open the widget's socket: the configured ones, else our page's."""
        return self.cors_origins or (self.web_url, f"http://localhost:{self.web_port}")

    def token(self) -> str:
        """The API token: configured, or the one generated into the state folder."""
        return self.api_token or state_secret(self.state_dir, "api_token")

    def action_server_token(self) -> str:
        """The secret Rasa sends the action server: configured, or generated into the state folder.

        Without it anyone who reaches the action server's port could run an action as any person,
        for example delete their records."""
        return self.actions_token or state_secret(self.state_dir, "actions_token")

    def review_secret(self) -> str:
        """The key that signs review sessions: configured, or generated into the state folder."""
        return self.session_secret or state_secret(self.state_dir, "session_secret")

    @property
    def widget_bundle(self) -> Path:
        """The cleaned rasa-webchat bundle that the set-up writes (bot/web/assets.py)."""
        return self.project_root / "build" / "web" / "webchat.js"

    @property
    def action_endpoint(self) -> str:
        return f"http://{self.host}:{self.actions_port}/webhook"


def state_secret(state_dir: Path, name: str) -> str:
    """A random secret kept in the state folder (owner-only), generated the first time it is asked for."""
    path = state_dir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()
