"""The one command line: `kabarrt` (= `python -m bot`). Each subcommand is a small function."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from bot import app as wiring
from bot.settings import Settings, get_settings


def _settings(args: argparse.Namespace) -> Settings:
    return get_settings().with_db_path(getattr(args, "db", None))


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT / SIGTERM (graceful shutdown)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.web import make_app

    settings = _settings(args)
    engine = await wiring.start(settings)
    stop = _stop_on_signals()
    dispatcher = None if args.web_only else wiring.build_dispatcher(settings)
    telegram = None
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import TelegramGateway

        telegram = TelegramGateway(settings, engine, on_queued=dispatcher.wake if dispatcher else None)
    kannel = gammu = None
    if settings.sms_driver == "kannel":
        from bot.channels.kannel import KannelReceiver, kannel_settings

        kannel = KannelReceiver(kannel_settings(settings), engine, on_queued=dispatcher.wake if dispatcher else None)
    elif settings.sms_driver == "gammu":
        from bot.channels.gammu import GammuReceiver, gammu_settings

        gammu = GammuReceiver(gammu_settings(settings), engine, on_queued=dispatcher.wake if dispatcher else None)
    runner = web.AppRunner(
        make_app(telegram=telegram if telegram and telegram.webhook_mode else None, kannel=kannel, gammu=gammu)
    )
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    roles = [] if dispatcher is None else [wiring.run_worker(settings, stop, dispatcher), wiring.run_clock(settings, stop)]
    if telegram is not None:
        roles.append(telegram.run(stop))
    print(f"KabarRT is running: http://{settings.host}:{settings.port}/healthz")
    print(f"Database: {settings.database_url}")
    print("Roles: web" + ("" if args.web_only else ", worker (outbox), clock (scheduler)"))
    print(_telegram_line(settings))
    print("SMS: " + _sms_line(settings))
    db_hint = f" --db {args.db}" if args.db else ""
    print(f"Talk to the bot in another terminal:  .venv/bin/kabarrt shell{db_hint}")
    print("  (as an SMS user: add --channel sms). Stop with Ctrl-C.")
    sys.stdout.flush()
    try:
        await asyncio.gather(stop.wait(), *roles)
    finally:
        await runner.cleanup()
        await wiring.stop()
    return 0


def _sms_line(settings: Settings) -> str:
    if settings.sms_driver == "kannel":
        return "Kannel (/sms/kannel/receive, /sms/kannel/status)"
    if settings.sms_driver == "gammu":
        return f"Gammu SMSD (/sms/gammu/receive; outbox {settings.gammu_outbox_path})"
    return "off (set SMS_DRIVER=kannel or gammu)"


def _telegram_line(settings: Settings) -> str:
    if settings.telegram_bot_token is None:
        return "Telegram: off (set TELEGRAM_BOT_TOKEN to turn it on)"
    name = f"@{settings.telegram_bot_username}" if settings.telegram_bot_username else "the bot"
    if settings.telegram_webhook_url:
        return f"Telegram: {name} by webhook ({settings.telegram_webhook_url} -> /telegram/webhook)"
    return f"Telegram: {name} by long polling ({settings.telegram_api_base_url})"


async def _role(args: argparse.Namespace) -> int:
    """`kabarrt worker` / `kabarrt clock`: one process role until SIGTERM."""
    settings = _settings(args)
    await wiring.start(settings)
    run, doing = {
        "worker": (wiring.run_worker, "sending the outbox"),
        "clock": (wiring.run_clock, "running scheduled jobs"),
    }[args.command]
    print(f"KabarRT {args.command}: {doing} of {settings.database_url}. Stop with Ctrl-C.", flush=True)
    try:
        await run(settings, _stop_on_signals())
    finally:
        await wiring.stop()
    return 0


async def _outbox(args: argparse.Namespace) -> int:
    from bot import outbox_tools

    await wiring.start(_settings(args))
    try:
        if args.outbox_command == "stats":
            lines = await outbox_tools.stats_lines(cost_per_segment=_settings(args).sms_cost_per_segment)
        else:
            lines = await outbox_tools.show_lines(args.id)
            if lines is None:
                print(f"kabarrt outbox show: no message {args.id}", file=sys.stderr)
                return 1
    finally:
        await wiring.stop()
    print("\n".join(lines))
    return 0


async def _shell(args: argparse.Namespace) -> int:
    from bot.channels.shell import Shell
    from handlers.identities import BadIdentity

    engine = await wiring.start(_settings(args))
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


async def _migrate(args: argparse.Namespace) -> int:
    await wiring.start(_settings(args))
    await wiring.stop()
    print("database is up to date")
    return 0


async def _areas_import(args: argparse.Namespace) -> int:
    from bot.areas_import import import_areas_file

    await wiring.start(_settings(args))
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


async def _roles(args: argparse.Namespace) -> int:
    from bot import roles

    await wiring.start(_settings(args))
    try:
        if args.roles_command == "list":
            for line in await roles.list_roles():
                print(line)
            return 0
        func = roles.grant if args.roles_command == "grant" else roles.revoke
        message = await func(args.identity, args.role, args.area)
        print(message)
        return 0
    except roles.RoleError as exc:
        print(f"kabarrt roles: {exc}", file=sys.stderr)
        return 1
    finally:
        await wiring.stop()


async def _broadcast(args: argparse.Namespace) -> int:
    from bot import broadcast_cli as bc

    await wiring.start(_settings(args))
    try:
        if args.broadcast_command == "send":
            lines = await bc.send(area=args.area, program=args.program, text=args.text, photo=args.photo, at=args.at)
        elif args.broadcast_command == "list":
            lines = await bc.list_lines()
        else:
            lines = await getattr(bc, args.broadcast_command)(args.id)
    except bc.BroadcastError as exc:
        print(f"kabarrt broadcast {args.broadcast_command}: {exc}", file=sys.stderr)
        return exc.code
    finally:
        await wiring.stop()
    print("\n".join(lines))
    return 0


async def _join_target(args: argparse.Namespace) -> tuple[str, str, str, str] | int:
    """(link, title, place, locale-free code) for --rt, or an exit code after an error line."""
    from handlers import joinlinks, residents

    settings = _settings(args)
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


async def _join_link(args: argparse.Namespace) -> int:
    target = await _join_target(args)
    if isinstance(target, int):
        return target
    link, title, place, code = target
    print(f"{code} ({title}, {place}): {link}")
    if args.regenerate:
        print("the old link and its posters no longer work")
    return 0


async def _poster(args: argparse.Namespace) -> int:
    from bot.poster import render_poster

    target = await _join_target(args)
    if isinstance(target, int):
        return target
    link, title, place, code = target
    t = translator_for(args.locale)
    try:
        render_poster(
            Path(args.out), link=link, title=title, place=place,
            instructions=(
                t._("1. Pindai kode QR ini dengan kamera HP, atau buka tautan di atas di Telegram."),
                t._("2. Tekan MULAI, baca dan setujui pemberitahuan privasi: Anda terdaftar di RT ini."),
            ),
            footer=t._(
                "KabarRT: info program, pengumuman RT dan tanya-jawab. "
                "Ketik STOP untuk berhenti, HAPUS DATA untuk menghapus data Anda."
            ),
        )  # fmt: skip
    except OSError as exc:
        print(f"kabarrt poster: {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} for {code}: {link}")
    return 0


def _sms_gammu_receive(args: argparse.Namespace) -> int:
    from bot.sms_gammu_receive import inbox_files, receive

    settings = _settings(args)
    secret = settings.sms_secret.get_secret_value() if settings.sms_secret else ""
    if not secret:
        print("kabarrt sms gammu-receive: SMS_SECRET is not set", file=sys.stderr)
        return 2
    try:
        names = inbox_files(settings.gammu_inbox_path) if args.all else args.files
    except OSError as exc:
        print(f"kabarrt sms gammu-receive: {settings.gammu_inbox_path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not names and not args.all:
        print("kabarrt sms gammu-receive: name the inbox files (Gammu's RunOnReceive does), or --all", file=sys.stderr)
        return 2
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    failures = receive(
        names, inbox=settings.gammu_inbox_path, url=base.rstrip("/") + "/sms/gammu/receive", secret=secret
    )
    for line in failures:
        print(f"kabarrt sms gammu-receive: {line}", file=sys.stderr)
    return 1 if failures else 0


def _sms_cost(args: argparse.Namespace) -> int:
    from bot.sms_cost import cost_lines, cost_rows

    print("\n".join(cost_lines(cost_rows(args.locale), get_settings().sms_cost_per_segment)))
    return 0


def translator_for(locale: str):
    from bot.i18n import translator

    return translator(locale)


def _content_check(args: argparse.Namespace) -> int:
    from bot.content_check import check
    from content.library import CONTENT_DIR

    content_dir = Path(args.content_dir) if args.content_dir else CONTENT_DIR
    problems = check(content_dir)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _content_show(args: argparse.Namespace) -> int:
    from bot.content_show import UnknownContent, show

    try:
        lines = show(args.program, args.section, channel=args.channel, locale=args.locale)
    except UnknownContent as exc:
        print(f"kabarrt content show: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


async def _faq_unanswered(args: argparse.Namespace) -> int:
    from bot.faq_tools import unanswered_lines

    await wiring.start(_settings(args))
    try:
        for line in await unanswered_lines():
            print(line)
    finally:
        await wiring.stop()
    return 0


def _faq_eval(args: argparse.Namespace) -> int:
    import tempfile

    from bot.faq_tools import BadEvalFile, evaluate, parse_cases

    try:
        lines = Path(args.file).read_text(encoding="utf-8").splitlines()
        cases = parse_cases(lines, args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kabarrt faq eval: {args.file}: {exc}", file=sys.stderr)
        return 2
    except BadEvalFile as exc:
        print(f"kabarrt faq eval: {exc}", file=sys.stderr)
        return 2

    async def run(settings: Settings) -> tuple[list[str], str]:
        engine = await wiring.start(settings)
        try:
            return await evaluate(engine, cases)
        finally:
            await wiring.stop()

    with tempfile.TemporaryDirectory(prefix="kabarrt-eval-") as tmp:
        settings = _settings(args) if args.db else get_settings().with_db_path(str(Path(tmp) / "eval.sqlite3"))
        misses, summary = asyncio.run(run(settings))
    for line in misses:
        print(line)
    print(summary)
    return 0


def _faq_calibrate(args: argparse.Namespace) -> int:
    from bot.faq_tools import BadEvalFile, calibrate, parse_cases
    from content.library import CONTENT_DIR

    cases = []
    try:
        for file in args.files:
            cases += parse_cases(Path(file).read_text(encoding="utf-8").splitlines(), file)
    except (OSError, UnicodeDecodeError, BadEvalFile) as exc:
        print(f"kabarrt faq calibrate: {exc}", file=sys.stderr)
        return 2
    settings = calibrate(cases)
    for s in settings[:10]:
        print(f"threshold={s.threshold:.3f} margin={s.margin:.2f} accuracy={s.accuracy:.3f} "
              f"rejection={s.rejection:.3f} balanced={s.balanced:.3f}")  # fmt: skip
    best = settings[0]
    if args.write:
        path = CONTENT_DIR / "faq" / "model.yaml"
        path.write_text(
            "# Written by `kabarrt faq calibrate " + " ".join(Path(f).name for f in args.files)
            + " --write`; see README, \"FAQ\".\n"
            f"threshold: {best.threshold}\nmargin: {best.margin}\n",
            encoding="utf-8",
        )
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kabarrt", description="KabarRT community-program bot")
    sub = top.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", metavar="PATH", help="SQLite file (shortcut for DATABASE_URL)")
        return p

    serve = with_db(sub.add_parser("serve", help="run the bot: web server, outbox worker and scheduler"))
    serve.add_argument("--web-only", action="store_true", help="only the web server (worker and clock run apart)")
    serve.set_defaults(run=_serve)
    with_db(sub.add_parser("worker", help="only send the outbox (dispatchers)")).set_defaults(run=_role)
    with_db(sub.add_parser("clock", help="only run scheduled jobs")).set_defaults(run=_role)
    outbox = sub.add_parser("outbox", help="what is being sent").add_subparsers(dest="outbox_command", required=True)
    with_db(outbox.add_parser("stats", help="counts by channel and state, oldest queued age")).set_defaults(run=_outbox)
    show_parser = with_db(outbox.add_parser("show", help="one message and its history"))
    show_parser.add_argument("id", type=int)
    show_parser.set_defaults(run=_outbox)
    shell = with_db(sub.add_parser("shell", help="chat with the bot in this terminal"))
    shell.add_argument("--channel", choices=["telegram", "sms"], default="telegram")
    shell.add_argument("--as", dest="as_", metavar="ID", help="sender: tg:…, sms:…, shell:… or bare id")
    shell.set_defaults(run=_shell)
    with_db(sub.add_parser("migrate", help="create or upgrade the database")).set_defaults(run=_migrate)

    areas = sub.add_parser("areas", help="administrative areas").add_subparsers(
        dest="areas_command", required=True
    )
    imp = with_db(areas.add_parser("import", help="import areas from CSV"))
    imp.add_argument("file")
    imp.set_defaults(run=_areas_import)
    link = with_db(areas.add_parser("join-link", help="an RT's Telegram join link (t.me/<bot>?start=rt-…)"))
    link.add_argument("--rt", required=True, metavar="AREA_CODE", help="the RT's area code")
    link.add_argument("--regenerate", action="store_true", help="make a new code; old links stop working")
    link.set_defaults(run=_join_link)
    poster = with_db(sub.add_parser("poster", help="a printable PNG with an RT's join QR code"))
    poster.add_argument("--rt", required=True, metavar="AREA_CODE", help="the RT's area code")
    poster.add_argument("--out", required=True, metavar="FILE.png")
    poster.add_argument("--regenerate", action="store_true", help="with a new join code")
    poster.add_argument("--locale", choices=["id", "en"], default="id")
    poster.set_defaults(run=_poster)

    content = sub.add_parser("content", help="program content for authors").add_subparsers(
        dest="content_command", required=True
    )
    check = content.add_parser("check", help="validate content/: one line per problem, exit 1 if any")
    check.add_argument("--content-dir", metavar="DIR", help="content directory (default: the shipped one)")
    check.set_defaults(run=_content_check, sync=True)
    show = content.add_parser("show", help="print what a resident sees for a program (section)")
    show.add_argument("program", metavar="PROGRAM_ID")
    show.add_argument("section", nargs="?", metavar="SECTION")
    show.add_argument("--channel", choices=["telegram", "sms"], default="telegram")
    show.add_argument("--locale", choices=["id", "en"], default="id")
    show.set_defaults(run=_content_show, sync=True)

    faq = sub.add_parser("faq", help="questions and answers").add_subparsers(dest="faq_command", required=True)
    with_db(faq.add_parser("unanswered", help="questions the bot could not answer, most frequent first")
            ).set_defaults(run=_faq_unanswered)  # fmt: skip
    ev = with_db(faq.add_parser("eval", help="measure answers on a JSONL file of questions"))
    ev.add_argument("file", metavar="FILE.jsonl")
    ev.set_defaults(run=_faq_eval, sync=True)
    cal = faq.add_parser("calibrate", help="choose threshold and margin on held-back questions")
    cal.add_argument("files", metavar="FILE.jsonl", nargs="+")
    cal.add_argument("--write", action="store_true", help="store the best setting in content/faq/model.yaml")
    cal.set_defaults(run=_faq_calibrate, sync=True)

    sms = sub.add_parser("sms", help="SMS gateway tools")
    sms_sub = sms.add_subparsers(dest="sms_command", required=True)
    gammu_receive = sms_sub.add_parser(
        "gammu-receive", help="Gammu SMSD's RunOnReceive: post inbox files to the running service"
    )
    gammu_receive.add_argument("files", nargs="*", metavar="INBOX_FILE", help="names in GAMMU_INBOX_PATH, or paths")
    gammu_receive.add_argument(
        "--all", action="store_true", help="every file in GAMMU_INBOX_PATH (processed ones are recognised)"
    )
    gammu_receive.set_defaults(run=_sms_gammu_receive, sync=True)
    cost = sms_sub.add_parser("cost", help="every content item's SMS segments, encoding and cost; longest first")
    cost.add_argument("--locale", choices=["id", "en"], default="id", help="the interface language around the content")
    cost.set_defaults(run=_sms_cost, sync=True)

    roles = sub.add_parser("roles", help="grant or revoke ketua_rt / admin").add_subparsers(
        dest="roles_command", required=True
    )
    for name in ("grant", "revoke"):
        p = with_db(roles.add_parser(name))
        p.add_argument("--identity", required=True, help="tg:…, sms:… or shell:…")
        p.add_argument("--role", required=True, choices=["ketua_rt", "admin"])
        p.add_argument("--area", required=name == "grant", help="area code")
        p.set_defaults(run=_roles)
    with_db(roles.add_parser("list")).set_defaults(run=_roles)

    broadcast = sub.add_parser("broadcast", help="announcements to an area or a program's areas").add_subparsers(
        dest="broadcast_command", required=True
    )
    send = with_db(broadcast.add_parser("send", help="send now, or schedule with --at"))
    to = send.add_mutually_exclusive_group(required=True)
    to.add_argument("--area", metavar="CODE", help="an RT, kelurahan, kecamatan or kota code")
    to.add_argument("--program", metavar="ID", help="a program id: the residents of the areas where it runs")
    send.add_argument("--text", required=True)
    send.add_argument("--photo", metavar="FILE", help="a photo for Telegram recipients (SMS gets the text)")
    send.add_argument("--at", metavar="ISO-8601", help="when; without an offset, in the area's time zone")
    send.set_defaults(run=_broadcast)
    for name, what in (("cancel", "cancel before sending starts"), ("status", "progress of one announcement")):
        p = with_db(broadcast.add_parser(name, help=what))
        p.add_argument("id", type=int)
        p.set_defaults(run=_broadcast)
    with_db(broadcast.add_parser("list", help="every announcement, newest first")).set_defaults(run=_broadcast)
    return top


def main(argv: list[str] | None = None) -> int:
    from pydantic import ValidationError

    args = parser().parse_args(argv)
    try:
        settings = _settings(args)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]).upper() or "settings"
            print(f"kabarrt: configuration error: {where}: {error['msg']}", file=sys.stderr)
        return 2
    wiring.setup_logging(settings)
    if getattr(args, "sync", False):  # runs its own event loop, if any
        return args.run(args)
    return asyncio.run(args.run(args))
