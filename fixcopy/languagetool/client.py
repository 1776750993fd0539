"""LanguageTool as an optional extra detector (``languagetool = "http://..."`` or
``"local"`` in the configuration), through the ``language-tool-python`` client.

Only the matches that fit a garble category are kept (mapping.py).

Nothing here runs unless configured, and nothing is ever downloaded: ``"local"``
uses a LanguageTool that language-tool-python has already installed. A server that
cannot be reached, or a missing client or install, is a one-line warning
(``fixcopy: warning: ...`` on standard error) and the check goes on without it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ..config import Config
from ..document import Document
from ..suggestion import Suggestion
from .mapping import LtMatch, to_suggestion
from .offsets import code_point_index, utf16_index

LANGUAGE = "en-US"
REQUEST_TIMEOUT = 30  # seconds; language-tool-python's own default is 300


def stderr_warning(message: str) -> None:
    sys.stderr.write(f"fixcopy: warning: {message}\n")
    sys.stderr.flush()


class LanguageToolUnavailable(Exception):
    """The LanguageTool server or install cannot be used; str() says why, in one line."""


def _reason(e: BaseException) -> str:
    """The short cause of a client error ('[Errno 111] Connection refused', ...)."""
    text = " ".join(str(x) for x in (e, e.__cause__, e.__context__) if x)
    m = re.search(r"\[Errno -?\d+\] [^'\")\]]+|Read timed out|timed out", text)
    if m:
        return m.group(0).strip()
    first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return first[:200]


def _local_version() -> str | None:
    """The newest LanguageTool that language-tool-python has installed, without creating
    or downloading anything."""
    folder = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    if not folder.is_dir():
        return None
    found = []
    for p in folder.glob("LanguageTool-*"):
        m = re.fullmatch(r"LanguageTool-(\d+\.\d+|\d{8}|latest)", p.name)
        if p.is_dir() and m and any((p / jar).is_file() for jar in ("languagetool-server.jar", "languagetool.jar")):
            found.append(m.group(1))
    if not found:
        return None
    return max(found, key=lambda v: [int(x) for x in v.split(".")] if "." in v else [0, int(v) if v.isdigit() else 0])


class LanguageToolDetector:
    """Suggestions from a LanguageTool server (a URL) or a local install ("local")."""

    name = "languagetool"

    def __init__(self, where: str, warn: Callable[[str], None] | None = None, timeout: float = REQUEST_TIMEOUT) -> None:
        self.where = where.strip()
        self.warn = warn or stderr_warning
        self.timeout = timeout
        self.warned: list[str] = []
        self._tool = None

    def _warn(self, message: str) -> None:
        if message not in self.warned:
            self.warned.append(message)
            self.warn(message)

    @property
    def label(self) -> str:
        return "the local LanguageTool" if self.where == "local" else f"LanguageTool at {self.where}"

    def _client(self):
        if self._tool is not None:
            return self._tool
        try:
            from language_tool_python import LanguageTool
        except ImportError:
            raise LanguageToolUnavailable(
                "language-tool-python is not installed (pip install 'fixcopy[languagetool]')"
            ) from None
        timeout = self.timeout

        class Client(LanguageTool):
            _TIMEOUT = timeout  # the client's per-request timeout

        try:
            if self.where == "local":
                version = _local_version()
                if version is None:
                    raise LanguageToolUnavailable(
                        "no local LanguageTool install found (fixcopy never downloads one); install it with "
                        "language-tool-python once, or set languagetool to a server's URL"
                    )
                self._tool = Client(LANGUAGE, language_tool_download_version=version)
            else:
                self._tool = Client(LANGUAGE, remote_server=self.where)
        except LanguageToolUnavailable:
            raise
        except Exception as e:  # noqa: BLE001 - any client failure: report and go on without
            verb = "cannot reach" if _is_connection_error(e) else "cannot use"
            raise LanguageToolUnavailable(f"{verb} {self.label}: {_reason(e)}") from None
        return self._tool

    def close(self) -> None:
        if self._tool is not None:
            try:
                self._tool.close()
            finally:
                self._tool = None

    def detect(self, docs: Sequence[Document], config: Config) -> list[list[Suggestion]]:
        out: list[list[Suggestion]] = [[] for _ in docs]
        try:
            tool = self._client()
        except LanguageToolUnavailable as e:
            self._warn(f"{e}; checked without LanguageTool")
            return out
        for i, doc in enumerate(docs):
            try:
                matches = tool.check(doc.text)
            except Exception as e:  # noqa: BLE001
                reason = _reason(e)
                if _is_connection_error(e):
                    self._warn(f"cannot reach {self.label}: {reason}; checked without LanguageTool")
                    self._tool = None
                    return out
                self._warn(f"{self.label} could not check a text: {reason}")
                continue
            to_cp = code_point_index(doc.text)
            to_u16 = utf16_index(doc.text)
            for m in matches:
                lt_match = _from_client_match(m, to_u16)
                s = to_suggestion(doc.text, lt_match, to_cp) if lt_match else None
                if s is not None:
                    out[i].append(s)
        return out


def _is_connection_error(e: BaseException) -> bool:
    seen = e
    while seen is not None:
        if isinstance(seen, (ConnectionError, TimeoutError)) or type(seen).__name__ in (
            "ConnectionError",
            "ConnectTimeout",
            "ReadTimeout",
            "Timeout",
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _from_client_match(m, to_u16: Callable[[int], int]) -> LtMatch | None:
    """An LtMatch from language-tool-python's Match, whose ``offset`` it has already
    turned into code points but whose ``error_length`` is still in UTF-16 units."""
    try:
        offset = to_u16(int(m.offset))
        return LtMatch(
            offset,
            int(m.error_length),
            str(m.rule_id),
            str(m.category),
            str(getattr(m, "rule_issue_type", "") or ""),
            str(m.message),
            tuple(str(r) for r in (m.replacements or ())),
        )
    except (AttributeError, TypeError, ValueError):
        return None
