"""`fixcopy train` and `fixcopy eval` (need the [train] extra: torch, transformers, wordfreq)."""

from __future__ import annotations

from typing import Optional

import typer


def register(app) -> None:
    """Add `train` and `eval` to the typer app."""

    @app.command("train")
    def train_cmd(
        corpus: Optional[str] = typer.Option(None, "--corpus", help="Folder of clean news JSON Lines (default: the config's)."),
        config: Optional[str] = typer.Option(None, "--config", help="Training config (TOML) (default: fixcopy/training/configs/detector.toml)."),
        run_dir: Optional[str] = typer.Option(None, "--run-dir", help="Where data, checkpoints and logs go (resumes from there)."),
        max_minutes: Optional[float] = typer.Option(None, "--max-minutes", help="Wall-clock cap for this session."),
        max_steps: Optional[int] = typer.Option(None, "--max-steps"),
        export_to: Optional[str] = typer.Option(None, "--export-to", help="Export the trained model here (e.g. fixcopy/models)."),
    ) -> None:
        """Rebuild the model: synthetic garbles, SentencePiece, detector training, CTranslate2 export."""
        from .__main__ import DEFAULT_CONFIG, main

        argv = ["train", "--config", config or str(DEFAULT_CONFIG)]
        for flag, v in (("--corpus", corpus), ("--run-dir", run_dir), ("--max-minutes", max_minutes),
                        ("--max-steps", max_steps), ("--export-to", export_to)):
            if v is not None:
                argv += [flag, str(v)]
        raise typer.Exit(main(argv))

    @app.command("eval")
    def eval_cmd(
        models: Optional[str] = typer.Option(None, "--models", help="Exported model folder (default: the shipped one)."),
        corpora: str = typer.Option("/work/shared/corpora", "--corpora", help="The shared corpora folder (news/, mqm/)."),
        threshold: Optional[float] = typer.Option(None, "--threshold", help="Override the model's threshold."),
        limit: int = typer.Option(0, "--limit", help="At most this many items per set (0 = all)."),
    ) -> None:
        """Per-category synthetic scores, false flags on clean news, precision/recall on MQM 2020."""
        from .__main__ import SHIPPED, main

        argv = ["eval", "--models", models or str(SHIPPED), "--corpora", corpora, "--limit", str(limit)]
        if threshold is not None:
            argv += ["--threshold", str(threshold)]
        raise typer.Exit(main(argv))
