"""`fixcopy preview FILE`: a local web page where an editor accepts or rejects each suggestion.

The command only parses options and starts the server (fixcopy.preview.server); the page
itself lives in templates/ and static/ (plain HTML, CSS and JS, no build step).
"""

from __future__ import annotations

import typer

from ..cli_options import disable_option, input_format_option, min_confidence_option, no_model_option, options
from ..readers import InputFormat


def register(app) -> None:
    """Add the `preview` command to the typer app."""

    @app.command("preview")
    def preview_command(
        path: str = typer.Argument(..., help="The article file to preview."),
        port: int = typer.Option(
            0, "--port", "-p", min=0, max=65535, show_default=False, help="Port on 127.0.0.1 (default: any free port)."
        ),
        no_browser: bool = typer.Option(False, "--no-browser", help="Print the address but do not open a browser."),
        min_confidence: float | None = min_confidence_option(
            "Show suggestions at or above this confidence (default: 0.5, or the config's min-confidence)."
        ),
        disable: list[str] | None = disable_option("show"),
        no_model: bool = no_model_option(),
        input_format: InputFormat = input_format_option(),
    ) -> None:
        """Serve a page on 127.0.0.1 to accept, reject or edit each suggestion, and save the file."""
        from .server import run

        opts = options("review", min_confidence, no_model, disable, input_format)
        raise typer.Exit(run(path, opts, port=port, open_browser=not no_browser))
