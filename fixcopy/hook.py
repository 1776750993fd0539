"""`fixcopy hook install|uninstall`: a git pre-commit hook that runs `fixcopy check --staged`.

The hook is a small POSIX sh script. It calls fixcopy through the absolute path of the Python
that installed it, because GUI git clients often run hooks with another PATH. A pre-commit hook
that was already there is moved aside to ``pre-commit.fixcopy-previous`` (same bytes, same mode)
and run first; ``uninstall`` moves it back.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from .git import GitError, hooks_dir

HOOK_NAME = "pre-commit"
PREVIOUS_SUFFIX = ".fixcopy-previous"
MARKER = "# fixcopy-hook: 1"


class HookError(Exception):
    """A hook cannot be installed or removed; str() is one line."""


def sh_quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


def hook_script(python: str) -> str:
    """The hook: the previous hook first (when it is there and executable, as git would run it),
    then fixcopy on what is staged."""
    py = sh_quote(python)
    return f"""#!/bin/sh
# Installed by `fixcopy hook install`; remove it with `fixcopy hook uninstall`.
{MARKER}
# Blocks a commit whose staged article files have garbles; `git commit --no-verify` skips it.

previous="$(dirname -- "$0")/{HOOK_NAME}{PREVIOUS_SUFFIX}"
if [ -f "$previous" ] && [ -x "$previous" ]; then
    "$previous" "$@" || exit $?
fi

FIXCOPY_PYTHON={py}
if [ ! -x "$FIXCOPY_PYTHON" ]; then
    echo "fixcopy hook: $FIXCOPY_PYTHON is gone (fixcopy was installed with it)." >&2
    echo "  Reinstall the hook from a working fixcopy: fixcopy hook install" >&2
    echo "  or remove it: fixcopy hook uninstall (or delete $0)" >&2
    echo "  Commit without the check: git commit --no-verify" >&2
    exit 1
fi
"$FIXCOPY_PYTHON" -m fixcopy check --staged
status=$?
if [ "$status" -ne 0 ] && ! "$FIXCOPY_PYTHON" -c "import fixcopy" >/dev/null 2>&1; then
    echo "fixcopy hook: fixcopy is no longer installed for $FIXCOPY_PYTHON." >&2
    echo "  Install it again, or remove the hook: delete $0" >&2
    echo "  Commit without the check: git commit --no-verify" >&2
fi
exit $status
"""


def is_ours(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return MARKER.encode() in f.read(4096)
    except OSError:
        return False


def _hook_paths(cwd: str | None) -> tuple[Path, Path]:
    try:
        folder = hooks_dir(cwd)
    except GitError as e:
        raise HookError(str(e)) from None
    return folder / HOOK_NAME, folder / (HOOK_NAME + PREVIOUS_SUFFIX)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.fixcopy-tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.chmod(tmp, 0o755)
    os.replace(tmp, path)


def install(force: bool = False, python: str | None = None, cwd: str | None = None) -> list[str]:
    """Install the hook; returns what was done, one line each."""
    hook, previous = _hook_paths(cwd)
    python = python or os.path.abspath(sys.executable)  # not resolved: a venv's python is a symlink
    done: list[str] = []
    hook.parent.mkdir(parents=True, exist_ok=True)
    update = os.path.lexists(hook) and is_ours(hook)
    if os.path.lexists(hook) and not update:
        if force:
            os.unlink(hook)
            done.append(f"removed the existing hook {hook} (--force)")
        elif os.path.lexists(previous):
            raise HookError(
                f"{hook} is not fixcopy's, and {previous} is already taken by an earlier hook; "
                "move one of them away, or use --force to replace the hook"
            )
        else:
            os.rename(hook, previous)  # same bytes, mode and kind (a symlink stays a symlink)
            done.append(f"kept the existing hook as {previous}; it runs first")
    if force and os.path.lexists(previous):
        os.unlink(previous)
        done.append(f"removed the earlier hook {previous} (--force)")
    _write(hook, hook_script(python))
    done.append(f"{'updated' if update else 'installed'} {hook}: it runs {python} -m fixcopy check --staged")
    return done


def uninstall(cwd: str | None = None) -> list[str]:
    hook, previous = _hook_paths(cwd)
    if not os.path.lexists(hook):
        if os.path.lexists(previous):
            raise HookError(
                f"no hook at {hook}, but an earlier one is kept at {previous}; "
                f"rename it to {HOOK_NAME} yourself if you want it back"
            )
        return [f"no pre-commit hook at {hook}; nothing to do"]
    if not is_ours(hook):
        raise HookError(f"{hook} is not fixcopy's hook; left as it is")
    if os.path.lexists(previous):
        os.replace(previous, hook)
        return [f"removed the fixcopy hook and put the earlier hook back at {hook}"]
    os.unlink(hook)
    return [f"removed the fixcopy hook {hook}"]


hook_app = typer.Typer(
    help="Install or remove the git pre-commit hook that runs `fixcopy check --staged`.", no_args_is_help=True
)


def _fail(message: str) -> None:
    typer.echo(f"fixcopy: error: {message}", err=True)
    raise typer.Exit(2)


@hook_app.command("install")
def install_command(
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace an existing pre-commit hook instead of keeping it and running it first (the old hook is deleted).",
    ),
) -> None:
    """Install the pre-commit hook in this repository (respects core.hooksPath)."""
    try:
        for line in install(force):
            typer.echo(line)
    except (HookError, OSError) as e:
        _fail(str(e))


@hook_app.command("uninstall")
def uninstall_command() -> None:
    """Remove the pre-commit hook and put back the hook that was there before."""
    try:
        for line in uninstall():
            typer.echo(line)
    except (HookError, OSError) as e:
        _fail(str(e))


def register(app) -> None:
    """Add the `hook` command group to the typer app."""
    app.add_typer(hook_app, name="hook")
