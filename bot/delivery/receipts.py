"""Group commit for delivery reports: Kannel calls us twice per SMS (dlr-mask 31), and writing
each report in its own transaction makes one fsync per call the ceiling of the whole gateway.

Reports that arrive while a write is in progress wait and are written together in the next one;
every caller still gets its answer only after its report is committed, so an HTTP 200 to the
gateway still means "stored".
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from handlers.outbox.queue import Report, record_reports

Write = Callable[[Sequence[Report]], Awaitable[list[bool]]]


class ReportBatcher:
    def __init__(self, write: Write = record_reports, max_batch: int = 500) -> None:
        self.write = write
        self.max_batch = max_batch
        self._waiting: list[tuple[Report, asyncio.Future[bool]]] = []
        self._writer: asyncio.Task | None = None
        #: how many transactions wrote how many reports (for the bench and tests)
        self.batches = 0
        self.reports = 0

    async def record(self, report: Report) -> bool:
        """Store one report; True once committed, False for an unknown row."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((report, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all())
        return await done

    async def _write_all(self) -> None:
        while self._waiting:
            await asyncio.sleep(0)  # let requests that are being parsed right now join
            batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
            try:
                results = await self.write([report for report, _ in batch])
            except Exception as exc:  # each caller answers 500: the gateway sends it again
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            self.batches += 1
            self.reports += len(batch)
            for (_, done), known in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(known)
