"""One frozen Config, read from ``fixcopy.toml`` or ``[tool.fixcopy]`` in ``pyproject.toml``.

The nearest of the two found upward from the checked file wins; a ``fixcopy.toml``
beats a ``pyproject.toml`` in the same folder.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .categories import CATEGORY_IDS

DEFAULT_MIN_CONFIDENCE = 0.5
DEFAULT_FIX_MIN_CONFIDENCE = 0.8
DEFAULT_MAX_FILE_BYTES = 10_000_000


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    min_confidence: float = DEFAULT_MIN_CONFIDENCE  # check reports suggestions at or above this
    fix_min_confidence: float = DEFAULT_FIX_MIN_CONFIDENCE  # fix applies replacements at or above this
    disable: frozenset[str] = frozenset()  # categories not reported
    globs: tuple[str, ...] = ("*.txt", "*.md")  # article files inside a directory
    allow: tuple[str, ...] = ()  # words and phrases never flagged (house names, foreign names)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    model: bool = True  # use the shipped model (and the language model, if installed) as well as the rules
    lm: bool = True  # use the installed language model (fixcopy model install); off with model = false too
    languagetool: str | None = None  # URL of a LanguageTool server, or "local"
    block_min_confidence: float | None = None  # the git hook blocks at this (default: fix threshold)
    block_flags: bool = False  # the git hook also blocks on flags that carry no replacement
    input_format: str | None = None  # read every file as this format (default: by its extension)
    source: Path | None = field(default=None, compare=False)  # the file this came from

    def replace(self, **changes) -> Config:
        return dataclasses.replace(self, **changes)


_KEYS = {f.name.replace("_", "-"): f.name for f in dataclasses.fields(Config) if f.name != "source"}


def from_mapping(data: dict, source: Path | None = None) -> Config:
    kwargs: dict = {}
    where = f" in {source}" if source else ""
    for key, value in data.items():
        name = _KEYS.get(key) or _KEYS.get(key.replace("_", "-"))
        if name is None:
            raise ConfigError(f"unknown setting {key!r}{where} (known: {', '.join(sorted(_KEYS))})")
        kwargs[name] = value
    try:
        for k in ("min_confidence", "fix_min_confidence", "block_min_confidence"):
            if kwargs.get(k) is not None:
                kwargs[k] = float(kwargs[k])
                if not 0 <= kwargs[k] <= 1:
                    raise ConfigError(f"{k.replace('_', '-')} must be between 0 and 1{where}")
        if "disable" in kwargs:
            kwargs["disable"] = frozenset(_str_list(kwargs["disable"], "disable"))
            unknown = kwargs["disable"] - set(CATEGORY_IDS)
            if unknown:
                raise ConfigError(f"unknown categories {sorted(unknown)} in 'disable'{where}")
        for k in ("globs", "allow"):
            if k in kwargs:
                kwargs[k] = tuple(_str_list(kwargs[k], k))
        if "max_file_bytes" in kwargs:
            kwargs["max_file_bytes"] = int(kwargs["max_file_bytes"])
        if "model" in kwargs and not isinstance(kwargs["model"], bool):
            raise ConfigError(f"'model' must be true or false{where}")
        if kwargs.get("input_format") is not None:
            from .readers import INPUT_FORMATS

            if kwargs["input_format"] not in INPUT_FORMATS:
                raise ConfigError(f"'input-format' must be one of {', '.join(INPUT_FORMATS)}{where}")
        if "lm" in kwargs and not isinstance(kwargs["lm"], bool):
            raise ConfigError(f"'lm' must be true or false{where}")
        if "block_flags" in kwargs and not isinstance(kwargs["block_flags"], bool):
            raise ConfigError(f"'block-flags' must be true or false{where}")
    except (TypeError, ValueError) as e:
        if isinstance(e, ConfigError):
            raise
        raise ConfigError(f"bad value{where}: {e}") from None
    return Config(source=source, **kwargs)


def _str_list(value, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings")
    return value


def find_config_file(start: Path) -> Path | None:
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "fixcopy.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "fixcopy" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read configuration: {e}") from None


def _load(path: Path) -> Config:
    """The Config of a file, cached per process while the file stays as it is: the cache key
    holds its modification time and size, so a long-running preview or serve sees an edit."""
    try:
        st = path.stat()
    except OSError as e:
        raise ConfigError(f"{path}: cannot read configuration: {e}") from None
    return _load_file(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=256)
def _load_file(path: Path, mtime_ns: int, size: int) -> Config:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("fixcopy", {})
    elif "tool" in data and "fixcopy" in data["tool"]:
        data = data["tool"]["fixcopy"]
    return from_mapping(data, path)


def load_config(start: Path | None = None) -> Config:
    """The configuration that applies to a file or folder (the current folder if None)."""
    found = find_config_file(start or Path.cwd())
    return _load(found) if found else Config()
