"""`kabarrt shell`: chat with the bot in this terminal, on the telegram or sms rendering."""

from __future__ import annotations

import argparse
import sys

from bot import app as wiring
from bot.channels.shell import Shell
from bot.cli.common import settings_of
from handlers.residents.identity import BadIdentity


async def shell_command(args: argparse.Namespace) -> int:
    engine = await wiring.start(settings_of(args))
    try:
        shell = Shell(engine, channel=args.channel, sender=args.as_)
    except BadIdentity as exc:
        print(f"kabarrt shell: {exc}", file=sys.stderr)
        await wiring.stop()  # an open connection keeps the process from exiting
        return 2
    try:
        await shell.run()
    finally:
        await wiring.stop()
    return 0
