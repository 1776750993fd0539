"""`fixcopy preview FILE`: a local web page where an editor accepts or rejects each suggestion.

The command only parses options and starts the server (fixcopy.preview.server); the page
itself lives in templates/ and static/ (plain HTML, CSS and JS, no build step).
"""

from __future__ import annotations

import typer

from ..readers import INPUT_FORMAT_HELP, InputFormat


def register(app) -> None:
    """Add the `preview` command to the typer app."""
    from ..cli_options import CONFIDENCE

    @app.command("preview")
    def preview_command(
        path: str = typer.Argument(..., help="The article file to preview."),
        port: int = typer.Option(
            0, "--port", "-p", min=0, max=65535, show_default=False, help="Port on 127.0.0.1 (default: any free port)."
        ),
        no_browser: bool = typer.Option(False, "--no-browser", help="Print the address but do not open a browser."),
        min_confidence: float | None = typer.Option(
            None,
            "--min-confidence",
            **CONFIDENCE,
            help="Show suggestions at or above this confidence (default: 0.5, or the config's min-confidence).",
        ),
        disable: list[str] | None = typer.Option(None, "--disable", help="A category not to show (repeatable)."),
        no_model: bool = typer.Option(False, "--no-model", help="Rules only: do not run the shipped model."),
        input_format: InputFormat = typer.Option(InputFormat.auto, "--input-format", help=INPUT_FORMAT_HELP),
    ) -> None:
        """Serve a page on 127.0.0.1 to accept, reject or edit each suggestion, and save the file."""
        from ..cli_options import overrides as _overrides
        from .server import run

        raise typer.Exit(
            run(
                path,
                _overrides(min_confidence, no_model, disable, input_format),
                min_confidence,
                port=port,
                open_browser=not no_browser,
            )
        )
