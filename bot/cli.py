"""The `guywire` command: build the spaCy pipeline and the widget, migrate, run, serve, chat, and
review transcripts."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.review import cli as review_cli
from bot.settings import Settings


def _build_spacy(args: argparse.Namespace, settings: Settings) -> int:
    from bot.nlu.spacy_build import build_to_disk

    root = settings.project_root
    out = build_to_disk(args.out, root / "data" / "nlu" / "entities.yml", root / "lexicon" / "patterns.yml")
    print(f"spaCy pipeline written to {out}")
    return 0


def _build_widget(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web.assets import vendor_webchat

    out = vendor_webchat(args.source, settings.widget_bundle)
    print(f"widget bundle written to {out}")
    return 0


def _web(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web.app import serve

    serve(settings)
    return 0


def _actions(args: argparse.Namespace, settings: Settings) -> int:
    from bot.run.actions_server import serve

    serve(dataclasses.replace(settings, actions_port=args.port or settings.actions_port))
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.db import upgrade

    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.run.runner import run

    return run(settings)


def _cluster(args: argparse.Namespace, settings: Settings) -> int:
    from bot.run.cluster import run

    return run(settings, args.rasa_servers)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.run.chat import chat

    chat(settings, args.sender)
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.run import evaluation
    from bot.run.runner import ensure_token

    token = args.token or ensure_token(settings)[0]
    items = evaluation.load_items(args.file)
    report = evaluation.score(evaluation.run(args.url or settings.rasa_url, token, items, args.workers))
    print(evaluation.render(report))
    if args.out:
        evaluation.write(report, args.out)
    problems = evaluation.failures(report, vars(args))
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="guywire", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-spacy", help="build the project's own spaCy pipeline")
    build.add_argument("--out", type=Path, default=Path("build/spacy/guywire_en"))
    build.set_defaults(handler=_build_spacy)
    widget = commands.add_parser("build-widget", help="copy the npm rasa-webchat bundle for serving")
    widget.add_argument("--source", type=Path, default=Path("node_modules/rasa-webchat/lib/index.js"))
    widget.set_defaults(handler=_build_widget)
    commands.add_parser("web", help="serve the chat page on the web port").set_defaults(handler=_web)
    actions = commands.add_parser(
        "actions", help="serve the custom actions on the configured host; every call needs the action server's token"
    )
    actions.add_argument("--port", type=int, help="default: GUYWIRE_ACTIONS_PORT (5055)")
    actions.set_defaults(handler=_actions)
    commands.add_parser("db-upgrade", help="create or migrate the records tables").set_defaults(handler=_db_upgrade)
    commands.add_parser("run", help="run the Rasa and action servers on embedded defaults").set_defaults(handler=_run)
    cluster = commands.add_parser(
        "cluster", help="run the scaled-out deployment: PostgreSQL, Redis, several Rasa and action servers behind nginx"
    )
    cluster.add_argument("--rasa-servers", type=int, default=2, choices=range(1, 9), metavar="N")
    cluster.set_defaults(handler=_cluster)
    evaluate = commands.add_parser("eval", help="score a running guywire on an evaluation set")
    evaluate.add_argument("file", type=Path, help="contract-format YAML, or a Rasa NLU file")
    evaluate.add_argument("--url", help="Rasa server URL (default: from settings)")
    evaluate.add_argument("--token", help="HTTP API token (default: GUYWIRE_API_TOKEN or state/api_token)")
    evaluate.add_argument("--workers", type=int, default=4)
    evaluate.add_argument("--out", type=Path, help="write the full report as JSON here")
    for flag in ("min-intent-accuracy", "min-macro-f1", "min-safety-recall", "max-false-escalation", "max-screening"):
        evaluate.add_argument(f"--{flag}", type=float, help="exit non-zero when the result is worse")
    evaluate.set_defaults(handler=_eval)
    chat = commands.add_parser("chat", help="chat with a running guywire in this terminal")
    chat.add_argument("--sender", help="conversation id (default: a new one)")
    chat.set_defaults(handler=_chat)
    review_cli.add_parsers(commands)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args, Settings.from_env())


if __name__ == "__main__":
    sys.exit(main())
