"""Running one hook: a command given JSON on stdin, killed with everything it started once its
time is up. Never a shell: the argv from feeds.toml is run as it stands."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

STDERR_KEPT = 300
"""Characters of a failing hook's stderr quoted in its one-line report."""


def _kill(proc: asyncio.subprocess.Process) -> None:
    """The hook and its children: it runs in a session of its own, so its group is its own."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


async def run_command(
    argv: tuple[str, ...], stdin: bytes, timeout: float, *, name: str = "hook"
) -> str | None:
    """Run `argv` with `stdin`; None when it exits 0 in time, else the one line saying why not.
    Cancelling the caller kills the command too."""
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        return f"{name} {argv[0]!r} could not start: {exc.strerror or exc}"
    try:
        async with asyncio.timeout(timeout):
            _, err = await proc.communicate(stdin)
    except TimeoutError:
        _kill(proc)
        await proc.wait()
        return f"{name} {argv[0]!r} killed after {timeout:g} s"
    except BaseException:
        _kill(proc)
        with contextlib.suppress(BaseException):
            await asyncio.shield(proc.wait())
        raise
    if proc.returncode != 0:
        said = " ".join(err.decode("utf-8", "replace").split())[:STDERR_KEPT]
        return f"{name} {argv[0]!r} exited with status {proc.returncode}" + (
            f": {said}" if said else ""
        )
    return None
