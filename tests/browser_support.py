"""Helpers the real-browser tests (and bench/bench_load.py) share: Debian's Chromium, a real
`streamlit run dashboard/app.py` on a free loopback port, and waiting for a page to settle."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]
TIMEOUT_MS = 30_000
# Streamlit shows this element while a script run is in progress.
RUNNING = '[data-testid="stStatusWidget"]'
NOT_RUNNING = f"!document.querySelector('{RUNNING}')"


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: install the Debian chromium package")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer within {seconds} s:\n{log.read_text()}")


def stop(proc: subprocess.Popen) -> None:
    """Terminate the server's process group (streamlit may start children), then kill it."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


@contextmanager
def streamlit_server(db: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run dashboard/app.py` on the store `db`, in a process group of its own:
    yields (base URL, process) once /_stcore/health answers; stopped on exit."""
    port = free_port()
    # no file watcher: the server runs the code it started with, even if the tree is edited meanwhile
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
               "--server.headless", "true", "--server.port", str(port), "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"]
    env = {**os.environ, "PRESSLENS_DB": str(db), "PRESSLENS_UI_LANGUAGE": "fr"}
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url, proc
    finally:
        stop(proc)


def wait_idle(page) -> None:
    """Wait until the script run is over (playwright's sync API). The status widget may appear a
    moment after the run starts, hence the short pause first."""
    page.wait_for_timeout(300)
    page.wait_for_function(NOT_RUNNING, timeout=TIMEOUT_MS)
