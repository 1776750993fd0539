"""The LanguageTool-compatible HTTP server behind ``fixcopy serve``: a thin starlette shell.
Parameters are validated and answers built by request.py and response.py; suggestions come
from pipeline.check_documents, as for ``fixcopy check``, through the check queue
(check_queue.py).

The detectors (the model) are made once, when the app is made, and shared by every request.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator, Sequence
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..categories import CATEGORY_IDS
from ..config import Config
from ..pipeline import Detector
from .check_queue import CheckQueue, QueueFull
from .defaults import DEFAULT_HOST, DEFAULT_MAX_BATCH, DEFAULT_MAX_QUEUE, DEFAULT_MAX_TEXT_LENGTH
from .protocol import ApiError, languages_json
from .request import parse_check_params
from .response import check_json

MAX_FIELDS = 100
BUSY = "There are currently too many parallel requests. Please try again later."


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(f"Error: {message}", status_code=status)


async def _read_params(request: Request, max_body: int) -> dict[str, str]:
    """Query parameters, and for POST the form-encoded body, as LanguageTool reads them."""
    try:
        params = dict(parse_qsl(request.url.query, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS))
    except (UnicodeDecodeError, ValueError) as e:
        raise ApiError(400, f"bad query string: {e}") from None
    if request.method != "POST":
        return params
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in ("", "application/x-www-form-urlencoded"):
        raise ApiError(400, f"send the parameters form-encoded (application/x-www-form-urlencoded), not as {ctype}")
    too_big = ApiError(413, f"Your request exceeds the limit of {max_body} bytes. Please submit a shorter text.")
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
        raise ApiError(400, "the request body is not valid UTF-8") from None
    except ValueError as e:
        raise ApiError(400, f"bad form data: {e}") from None
    return params


def create_app(
    config: Config | None = None,
    detectors: Sequence[Detector] | None = None,
    max_text_length: int = DEFAULT_MAX_TEXT_LENGTH,
    max_queue: int = DEFAULT_MAX_QUEUE,
    max_batch: int = DEFAULT_MAX_BATCH,
    allow_origin: str | None = None,
) -> Starlette:
    """The app. ``detectors`` default to detectors.detectors_for(config), made here, once."""
    config = config or Config()
    if detectors is None:
        from ..detectors import detectors_for

        detectors = detectors_for(config)
    queue = CheckQueue(list(detectors), max_queue=max_queue, max_batch=max_batch)
    api = _Api(config, queue, max_text_length)
    middleware = []
    if allow_origin:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=[allow_origin], allow_methods=["GET", "POST"]))
    app = Starlette(
        routes=[
            Route("/v2/check", api.check, methods=["GET", "POST"]),
            Route("/v2/languages", api.languages, methods=["GET"]),
            Route("/v2/healthcheck", api.healthcheck, methods=["GET"]),
            Route("/v2/maxtextlength", api.maxtextlength, methods=["GET"]),
        ],
        exception_handlers={HTTPException: _not_found},
        middleware=middleware,
        lifespan=_lifespan(queue),
    )
    app.state.queue = queue
    return app


class _Api:
    """The endpoints of the app, over one configuration and one check queue."""

    def __init__(self, config: Config, queue: CheckQueue, max_text_length: int) -> None:
        self.config = config
        self.queue = queue
        self.max_text_length = max_text_length
        # Form encoding takes at most 12 bytes a character (%XX for each of 4 UTF-8 bytes).
        self.max_body = max_text_length * 12 + 64 * 1024

    async def check(self, request: Request) -> Response:
        config = self.config
        try:
            params = await _read_params(request, self.max_body)
            req = parse_check_params(params, self.max_text_length)
        except ApiError as e:
            return _error(e.status, e.message)
        off = frozenset(CATEGORY_IDS) - req.categories
        cfg = config.replace(disable=config.disable | off) if off - config.disable else config
        try:
            doc, suggestions = await self.queue.check(req.text.plain, cfg)
        except QueueFull:
            return _error(503, BUSY)
        except Exception as e:  # noqa: BLE001 - a detector failed: LanguageTool's 500
            return _error(500, f"Internal Error: {e}")
        return JSONResponse(check_json(req.text, doc, suggestions, req.language))

    async def languages(self, request: Request) -> Response:
        return JSONResponse(languages_json())

    async def healthcheck(self, request: Request) -> Response:
        if self.queue.full:
            return _error(503, "Healthcheck failed: " + BUSY)
        return PlainTextResponse("OK")

    async def maxtextlength(self, request: Request) -> Response:
        return PlainTextResponse(str(self.max_text_length))


async def _not_found(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 405:
        return _error(405, f"{request.url.path} does not take {request.method}")
    if exc.status_code == 404:
        return _error(
            404,
            f"Unsupported action: '{request.url.path}'. fixcopy serves /v2/check, "
            "/v2/languages, /v2/healthcheck and /v2/maxtextlength",
        )
    return _error(exc.status_code, str(exc.detail))


def _lifespan(queue: CheckQueue):
    """The app's lifespan: the check queue's worker runs while the app does."""

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await queue.start()
        try:
            yield
        finally:
            await queue.stop()

    return lifespan


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
