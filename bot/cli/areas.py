"""`kabarrt areas import | join-link`: administrative areas from CSV, and an RT's Telegram join link
(also used by `kabarrt poster`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import app as wiring
from bot.cli.common import settings_of
from handlers.residents.area_import import import_areas_file


async def import_command(args: argparse.Namespace) -> int:
    await wiring.start(settings_of(args))
    try:
        report = await import_areas_file(Path(args.file))
    except OSError as exc:
        print(f"{args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        await wiring.stop()
    if not report.ok:
        for line in report.error_lines():
            print(line, file=sys.stderr)
        print("nothing imported", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


async def join_target(args: argparse.Namespace) -> tuple[str, str, str, str] | int:
    """(link, title, place, locale-free code) for --rt, or an exit code after an error line."""
    from handlers.residents import joinlinks
    from handlers.residents import service as residents

    settings = settings_of(args)
    if not settings.telegram_bot_username:
        print(f"kabarrt {args.command}: set TELEGRAM_BOT_USERNAME (the bot's @username) first", file=sys.stderr)
        return 2
    await wiring.start(settings)
    try:
        area = await joinlinks.rt_by_code(args.rt)
        code = await joinlinks.join_code(area, regenerate=args.regenerate)
        place = await residents.place_of(area.id) or area.name
    except joinlinks.NotAnRt as exc:
        print(f"kabarrt {args.command}: {exc}", file=sys.stderr)
        return 2
    finally:
        await wiring.stop()
    title, _, rest = place.partition(", ")
    return joinlinks.deep_link(settings.telegram_bot_username, code), title, rest, area.code


async def join_link_command(args: argparse.Namespace) -> int:
    target = await join_target(args)
    if isinstance(target, int):
        return target
    link, title, place, code = target
    print(f"{code} ({title}, {place}): {link}")
    if args.regenerate:
        print("the old link and its posters no longer work")
    return 0
