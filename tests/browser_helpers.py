"""Real-browser tests: `review-app serve` on a workspace in a child process, Debian's chromium
driven by Playwright (headless), and waiting for the app to finish a script run."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVE_LOG = "serve.log"
# no sandbox (containers run as root), no network or updates beyond the app under test
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_START_TIMEOUT_S = 60
_STOP_TIMEOUT_S = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served_app(workspace: Path) -> Iterator[str]:
    """`review-app serve` on `workspace` until the block ends: yields the app's URL once it
    answers its health check. Its output goes to `workspace/serve.log`; it runs from the
    workspace's parent folder, because serve must not depend on the working folder."""
    port = free_port()
    log = workspace / SERVE_LOG
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "review_app.cli", "--workspace", str(workspace), "serve"]
            + ["--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=workspace.parent,
            start_new_session=True,  # one process group: stopping it stops anything it started
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        _stop(server)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.read() == b"ok"
    except OSError:
        return False


def _stop(server: subprocess.Popen) -> None:
    """Terminate the server's process group and wait; kill it if it does not stop in time."""
    _signal_group(server, signal.SIGTERM)
    try:
        server.wait(timeout=_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _signal_group(server, signal.SIGKILL)
        server.wait()


def _signal_group(server: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has already gone
        os.killpg(server.pid, sig)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium, headless, through Playwright, closed when the block ends."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("chromium missing: scripts/test.sh installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def settle(page) -> None:
    """Wait until the app has loaded, is connected and no script run is going on."""
    page.get_by_test_id("stAppViewContainer").wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(300)
    for state in ("data-test-connection-state='CONNECTED'", "data-test-script-state='notRunning'"):
        page.locator(f"[data-testid='stApp'][{state}]").wait_for(state="attached", timeout=30_000)
