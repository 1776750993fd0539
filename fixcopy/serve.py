"""`fixcopy serve`: fixcopy behind LanguageTool's HTTP API, for the editors and
tools that speak it. The app itself is fixcopy/languagetool/server.py, loaded (with starlette
and uvicorn) only when `serve` runs."""

from __future__ import annotations

from typing import NoReturn

import typer

from .languagetool.defaults import DEFAULT_HOST, DEFAULT_MAX_QUEUE, DEFAULT_MAX_TEXT_LENGTH, DEFAULT_PORT


def register(app) -> None:
    """Add this module's command(s) to the typer app."""
    app.command()(serve)


def _log_to_stderr() -> None:
    """fixcopy's own log lines (a request whose check failed) on standard error."""
    import logging

    logger = logging.getLogger("fixcopy")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("fixcopy: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def serve(
    host: str = typer.Option(
        DEFAULT_HOST,
        "--host",
        help="Address to listen on. Anything but loopback makes the server reachable from other machines.",
    ),
    port: int = typer.Option(
        DEFAULT_PORT, "--port", "-p", min=0, max=65535, help="Port to listen on (0: any free port, printed at start)."
    ),
    max_text_length: int = typer.Option(
        DEFAULT_MAX_TEXT_LENGTH,
        "--max-text-length",
        min=1,
        help="Longest text a request may carry, in characters; longer ones get 413.",
    ),
    max_queue: int = typer.Option(
        DEFAULT_MAX_QUEUE, "--max-queue", min=1, help="Requests that may wait for a check; more get 503."
    ),
    min_confidence: float | None = typer.Option(
        None,
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Report suggestions at or above this confidence (default: 0.5, or the config's min-confidence).",
    ),
    no_model: bool = typer.Option(False, "--no-model", help="Rules only: do not run the shipped model."),
    allow_origin: str | None = typer.Option(
        None,
        "--allow-origin",
        help="Let web pages from this origin call the server (CORS), e.g. https://example.org, or * for any.",
    ),
    access_log: bool = typer.Option(False, "--access-log", help="Log each request on standard error."),
) -> None:
    """Serve LanguageTool's HTTP API (/v2/check, /v2/languages, /v2/healthcheck) so that
    LanguageTool clients and editor plugins show fixcopy's suggestions."""
    from .config import ConfigError
    from .discovery import settings_for
    from .options import Options

    try:
        config = settings_for(".", Options(min_confidence=min_confidence, model=False if no_model else None)).config
    except ConfigError as e:
        _fail(str(e))
    _run(config, host, port, max_text_length, max_queue, allow_origin, access_log)


def _fail(message: str) -> NoReturn:
    from .exits import EXIT_ERROR

    typer.echo(f"fixcopy: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _run(config, host: str, port: int, max_text_length: int, max_queue: int, allow_origin, access_log: bool) -> None:
    """Listen, make the app (and its detectors), serve until Ctrl-C."""
    from .languagetool.server import bind, create_app, is_loopback, server_for

    try:
        sock = bind(host, port)
    except OSError as e:
        _fail(f"cannot listen on {host}:{port}: {e.strerror or e}")
    _log_to_stderr()
    app = create_app(config, max_text_length=max_text_length, max_queue=max_queue, allow_origin=allow_origin)
    where = f"http://{'[' + host + ']' if ':' in host else host}:{sock.getsockname()[1]}"
    if not is_loopback(host):
        typer.echo(
            f"fixcopy: warning: listening on {host}, not loopback: other machines can reach this server", err=True
        )
    names = [getattr(d, "name", type(d).__name__) for d in app.state.queue.detectors]
    using = " + ".join(["rules", *names]) if names else "rules only"
    typer.echo(f"fixcopy: serving LanguageTool's API at {where}/v2/ ({using}); Ctrl-C stops", err=True)
    try:
        server_for(app, sock, access_log=access_log).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down cleanly
        pass
    typer.echo("fixcopy: server stopped", err=True)
