"""`guywire transcripts list|show|export|delete|purge` and `guywire reviewers add`: review in a terminal.

The same filters and formats as the web pages, over the same queries. Actions taken here are
audited under the operating-system user's name (or --reviewer).
"""

from __future__ import annotations

import argparse
import functools
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from bot.review import accounts, exports, queries, retention
from bot.review import annotations as review_notes
from bot.settings import Settings
from bot.store.db import upgrade

FILTER_OPTIONS = ("safety", "channel", "since", "until", "diagnosis", "pain_min", "pain_max", "text", "reviewed")


Handler = Callable[[argparse.Namespace, Settings], int]


def _checked(handler: Handler) -> Handler:
    """Migrate first (a new database works), and turn a bad filter into a one-line message."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, settings: Settings) -> int:
        upgrade(settings.database_url)
        try:
            return handler(args, settings)
        except queries.FilterError as problem:
            print(f"guywire: {problem}", file=sys.stderr)
            return 2

    return run


def add_parsers(commands: argparse._SubParsersAction) -> None:
    transcripts = commands.add_parser("transcripts", help="list, read, export or delete conversations")
    actions = transcripts.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="conversations, open safety events first")
    _filter_options(listing)
    listing.add_argument("--page", type=int, default=1)
    listing.set_defaults(handler=_checked(_list))
    show = actions.add_parser("show", help="one conversation, turn by turn")
    show.add_argument("id", type=int)
    show.set_defaults(handler=_checked(_show))
    export = actions.add_parser("export", help="conversations as json, csv, md or story")
    export.add_argument("--format", choices=exports.FORMATS, default="json")
    export.add_argument("--id", type=int, action="append", help="only these conversations")
    export.add_argument("--out", type=Path, help="write here instead of standard output")
    _filter_options(export)
    export.set_defaults(handler=_checked(_export))
    delete = actions.add_parser("delete", help="delete a conversation and its records")
    delete.add_argument("id", type=int)
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=_checked(_delete))
    purge = actions.add_parser("purge", help="delete conversations not seen for N days (retention)")
    purge.add_argument("--older-than-days", type=_days, required=True, metavar="N")
    purge.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge.set_defaults(handler=_checked(_purge))
    for parser in (listing, show, export, delete, purge):
        parser.add_argument("--reviewer", default=getpass.getuser(), help="name for the audit log")

    reviewers = commands.add_parser("reviewers", help="manage reviewer accounts")
    reviewer_actions = reviewers.add_subparsers(dest="action", required=True)
    add = reviewer_actions.add_parser("add", help="create a reviewer (the password is asked for)")
    add.add_argument("username")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=_checked(_add_reviewer))


def _filter_options(parser: argparse.ArgumentParser) -> None:
    for name in FILTER_OPTIONS:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default="")


def _filters(args: argparse.Namespace) -> queries.Filters:
    return queries.Filters.from_mapping({name: getattr(args, name) for name in FILTER_OPTIONS})


def _list(args: argparse.Namespace, settings: Settings) -> int:
    page = queries.list_conversations(settings.database_url, _filters(args), args.page)
    print(f"{'id':>6}  {'started (UTC)':16}  {'channel':8}  {'turns':>5}  {'pain':>4}  safety  reviewed  labels")
    for row in page.rows:
        safety = f"{row.open_safety_events} open" if row.open_safety_events else str(row.safety_events or "")
        pain = "" if row.latest_pain is None else str(row.latest_pain)
        print(
            f"{row.id:>6}  {row.started_at:%Y-%m-%d %H:%M}  {row.channel or '?':8}  {row.turns:>5}  "
            f"{pain:>4}  {safety:6}  {'yes' if row.reviewed else 'no':8}  {', '.join(row.labels)}"
        )
    print(f"page {page.page} of {page.pages}; {page.total} conversations")
    return 0


def _show(args: argparse.Namespace, settings: Settings) -> int:
    detail = queries.conversation_detail(settings.database_url, args.id)
    if detail is None:
        print(f"There is no conversation {args.id}.", file=sys.stderr)
        return 1
    print(exports.to_markdown([detail]))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.database_url
    if args.id:
        details = [d for d in (queries.conversation_detail(url, i) for i in args.id) if d is not None]
    else:
        details = queries.matching_details(url, _filters(args))
    review_notes.record_export(url, args.reviewer, [d.row.id for d in details], args.format)
    body = exports.export(url, details, args.format)
    if args.out:
        args.out.write_text(body, encoding="utf-8")
        print(f"{len(details)} conversation(s) written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(body)
    return 0


def _delete(args: argparse.Namespace, settings: Settings) -> int:
    if not args.yes:
        answer = input(f"Delete conversation {args.id} and all its records? Type 'delete' to confirm: ")
        if answer.strip() != "delete":
            print("Nothing deleted.")
            return 1
    try:
        review_notes.delete_conversation(settings.database_url, args.reviewer, args.id)
    except review_notes.ReviewError as problem:
        print(f"{problem}.", file=sys.stderr)
        return 1
    print(f"Conversation {args.id} deleted.")
    return 0


def _days(value: str) -> int:
    """A whole number of days, 1 or more: checked before the confirmation question is asked."""
    if not value.isdecimal() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of days, 1 or more, not {value!r}")
    return int(value)


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    days = args.older_than_days
    if not args.yes:
        answer = input(f"Delete every conversation not seen for {days} days? Type 'purge' to confirm: ")
        if answer.strip() != "purge":
            print("Nothing deleted.")
            return 1
    count = retention.purge_older_than(settings.database_url, days, args.reviewer)
    print(f"{count} conversation(s) deleted.")
    return 0


def _add_reviewer(args: argparse.Namespace, settings: Settings) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (12 characters or more): ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ; no account created.", file=sys.stderr)
            return 1
    try:
        accounts.create_reviewer(settings.database_url, args.username, password)
    except accounts.AccountError as problem:
        print(f"No account created: {problem}.", file=sys.stderr)
        return 1
    print(f"Reviewer {args.username.strip().lower()} created. They can log in at /review.")
    return 0
