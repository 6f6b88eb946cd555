"""End to end through a real Gammu SMSD: the dummy phone receives → SMSD's inbox → RunOnReceive
`kabarrt sms gammu-receive` → `kabarrt serve` → outbox file → SMSD → the dummy phone sends.
Inbound enters only through the phone; replies are read from what the phone sent (SMSD's log)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from bot.channels.render import segments
from tests.conftest import need
from tests.fixtures.gammu_gateway import GammuGateway, gammu_available, running_gammu
from tests.fixtures.serve_process import (
    SENTINEL_ANSWER,
    SENTINEL_QUESTION,
    ServeProcess,
    free_port,
    query,
    until,
)

SECRET = "gammu-secret-123"
PHONE = "081234567001"


async def sentinel(gammu: GammuGateway) -> None:
    """Prove that SMSD sent everything queued before, without a sleep: a question sent now is
    answered after what came before it."""
    gammu.inject(PHONE, SENTINEL_QUESTION)
    await until(lambda: any(SENTINEL_ANSWER in s.text for s in gammu.sent()), "the sentinel's answer")
KABARRT = Path(sys.executable).with_name("kabarrt")
RECEIVE = f"{KABARRT} sms gammu-receive"


@contextlib.asynccontextmanager
async def serve_with_gammu(tmp_path: Path, gammu_secret: str = SECRET) -> AsyncIterator[tuple[GammuGateway, ServeProcess]]:
    """A real gammu-smsd whose RunOnReceive posts to a `kabarrt serve` with SMS_DRIVER=gammu."""
    need("gammu", gammu_available(), "install the Debian packages gammu and gammu-smsd")
    need("kabarrt", KABARRT.exists(), f"{KABARRT}: install the project into its virtualenv")
    port = free_port()
    folders = tmp_path / "gammu"
    paths = {
        "GAMMU_INBOX_PATH": str(folders / "inbox"), "GAMMU_OUTBOX_PATH": str(folders / "outbox"),
        "GAMMU_SENT_PATH": str(folders / "sent"), "GAMMU_ERROR_PATH": str(folders / "error"),
    }  # fmt: skip
    # what RunOnReceive needs, in SMSD's environment (its children inherit it)
    receive_env = {"SMS_SECRET": gammu_secret, "PUBLIC_URL": f"http://127.0.0.1:{port}", **paths}
    async with running_gammu(folders, RECEIVE, env=receive_env) as gammu:
        env = {"SMS_DRIVER": "gammu", "SMS_SECRET": SECRET, **paths}
        server = await ServeProcess(tmp_path / "kabarrt.sqlite3", env, port=port).start()
        try:
            yield gammu, server
        finally:
            await server.stop()


async def test_a_question_by_sms_is_answered_once_even_when_its_file_is_posted_again(tmp_path):
    async with serve_with_gammu(tmp_path) as (gammu, server):
        gammu.inject(PHONE, "apa  itu BKM?")
        [reply] = await gammu.wait_sent(1, timeout=20)
        assert reply.recipient == "+6281234567001" and "Badan Keswadayaan Masyarakat" in reply.text
        [inbox_file] = gammu.received()
        assert query(server.db, "SELECT text, external_id FROM interaction WHERE direction = 'in'") == [
            ("apa  itu BKM?", inbox_file)
        ]
        # what the network charged for is what the outbox row says
        assert query(server.db, "SELECT segments, encoding, channel_message_id FROM outbox") == [
            (len(reply.parts), "gsm7", reply.file)
        ]
        assert reply.codings == {"gsm7"} and segments(reply.text) == (len(reply.parts), "gsm7")
        # the file SMSD moved to its sent folder becomes the row's report
        await until(
            lambda: query(server.db, "SELECT detail FROM outbox_event WHERE detail LIKE 'gammu:%'")
            == [("gammu: sent by the phone",)],
            "the sent report",
        )

        # README's re-run: the same inbox file again, by name and with --all
        for args in ([inbox_file], ["--all"]):
            done = await asyncio.create_subprocess_exec(
                str(KABARRT), "sms", "gammu-receive", *args,
                env={**os.environ, **gammu.env}, cwd=gammu.workdir,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
            output, _ = await done.communicate()
            assert done.returncode == 0, output.decode()
        await sentinel(gammu)  # a second answer would have come before the sentinel's
        assert [s for s in gammu.sent() if SENTINEL_ANSWER not in s.text] == [reply]
        assert query(server.db, "SELECT count(*) FROM interaction WHERE direction = 'in'") == [(2,)]
        assert query(server.db, "SELECT count(*) FROM outbox") == [(2,)]
    # serve's log names neither the number (an inbox file's name holds it) nor the text
    assert server.log and PHONE[1:] not in server.log and "itu BKM" not in server.log, server.log


async def test_ucs2_inbound_is_stored_exactly_and_the_reply_stays_gsm7(tmp_path):
    async with serve_with_gammu(tmp_path) as (gammu, server):
        gammu.inject(PHONE, "Bu RT, kapan kerja bakti? 😀")
        [reply] = await gammu.wait_sent(1, timeout=20)
        assert reply.codings == {"gsm7"} and segments(reply.text) == (len(reply.parts), "gsm7")
        assert query(server.db, "SELECT text FROM interaction WHERE direction = 'in'") == [
            ("Bu RT, kapan kerja bakti? 😀",)
        ]
        assert query(server.db, "SELECT value FROM identity") == [("sms:+6281234567001",)]
        assert query(server.db, "SELECT segments, encoding FROM outbox") == [(len(reply.parts), "gsm7")]


async def test_a_wrong_secret_is_refused_and_nothing_is_stored(tmp_path):
    async with serve_with_gammu(tmp_path, gammu_secret="not-the-secret") as (gammu, server):
        gammu.inject(PHONE, "apa itu BKM?")
        [run] = await gammu.wait_runs(1, timeout=20)
        assert run.status == 1
        assert run.output == f"kabarrt sms gammu-receive: {run.files[0]}: refused (403): wrong or missing secret"
        assert (gammu.inbox / run.files[0]).exists()  # kept for a re-run
        # nothing stored, so nothing can be sent later either: no wait needed
        assert query(server.db, "SELECT count(*) FROM interaction") == [(0,)]
        assert query(server.db, "SELECT count(*) FROM outbox") == [(0,)]
        assert gammu.sent() == []
