"""A thread per process that makes the default views of a data version as soon as the process sees it.

Replicas share one store and nothing else: a publish (from any replica or from the command line) changes the
store's current versions, and each process learns of it by reading them every `poll_seconds`, or at once when
it is poked (after a publish made in this process, or when a session's run reads versions not yet warmed).
It then calls `warm(state)` once for that state, on its own thread; what `warm` makes lands in the caches the
sessions read, which compute each key once however many threads ask (memo.Memo), so a session that asks
while the warm-up works waits for the same result instead of making it twice. Pure Python, no Streamlit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable

_LOG = logging.getLogger(__name__)


class Warmer:
    """Calls `warm(state)` for each new `read_state()` (e.g. the database and its current versions), one at a
    time, on a daemon thread; a failing read or warm-up is logged and tried again only for a newer state."""

    def __init__(
        self, read_state: Callable[[], Hashable], warm: Callable[[Hashable], None], poll_seconds: float = 2.0
    ) -> None:
        self.read_state = read_state
        self.warm = warm
        self.poll_seconds = poll_seconds
        self.warmed: Hashable = None  # the last state warmed (or tried)
        self.warm_ups = 0  # how many states were warmed
        self._poked = threading.Event()
        self._stopping = threading.Event()
        self._checking = threading.Lock()  # one check at a time
        self._changed = threading.Condition()
        self._asked = 0  # pokes so far
        self._answered = 0  # pokes whose check has ended
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (once) and check at once: a process that starts warms the current versions."""
        with self._changed:
            if self._thread is None or not self._thread.is_alive():
                self._stopping.clear()
                self._thread = threading.Thread(target=self._run, name="mirps-warm-up", daemon=True)
                self._thread.start()
        self.poke()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def poke(self) -> None:
        """Check the state now rather than at the next poll (returns at once)."""
        with self._changed:
            self._asked += 1
        self._poked.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every poke so far has been checked (and warmed, if the state was new); False on timeout."""
        with self._changed:
            asked = self._asked
            return self._changed.wait_for(lambda: self._answered >= asked or not self.running, timeout)

    def stop(self, timeout: float | None = None) -> None:
        """End the thread after its current warm-up (tests; a server's daemon thread ends with the process)."""
        self._stopping.set()
        self._poked.set()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._changed:
            self._changed.notify_all()

    def check(self) -> None:
        """Read the state and warm it if it is new; never raises."""
        with self._checking:
            try:
                state = self.read_state()
            except Exception:
                _LOG.exception("warm-up: could not read the current versions")
                return
            if state == self.warmed:
                return
            try:
                self.warm(state)
            except Exception:
                _LOG.exception("warm-up of %r failed", state)
            self.warmed = state
            self.warm_ups += 1

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._poked.wait(self.poll_seconds)
            self._poked.clear()
            if self._stopping.is_set():
                break
            with self._changed:
                asked = self._asked
            self.check()
            with self._changed:
                self._answered = max(self._answered, asked)
                self._changed.notify_all()
