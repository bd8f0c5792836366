"""Two processes writing one SQLite file at once (the Rasa server and the action server do) leave it
intact and lose no write: `bot.store.db` puts the file in WAL mode with a long busy timeout.

The workers are real OS processes, started with "spawn" so neither inherits the test's engine or
connections. The file is checked afterwards with the plain sqlite3 module, not through `bot.store.db`,
whose connect hook would switch WAL on and so hide a file that had lost it.
"""
from __future__ import annotations

import multiprocessing
import sqlite3
from contextlib import closing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from bot.store.db import upgrade
from bot.store.records import Records

WORKERS = ("a", "b")
OWN_SENDERS = 4
OWN_WRITES = 200
SHARED_WRITES = 100
SHARED = "shared"


def write(url: str, worker: str, start: Barrier) -> None:
    """Interleave this worker's check-ins for its own senders with check-ins for the shared one."""
    records = Records(url)
    start.wait(timeout=60)
    for n in range(OWN_WRITES + SHARED_WRITES):
        sender = SHARED if n % 3 == 2 else f"{worker}-{n % OWN_SENDERS}"
        records.record_check_in(sender, "rest", feeling=worker, location="lower_back", pain_level=n % 11)


def test_two_processes_writing_at_once_keep_the_file_whole_and_every_row(tmp_path: Path) -> None:
    path = tmp_path / "guywire.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    # Creating a person's conversation is get-or-create, which relies on Rasa's lock store to
    # serialise one sender's messages; this test is about the file, so the shared person exists.
    Records(url).touch(SHARED, "rest")
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(len(WORKERS))
    workers = [spawn.Process(target=write, args=(url, name, start), daemon=True) for name in WORKERS]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert [w.exitcode for w in workers] == [0, 0]
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        counts = dict(connection.execute(
            "SELECT c.sender_id || '/' || k.feeling, count(*) FROM check_ins k"
            " JOIN conversations c ON c.id = k.conversation_id GROUP BY 1").fetchall())
        writers = [w for (w,) in connection.execute("SELECT feeling FROM check_ins ORDER BY id")]
    assert sum(a != b for a, b in zip(writers, writers[1:])) > 1, "the workers did not write at the same time"
    per_own_sender = OWN_WRITES // OWN_SENDERS
    assert counts == {
        **{f"{w}-{n}/{w}": per_own_sender for w in WORKERS for n in range(OWN_SENDERS)},
        **{f"{SHARED}/{w}": SHARED_WRITES for w in WORKERS},
    }
