"""A Redis lock store whose tickets are issued, returned and expired atomically.

Rasa's open-source RedisLockStore keeps each conversation's ticket lock as one JSON value and
changes it with a GET, a change in Python, then a SET (RasaHQ/rasa#9213). Two Rasa servers that
issue a ticket for the same conversation at the same moment both read the same lock; one SET
overwrites the other, so a ticket is lost or two get the same number, and two messages of one person
are processed at once. Here every change to a lock is one Lua script, which Redis runs atomically.
The stored value keeps Rasa's format, so reading a lock (get_lock) is unchanged.

Named by module path in the cluster's endpoints.yml: `lock_store: {type: bot.store.lock_store.AtomicRedisLockStore}`.
"""

from __future__ import annotations

import time
from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# Shared Lua: read the lock, drop expired tickets. `tickets` holds decoded {number, expires} tables.
_LOAD = """
local raw = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[1])
local tickets = {}
if raw then
  for _, encoded in ipairs(cjson.decode(raw)['tickets'] or {}) do
    local ticket = cjson.decode(encoded)
    if tonumber(ticket['expires']) >= now then table.insert(tickets, ticket) end
  end
end
local function store()
  local parts = {}
  for _, ticket in ipairs(tickets) do
    table.insert(parts, cjson.encode(string.format('{"number": %d, "expires": %.6f}',
      ticket['number'], ticket['expires'])))
  end
  redis.call('SET', KEYS[1], '{"conversation_id": ' .. cjson.encode(ARGV[2]) ..
    ', "tickets": [' .. table.concat(parts, ', ') .. ']}')
end
"""

# ARGV: now, conversation id, lifetime. Returns the new ticket's number (one more than the last).
ISSUE = (
    _LOAD
    + """
local number = 0
if #tickets > 0 then number = tickets[#tickets]['number'] + 1 end
table.insert(tickets, {number = number, expires = now + tonumber(ARGV[3])})
store()
return number
"""
)

# ARGV: now, conversation id, ticket number, delete-when-empty (1/0). Removes one ticket.
FINISH = (
    _LOAD
    + """
local kept = {}
for _, ticket in ipairs(tickets) do
  if ticket['number'] ~= tonumber(ARGV[3]) then table.insert(kept, ticket) end
end
tickets = kept
if #tickets == 0 and ARGV[4] == '1' then
  redis.call('DEL', KEYS[1])
elseif raw then
  store()
end
return #tickets
"""
)

# ARGV: now, conversation id. Drops expired tickets (what Rasa's update_lock does).
EXPIRE = (
    _LOAD
    + """
if raw then store() end
return #tickets
"""
)


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore with each read-modify-write of a lock done by one Lua script."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        """Rasa passes the endpoints.yml section as `endpoint_config` (host, port, db, ...)."""
        if endpoint_config is not None:
            kwargs = {**{k: v for k, v in endpoint_config.kwargs.items() if k != "type"}, **kwargs}
            if endpoint_config.url:
                kwargs.setdefault("host", endpoint_config.url)
        super().__init__(**kwargs)
        self._issue = self.red.register_script(ISSUE)
        self._finish = self.red.register_script(FINISH)
        self._expire = self.red.register_script(EXPIRE)

    def _key(self, conversation_id: str) -> str:
        return self.key_prefix + conversation_id

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(
                self._issue(keys=[self._key(conversation_id)], args=[time.time(), conversation_id, lock_lifetime])
            )
        except Exception as error:  # the same error type Rasa's callers expect
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._expire(keys=[self._key(conversation_id)], args=[time.time(), conversation_id])

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._finish(keys=[self._key(conversation_id)], args=[time.time(), conversation_id, ticket_number, 0])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Return the ticket, and delete the lock if nobody else holds one, in one step."""
        self._finish(keys=[self._key(conversation_id)], args=[time.time(), conversation_id, ticket_number, 1])
