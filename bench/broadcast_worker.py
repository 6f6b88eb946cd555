"""One delivery worker for the broadcast bench: sends the outbox of a database until it is empty.

    python bench/broadcast_worker.py --db FILE --sink URL --rate N     # through bench/sink.py
    python bench/broadcast_worker.py --db FILE --telegram BASE_URL     # through the Bot API at BASE_URL
    python bench/broadcast_worker.py --db FILE --null [sms|telegram]   # the null channel, no limits
    python bench/broadcast_worker.py --db FILE --telegram BASE_URL --fallback-sink URL --sms-rate N

It runs the real `Dispatcher` (bot/delivery/dispatcher.py) with a short lease (`--lease`, 2 s), so rows a
killed predecessor left `sending` come back through the dispatcher's own sweep soon after a
restart. `--telegram` sends with KabarRT's real Telegram adapter, `TelegramChannel.from_settings`
(bot/channels/telegram.py): the settings come from the environment as in production, with the
token (`--token`, the emulator's by default), the base URL (`…/bot`), `--in-flight` and, with
`--rate`, TELEGRAM_MAX_PER_SECOND set here — per chat and per group the defaults (1/s, 20/min).
`--fallback-sink URL` adds bench/sink.py as the SMS channel (at `--sms-rate` a second) and the
dispatcher's `on_failed=handlers.announcements.fall_back`, as `kabarrt serve` wires it: an
announcement Telegram refuses for good goes by SMS. `--null NAME` serves rows of channel NAME
(`sms`, the default, or `telegram`). It exits 0 once no row is `queued` or `sending` (a fallback
row is queued in the transaction that fails its Telegram row, so none is missed); SIGTERM/SIGINT
stop it early, with the dispatcher's drain (in-flight sends finish, unsent claims are released).

`--db` is a SQLite file or a database URL (`postgres://…`). Several workers may run on one
database: they share the sending rights of each channel as `kabarrt worker` does
(`open_locks`, bot/locks.py), so one of them sends a channel and the others stand by; each logs
`dispatcher <worker id> sends <channel>` on stderr when it takes a channel.

Lines on stdout (the bench reads them): `ready worker_id=… ready_at=<unix time>` once the
database is open and dispatching starts, and on exit `sent=… run_s=… rss_mb=…` (peak RSS of
this process, from getrusage).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# run as a script, bench/ is first on sys.path, and bench/telegram.py would shadow the PTB package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.sink import HttpSinkChannel  # noqa: E402
from bot.channels.base import NullChannel  # noqa: E402
from bot.db import close_database, open_database  # noqa: E402
from bot.delivery.dispatcher import DeliverySettings, Dispatcher  # noqa: E402
from bot.locks import open_locks  # noqa: E402
from bot.settings import sqlite_url  # noqa: E402
from models import OutboxMessage, OutboxStatus  # noqa: E402
from models.messages import PENDING  # noqa: E402


async def watch(stop: asyncio.Event, interval: float) -> None:
    """Set `stop` once nothing is left to send (no row queued or sending, retries included)."""
    while not stop.is_set():
        await asyncio.sleep(interval)
        if not await OutboxMessage.filter(status__in=list(PENDING)).exists():
            stop.set()


def make_channels(args: argparse.Namespace) -> dict:
    channel = make_channel(args)
    channels = {channel.name: channel}
    if args.fallback_sink:
        channels["sms"] = HttpSinkChannel(args.fallback_sink, args.sms_rate)
    return channels


def make_channel(args: argparse.Namespace):
    if args.null:
        return NullChannel(args.null)
    if args.sink:
        return HttpSinkChannel(args.sink, args.rate)
    from bot.channels.telegram import TelegramChannel
    from bot.settings import Settings

    overrides = {
        "telegram_bot_token": args.token,
        "telegram_api_base_url": args.telegram,
        "delivery_in_flight": args.in_flight,
    }
    if args.rate_given:
        overrides["telegram_max_per_second"] = args.rate
    return TelegramChannel.from_settings(Settings(**overrides))


async def main(args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await open_database(args.url, load_demo=False)
    channels = make_channels(args)
    on_failed = None
    if args.fallback_sink:
        from handlers.announcements.service import fall_back

        on_failed = fall_back
    dispatcher = Dispatcher(
        channels, DeliverySettings(lease_seconds=args.lease, in_flight=args.in_flight), on_failed=on_failed,
        locks=open_locks(args.url),
    )  # fmt: skip
    print(f"ready worker_id={dispatcher.worker_id} ready_at={time.time():.6f}", flush=True)
    t0 = time.perf_counter()
    try:
        watcher = asyncio.create_task(watch(stop, args.check_interval))
        await dispatcher.run(stop)
        await watcher
        run_s = time.perf_counter() - t0
        sent = await OutboxMessage.filter(status=OutboxStatus.SENT).count()
    finally:
        for channel in channels.values():
            close = getattr(channel, "close", None)
            if close is not None:
                await close()
        await close_database()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"sent={sent} run_s={run_s:.3f} rss_mb={rss_mb:.1f}", flush=True)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", required=True, help="SQLite file, or a database URL (created by the bench)")
    parser.add_argument("--sink", help="base URL of bench/sink.py, e.g. http://127.0.0.1:8080")
    parser.add_argument("--telegram", metavar="BASE_URL",
                        help="Bot API base URL including /bot, e.g. the emulator's http://127.0.0.1:PORT/bot")
    parser.add_argument("--token", default="123456:TEST-token", help="bot token for --telegram (the emulator's)")
    parser.add_argument("--rate", type=float, help="messages a second overall, the channel's limit "
                        "(sink: the sink's rate, default 30; telegram: TELEGRAM_MAX_PER_SECOND, default its setting)")
    parser.add_argument("--null", nargs="?", const="sms", metavar="CHANNEL",
                        help="the null channel, no limits (the engine's ceiling), for rows of CHANNEL (sms)")
    parser.add_argument("--fallback-sink", metavar="URL",
                        help="with --telegram: bench/sink.py as the SMS channel, and the Telegram → SMS fallback")
    parser.add_argument("--sms-rate", type=float, default=2_000.0,
                        help="SMS a second through --fallback-sink (default 2,000)")
    parser.add_argument("--lease", type=float, default=2.0, help="claim lease in seconds (default 2)")
    parser.add_argument("--in-flight", type=int, default=50, help="concurrent sends (default 50)")
    parser.add_argument("--check-interval", type=float, default=0.1,
                        help="how often to check whether the outbox is empty (seconds)")
    args = parser.parse_args(argv)
    if sum(1 for x in (args.null, args.sink, args.telegram) if x) != 1:
        parser.error("exactly one of --sink, --telegram, --null is required")
    if args.fallback_sink and not args.telegram:
        parser.error("--fallback-sink goes with --telegram")
    args.url = args.db if "://" in args.db else sqlite_url(Path(args.db))
    args.rate_given = args.rate is not None
    args.rate = args.rate if args.rate is not None else 30.0
    return args


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("tortoise", "aiosqlite", "aerich"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("bot.delivery.dispatcher").setLevel(logging.INFO)  # which worker sends what
    sys.exit(asyncio.run(main(parse_args())))
