"""The guard in front of `crisiswatch serve`'s routes, on a real aiohttp server on 127.0.0.1:
the token (as a server bound beyond loopback would ask it), Host and Origin checks."""

from __future__ import annotations

import subprocess
import sys

from aiohttp.test_utils import TestClient, TestServer

from crisiswatch.ui.serve import TOKEN_COOKIE, GuardedServer, is_loopback

TOKEN = "s3cret-token"


async def client_for(host: str, token: str | None) -> TestClient:
    # The command is never run: no websocket is opened in these tests.
    guarded = GuardedServer("true", host, 8000, token)
    client = TestClient(TestServer(await guarded._make_app(), host="127.0.0.1"))
    await client.start_server()
    return client


async def test_a_token_is_needed_beyond_loopback_and_the_link_sets_it() -> None:
    client = await client_for("0.0.0.0", TOKEN)
    try:
        assert (await client.get("/")).status == 403
        assert (await client.get("/?token=wrong")).status == 403
        assert (await client.get("/ws")).status == 403, "no websocket without the token"
        page = await client.get(f"/?token={TOKEN}")
        assert page.status == 200
        cookie = page.cookies[TOKEN_COOKIE]
        assert cookie.value == TOKEN and cookie["httponly"] and cookie["samesite"] == "Strict"
        again = await client.get("/")  # the cookie jar now holds the token
        assert again.status == 200
        assert (await client.get("/static/css/xterm.css")).status == 200
    finally:
        await client.close()


async def test_loopback_answers_only_loopback_names_and_its_own_page() -> None:
    client = await client_for("127.0.0.1", None)
    try:
        assert (await client.get("/")).status == 200
        assert (await client.get("/", headers={"Host": "localhost:8000"})).status == 200
        rebound = await client.get("/", headers={"Host": "evil.example:8000"})
        assert rebound.status == 403
        other_site = await client.get("/ws", headers={"Origin": "http://evil.example"})
        assert other_site.status == 403
        page = await client.get("/")
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "googleapis" not in policy
    finally:
        await client.close()


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("[::1]") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")
    assert not is_loopback("desk.example")


def test_serve_elsewhere_warns_and_prints_a_token_before_binding() -> None:
    """192.0.2.1 (TEST-NET-1) is no address of this machine: the warning and the token come
    first, then the bind fails in one line, without a traceback."""
    out = subprocess.run(
        [sys.executable, "-m", "crisiswatch", "serve", "--demo", "--host", "192.0.2.1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert lines[0].startswith("crisiswatch: warning: serving on 192.0.2.1")
    assert "controls the app" in lines[0]
    assert "/?token=" in lines[1] and len(lines[1].split("token=")[1]) >= 32
    assert lines[-1].startswith("crisiswatch: cannot listen on 192.0.2.1:8000")
    assert "Traceback" not in out.stderr


def test_a_bad_port_is_a_usage_error() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "crisiswatch", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.strip() == "crisiswatch: --port 70000: not a port (1-65535)"
