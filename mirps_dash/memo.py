"""A bounded, single-flight memo for what every session shares (the store, the current frames, the views).

Why not `st.cache_resource`: any client can send the websocket message `clear_cache`, and Streamlit then
empties `st.cache_data` and `st.cache_resource` for the whole process (app_session.py handles it for every
session and no option turns it off), so 50 sessions re-read every frame and rebuild every view, ten times a
second if the client repeats it. A `Memo` lives in its module, where that message cannot reach. It keeps at
most `max_entries` values (least recently used goes first) and computes each key once, however many threads
ask for it at the same time: the first caller computes while the others wait for its result. Pure Python.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar, cast

Value = TypeVar("Value")


class _Flight:
    """One computation in progress: the threads that asked for the same key wait on `done`."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: object = None
        self.error: BaseException | None = None
        self.waiters = 0


class Memo(Generic[Value]):
    """Values by key, at most `max_entries` of them, each computed once even when many threads ask at once."""

    def __init__(self, max_entries: int) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many times `compute` was called (a hit or a wait adds nothing)

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The value for `key`, from `compute()` on the first call; an error is raised to every waiter, not kept."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            flight = self._flights.get(key)
            leader = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
                self.computed += 1
            else:
                flight.waiters += 1
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return cast(Value, flight.value)  # the leader stored compute()'s result
        try:
            value = compute()
        except BaseException as error:
            flight.error = error
            with self._lock:
                del self._flights[key]
            flight.done.set()
            raise
        flight.value = value
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)
            del self._flights[key]
        flight.done.set()
        return value

    def waiting(self, key: Hashable) -> int:
        """How many threads are waiting for `key`'s computation now (0 when none is running)."""
        with self._lock:
            flight = self._flights.get(key)
            return flight.waiters if flight else 0

    def __contains__(self, key: Hashable) -> bool:
        """Whether `key`'s value is kept now (a computation in progress is not)."""
        with self._lock:
            return key in self._values

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def clear(self) -> list[Value]:
        """Forget every value and hand them back, so a caller can close what they hold (tests; a computation
        in progress still hands its result to its waiters)."""
        with self._lock:
            values = list(self._values.values())
            self._values.clear()
        return values
