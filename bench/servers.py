"""Start and stop `streamlit run` processes for the bench (dashboard or bare app), optionally on one CPU."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running Streamlit server: its URL and process."""

    url: str
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float:
        """Resident memory of the server process now (MB), from /proc."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def cpu_seconds(self) -> float:
        """User + system CPU time the server has used so far (s)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def wait_healthy(url: str, process: subprocess.Popen, log: Path, name: str, timeout: float) -> None:
    """Wait until `url`/_stcore/health answers 200; if the process exits or time runs out, say so with its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{name} did not answer /_stcore/health in {timeout} s")


def start(
    script: Path,
    root: Path,
    log_dir: Path,
    env: dict[str, str] | None = None,
    cpu: int | None = None,
    timeout: float = 120.0,
) -> Server:
    """`streamlit run script` on a free port (headless, no usage stats); waits for /_stcore/health."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]
    if cpu is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(cpu), *command]
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{script.stem}-{port}.log"
    full_env = {**os.environ, **(env or {})}
    with log.open("w") as stream:
        # taskset execs the interpreter in place, so the pid stays the server's.
        process = subprocess.Popen(command, cwd=root, env=full_env, stdout=stream, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, log, "streamlit", timeout)
    return Server(url, process, log)
