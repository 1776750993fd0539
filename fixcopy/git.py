"""Reading what git is about to commit: the staged blobs of the index, never the working tree.

Only read-only git commands run here (``diff --cached``, ``cat-file``, ``rev-parse``), with
optional locks off, so checking never changes the index or the working tree. Paths travel
NUL-separated (``-z``), so names with spaces, quotes or non-ASCII letters come through as they are.
The environment is passed on untouched: during ``git commit -a`` or ``git commit PATH`` git points
the hook at a temporary index with ``GIT_INDEX_FILE``, and that index is what will be committed.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Modes of index entries that hold file content (not symlinks 120000 or submodules 160000).
REGULAR_MODES = ("100644", "100755")


class GitError(Exception):
    """git is missing, this is not a repository, or a git command failed; str() is one line."""


@dataclass(frozen=True)
class StagedFile:
    path: str  # repository-relative, as git names it (decoded with os.fsdecode)
    blob: str  # object id of the staged content
    mode: str  # "100644", "100755", "120000" (symlink), "160000" (submodule)


def _env() -> dict:
    # GIT_OPTIONAL_LOCKS=0: no opportunistic index refresh, so the index file is never rewritten.
    return dict(os.environ, GIT_OPTIONAL_LOCKS="0")


def git(args: Sequence[str], cwd: str | os.PathLike | None = None, input: bytes | None = None) -> bytes:
    """Run ``git ARGS`` and return its standard output; GitError with git's own message on failure."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, env=_env())
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        detail = lines[0] if lines else f"exit status {proc.returncode}"
        raise GitError(f"git {args[0]}: {detail.removeprefix('fatal: ')}")
    return proc.stdout


def repo_root(cwd: str | os.PathLike | None = None) -> Path:
    """The top folder of the working tree that contains cwd."""
    try:
        out = git(["rev-parse", "--show-toplevel"], cwd)
    except GitError as e:
        if "not a git repository" in str(e):
            raise GitError("not inside a git repository (--staged checks what git is about to commit)") from None
        raise
    top = os.fsdecode(out.rstrip(b"\n"))
    if not top:
        raise GitError("not inside a working tree (a bare repository has no staged files)")
    return Path(top)


def hooks_dir(cwd: str | os.PathLike | None = None) -> Path:
    """The folder git runs hooks from: ``core.hooksPath`` when set, else ``.git/hooks``
    (the common one for a linked worktree)."""
    try:
        out = os.fsdecode(git(["rev-parse", "--git-path", "hooks"], cwd).rstrip(b"\n"))
    except GitError as e:
        if "not a git repository" in str(e):
            raise GitError("not inside a git repository") from None
        raise
    return Path(os.path.abspath(os.path.join(cwd or os.getcwd(), out)))


def parse_raw_diff(data: bytes) -> list[StagedFile]:
    """Parse ``git diff --raw -z --no-abbrev`` output into the files that have staged content.

    Each record is ``:oldmode newmode oldsha newsha STATUS\\0path\\0`` (``\\0src\\0dst\\0`` for
    R and C). Deleted (D) and unmerged (U) entries have no staged blob and are left out.
    """
    fields = data.split(b"\0")
    out: list[StagedFile] = []
    i = 0
    while i < len(fields) and fields[i]:
        header = fields[i].decode("ascii")
        if not header.startswith(":"):
            raise GitError(f"unexpected git diff output: {header[:60]!r}")
        _, new_mode, _, new_sha, status = header[1:].split(" ")
        letter = status[0]
        if letter in "RC":
            path = os.fsdecode(fields[i + 2])  # after the source of the rename or copy
            i += 3
        else:
            path = os.fsdecode(fields[i + 1])
            i += 2
        if letter in "DU" or set(new_sha) == {"0"}:
            continue
        out.append(StagedFile(path, new_sha, new_mode))
    return out


def staged_files(cwd: str | os.PathLike | None = None, pathspecs: Sequence[str] = ()) -> list[StagedFile]:
    """Files added, modified, renamed or copied in the index against HEAD (all of the index
    before the first commit), limited to the pathspecs (taken literally) when given."""
    args = [
        "--literal-pathspecs",
        "diff",
        "--cached",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--no-ext-diff",
        "--ignore-submodules=all",
    ]
    # `git diff --cached` on an unborn branch already compares with the empty tree.
    out = git([*args, "--", *pathspecs] if pathspecs else args, cwd)
    return parse_raw_diff(out)


def blob_sizes(blobs: Sequence[str], cwd: str | os.PathLike | None = None) -> dict[str, int]:
    if not blobs:
        return {}
    out = git(["cat-file", "--batch-check"], cwd, input="".join(f"{b}\n" for b in blobs).encode())
    sizes: dict[str, int] = {}
    for line in out.decode("ascii").splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    return sizes


def read_blobs(blobs: Sequence[str], cwd: str | os.PathLike | None = None) -> dict[str, bytes]:
    """The content of each blob, read in one ``git cat-file --batch``."""
    if not blobs:
        return {}
    out = git(["cat-file", "--batch"], cwd, input="".join(f"{b}\n" for b in blobs).encode())
    contents: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode("ascii").split(" ")
        pos = nl + 1
        if len(header) != 3:  # "<sha> missing"
            raise GitError(f"git cat-file: object {header[0]} is missing")
        size = int(header[2])
        contents[header[0]] = out[pos : pos + size]
        pos += size + 1  # the content is followed by a newline
    return contents


def matches(path: str, globs: Sequence[str]) -> bool:
    """Whether a file's name (not its folders) matches one of the article globs."""
    name = path.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(name, g) for g in globs)
