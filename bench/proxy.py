"""nginx running deploy/nginx.conf unchanged in front of one bench server: first-visit bytes as the wire carries them.

A throw-away main config includes deploy/nginx.conf as it is, with this run's mirps/ beside it. The proxy tier
(tests/test_proxy.py) starts its nginx here too, so the bench measures the gzip settings the tests check.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.servers import free_port, wait_healthy

NGINX = os.environ.get("MIRPS_NGINX", "/usr/sbin/nginx")


@dataclass
class Proxy:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def write_config(root: Path, directory: Path, port: int, upstreams: list[str]) -> Path:
    """A main config including `root`/deploy/nginx.conf, with replicas.conf naming `upstreams` (http://host:port)."""
    conf, logs, temp = directory / "conf", directory / "logs", directory / "temp"
    for folder in (conf / "mirps", logs, temp):
        folder.mkdir(parents=True, exist_ok=True)
    (conf / "mirps" / "replicas.conf").write_text("".join(f"server {url.split('//')[1]};\n" for url in upstreams))
    (conf / "mirps" / "site.conf").write_text(
        f"listen 127.0.0.1:{port};\nserver_name localhost;\naccess_log {logs}/access.log mirps;\n"
        "set $mirps_frame_ancestors \"'self'\";\n"
    )
    temp_paths = "".join(
        f"{kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers stay root: the tmp folders are 0700
    (conf / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {directory}/nginx.pid;\nerror_log {logs}/error.log warn;\n"
        f"events {{ worker_connections 512; }}\nhttp {{\n{temp_paths}include {root}/deploy/nginx.conf;\n}}\n"
    )
    return conf / "nginx.conf"


def start(root: Path, directory: Path, upstreams: list[str], timeout: float = 15.0) -> Proxy:
    """nginx on a free port in front of `upstreams`; waits until /_stcore/health answers through it."""
    port = free_port()
    config = write_config(root, directory, port, upstreams)
    prefix = config.parent.parent
    with (directory / "nginx-stderr.log").open("w") as log:
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "logs" / "error.log")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, prefix / "logs" / "error.log", "nginx", timeout)
    return Proxy(url, process)
