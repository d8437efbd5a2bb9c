"""`crisiswatch serve`: the same app in a browser, through textual-serve.

The page gives whoever opens it full control of the app (decisions included), so by default it
is bound to 127.0.0.1 only, and even there it answers only requests addressed to a loopback
name (a web page elsewhere cannot reach it by rebinding its own DNS name to 127.0.0.1) and
websockets opened from its own page. Anywhere else it needs a token, printed once at start:
the link carries it, the page sets it as a cookie, and every request but the static files
must show it.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import shlex
import sys
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from crisiswatch.errors import ExitCode

TOKEN_COOKIE = "crisiswatch_token"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_loopback(host: str) -> bool:
    """True for an address or name that only this machine can reach."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The name in a Host header, without its port ("[::1]:8000" -> "::1")."""
    return (urlsplit(f"//{header}").hostname or "").lower()


def app_command(argv: Sequence[str]) -> str:
    """The shell command textual-serve runs for each browser: this Python, this package, the
    same --config/--db/--demo as `serve` was given."""
    return shlex.join([sys.executable, "-m", "crisiswatch", *argv])


def page_policy(host: str) -> str:
    """The page may load only what this server serves and talk only to its own websocket:
    textual-serve's page asks for a web font from a third party, which would tell it who opens
    the desk; no other site may frame the page (clickjacking)."""
    return (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        f"connect-src 'self' ws://{host} wss://{host}; frame-ancestors 'none'"
    )


class GuardedServer(Server):
    """textual-serve's server with the checks above in front of its routes."""

    def __init__(self, command: str, host: str, port: int, token: str | None) -> None:
        super().__init__(command, host=host, port=port, title="crisiswatch")
        self.token = token
        self.loopback = is_loopback(host)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        host = _host_name(request.host)
        if self.loopback and not is_loopback(host):
            raise web.HTTPForbidden(text="crisiswatch serve answers only to a loopback address\n")
        origin = request.headers.get("Origin")
        if (
            request.path == "/ws"
            and origin is not None
            and _host_name(urlsplit(origin).netloc) != host
        ):
            raise web.HTTPForbidden(text="websocket from another site refused\n")
        if request.path.startswith("/static/"):
            return await handler(request)
        given_query = request.query.get("token")
        if self.token is not None:
            given = given_query or request.cookies.get(TOKEN_COOKIE, "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                raise web.HTTPForbidden(text="a token is needed: open the link serve printed\n")
        if request.path == "/":
            # The page's own links (static files, the websocket) follow the address the
            # browser used, not the address bound (0.0.0.0 reaches nobody).
            self.public_url = f"{request.scheme}://{request.host}"
        response = await handler(request)
        if request.path == "/":
            response.headers["Content-Security-Policy"] = page_policy(request.host)
        if self.token is not None and given_query:
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict")
        return response


def serve(argv: Sequence[str], host: str, port: int, say: Callable[[str], None]) -> ExitCode:
    """Serve the app until Ctrl-C; `say` prints the lines a user must read before it binds."""
    token = None
    if not is_loopback(host):
        token = secrets.token_urlsafe(24)
        say(
            f"warning: serving on {host}, reachable from other machines: whoever opens the page "
            "controls the app (decisions included). Traffic is plain HTTP; put it behind a TLS "
            "proxy or an SSH tunnel on an untrusted network."
        )
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        say(f"open http://{shown}:{port}/?token={token}")
    else:
        say(f"open http://{host}:{port}/ (this machine only)")
    GuardedServer(app_command(argv), host, port, token).serve()
    return ExitCode.OK
