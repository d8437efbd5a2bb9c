"""A real HTTP server on 127.0.0.1 for poller tests: routes, validators, faults, request log."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    """What the server answers on one path. `body` may change between polls."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True
    """Send ETag/Last-Modified and answer 304 to a matching conditional GET."""
    stall: float = 0.0
    """Seconds to sleep before answering (a timeout test)."""
    redirect_to: str | None = None
    gzip: bool = False
    chunked_size: int | None = None
    """Stream this many bytes of filler without Content-Length (an oversized body)."""
    trickle: float = 0.0
    """Answer 200 with a plausible Content-Length, then send one byte every `trickle` seconds
    until the client hangs up (slowloris): no single read ever waits long enough to time out."""
    reset_after: int | None = None
    """Send this many bytes of `body`, then reset the connection (RST) instead of finishing."""
    statuses: tuple[int, ...] = ()
    """Cycle through these statuses, one per request (a feed flipping between 200 and 500);
    an answer other than 200 carries a short text body instead of `body`."""
    encoded: bytes | None = None
    """A body already compressed (a gzip bomb), sent as is with `encoding` as its
    Content-Encoding."""
    encoding: str = "gzip"
    reason: str | None = None
    """The reason phrase on the status line, as sent (a hostile server's escape sequences)."""
    gate: threading.Event | None = None
    """Answer only once this is set (a feed held in flight for as long as a test needs)."""
    raw: bytes | None = None
    """Written to the socket verbatim as the whole response, status line and headers included,
    then the connection is closed: broken framing, repeated headers."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.peers: set[int] = set()
        """Client ports seen: one per TCP connection the server accepted."""
        self.sent: dict[str, int] = {}
        """Body bytes written per path by the streaming routes (filler, trickle)."""
        self.closing = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, the body's last segment waits for
            # the client's delayed ACK (40 ms a response on Linux), as no real feed server makes it.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.peers.add(self.client_address[1])
                    server.requests.append(
                        Seen(
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            time.monotonic(),
                        )
                    )
                route = server.routes.get(self.path)
                if route is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                if route.gate is not None:
                    route.gate.wait(60)
                if route.stall:
                    time.sleep(route.stall)
                if route.raw is not None:
                    with contextlib.suppress(OSError):
                        self.wfile.write(route.raw)
                        self.wfile.flush()
                    self.close_connection = True
                    return
                if route.trickle:
                    self._trickle(route)
                    return
                status = route.status
                if route.statuses:
                    status = route.statuses[(len(server.hits(self.path)) - 1) % len(route.statuses)]
                    if status != 200:
                        self._send(status, {"Content-Type": "text/plain"}, b"server error")
                        return
                if route.redirect_to is not None:
                    self._send(302, {"Location": route.redirect_to}, b"")
                    return
                if route.chunked_size is not None:
                    self._stream_filler(route)
                    return
                headers = {"Content-Type": route.content_type, **route.headers}
                if route.validators and route.status == 200:
                    etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                    headers["ETag"] = etag
                    headers["Last-Modified"] = "Tue, 06 Oct 2020 08:00:00 GMT"
                    if self.headers.get("If-None-Match") == etag:
                        self._send(304, {"ETag": etag}, b"")
                        return
                if route.reset_after is not None:
                    self._reset(route, headers)
                    return
                body = route.body
                if route.encoded is not None:
                    body = route.encoded
                    headers["Content-Encoding"] = route.encoding
                elif route.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self._send(status, headers, body)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                route = server.routes.get(self.path)
                self.send_response(status, route.reason if route is not None else None)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)

            def _stream_filler(self, route: Route) -> None:
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                remaining = route.chunked_size or 0
                chunk = b"<!-- " + b"x" * 65_000 + b" -->"
                try:
                    while remaining > 0:
                        part = chunk[: min(len(chunk), remaining)]
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                        remaining -= len(part)
                        server._count_sent(self.path, len(part))
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _trickle(self, route: Route) -> None:
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>'
                try:
                    self.wfile.write(head)
                    self.wfile.flush()
                    while not server.closing.wait(route.trickle):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        server._count_sent(self.path, 1)
                except OSError:
                    pass  # the client gave up, as it should
                self.close_connection = True

            def _reset(self, route: Route, headers: dict[str, str]) -> None:
                self.send_response(200)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(route.body[: route.reset_after])
                    self.wfile.flush()
                    # SO_LINGER with a zero timeout makes close() send RST, not FIN.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.connection.close()
                self.close_connection = True

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that hang up mid-body are part of the tests

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # serve_forever looks for shutdown() every poll_interval: its default half second was
        # paid by every test that used a server, on the way out.
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def _count_sent(self, path: str, n: int) -> None:
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + n

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    summary: str = ""
    link: str | None = None
    published: datetime = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)


BASE_TIME = datetime(2020, 10, 6, 8, 0, tzinfo=UTC)


def entries(prefix: str, n: int, *, link_base: str = "https://news.example.org") -> list[Entry]:
    """`n` distinct entries, newest first, each with its own link."""
    return [
        Entry(
            guid=f"{prefix}-{i}",
            title=f"{prefix} story {i}",
            summary=f"Report number {i} from {prefix}.",
            link=f"{link_base}/{prefix}/{i}",
            published=BASE_TIME - timedelta(minutes=i),
        )
        for i in range(n)
    ]


def rss(items: list[Entry], *, ttl: int | None = None) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
        "<title>Test wire</title><link>https://news.example.org/</link>",
        "<description>test</description>",
    ]
    if ttl is not None:
        parts.append(f"<ttl>{ttl}</ttl>")
    for e in items:
        parts.append(
            f'<item><title>{escape(e.title)}</title><guid isPermaLink="false">{escape(e.guid)}</guid>'
            + (f"<link>{escape(e.link)}</link>" if e.link else "")
            + f"<description>{escape(e.summary)}</description>"
            f"<pubDate>{format_datetime(e.published, usegmt=True)}</pubDate></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def atom(items: list[Entry]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>Test broadcaster</title><id>urn:test:atom</id>",
        "<updated>2020-10-06T08:00:00Z</updated>",
    ]
    for e in items:
        parts.append(
            f"<entry><title>{escape(e.title)}</title><id>{escape(e.guid)}</id>"
            + (f'<link rel="alternate" href="{escape(e.link)}"/>' if e.link else "")
            + f"<summary>{escape(e.summary)}</summary>"
            f"<updated>{e.published.isoformat().replace('+00:00', 'Z')}</updated></entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode()


def rdf(items: list[Entry]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://news.example.org/"><title>Test RDF</title>'
        "<link>https://news.example.org/</link><description>t</description></channel>"
    ]
    for e in items:
        parts.append(
            f'<item rdf:about="{escape(e.link or e.guid)}"><title>{escape(e.title)}</title>'
            f"<link>{escape(e.link or '')}</link><description>{escape(e.summary)}</description>"
            f"<dc:date>{e.published.isoformat().replace('+00:00', 'Z')}</dc:date></item>"
        )
    parts.append("</rdf:RDF>")
    return "".join(parts).encode()


def jsonfeed(items: list[Entry]) -> bytes:
    import json

    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Test JSON Feed",
            "items": [
                {
                    "id": e.guid,
                    "url": e.link,
                    "title": e.title,
                    "content_text": e.summary,
                    "date_published": e.published.isoformat(),
                }
                for e in items
            ],
        }
    ).encode()


def wire(items: list[Entry]) -> bytes:
    """A GDELT-like article list: {"articles": [{url, title, seendate}]}."""
    import json

    return json.dumps(
        {
            "articles": [
                {
                    "url": e.link,
                    "title": e.title,
                    "seendate": e.published.strftime("%Y%m%dT%H%M%SZ"),
                    "domain": "news.example.org",
                    "language": "English",
                }
                for e in items
            ]
        }
    ).encode()


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def results_export(
    parties: Sequence[tuple[str, object]],
    *,
    counted: object = 2469,
    total: object = 2519,
    updated: str = "2020-10-05T07:30:00+06:00",
) -> bytes:
    """An election commission's results export in JSON: parties with their votes, and the
    polling stations counted of their total (the shape of a real commission's table)."""
    import json

    return json.dumps(
        {
            "election": "Parliamentary election, 4 October 2020",
            "updated": updated,
            "stations": {"counted": counted, "total": total},
            "parties": [{"party": {"name": n}, "votes": v} for n, v in parties],
        }
    ).encode()


def results_csv(rows: list[tuple[str, str]], *, reporting: str = "98", sep: str = ",") -> bytes:
    """A data desk's results table in CSV: party, per cent, and the per cent reporting
    repeated on every line, as spreadsheet exports do."""
    lines = [sep.join(("party", "percent", "reporting"))]
    lines += [sep.join((name, pct, reporting)) for name, pct in rows]
    return ("\r\n".join(lines) + "\r\n").encode()
