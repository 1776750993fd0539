"""The preview server: a starlette app on 127.0.0.1, run by uvicorn.

A thin shell over fixcopy.edits. The page and every API call need the session's random
token (a query parameter on the page, the X-Fixcopy-Token header on the API), and the
Host header must name this server (127.0.0.1 or localhost with its port), so neither
another site in the same browser nor a DNS-rebinding page can drive it.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..config import ConfigError
from ..edits import Decision, check_decision, tally
from ..exits import EXIT_ERROR
from ..files import InputError
from ..options import Options
from ..session import ChangedOnDiskError, Loaded, load
from . import view

HERE = Path(__file__).resolve().parent
TOKEN_HEADER = "x-fixcopy-token"
MAX_BODY = 5_000_000

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        b"base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class BadRequest(ValueError):
    pass


class Session:
    """One file under review; the page's decisions are checked against what was loaded (the
    checks and the edits themselves are fixcopy.edits'; what the page shows, view.py)."""

    def __init__(self, path: str, options: Options) -> None:
        self.path, self.options = path, options
        self.lock = threading.Lock()
        self.loaded: Loaded = load(path, options)

    def reload(self) -> None:
        self.loaded = load(self.path, self.options)

    def state(self) -> dict[str, Any]:
        return view.state(self.loaded)

    def decisions(self, body: Any) -> dict[int, Decision]:
        """The page's decisions, refused when they were made on another version of the file."""
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("digest"), str)
            or not isinstance(body.get("decisions", []), list)
        ):
            raise BadRequest('expected {"digest": ..., "decisions": [{"id": 0, "action": "accept"}, ...]}')
        if body.get("digest") != self.loaded.digest:
            raise StaleError("these decisions were made on an older version of the suggestions; reload the page")
        out: dict[int, Decision] = {}
        for d in body.get("decisions", []):
            if not isinstance(d, dict) or not isinstance(d.get("id"), int) or isinstance(d.get("id"), bool):
                raise BadRequest("each decision needs a numeric id")
            text = d.get("text")
            if text is not None and not isinstance(text, str):
                raise BadRequest("an edit's text must be a string")
            try:
                decision = Decision(d.get("action"), text if d.get("action") == "edit" else None)
                check_decision(self.loaded.items, d["id"], decision)
            except ValueError as e:
                raise BadRequest(str(e)) from None
            out[d["id"]] = decision
        return out

    def preview(self, body: Any) -> dict[str, Any]:
        with self.lock:
            return view.preview(self.loaded, self.decisions(body))

    def save(self, body: Any) -> dict[str, Any]:
        with self.lock:
            decisions = self.decisions(body)
            ld = self.loaded
            if not ld.on_disk_unchanged():
                raise StaleError(
                    f"{ld.path} changed on disk since it was loaded; nothing was saved. "
                    "Reload from disk to see the new version (your decisions here will be lost), "
                    "or copy your edits first."
                )
            n = len(ld.edits(decisions))
            summary = str(tally(len(ld.items), decisions))
            try:
                written = ld.write(decisions)
            except ChangedOnDiskError as e:
                raise StaleError(str(e)) from None
            self.reload()
            message = f"Saved {ld.path}: {summary}." if written else f"Nothing to change in {ld.path}: {summary}."
            return {"written": written, "changes": n, "summary": summary, "message": message, "state": self.state()}

    def reload_state(self) -> dict[str, Any]:
        with self.lock:
            self.reload()
            return self.state()


class StaleError(Exception):
    pass


# -- the app ---------------------------------------------------------------------------------


def create_app(session: Session, token: str, port: int) -> Starlette:
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    async def page(request: Request) -> Response:
        return templates.TemplateResponse(
            request, "index.html", {"token": token, "name": os.path.basename(session.path)}
        )

    async def _call(request: Request, fn, with_body: bool) -> Response:
        try:
            if with_body:
                raw = await request.body()
                if len(raw) > MAX_BODY:
                    raise BadRequest("request too large")
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise BadRequest("the request body is not JSON") from None
                return JSONResponse(await run_in_threadpool(fn, body))
            return JSONResponse(await run_in_threadpool(fn))
        except (BadRequest, ValueError) as e:  # ValueError: an edit that would cross markup (readers)
            return JSONResponse({"error": str(e)}, status_code=400)
        except StaleError as e:
            return JSONResponse({"error": str(e), "stale": True}, status_code=409)
        except (InputError, ConfigError) as e:
            return JSONResponse({"error": str(e)}, status_code=422)
        except OSError as e:
            return JSONResponse({"error": f"{session.path}: cannot write: {e.strerror or e}"}, status_code=500)

    async def state(request: Request) -> Response:
        return await _call(request, lambda: session.state(), False)

    async def preview(request: Request) -> Response:
        return await _call(request, session.preview, True)

    async def save(request: Request) -> Response:
        return await _call(request, session.save, True)

    async def reload(request: Request) -> Response:
        return await _call(request, session.reload_state, False)

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/api/state", state),
            Route("/api/preview", preview, methods=["POST"]),
            Route("/api/save", save, methods=["POST"]),
            Route("/api/reload", reload, methods=["POST"]),
            Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
        ]
    )
    return Guard(app, token, port)


class Guard:
    """ASGI middleware: only this server's Host, the token on the page and the API,
    no cross-origin requests, and security headers on every response."""

    def __init__(self, app, token: str, port: int) -> None:
        self.app, self.token = app, token
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"} | ({"127.0.0.1", "localhost"} if port == 80 else set())
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        problem = None
        if headers.get("host", "").lower() not in self.hosts:
            problem = "unknown host"
        elif "origin" in headers and headers["origin"] not in self.origins:
            problem = "cross-origin request"
        elif path == "/":
            from urllib.parse import parse_qs

            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                problem = "missing or wrong token: open the address fixcopy printed"
        elif path.startswith("/api/"):
            if not secrets.compare_digest(headers.get(TOKEN_HEADER, "").encode(), self.token.encode()):
                problem = "missing or wrong token"

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        if problem:
            return await PlainTextResponse(f"forbidden: {problem}\n", status_code=403)(
                scope, receive, send_with_headers
            )
        await self.app(scope, receive, send_with_headers)


# -- running ---------------------------------------------------------------------------------


def bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as e:
        sock.close()
        raise OSError(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e}") from None
    sock.listen(128)  # connections made before uvicorn starts wait in the backlog
    return sock


def run(path: str, options: Options, port: int = 0, open_browser: bool = True) -> int:
    import uvicorn

    def fail(message: str) -> int:
        print(f"fixcopy: error: {message}", file=sys.stderr)
        return EXIT_ERROR

    try:
        session = Session(path, options)
    except (InputError, ConfigError) as e:
        return fail(str(e))
    try:
        sock = bind(port)
    except OSError as e:
        return fail(str(e))
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    url = f"http://127.0.0.1:{port}/?token={token}"
    n = len(session.loaded.items)
    print(f"fixcopy: previewing {path} ({n} suggestion{'s' if n != 1 else ''}) at {url}", flush=True)
    print("fixcopy: press Ctrl-C to stop", flush=True)
    if open_browser:
        import webbrowser

        def open_page() -> None:
            try:
                opened = webbrowser.open(url)
            except Exception:  # noqa: BLE001 - a broken browser setup must not stop the server
                opened = False
            if not opened:
                print("fixcopy: could not open a browser here; open the address above in one yourself", flush=True)

        threading.Thread(target=open_page, daemon=True).start()
    config = uvicorn.Config(
        create_app(session, token, port), log_level="warning", access_log=False, lifespan="off", server_header=False
    )
    uvicorn.Server(config).run(sockets=[sock])
    return 0
