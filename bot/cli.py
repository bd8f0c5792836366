"""The `guywire` command: build the spaCy pipeline, migrate, run, and chat."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from bot.settings import Settings


def _build_spacy(args: argparse.Namespace, settings: Settings) -> int:
    from bot.spacy_build import build_to_disk

    root = settings.project_root
    out = build_to_disk(args.out, root / "data" / "nlu" / "entities.yml", root / "lexicon" / "patterns.yml")
    print(f"spaCy pipeline written to {out}")
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db import upgrade

    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import run

    return run(settings)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat import chat

    chat(settings, args.sender)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="guywire", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-spacy", help="build the project's own spaCy pipeline")
    build.add_argument("--out", type=Path, default=Path("build/spacy/guywire_en"))
    build.set_defaults(handler=_build_spacy)
    commands.add_parser("db-upgrade", help="create or migrate the records tables").set_defaults(
        handler=_db_upgrade
    )
    commands.add_parser("run", help="run the Rasa and action servers on embedded defaults").set_defaults(
        handler=_run
    )
    chat = commands.add_parser("chat", help="chat with a running guywire in this terminal")
    chat.add_argument("--sender", help="conversation id (default: a new one)")
    chat.set_defaults(handler=_chat)
    return main


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
