"""`crisiswatch serve` for real: the demo served on 127.0.0.1, opened in headless Chromium
(Debian's, driven by playwright), its three panes on the page, a key pressed, a screenshot.

The page draws on a canvas, so its text is read from the xterm.js terminal it writes into: an
init script keeps that terminal where the test can ask it for its lines.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}

# textual-serve's page does `this.terminal = new Terminal(...)`: catch that assignment once.
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
    if (value && value.buffer) { window.__terminal = value; }
  },
});
"""
SCREEN_TEXT = """() => {
  const t = window.__terminal;
  if (!t) { return ""; }
  const b = t.buffer.active, lines = [];
  for (let i = 0; i < t.rows; i++) { const l = b.getLine(i); lines.push(l ? l.translateToString(true) : ""); }
  return lines.join("\\n");
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "crisiswatch", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_http(url, time.monotonic() + 60)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.slow
def test_the_demo_in_a_real_browser(served: str, tmp_path: Path) -> None:
    assert shutil.which(CHROMIUM), "Debian's chromium: .ci/run installs it with apt-get"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            outside: list[str] = []

            def local_only(route) -> None:  # type: ignore[no-untyped-def]
                # The page's policy already forbids other hosts; nothing leaves 127.0.0.1.
                if route.request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", local_only)
            page.add_init_script(KEEP_TERMINAL)
            response = page.goto(served)
            assert response is not None and response.status == 200
            assert "default-src 'self'" in response.headers["content-security-policy"]

            page.wait_for_function(
                f"() => {{ const s = ({SCREEN_TEXT})(); return s.includes('Headlines') && "
                "s.includes('Casualties') && s.includes('Results'); }",
                timeout=60_000,
            )
            text = page.evaluate(SCREEN_TEXT)
            assert "DEMO" in text and "Kyrgyzstan 2020" in text
            columns = max(len(line) for line in text.splitlines())
            assert columns >= 120, "the viewport is wide enough for the three panes side by side"

            page.locator(".textual-terminal").click()
            page.keyboard.press("f")
            # The screen's title shows at once; its rows come when the store has been read.
            page.wait_for_function(
                f"() => {{ const s = ({SCREEN_TEXT})(); return s.includes('Feed health') && "
                "s.includes('Demo Monitor'); }",
                timeout=30_000,
            )
            health = page.evaluate(SCREEN_TEXT)
            assert "Demo Monitor" in health and "Headlines" not in health

            shot = page.screenshot()
            assert png_size(shot) == (VIEWPORT["width"], VIEWPORT["height"])
            assert outside == [], "the page asked for something beyond 127.0.0.1"
        finally:
            browser.close()


@pytest.mark.slow
def test_serve_refuses_a_request_for_another_host_name(served: str) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 gets nothing."""
    request = urllib.request.Request(served, headers={"Host": "evil.example:80"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
