"""A load generator that speaks Streamlit's own websocket protocol (BackMsg / ForwardMsg protobufs).

One `Session` is one browser tab: it connects to ws://host/_stcore/stream, sends a BackMsg
`rerun_script` with the page name and query string (as the frontend does on load), then reads
ForwardMsgs until `script_finished`. To change a filter it picks one of the page's widgets seen in
the last run, gives it a new value, and sends the widget states with the page's script hash, the
cached message hashes (as the browser does) and the query string. HTTP-only tools cannot do this.

`run_step` holds N sessions for a while, each opening its page and then changing a filter every
5 s (+-50 %); `ramp` runs steps of growing size and finds the knee.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field

import websockets

# Streamlit internal: simulated browsers speak Streamlit's websocket protocol (protobuf messages)
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGET_KINDS = (
    "selectbox",
    "radio",
    "multiselect",
    "slider",
    "number_input",
    "button_group",
    "checkbox",
    "text_input",
)
TEXT_QUERIES = ("educación", "jobs", "Tapachula", "health", "refugiados", "")
FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass
class Widget:
    """A widget as the server described it in a delta: id, kind and what values it takes."""

    id: str
    kind: str
    options: list[str] = field(default_factory=list)
    bounds: tuple[float, float, float] | None = None  # slider or number input: min, max, step
    width: int = 1  # slider: 1 value or 2 (a range)
    data_type: int = 0

    @property
    def key(self) -> str:
        """The user key of a keyed widget (the id ends with '-<key>'), else ''."""
        return self.id.split("-", 2)[-1] if self.id.startswith("$$ID-") and self.id.count("-") >= 2 else ""


@dataclass
class RunResult:
    """One script run as the client saw it."""

    seconds: float
    bytes_received: int
    messages: int
    ok: bool
    error: str = ""


def widget_from_element(element) -> Widget | None:
    """A `Widget` from an Element proto, or None when the element is not a widget we can drive."""
    kind = element.WhichOneof("type")
    return widget_from_proto(kind, getattr(element, kind)) if kind in WIDGET_KINDS else None


def widget_from_proto(kind: str, proto) -> Widget | None:
    """A `Widget` from a widget proto of the given element kind (selectbox, slider, ...)."""
    if kind not in WIDGET_KINDS or getattr(proto, "disabled", False) or getattr(proto, "form_id", ""):
        return None  # a widget in a form sends nothing until its form is submitted
    if kind == "button_group":
        return Widget(proto.id, kind, [option.content for option in proto.options])
    if kind == "slider":
        if len(proto.options):
            return Widget(proto.id, "select_slider", list(proto.options), width=len(proto.default))
        return Widget(
            proto.id,
            kind,
            bounds=(proto.min, proto.max, proto.step or 1.0),
            width=len(proto.default),
            data_type=proto.data_type,
        )
    if kind in ("selectbox", "radio", "multiselect"):
        return Widget(proto.id, kind, list(proto.options))
    if kind == "number_input":  # a bounded integer input (Trends' top N); an unbounded one is no filter to pick from
        if not (proto.has_min and proto.has_max) or proto.data_type != proto.INT:
            return None
        return Widget(proto.id, kind, bounds=(proto.min, proto.max, proto.step or 1), data_type=proto.data_type)
    return Widget(proto.id, kind)


def new_value(widget: Widget, rng: random.Random, current: WidgetState | None) -> WidgetState:
    """A WidgetState giving `widget` a different value, chosen at random among its options."""
    state = WidgetState(id=widget.id)
    if widget.kind in ("selectbox", "radio"):
        choices = [o for o in widget.options if not (current and current.string_value == o)] or widget.options
        state.string_value = rng.choice(choices) if choices else ""
    elif widget.kind in ("multiselect", "button_group"):
        picks = rng.sample(widget.options, k=min(len(widget.options), rng.randint(0, 2))) if widget.options else []
        if widget.kind == "button_group":
            picks = picks[:1] or widget.options[:1]
        state.string_array_value.data.extend(picks)
    elif widget.kind == "select_slider":
        indexes = sorted(rng.sample(range(len(widget.options)), k=min(widget.width, len(widget.options))))
        state.string_array_value.data.extend(widget.options[i] for i in indexes)
    elif widget.kind == "slider":
        low, high, step = widget.bounds or (0.0, 1.0, 1.0)
        steps = max(int((high - low) / step), 0)
        values = sorted(low + step * rng.randint(0, steps) for _ in range(widget.width))
        state.double_array_value.data.extend(values)
    elif widget.kind == "number_input":
        low, high, step = widget.bounds or (0, 1, 1)
        now = current.int_value if current is not None and current.HasField("int_value") else None
        choices = [v for v in range(int(low), int(high) + 1, int(step)) if v != now]
        state.int_value = rng.choice(choices) if choices else int(low)
    elif widget.kind == "checkbox":
        state.bool_value = not (current.bool_value if current else False)
    elif widget.kind == "text_input":
        state.string_value = rng.choice(TEXT_QUERIES)
    return state


def is_animation(widget: Widget) -> bool:
    """A play / autoplay switch (e.g. `arrivals_playing`): it steps through periods on its own; not a filter."""
    return any(part in ("play", "playing", "autoplay") for part in widget.key.split("_"))


def pick_filter(
    widgets: dict[str, Widget], rng: random.Random, skip_keys: tuple[str, ...] = ("app_lang",)
) -> Widget | None:
    """A page filter to change: any drivable widget but the frame's language switch and animation switches,
    else the language switch."""
    page = [w for w in widgets.values() if w.key not in skip_keys and not is_animation(w)]
    pool = page or [w for w in widgets.values() if not is_animation(w)]
    return rng.choice(pool) if pool else None


class Session:
    """One browser tab over the real websocket protocol."""

    def __init__(self, base_url: str, page: str = "", query_string: str = "", seed: int = 0) -> None:
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.page = page
        self.query_string = query_string
        self.rng = random.Random(seed)
        self.page_script_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.states: dict[str, WidgetState] = {}
        self.cached_hashes: set[str] = set()
        self.connection = None
        self.elements: list = []  # Element protos of the last run, in arrival order

    async def connect(self, timeout: float = 30.0) -> None:
        self.connection = await asyncio.wait_for(
            websockets.connect(
                self.ws_url,
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=timeout,
                ping_interval=None,
                compression=None,
            ),
            timeout,
        )

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()
            self.connection = None

    async def open(self, timeout: float = 60.0) -> RunResult:
        """The first run of a page, as a browser's first load sends it."""
        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        message.rerun_script.page_name = self.page
        message.rerun_script.page_script_hash = ""
        return await self._run(message, timeout)

    async def rerun(self, changed: list[WidgetState] | None = None, timeout: float = 60.0) -> RunResult:
        """A rerun with the widget states the client holds (plus `changed`)."""
        for state in changed or []:
            self.states[state.id] = state
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query_string
        client.page_script_hash = self.page_script_hash
        client.widget_states.widgets.extend(self.states.values())
        client.cached_message_hashes.extend(sorted(self.cached_hashes))
        return await self._run(message, timeout)

    async def change_filter(self, timeout: float = 60.0) -> RunResult:
        """Give one page filter a new value and rerun."""
        widget = pick_filter(self.widgets, self.rng)
        if widget is None:
            return await self.rerun(timeout=timeout)
        return await self.rerun([new_value(widget, self.rng, self.states.get(widget.id))], timeout)

    async def _run(self, message: BackMsg, timeout: float) -> RunResult:
        started = time.perf_counter()
        received = count = 0
        error = ""
        widgets: dict[str, Widget] = {}
        elements = []
        try:
            await self.connection.send(message.SerializeToString())
            while True:
                data = await asyncio.wait_for(self.connection.recv(), timeout)
                received += len(data)
                count += 1
                forward = ForwardMsg()
                forward.ParseFromString(data)
                kind = forward.WhichOneof("type")
                if forward.metadata.cacheable and forward.hash:
                    self.cached_hashes.add(forward.hash)
                if kind == "new_session":
                    self.page_script_hash = self.page_script_hash or forward.new_session.page_script_hash
                elif kind == "navigation":
                    self.page_script_hash = forward.navigation.page_script_hash  # the page that ran (MPA v2)
                elif kind == "page_info_changed":
                    self.query_string = forward.page_info_changed.query_string  # the app wrote the URL
                elif kind == "page_not_found":
                    error = "page_not_found"
                elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                    element = forward.delta.new_element
                    elements.append(element)
                    if element.WhichOneof("type") == "exception":
                        error = error or f"exception: {element.exception.message[:200]}"
                    widget = widget_from_element(element)
                    if widget is not None:
                        widgets[widget.id] = widget
                elif kind == "script_finished":
                    if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    if forward.script_finished not in FINISHED_OK:
                        error = error or f"script_finished={forward.script_finished}"
                    break
        except (TimeoutError, websockets.ConnectionClosed, OSError) as failure:
            error = f"{type(failure).__name__}: {failure}"[:200]
        seconds = time.perf_counter() - started
        if widgets or not error:
            self.widgets = widgets
            self.elements = elements
        return RunResult(seconds, received, count, not error, error)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class StepResult:
    """N sessions held for a while against one target."""

    sessions: int
    loads: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    failures: int = 0
    attempts: int = 0
    errors: list[str] = field(default_factory=list)
    rss_before_mb: float = float("nan")
    rss_after_mb: float = float("nan")

    @property
    def success_pct(self) -> float:
        return 100.0 * (self.attempts - self.failures) / self.attempts if self.attempts else 0.0

    @property
    def p95_load(self) -> float:
        return percentile(self.loads, 95)

    @property
    def p95_rerun(self) -> float:
        return percentile(self.reruns, 95)

    @property
    def p50_rerun(self) -> float:
        return percentile(self.reruns, 50)

    @property
    def ok(self) -> bool:
        return self.attempts > 0 and self.failures == 0 and self.p95_rerun <= 1.0


async def _one_session(
    base_url: str,
    page: str,
    query: str,
    seed: int,
    deadline: float,
    think: float,
    result: StepResult,
    start_delay: float,
) -> None:
    await asyncio.sleep(start_delay)
    session = Session(base_url, page, query, seed)
    result.attempts += 1
    try:
        await session.connect()
        opened = await session.open()
    except (TimeoutError, OSError, websockets.InvalidHandshake) as failure:
        result.failures += 1
        result.errors.append(f"connect: {type(failure).__name__}")
        return
    if not opened.ok:
        result.failures += 1
        result.errors.append(opened.error)
    else:
        result.loads.append(opened.seconds)
    try:
        while True:
            pause = think * session.rng.uniform(0.5, 1.5)
            if time.monotonic() + pause > deadline:
                break
            await asyncio.sleep(pause)
            result.attempts += 1
            run = await session.change_filter()
            if run.ok:
                result.reruns.append(run.seconds)
            else:
                result.failures += 1
                result.errors.append(run.error)
                if not run.ok and "Connection" in run.error:
                    break
    finally:
        await session.close()


async def run_step(
    targets: list[tuple[str, str, str]],
    sessions: int,
    seconds: float,
    think: float = 5.0,
    seed: int = 0,
    ramp_up: float = 2.0,
) -> StepResult:
    """Hold `sessions` sessions for `seconds`, spread round-robin over `targets` (base_url, page, query).

    Sessions start evenly over `ramp_up` seconds, like users arriving, not all in one instant.
    """
    result = StepResult(sessions)
    deadline = time.monotonic() + seconds
    tasks = [
        _one_session(
            *targets[i % len(targets)], seed * 1000 + i, deadline, think, result, ramp_up * i / max(sessions, 1)
        )
        for i in range(sessions)
    ]
    await asyncio.gather(*tasks)
    return result


def summarise(step: StepResult) -> dict[str, float]:
    """The figures of one step (seconds, percent, MB)."""
    return {
        "sessions": step.sessions,
        "attempts": step.attempts,
        "success_pct": step.success_pct,
        "p95_load_s": step.p95_load,
        "p50_rerun_s": step.p50_rerun,
        "p95_rerun_s": step.p95_rerun,
        "reruns": len(step.reruns),
        "rss_before_mb": step.rss_before_mb,
        "rss_after_mb": step.rss_after_mb,
    }


def knee(steps: list[StepResult]) -> int:
    """The most sessions with 100 % success and p95 rerun at most 1 s, over steps in growing order."""
    best = 0
    for step in steps:
        if step.ok:
            best = max(best, step.sessions)
        else:
            break
    return best


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")
