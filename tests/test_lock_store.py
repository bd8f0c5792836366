"""The atomic Redis lock store against a real redis-server on 127.0.0.1, side by side with Rasa's
RedisLockStore, whose GET-then-SET loses tickets when two servers issue them at once."""
from __future__ import annotations

import asyncio
import json
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import pytest
from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore

from bot.store.lock_store import AtomicRedisLockStore
from tests.servers import free_port, port_open


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not port_open(port):
        assert time.monotonic() < deadline and server.poll() is None, "redis-server did not start"
        time.sleep(0.1)
    yield port
    server.terminate()
    server.wait(timeout=10)


def stores(port: int) -> tuple[RedisLockStore, AtomicRedisLockStore]:
    return RedisLockStore(port=port, db=2), AtomicRedisLockStore(port=port, db=3)


def interleaved_issue(store: RedisLockStore, conversation: str) -> list[int]:
    """Two servers issue a ticket at the same moment: both read the lock before either writes."""
    both_read = threading.Barrier(2)
    original = store.get_or_create_lock

    def slow_read(conversation_id: str) -> TicketLock:
        lock = original(conversation_id)
        try:
            both_read.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass  # an atomic store never gets here twice
        return lock

    store.get_or_create_lock = slow_read  # type: ignore[method-assign]
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda _: store.issue_ticket(conversation), range(2)))


def test_rasas_store_loses_a_ticket_under_contention(redis_port: int) -> None:
    rasa_store, _ = stores(redis_port)
    numbers = interleaved_issue(rasa_store, "race-rasa")
    lock = rasa_store.get_lock("race-rasa")
    assert numbers == [0, 0] and len(lock.tickets) == 1  # the bug this project's store fixes


def test_the_atomic_store_issues_distinct_tickets_under_the_same_contention(redis_port: int) -> None:
    _, atomic = stores(redis_port)
    numbers = interleaved_issue(atomic, "race-atomic")
    assert sorted(numbers) == [0, 1]
    assert [t.number for t in atomic.get_lock("race-atomic").tickets] == [0, 1]


def test_many_servers_at_once_never_share_a_ticket(redis_port: int) -> None:
    """Eight clients (separate connections, like separate servers) issue 50 tickets each."""
    clients = [AtomicRedisLockStore(port=redis_port, db=4) for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        numbers = [n for batch in pool.map(
            lambda store: [store.issue_ticket("stress") for _ in range(50)], clients) for n in batch]
    assert sorted(numbers) == list(range(400))
    assert len(clients[0].get_lock("stress").tickets) == 400


def test_the_lock_serves_in_order_and_cleans_up(redis_port: int) -> None:
    _, atomic = stores(redis_port)
    first, second = atomic.issue_ticket("order"), atomic.issue_ticket("order")
    lock = atomic.get_lock("order")
    assert not lock.is_locked(first) and lock.is_locked(second)
    atomic.cleanup("order", first)
    assert not atomic.get_lock("order").is_locked(second)
    atomic.cleanup("order", second)
    assert atomic.get_lock("order") is None  # nobody waiting: the lock is gone


def test_expired_tickets_are_dropped(redis_port: int) -> None:
    _, atomic = stores(redis_port)
    atomic.issue_ticket("expiry", lock_lifetime=0.05)
    time.sleep(0.1)
    atomic.update_lock("expiry")
    assert atomic.get_lock("expiry").tickets == type(atomic.get_lock("expiry").tickets)()
    assert atomic.issue_ticket("expiry") == 0  # numbering restarts on an empty lock, as in Rasa


def test_rasas_lock_context_manager_works_with_it(redis_port: int) -> None:
    _, atomic = stores(redis_port)

    async def hold() -> None:
        async with atomic.lock("ctx", wait_time_in_seconds=0.01) as lock:
            assert lock.conversation_id == "ctx"

    asyncio.run(hold())
    assert atomic.get_lock("ctx") is None


def test_stored_locks_keep_rasas_format(redis_port: int) -> None:
    _, atomic = stores(redis_port)
    atomic.issue_ticket('quote"and\\slash')
    raw = atomic.red.get(atomic.key_prefix + 'quote"and\\slash')
    lock = TicketLock.from_dict(json.loads(raw))
    assert lock.conversation_id == 'quote"and\\slash' and lock.last_issued == 0


def test_it_loads_from_an_endpoints_section(redis_port: int) -> None:
    """As Rasa builds it from endpoints.yml: `lock_store: {type: bot.store.lock_store..., host, port, db}`."""
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig.from_dict({"type": "bot.store.lock_store.AtomicRedisLockStore", "host": "127.0.0.1",
                                       "port": redis_port, "db": 5})
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore) and store.issue_ticket("from-config") == 0
