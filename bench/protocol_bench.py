"""(2) one session's rerun over the real protocol, (6) capacity ramps, (7) two replicas and staleness."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.loadgen import Session, StepResult, knee, percentile, run_step
from bench.servers import Server


async def single_session(url: str, page: str, query: str, reruns: int, pause: float = 0.25, seed: int = 6) -> dict:
    """Open `page` in one session, then change a filter `reruns` times; p50/p95 of the reruns (s)."""
    session = Session(url, page, query, seed)
    await session.connect()
    opened = await session.open()
    times, errors = [], [opened.error] if not opened.ok else []
    for _ in range(reruns):
        await asyncio.sleep(pause)
        run = await session.change_filter()
        times.append(run.seconds)
        if not run.ok:
            errors.append(run.error)
    await session.close()
    return {
        "load_s": opened.seconds,
        "load_bytes": opened.bytes_received,
        "p50_s": percentile(times, 50),
        "p95_s": percentile(times, 95),
        "reruns": len(times),
        "widgets": sorted(w.kind for w in session.widgets.values()),
        "errors": errors[:3],
    }


async def _sample_rss(servers: list[Server], peaks: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        total = sum(server.rss_mb() for server in servers)
        peaks.append(total)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def measured_step(
    servers: list[Server], targets: list[tuple[str, str, str]], sessions: int, seconds: float, think: float, seed: int
) -> StepResult:
    """One step with the servers' summed RSS sampled every 0.5 s (before, and peak during)."""
    peaks: list[float] = []
    stop = asyncio.Event()
    before = sum(server.rss_mb() for server in servers)
    sampler = asyncio.create_task(_sample_rss(servers, peaks, stop))
    result = await run_step(targets, sessions, seconds, think=think, seed=seed)
    stop.set()
    await sampler
    result.rss_before_mb = before
    result.rss_after_mb = max(peaks or [before])
    return result


@dataclass
class Ramp:
    """A capacity ramp against one target: its steps and the knee."""

    name: str
    steps: list[StepResult] = field(default_factory=list)
    idle_rss_mb: float = float("nan")
    cpu_seconds: float = float("nan")

    @property
    def knee(self) -> int:
        return knee(self.steps)

    def step_at(self, sessions: int) -> StepResult | None:
        return next((s for s in self.steps if s.sessions == sessions), None)

    def rss_per_session_mb(self) -> float:
        """Peak RSS growth over idle, per session, at the largest step that was held (MB)."""
        held = [s for s in self.steps if s.attempts]
        if not held:
            return float("nan")
        step = held[-1]
        return (step.rss_after_mb - self.idle_rss_mb) / step.sessions

    def growth_at(self, sessions: int) -> float:
        """Peak RSS growth over idle at the step with `sessions` sessions (MB), NaN when not reached."""
        step = self.step_at(sessions)
        return step.rss_after_mb - self.idle_rss_mb if step else float("nan")


async def ramp(
    name: str,
    servers: list[Server],
    targets: list[tuple[str, str, str]],
    levels: list[int],
    seconds: float,
    think: float = 5.0,
    rest: float = 3.0,
    stop_after_failures: int = 1,
    log: Callable[[str], None] = print,
) -> Ramp:
    """Steps of growing size against `targets` (sessions spread round-robin); stops after a failed step.

    One warm-up session per target first, so that the idle memory already holds the loaded data and the
    per-session figure is what each further session costs.
    """
    for url, page, query in targets:
        warm = Session(url, page, query)
        await warm.connect()
        await warm.open()
        await warm.close()
    await asyncio.sleep(1.0)
    result = Ramp(name, idle_rss_mb=sum(server.rss_mb() for server in servers))
    cpu_start = sum(server.cpu_seconds() for server in servers)
    failures = 0
    for index, sessions in enumerate(levels):
        step = await measured_step(servers, targets, sessions, seconds, think, seed=index)
        result.steps.append(step)
        log(
            f"  {name:>10} {sessions:>4} sessions: success {step.success_pct:5.1f} %  p95 load {step.p95_load:6.2f} s  "
            f"p50/p95 rerun {step.p50_rerun:5.2f}/{step.p95_rerun:5.2f} s  reruns {len(step.reruns)}  "
            f"rss {step.rss_before_mb:.0f}->{step.rss_after_mb:.0f} MB {('  errors: ' + step.errors[0]) if step.errors else ''}"
        )
        if not step.ok:
            failures += 1
            if failures >= stop_after_failures:
                break
        await asyncio.sleep(rest)
    result.cpu_seconds = sum(server.cpu_seconds() for server in servers) - cpu_start
    return result


async def staleness(
    reader_url: str,
    page: str,
    query: str,
    publish: Callable[[], object],
    marker: str,
    poll: float = 0.05,
    limit: float = 30.0,
) -> dict:
    """Publish (through another replica's store) while a session on `reader_url` has `page` open.

    Returns the seconds from the end of the publish to the first rerun that shows `marker`, and how many
    reruns that took (1 means: at its next rerun).
    """
    session = Session(reader_url, page, query, seed=1)
    await session.connect()
    await session.open()
    before = any(marker in str(element) for element in session.elements)
    await asyncio.to_thread(publish)
    published = time.perf_counter()
    reruns = 0
    seen = False
    while time.perf_counter() - published < limit:
        await session.rerun()
        reruns += 1
        if any(marker in str(element) for element in session.elements):
            seen = True
            break
        await asyncio.sleep(poll)
    seconds = time.perf_counter() - published
    await session.close()
    return {"shown_before": before, "seen": seen, "reruns_until_seen": reruns, "staleness_s": seconds}
