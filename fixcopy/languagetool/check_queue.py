"""The check queue of ``fixcopy serve``: checks run in batches on one worker thread.

A batch is every request waiting when the worker is free (up to ``max_batch``), so under load
the model sees batches, and it is never called from two threads at once. A request that finds
``max_queue`` requests already waiting gets LanguageTool's 503 (:class:`QueueFull`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from ..batching import Failure, isolate
from ..config import Config
from ..document import Document
from ..pipeline import Detector, check_documents
from ..suggestion import Suggestion
from .defaults import DEFAULT_MAX_BATCH, DEFAULT_MAX_QUEUE

log = logging.getLogger("fixcopy.serve")


class QueueFull(Exception):
    pass


@dataclass
class CheckQueue:
    """Runs checks in batches on one worker thread; see the module docstring."""

    detectors: Sequence[Detector]
    max_queue: int = DEFAULT_MAX_QUEUE
    max_batch: int = DEFAULT_MAX_BATCH
    _queue: asyncio.Queue | None = field(default=None, init=False)
    _worker: asyncio.Task | None = field(default=None, init=False)
    waiting: int = field(default=0, init=False)
    batches: int = field(default=0, init=False)  # batches run so far (for tests and stats)

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._worker = asyncio.create_task(self._work())

    async def stop(self) -> None:
        if self._worker:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker

    @property
    def full(self) -> bool:
        return self.waiting >= self.max_queue

    async def check(self, text: str, config: Config) -> tuple[Document, list[Suggestion]]:
        if self._queue is None:
            raise RuntimeError("the check queue is not started")
        if self.full:
            raise QueueFull()
        future = asyncio.get_running_loop().create_future()
        self.waiting += 1
        try:
            self._queue.put_nowait((text, config, future))
            return await future
        finally:
            self.waiting -= 1

    async def _work(self) -> None:
        assert self._queue is not None
        while True:  # every failure inside is handed to the waiting requests: the worker never dies
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            groups: dict[Config, list] = {}
            for item in batch:
                if not item[2].done():  # a client that went away is not checked
                    groups.setdefault(item[1], []).append(item)
            for config, items in groups.items():
                try:
                    results = await run_in_threadpool(self._run, [t for t, _, _ in items], config)
                except Exception as e:  # noqa: BLE001 - reported to each waiting request
                    log.error("check failed for a batch of %d request(s): %s", len(items), e)
                    results = [Failure(e, "")] * len(items)
                self.batches += 1
                for (text, _, fut), result in zip(items, results):
                    if isinstance(result, Failure):
                        log.error(
                            "check failed for a request of %d characters (%r...): %s\n%s",
                            len(text),
                            text[:60],
                            result.message,
                            result.trace.rstrip(),
                        )
                    if fut.done():
                        continue
                    if isinstance(result, Failure):
                        fut.set_exception(result.error)
                    else:
                        fut.set_result(result)

    def _run(self, texts: list[str], config: Config) -> list:
        """Each text's (document, suggestions), or a Failure for a text whose check raises: the
        batch is run again without it (batching.isolate), so it costs only its own request."""

        def run(batch: Sequence[str]) -> list[tuple[Document, list[Suggestion]]]:
            docs = [Document(t) for t in batch]
            return list(zip(docs, check_documents(docs, config, self.detectors)))

        return isolate(run, texts)
