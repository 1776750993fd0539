"""`fixcopy train` and `fixcopy eval` (need the [train] extra: torch, transformers, wordfreq).

Only the command-line surface lives here: fixcopy.training is imported when one of these
commands runs, never when fixcopy starts for any other command.
"""

from __future__ import annotations

import typer

CORPORA_HELP = "The corpora folder (news/, mqm/, ape/) (default: $FIXCOPY_CORPORA)."


def _run(argv: list[str]) -> None:
    from .training.cli import main

    raise typer.Exit(main(argv))


def _flags(*pairs: tuple[str, object]) -> list[str]:
    out: list[str] = []
    for flag, v in pairs:
        if v is not None:
            out += [flag, str(v)]
    return out


def register(app) -> None:
    """Add `train` and `eval` to the typer app."""

    @app.command("train")
    def train_cmd(
        corpus: str | None = typer.Option(
            None, "--corpus", help="Folder of clean news JSON Lines (default: the config's)."
        ),
        corpora: str | None = typer.Option(
            None, "--corpora", help=CORPORA_HELP + " The config's corpus folders are relative to it."
        ),
        config: str | None = typer.Option(
            None, "--config", help="Training config (TOML) (default: fixcopy/training/configs/detector.toml)."
        ),
        run_dir: str | None = typer.Option(
            None, "--run-dir", help="Where data, checkpoints and logs go (resumes from there)."
        ),
        max_minutes: float | None = typer.Option(None, "--max-minutes", help="Wall-clock cap for this session."),
        max_steps: int | None = typer.Option(None, "--max-steps"),
        export_to: str | None = typer.Option(
            None, "--export-to", help="Export the trained model to this models folder (e.g. fixcopy/models)."
        ),
    ) -> None:
        """Rebuild the model: synthetic garbles, SentencePiece, detector training, CTranslate2 export."""
        _run(
            ["train"]
            + _flags(
                ("--config", config),
                ("--corpora", corpora),
                ("--corpus", corpus),
                ("--run-dir", run_dir),
                ("--max-minutes", max_minutes),
                ("--max-steps", max_steps),
                ("--export-to", export_to),
            )
        )

    @app.command("eval")
    def eval_cmd(
        models: str | None = typer.Option(
            None, "--models", help="Models folder holding detector/ (and rewriter/) (default: the shipped one)."
        ),
        corpora: str | None = typer.Option(None, "--corpora", help=CORPORA_HELP),
        threshold: float | None = typer.Option(None, "--threshold", help="Override the model's threshold."),
        limit: int = typer.Option(0, "--limit", help="At most this many items per set (0 = all)."),
    ) -> None:
        """Per-category synthetic scores, false flags on clean news, precision/recall on MQM 2020."""
        _run(
            ["eval"]
            + _flags(("--models", models), ("--corpora", corpora), ("--threshold", threshold), ("--limit", limit))
        )
