"""The LanguageTool-compatible HTTP server behind ``fixcopy serve``: a thin starlette
shell. Parameters are validated and answers built by formats/languagetool_json.py;
suggestions come from pipeline.check_documents, as for ``fixcopy check``.

The detectors (the model) are made once, when the app is made, and shared. Checks
are queued and run one batch at a time in a worker thread: a batch is every request
waiting when the worker is free (up to ``max_batch``), so under load the model sees
batches, and it is never called from two threads at once. A request that finds
``max_queue`` requests already waiting gets LanguageTool's 503.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .batching import Failure, isolate
from .categories import CATEGORY_IDS
from .config import Config
from .document import Document
from .formats import languagetool_json as lt
from .pipeline import Detector, check_documents
from .serve import DEFAULT_HOST, DEFAULT_MAX_QUEUE, DEFAULT_MAX_TEXT_LENGTH
from .suggestion import Suggestion

log = logging.getLogger("fixcopy.serve")

DEFAULT_MAX_BATCH = 16
MAX_FIELDS = 100
BUSY = "There are currently too many parallel requests. Please try again later."


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


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(f"Error: {message}", status_code=status)


async def _read_params(request: Request, max_body: int) -> dict[str, str]:
    """Query parameters, and for POST the form-encoded body, as LanguageTool reads them."""
    try:
        params = dict(parse_qsl(request.url.query, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS))
    except (UnicodeDecodeError, ValueError) as e:
        raise lt.ApiError(400, f"bad query string: {e}") from None
    if request.method != "POST":
        return params
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("", "application/x-www-form-urlencoded"):
        raise lt.ApiError(400, f"send the parameters form-encoded (application/x-www-form-urlencoded), not as {ctype}")
    too_big = lt.ApiError(413, f"Your request exceeds the limit of {max_body} bytes. Please submit a shorter text.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        raise too_big
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body:
            raise too_big
    try:
        params.update(
            parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS)
        )
    except UnicodeDecodeError:
        raise lt.ApiError(400, "the request body is not valid UTF-8") from None
    except ValueError as e:
        raise lt.ApiError(400, f"bad form data: {e}") from None
    return params


def create_app(
    config: Config | None = None,
    detectors: Sequence[Detector] | None = None,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
    max_queue: int = DEFAULT_MAX_QUEUE,
    max_batch: int = DEFAULT_MAX_BATCH,
    allow_origin: str | None = None,
) -> Starlette:
    """The app. ``detectors`` default to runner.detectors_for(config), made here, once."""
    config = config or Config()
    if detectors is None:
        from .detectors import detectors_for

        detectors = detectors_for(config)
    queue = CheckQueue(list(detectors), max_queue=max_queue, max_batch=max_batch)
    # Form encoding takes at most 12 bytes a character (%XX for each of 4 UTF-8 bytes).
    max_body = max_text_length * 12 + 64 * 1024

    async def check(request: Request) -> Response:
        try:
            params = await _read_params(request, max_body)
            req = lt.parse_check_params(params, max_text_length)
        except lt.ApiError as e:
            return _error(e.status, e.message)
        off = frozenset(CATEGORY_IDS) - req.categories
        cfg = config.replace(disable=config.disable | off) if off - config.disable else config
        try:
            doc, suggestions = await queue.check(req.text.plain, cfg)
        except QueueFull:
            return _error(503, BUSY)
        except Exception as e:  # noqa: BLE001 - a detector failed: LanguageTool's 500
            return _error(500, f"Internal Error: {e}")
        return JSONResponse(lt.check_json(req.text, doc, suggestions, req.language))

    async def languages(request: Request) -> Response:
        return JSONResponse(lt.languages_json())

    async def healthcheck(request: Request) -> Response:
        if queue.full:
            return _error(503, "Healthcheck failed: " + BUSY)
        return PlainTextResponse("OK")

    async def maxtextlength(request: Request) -> Response:
        return PlainTextResponse(str(max_text_length))

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 405:
            return _error(405, f"{request.url.path} does not take {request.method}")
        if exc.status_code == 404:
            return _error(
                404,
                f"Unsupported action: '{request.url.path}'. fixcopy serves /v2/check, "
                "/v2/languages, /v2/healthcheck and /v2/maxtextlength",
            )
        return _error(exc.status_code, str(exc.detail))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await queue.start()
        try:
            yield
        finally:
            await queue.stop()

    middleware = []
    if allow_origin:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=[allow_origin], allow_methods=["GET", "POST"]))
    app = Starlette(
        routes=[
            Route("/v2/check", check, methods=["GET", "POST"]),
            Route("/v2/languages", languages, methods=["GET"]),
            Route("/v2/healthcheck", healthcheck, methods=["GET"]),
            Route("/v2/maxtextlength", maxtextlength, methods=["GET"]),
        ],
        exception_handlers={HTTPException: not_found},
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.queue = queue
    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; OSError (port taken, bad host) for the caller to report."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_for(app, sock: socket.socket, access_log: bool = False):
    import uvicorn

    cfg = uvicorn.Config(
        app,
        log_level="info" if access_log else "warning",
        access_log=access_log,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(cfg)


@contextlib.contextmanager
def running(app, host: str = DEFAULT_HOST, port: int = 0) -> Iterator[str]:
    """Serve ``app`` on a thread while the block runs; yields the base URL
    (``http://127.0.0.1:PORT``). For tests and benchmarks: port 0 takes a free port."""
    sock = bind(host, port)
    server = server_for(app, sock)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the server did not start")
            threading.Event().wait(0.01)
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
