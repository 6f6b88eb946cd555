"""A rate-limited HTTP message sink for the broadcast bench, and the channel adapter that talks to it.

    python bench/sink.py --port 0 --rate 30 --log sink.log

The server (aiohttp, its own OS process) takes `POST /send` with JSON
`{"to": recipient, "text": …, "id": outbox id}` and behaves like a strict gateway:

- at most `--rate` messages a second overall (a token bucket holding `--rate` tokens) and one a
  second per recipient; over either limit it answers HTTP 429 with `{"retry_after": seconds}`
  and a `Retry-After` header, and counts the refusal;
- otherwise it appends `recipient<TAB>outbox id<TAB>unix time` to the log file and answers
  200 `{"message_id": …}`. Every line is flushed as it is written: the bench kills the *worker*
  (never the sink) and reads the log while the sink still runs, so the log is always complete.

`GET /stats` answers `{"accepted": n, "throttled": n}`. The first line on stdout is
`sink listening on http://127.0.0.1:PORT` (with `--port 0` the OS picks the port). SIGTERM stops it.

`HttpSinkChannel` is a `Channel` (bot/channels/base.py) named "sms", so outbox rows of `sms:`
identities go through it: 429 → retryable `SendError` with the sink's `retry_after`; 5xx and
connection errors → retryable; any other 4xx → permanent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import signal
import socket
import sys
import time
from pathlib import Path
from typing import ClassVar

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.channels.base import Limits, SendError, SendResult  # noqa: E402
from handlers.messages import Outbound  # noqa: E402

# --- the server -----------------------------------------------------------------------------------


class Sink:
    """The sink's state: limits, counters and the log of accepted messages."""

    def __init__(self, rate: float, log_path: Path, per_recipient_per_second: float = 1.0) -> None:
        self.rate = rate
        self.gap = 1.0 / per_recipient_per_second
        self.tokens = float(rate)
        self.stamp = time.monotonic()
        self.last: dict[str, float] = {}
        self.accepted = 0
        self.throttled = 0
        self.ids = itertools.count(1)
        self.log = log_path.open("a", encoding="utf-8", buffering=1)  # line-buffered: flushed per line

    def _refill(self, now: float) -> None:
        self.tokens = min(float(self.rate), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def admit(self, recipient: str) -> float:
        """0.0 if the message may go now (and take its slot), else the seconds to wait."""
        now = time.monotonic()
        self._refill(now)
        last = self.last.get(recipient)
        if last is not None and now - last < self.gap:
            return self.gap - (now - last)
        if self.tokens < 1.0:
            return (1.0 - self.tokens) / self.rate
        self.tokens -= 1.0
        self.last[recipient] = now
        return 0.0

    async def send(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            recipient = str(body["to"])
            outbox_id = body.get("id")
        except (ValueError, KeyError, TypeError):
            return web.json_response({"error": "bad request"}, status=400)
        wait = self.admit(recipient)
        if wait > 0:
            self.throttled += 1
            return web.json_response(
                {"retry_after": round(wait, 3)}, status=429, headers={"Retry-After": str(max(1, math.ceil(wait)))}
            )
        self.accepted += 1
        self.log.write(f"{recipient}\t{outbox_id}\t{time.time():.6f}\n")
        return web.json_response({"message_id": next(self.ids)})

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response({"accepted": self.accepted, "throttled": self.throttled})

    def close(self) -> None:
        self.log.close()


async def serve(port: int, rate: float, log_path: Path) -> None:
    sink = Sink(rate, log_path)
    app = web.Application()
    app.router.add_post("/send", sink.send)
    app.router.add_get("/stats", sink.stats)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    site = web.SockSite(runner, sock, backlog=1024)
    await site.start()
    print(f"sink listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        sink.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed on stdout)")
    parser.add_argument("--rate", type=float, required=True, help="messages a second overall")
    parser.add_argument("--log", type=Path, required=True, help="file the accepted messages are appended to")
    args = parser.parse_args(argv)
    if args.rate <= 0:
        parser.error("--rate must be positive")
    asyncio.run(serve(args.port, args.rate, args.log))


# --- the channel ----------------------------------------------------------------------------------


class HttpSinkChannel:
    """The sink as a channel adapter: one aiohttp session, limits that match the sink's."""

    name: ClassVar[str] = "sms"

    def __init__(self, url: str, rate: float, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/") + "/send"
        self.limits = Limits(per_second=rate, per_recipient_per_second=1)
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:  # made on first use: inside the running loop
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def send(self, outbound: Outbound) -> SendResult:
        payload = {"to": outbound.identity, "text": outbound.text, "id": outbound.outbox_id}
        try:
            async with self._client().post(self.url, json=payload) as response:
                status = response.status
                try:
                    body = await response.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    body = {}
                if status == 200:
                    return SendResult(str(body.get("message_id")) if isinstance(body, dict) else None)
                if status == 429:
                    raise SendError(
                        "429 too many requests", retryable=True, retry_after=_retry_after(body, response.headers)
                    )
                retryable = status >= 500
                raise SendError(f"HTTP {status}", retryable=retryable)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}", retryable=True) from exc

    def is_group(self, identity: str) -> bool:
        return False

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def _retry_after(body: object, headers) -> float | None:
    """The wait the sink asked for: the JSON body's (precise) value, else the Retry-After header."""
    if isinstance(body, dict):
        with contextlib.suppress(TypeError, ValueError):
            return float(body["retry_after"])
    with contextlib.suppress(TypeError, ValueError):
        return float(headers.get("Retry-After"))
    return None


def read_log(path: Path) -> list[tuple[str, str, float]]:
    """The sink's log as (recipient, outbox id, unix time) rows; a torn last line is ignored."""
    rows = []
    with contextlib.suppress(FileNotFoundError), path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                with contextlib.suppress(ValueError):
                    rows.append((parts[0], parts[1], float(parts[2])))
    return rows


def fetch_stats(base_url: str, timeout: float = 5.0) -> dict[str, int]:
    """GET /stats, synchronously (the bench's orchestration is not async)."""
    import urllib.request

    with urllib.request.urlopen(base_url.rstrip("/") + "/stats", timeout=timeout) as response:
        return json.load(response)


if __name__ == "__main__":
    main()
