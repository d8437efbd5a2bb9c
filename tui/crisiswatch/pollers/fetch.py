"""One polite HTTP GET of a feed: validators, a streamed size cap, errors as one readable line."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
import ssl
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus

import aiohttp
from aiohttp import http_exceptions
from yarl import URL

from crisiswatch.errors import PollError
from crisiswatch.pollers.client import MAX_REDIRECTS, Client
from crisiswatch.pollers.schedule import parse_max_age, parse_retry_after


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful exchange. `body` is None for 304 Not Modified, which is normal, not an error."""

    status: int
    body: bytes | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    max_age: float | None
    retry_after: float | None
    url: str | None = None
    """Where the body came from after redirects: relative links in it resolve against this."""


class FetchFailed(PollError):
    """A poll that got nothing usable; `str()` is the line shown in feed health."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n = n / 1000  # type: ignore[assignment]
    return f"{n} B"


async def fetch(
    client: Client,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_body: int,
    deadline: float = 60.0,
) -> Fetched:
    """GET `url` conditionally. The body is read in chunks and abandoned past `max_body`
    (on the wire, and again after each layer of decompression, so a gzip bomb stops there
    too); the whole exchange must end within `deadline` seconds, however the server paces
    its bytes."""
    try:
        async with asyncio.timeout(deadline):
            return await _fetch(client, url, etag, last_modified, max_body)
    except TimeoutError:
        # The client's timeouts are per read: a server trickling a byte at a time never trips
        # them. (Its own timeouts are TimeoutErrors too, but _fetch has made them FetchFailed.)
        raise FetchFailed(
            f"took longer than fetch_deadline ({deadline:g}s) in all (server too slow)"
        ) from None


_REDIRECTS = frozenset((301, 302, 303, 307, 308))
DRAIN_WAIT = 0.5
_SMALL = frozenset(str(n) for n in range(4096))
"""Content-Length values of a body we do not use (a redirect's, an error page) small enough
to read rather than drop."""


async def _drain_small(response: aiohttp.ClientResponse) -> None:
    """Read a short unused body, so its connection goes back to the pool (for the next hop,
    or the next poll of a feed that moved or fails); any other body is closed unread."""
    if response.headers.get("Content-Length", "") in _SMALL:
        # Briefly: a server that declares a short body and stalls costs a connection, not
        # the poll's answer.
        with contextlib.suppress(TimeoutError, aiohttp.ClientError):
            async with asyncio.timeout(DRAIN_WAIT):
                await response.read()


async def _fetch(
    client: Client,
    url: str,
    etag: str | None,
    last_modified: str | None,
    max_body: int,
) -> Fetched:
    headers = {"Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    session = client.session
    hop = URL()
    try:
        hop = URL(url)
        # Redirects are followed here, not by aiohttp: each hop gets its own proxy decision
        # and a bad Location its own line.
        for _ in range(MAX_REDIRECTS + 1):
            async with session.get(
                hop,
                headers=headers,
                allow_redirects=False,
                proxy=client.proxy_for(hop),
            ) as response:
                location = response.headers.get("Location")
                if response.status in _REDIRECTS and location is not None:
                    hop = _next_hop(response.url, location)
                    await _drain_small(response)
                    continue
                return await _answer(response, etag, last_modified, max_body)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)")
    except FetchFailed:
        raise
    except zlib.error:
        raise FetchFailed("body is not valid for its Content-Encoding") from None
    except aiohttp.ConnectionTimeoutError:
        raise FetchFailed(f"timed out connecting{_via(client, hop)}") from None
    except aiohttp.ServerTimeoutError:
        raise FetchFailed("timed out waiting for the server") from None
    except aiohttp.ClientConnectorError as exc:
        raise FetchFailed(f"cannot connect{_via(client, hop)}: {_reason(exc)}") from None
    except aiohttp.ClientHttpProxyError as exc:
        # The proxy refused the tunnel (CONNECT) to an https address: its answer, not the feed's.
        answer = f"HTTP {exc.status} {_phrase_of(exc.status, exc.message)}".strip()
        raise FetchFailed(f"proxy {_proxy_name(client, hop) or ''} refused: {answer}") from None
    except (aiohttp.ClientResponseError, aiohttp.ClientPayloadError) as exc:
        raise FetchFailed(_protocol_error(exc)) from None
    except aiohttp.ServerDisconnectedError as exc:
        raise FetchFailed(_protocol_error(exc)) from None
    except (aiohttp.ClientOSError, aiohttp.ClientConnectionResetError) as exc:
        # Not "ClientOSError: ...": the class name tells a reader of feed health nothing.
        raise FetchFailed(f"connection lost: {_reason(exc)}") from None
    except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError, ValueError):
        # An address that is not http(s), or one that cannot even be parsed.
        raise FetchFailed("redirected to an address that is not http(s); not followed") from None
    except aiohttp.ClientError as exc:
        raise FetchFailed(f"{type(exc).__name__}: {_reason(exc)}") from None


def _next_hop(base: URL, location: str) -> URL:
    """Where a redirect points, resolved against the address that sent it."""
    try:
        target = base.join(URL(location))
        host = target.host
    except (ValueError, TypeError):
        raise FetchFailed("redirected to a malformed address; not followed") from None
    if target.scheme not in ("http", "https"):
        raise FetchFailed("redirected to an address that is not http(s); not followed")
    if not host:
        raise FetchFailed("redirected to a malformed address; not followed")
    return target


async def _answer(
    response: aiohttp.ClientResponse, etag: str | None, last_modified: str | None, max_body: int
) -> Fetched:
    status = response.status
    headers = response.headers
    retry_after = parse_retry_after(headers.get("Retry-After"))
    if status == 304:
        # The (empty) body is read by the time the context exits; the connection goes back
        # to the pool.
        return Fetched(
            304,
            None,
            headers.get("ETag") or etag,
            headers.get("Last-Modified") or last_modified,
            None,
            parse_max_age(headers.get("Cache-Control")),
            retry_after,
        )
    if status != 200:
        await _drain_small(response)
    if status >= 400:
        message = f"HTTP {status} {_phrase(response)}".strip()
        if retry_after is not None:
            message += f" (retry after {retry_after:.0f}s)"
        raise FetchFailed(message, status=status, retry_after=retry_after)
    if status != 200:
        raise FetchFailed(f"HTTP {status} {_phrase(response)}: not a feed response", status=status)
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_body:
        raise FetchFailed(
            f"body of {_size(int(declared))} exceeds max_body ({_size(max_body)})",
            status=status,
        )
    encodings = _encodings(headers.getall("Content-Encoding", ()))
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > max_body:
            response.close()  # the rest is never read: the connection goes, not back to the pool
            raise _too_big(max_body, status)
        chunks.append(chunk)
    body = b"".join(chunks)
    if encodings:
        # Inflating up to max_body per layer is CPU work: not on the event loop.
        decoded: bytes | None = await asyncio.to_thread(_decode, body, encodings, max_body)
        if decoded is None:
            raise _too_big(max_body, status)
        body = decoded
    return Fetched(
        status,
        body,
        headers.get("ETag"),
        headers.get("Last-Modified"),
        headers.get("Content-Type"),
        parse_max_age(headers.get("Cache-Control")),
        retry_after,
        str(response.url),
    )


def _phrase(response: aiohttp.ClientResponse) -> str:
    return _phrase_of(response.status, response.reason)


def _phrase_of(status: int, reason: str | None) -> str:
    """The reason phrase as sent, in ASCII; the standard one when the server sent none."""
    sent = (reason or "").encode("ascii", "ignore").decode()
    if sent:
        return sent
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


INFLATE_CHUNK = 64 * 1024
MAX_LAYERS = 3
"""More Content-Encodings than this on one body are refused: no server needs them."""


def _too_big(max_body: int, status: int) -> FetchFailed:
    return FetchFailed(f"body exceeds max_body ({_size(max_body)}); stopped reading", status=status)


def _encodings(values: Iterable[str]) -> list[str]:
    """Every Content-Encoding, in the order applied, from one header or several."""
    found = [
        e.strip().lower()
        for value in values
        for e in value.split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    if len(found) > MAX_LAYERS:
        raise FetchFailed(f"{len(found)} Content-Encodings on one body (at most {MAX_LAYERS})")
    for e in found:
        if e not in ("gzip", "x-gzip", "deflate"):
            raise FetchFailed(
                f"unsupported Content-Encoding {e[:40]!r} (asked for gzip or deflate)"
            )
    return found


def _decode(body: bytes, encodings: list[str], max_body: int) -> bytes | None:
    """The body with every layer undone, last applied first; None past `max_body`.

    Each layer is inflated with a cap, so `gzip, gzip` (a 1.8 KB answer that is 2 GB inside)
    stops at max_body like a single layer does. Raises zlib.error on a corrupt layer.
    """
    for encoding in reversed(encodings):
        out = _inflate(body, encoding != "deflate", max_body)
        if out is None:
            return None
        body = out
    return body


def _inflate(data: bytes, gzip: bool, max_body: int) -> bytes | None:
    if not data:
        return data
    # "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
    wbits = zlib.MAX_WBITS | 16 if gzip else _deflate_wbits(data)
    pieces: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(wbits)
        while True:
            # At most INFLATE_CHUNK out per call: a bomb is never inflated whole.
            piece = inflater.decompress(data, INFLATE_CHUNK)
            size += len(piece)
            if size > max_body:
                return None
            pieces.append(piece)
            data = inflater.unconsumed_tail
            if inflater.eof or (not data and len(piece) < INFLATE_CHUNK):
                break
        if not inflater.eof:
            pieces.append(inflater.flush())  # a truncated stream: keep what arrived
            break
        # gzip allows several members one after another; anything else after the end is junk.
        data = inflater.unused_data if gzip and inflater.unused_data[:2] == b"\x1f\x8b" else b""
    out = b"".join(pieces)
    return out if len(out) <= max_body else None


def _deflate_wbits(first: bytes) -> int:
    try:
        zlib.decompressobj().decompress(first[:2])
    except zlib.error:
        return -zlib.MAX_WBITS
    return zlib.MAX_WBITS


def _protocol_error(exc: Exception) -> str:
    """One line for a server that broke HTTP/1.1 framing, instead of the parser's own words."""
    causes = _root_causes(exc)
    # aiohttp names a reset under a cut body only in its message, not as a cause.
    if any(isinstance(c, ConnectionResetError) for c in causes) or "ConnectionResetError" in str(
        exc
    ):
        return "connection lost: connection reset by the server"
    for cause in causes:
        if isinstance(cause, http_exceptions.LineTooLong):
            return "server sent oversized HTTP headers"
        if isinstance(cause, http_exceptions.TransferEncodingError):
            return "server sent a malformed chunked body"
        if isinstance(cause, http_exceptions.ContentLengthError):
            return "server closed the connection mid-body"
        if isinstance(cause, http_exceptions.BadStatusLine):
            return "server sent a malformed HTTP status line"
        if isinstance(cause, http_exceptions.BadHttpMessage):
            if "chunk" in str(cause).lower():
                return "server sent a malformed chunked body"
            if "content-length" in str(cause).lower():
                return "server sent a body that does not match its Content-Length"
            if "header" in str(cause).lower():
                return "server sent malformed HTTP headers"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "server closed the connection without answering"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return "server closed the connection mid-body"
    return "server sent a malformed HTTP response"


def _proxy_name(client: Client, url: URL) -> str | None:
    """HOST:PORT of the proxy the client sends `url` through, or None for a direct request.

    A dead proxy otherwise reads as the feed's own server refusing, and sends people to the
    wrong machine. The proxy's credentials, if any, stay out of the message.
    """
    proxy = client.proxy_for(url)
    if proxy is None:
        return None
    try:
        where = URL(proxy)
    except ValueError:
        return None
    return f"{where.host}:{where.explicit_port}" if where.explicit_port else where.host


def _via(client: Client, url: URL) -> str:
    name = _proxy_name(client, url)
    return f" via proxy {name}" if name else ""


def _root_causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, including grouped connection attempts."""
    seen: list[BaseException] = []
    stack = [exc]
    while stack and len(seen) < 20:
        e = stack.pop()
        if any(e is s for s in seen):
            continue
        seen.append(e)
        if isinstance(e, BaseExceptionGroup):
            stack.extend(e.exceptions)
        for nxt in (e.__cause__, e.__context__):
            if nxt is not None:
                stack.append(nxt)
    return seen


def _reason(exc: Exception) -> str:
    """One line a person can act on, from the deepest cause that says something specific."""
    for cause in _root_causes(exc):
        if isinstance(cause, socket.gaierror):
            return "host name not found (DNS)"
        if isinstance(cause, ssl.SSLError):
            # aiohttp's own TLS errors are SSLErrors too, wrapping the one that says why.
            why = cause.os_error if isinstance(cause, aiohttp.ClientSSLError) else cause
            return "TLS error: " + (getattr(why, "reason", None) or str(why))[:160]
        if (
            isinstance(cause, ConnectionRefusedError)
            or getattr(cause, "errno", None) == errno.ECONNREFUSED
        ):
            return "connection refused"
        if isinstance(cause, ConnectionResetError):
            return "connection reset by the server"
    text = str(exc).strip().splitlines()
    line = text[-1] if text else type(exc).__name__
    if "Name or service not known" in line or "nodename nor servname" in line:
        return "host name not found (DNS)"
    if "CERTIFICATE_VERIFY_FAILED" in line or "SSL" in line:
        return "TLS error: " + line[:160]
    return line[:200] or type(exc).__name__
