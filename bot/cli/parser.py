"""The one command line: `kabarrt` (= `python -m bot`): the argparse tree and `main`.

Each command is a function in the module of its group (`bot/cli/<group>.py`), named here as
"module:function" and imported only when it runs, so a quick command (Gammu's RunOnReceive calls
`kabarrt sms gammu-receive` once per SMS) never loads what another one needs.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys

from bot.cli.common import settings_of


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kabarrt", description="KabarRT community-program bot")
    sub = top.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", metavar="PATH", help="SQLite file (shortcut for DATABASE_URL)")
        return p

    serve = with_db(sub.add_parser("serve", help="run the bot: web server, outbox worker and scheduler"))
    serve.add_argument("--web-only", action="store_true", help="only the web server (worker and clock run apart)")
    serve.set_defaults(run="bot.cli.serve:serve_command")
    with_db(sub.add_parser("worker", help="only send the outbox (dispatchers)")).set_defaults(run="bot.cli.serve:role_command")
    with_db(sub.add_parser("clock", help="only run scheduled jobs")).set_defaults(run="bot.cli.serve:role_command")
    outbox = sub.add_parser("outbox", help="what is being sent").add_subparsers(dest="outbox_command", required=True)
    with_db(outbox.add_parser("stats", help="counts by channel and state, oldest queued age")).set_defaults(run="bot.cli.outbox:outbox_command")
    show_parser = with_db(outbox.add_parser("show", help="one message and its history"))
    show_parser.add_argument("id", type=int)
    show_parser.set_defaults(run="bot.cli.outbox:outbox_command")
    shell = with_db(sub.add_parser("shell", help="chat with the bot in this terminal"))
    shell.add_argument("--channel", choices=["telegram", "sms"], default="telegram")
    shell.add_argument("--as", dest="as_", metavar="ID", help="sender: tg:…, sms:…, shell:… or bare id")
    shell.set_defaults(run="bot.cli.shell:shell_command")
    with_db(sub.add_parser("migrate", help="create or upgrade the database")).set_defaults(run="bot.cli.migrate:migrate_command")
    backup = with_db(sub.add_parser("backup", help="a consistent copy of the database, taken while the bot runs"))
    backup.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(run="bot.cli.backup:backup_command")
    restore = with_db(sub.add_parser("restore", help="a backup into a new, empty database, then migrate it"))
    restore.add_argument("file", metavar="FILE", help="a file written by kabarrt backup")
    restore.add_argument("--force", action="store_true", help="restore even into a database that holds data")
    restore.set_defaults(run="bot.cli.backup:restore_command")
    doctor = with_db(sub.add_parser("doctor", help="check settings, database, Telegram, SMS gateway and webhook"))
    # reports bad settings as one of its checks instead of stopping with exit 2
    doctor.set_defaults(run="bot.cli.doctor:doctor_command", reports_settings=True)

    areas = sub.add_parser("areas", help="administrative areas").add_subparsers(
        dest="areas_command", required=True
    )
    imp = with_db(areas.add_parser("import", help="import areas from CSV"))
    imp.add_argument("file")
    imp.set_defaults(run="bot.cli.areas:import_command")
    link = with_db(areas.add_parser("join-link", help="an RT's Telegram join link (t.me/<bot>?start=rt-…)"))
    link.add_argument("--rt", required=True, metavar="AREA_CODE", help="the RT's area code")
    link.add_argument("--regenerate", action="store_true", help="make a new code; old links stop working")
    link.set_defaults(run="bot.cli.areas:join_link_command")
    poster = with_db(sub.add_parser("poster", help="a printable PNG with an RT's join QR code"))
    poster.add_argument("--rt", required=True, metavar="AREA_CODE", help="the RT's area code")
    poster.add_argument("--out", required=True, metavar="FILE.png")
    poster.add_argument("--regenerate", action="store_true", help="with a new join code")
    poster.add_argument("--locale", choices=["id", "en"], default="id")
    poster.set_defaults(run="bot.cli.poster:poster_command")

    content = sub.add_parser("content", help="program content for authors").add_subparsers(
        dest="content_command", required=True
    )
    check = content.add_parser("check", help="validate content/: one line per problem, exit 1 if any")
    check.add_argument("--content-dir", metavar="DIR", help="content directory (default: the shipped one)")
    check.set_defaults(run="bot.cli.content:check_command", sync=True)
    show = content.add_parser("show", help="print what a resident sees for a program (section)")
    show.add_argument("program", metavar="PROGRAM_ID")
    show.add_argument("section", nargs="?", metavar="SECTION")
    show.add_argument("--channel", choices=["telegram", "sms"], default="telegram")
    show.add_argument("--locale", choices=["id", "en"], default="id")
    show.set_defaults(run="bot.cli.content:show_command", sync=True)

    faq = sub.add_parser("faq", help="questions and answers").add_subparsers(dest="faq_command", required=True)
    with_db(faq.add_parser("unanswered", help="questions the bot could not answer, most frequent first")
            ).set_defaults(run="bot.cli.faq:unanswered_command")  # fmt: skip
    ev = with_db(faq.add_parser("eval", help="measure answers on a JSONL file of questions"))
    ev.add_argument("file", metavar="FILE.jsonl")
    ev.set_defaults(run="bot.cli.faq:eval_command", sync=True)
    cal = faq.add_parser("calibrate", help="choose threshold and margin on held-back questions")
    cal.add_argument("files", metavar="FILE.jsonl", nargs="+")
    cal.add_argument("--write", action="store_true", help="store the best setting in content/faq/model.yaml")
    cal.set_defaults(run="bot.cli.faq:calibrate_command", sync=True)

    sms = sub.add_parser("sms", help="SMS gateway tools")
    sms_sub = sms.add_subparsers(dest="sms_command", required=True)
    gammu_receive = sms_sub.add_parser(
        "gammu-receive", help="Gammu SMSD's RunOnReceive: post inbox files to the running service"
    )
    gammu_receive.add_argument("files", nargs="*", metavar="INBOX_FILE", help="names in GAMMU_INBOX_PATH, or paths")
    gammu_receive.add_argument(
        "--all", action="store_true", help="every file in GAMMU_INBOX_PATH (processed ones are recognised)"
    )
    gammu_receive.set_defaults(run="bot.cli.sms:gammu_receive_command", sync=True)
    cost = sms_sub.add_parser("cost", help="every content item's SMS segments, encoding and cost; longest first")
    cost.add_argument("--locale", choices=["id", "en"], default="id", help="the interface language around the content")
    cost.set_defaults(run="bot.cli.sms:cost_command", sync=True)

    roles = sub.add_parser("roles", help="grant or revoke ketua_rt / admin / petugas_data").add_subparsers(
        dest="roles_command", required=True
    )
    for name in ("grant", "revoke"):
        p = with_db(roles.add_parser(name))
        p.add_argument("--identity", required=True, help="tg:…, sms:… or shell:…")
        p.add_argument("--role", required=True, choices=["ketua_rt", "admin", "petugas_data"])
        p.add_argument("--area", required=name == "grant", help="area code")
        p.set_defaults(run="bot.cli.roles:roles_command")
    with_db(roles.add_parser("list")).set_defaults(run="bot.cli.roles:roles_command")

    complaints = sub.add_parser("complaints", help="complaints (pengaduan): list, show, change status").add_subparsers(
        dest="complaints_command", required=True
    )
    listing = with_db(complaints.add_parser("list", help="one line per complaint, overdue first, then oldest first"))
    listing.add_argument("--area", metavar="CODE", help="only this area and its sub-areas")
    listing.add_argument("--status", metavar="STATUS", help="only this status (diterima, diproses …)")
    listing.add_argument("--overdue", action="store_true", help="only open complaints past their deadline")
    listing.set_defaults(run="bot.cli.complaints:complaints_command")
    show_complaint = with_db(complaints.add_parser("show", help="one complaint: status, details, history"))
    show_complaint.add_argument("ticket", metavar="TICKET")
    show_complaint.set_defaults(run="bot.cli.complaints:complaints_command")
    status = with_db(complaints.add_parser("status", help="move a complaint to another status; the reporter is told"))
    status.add_argument("ticket", metavar="TICKET")
    status.add_argument("status", metavar="STATUS")
    status.add_argument("--note", help="the note or reason (required for ditolak and diteruskan)")
    status.add_argument("--by", metavar="IDENTITY", help="the officer acting (tg:…, sms:…); default: the operator")
    status.add_argument("--duplicate-of", metavar="TICKET", help="with duplikat: the original complaint")
    status.add_argument("--forward-to", metavar="CODE", help="with diteruskan: the area that handles it next")
    status.set_defaults(run="bot.cli.complaints:complaints_command")

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
    send.set_defaults(run="bot.cli.announcements:broadcast_command")
    for name, what in (("cancel", "cancel before sending starts"), ("status", "progress of one announcement")):
        p = with_db(broadcast.add_parser(name, help=what))
        p.add_argument("id", type=int)
        p.set_defaults(run="bot.cli.announcements:broadcast_command")
    with_db(broadcast.add_parser("list", help="every announcement, newest first")).set_defaults(run="bot.cli.announcements:broadcast_command")
    return top


def setting_name(error: dict) -> str:
    """The environment name a pydantic error is about (`settings` for a rule across several)."""
    return ".".join(str(p) for p in error["loc"]).upper() or "settings"


def main(argv: list[str] | None = None) -> int:
    from pydantic import ValidationError

    args = parser().parse_args(argv)
    try:
        settings = settings_of(args)
    except ValidationError as exc:
        if not getattr(args, "reports_settings", False):
            for error in exc.errors():
                print(f"kabarrt: configuration error: {setting_name(error)}: {error['msg']}", file=sys.stderr)
            return 2
        settings = None
    from bot import app as wiring

    if settings is not None:
        wiring.setup_logging(settings)
    module, _, name = args.run.partition(":")
    run = getattr(importlib.import_module(module), name)
    if getattr(args, "sync", False):  # runs its own event loop, if any
        return run(args)
    return asyncio.run(run(args))
