"""Terminal channel: chat with the engine line by line, on the telegram or sms rendering.

Protocol (also for pipes): every input line is one message, except `:as <id>` which switches
the sender and prints nothing. After each message: every reply, then exactly one line `--`.
"""

from __future__ import annotations

import asyncio
import re
import sys
from typing import TextIO

from bot.channels.base import Limits, SendResult
from bot.channels.render import render_sms, telegram_lines
from handlers.engine import Engine
from handlers.messages import Inbound, Outbound
from handlers.residents.identity import BadIdentity, parse_identity

SWITCH = re.compile(r"^:as (\S+)$")
DEFAULT_SENDER = {"telegram": "shell:1", "sms": "sms:+6281200000001"}


def render(outbound: Outbound, channel: str) -> list[str]:
    if channel == "sms":
        sms = render_sms(outbound)
        return [sms.text, f"[sms segments={sms.segments} encoding={sms.encoding}]"]
    return telegram_lines(outbound)


class Shell:
    def __init__(self, engine: Engine, channel: str = "telegram", sender: str | None = None):
        self.engine = engine
        self.channel = channel
        self.sender = parse_identity(sender, channel) if sender else DEFAULT_SENDER[channel]

    async def send(self, line: str) -> list[str]:
        """One input line → the lines to print (none for `:as`)."""
        switch = SWITCH.match(line)
        if switch:
            self.sender = parse_identity(switch.group(1), self.channel)
            return []
        # the terminal is the delivery here: the replies are recorded as sent
        replies = await self.engine.handle(Inbound(identity=self.sender, text=line), delivered_inline=True)
        out: list[str] = []
        for reply in replies:
            out.extend(render(reply, self.channel))
        out.append("--")
        return out

    async def run(self, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
        interactive = stdin.isatty()
        loop = asyncio.get_running_loop()
        if interactive:
            print(
                f"KabarRT shell ({self.channel}) as {self.sender}. Type MENU to start, "
                ":as <id> to switch sender, Ctrl-D to quit.",
                file=stdout,
            )
        while True:
            if interactive:
                print("> ", end="", file=stdout, flush=True)
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            line = line.removesuffix("\n").removesuffix("\r")
            try:
                lines = await self.send(line)
            except BadIdentity as exc:
                print(f"kabarrt shell: {exc}", file=sys.stderr)
                continue
            for text in lines:
                print(text, file=stdout)
            stdout.flush()


class ShellChannel:
    """The Channel protocol for `shell:` identities outside the interactive shell (the worker prints)."""

    name = "shell"
    limits = Limits()

    def __init__(self, stream: TextIO | None = None, rendering: str = "telegram") -> None:
        self.stream = stream
        self.rendering = rendering
        self.sent = 0

    async def send(self, outbound: Outbound) -> SendResult:
        stream = self.stream or sys.stdout
        print(f"[to {outbound.identity}]", *render(outbound, self.rendering), sep="\n", file=stream)
        stream.flush()
        self.sent += 1
        return SendResult(f"shell-{self.sent}")

    def is_group(self, identity: str) -> bool:
        return False
