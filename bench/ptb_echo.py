"""The bare python-telegram-bot echo bot that bench/telegram.py compares KabarRT with.

    python bench/ptb_echo.py --base-url http://127.0.0.1:PORT/bot [--token 123456:TEST-token]

PTB's own example, unchanged in substance: an `Application` with one `MessageHandler` that
replies the text, run by `run_polling` (PTB's Updater: long polling, updates processed one at a
time, the defaults everywhere). No database, no logging. SIGTERM / SIGINT stop it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# run as a script, bench/ is first on sys.path, and bench/telegram.py would shadow the PTB package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base-url", required=True, help="Bot API base URL including /bot")
    parser.add_argument("--token", default="123456:TEST-token")
    args = parser.parse_args(argv)
    application = Application.builder().token(args.token).base_url(args.base_url).build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
