"""Which channels run, from the environment: the website always; Telegram and Slack when configured.

The run command writes the effective credentials file from credentials.yml plus these settings, so
secrets stay in the environment (or the untracked state folder) and never in a tracked file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.settings import Settings, state_secret

TELEGRAM_CLASS = "bot.channels.telegram.GuywireTelegramInput"
SLACK_CLASS = "bot.channels.slack.GuywireSlackInput"

# A channel's variables: (environment variable, credentials key, required).
TELEGRAM_VARIABLES = (
    ("GUYWIRE_TELEGRAM_TOKEN", "access_token", True),
    ("GUYWIRE_TELEGRAM_WEBHOOK_URL", "webhook_url", True),
    ("GUYWIRE_TELEGRAM_SECRET", "secret_token", False),
    ("GUYWIRE_TELEGRAM_API_URL", "api_url", False),
)
SLACK_VARIABLES = (
    ("GUYWIRE_SLACK_TOKEN", "slack_token", True),
    ("GUYWIRE_SLACK_SIGNING_SECRET", "slack_signing_secret", True),
    ("GUYWIRE_SLACK_CHANNEL", "slack_channel", False),
    ("GUYWIRE_SLACK_API_URL", "api_url", False),
)


class ChannelConfigError(ValueError):
    """A channel is half configured: some of its required variables are set, others are not."""


@dataclass(frozen=True)
class LiveChannel:
    """A channel that will run, and the URL people or platforms reach it on."""

    name: str
    url: str


def _section(env: Mapping[str, str], variables: tuple[tuple[str, str, bool], ...]) -> dict[str, Any] | None:
    """The credentials for one channel, None when none of its required variables are set."""
    required = [name for name, _, needed in variables if needed]
    present = [name for name in required if env.get(name)]
    if not present:
        return None
    missing = sorted(set(required) - set(present))
    if missing:
        raise ChannelConfigError(f"set {' and '.join(missing)} too, or unset {' and '.join(present)}")
    return {key: env[name] for name, key, _ in variables if env.get(name)}


def credentials(settings: Settings, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """credentials.yml plus the Telegram and Slack sections the environment configures."""
    env = os.environ if env is None else env
    base = yaml.safe_load((settings.project_root / "credentials.yml").read_text(encoding="utf-8")) or {}
    telegram = _section(env, TELEGRAM_VARIABLES)
    if telegram is not None:
        telegram.setdefault("secret_token", state_secret(settings.state_dir, "telegram_secret"))
        base[TELEGRAM_CLASS] = telegram
    slack = _section(env, SLACK_VARIABLES)
    if slack is not None:
        base[SLACK_CLASS] = slack
    return base


def write_credentials(settings: Settings, creds: dict[str, Any]) -> Path:
    """The effective credentials file, readable only by its owner (it may hold tokens)."""
    path = settings.state_dir / "credentials.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(yaml.safe_dump(creds), encoding="utf-8")
    return path


def live_channels(settings: Settings, creds: dict[str, Any]) -> list[LiveChannel]:
    """What the run command announces: each running channel and where it is reached."""
    channels = [
        LiveChannel("website", settings.web_url),
        LiveChannel("rest", f"{settings.rasa_url}/webhooks/rest/webhook"),
    ]
    if TELEGRAM_CLASS in creds:
        channels.append(LiveChannel("telegram", creds[TELEGRAM_CLASS]["webhook_url"]))
    if SLACK_CLASS in creds:
        channels.append(LiveChannel("slack", f"{settings.rasa_url}/webhooks/slack/webhook"))
    return channels
