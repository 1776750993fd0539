"""``fixcopy check --format languagetool-json``: each file's result as LanguageTool's answer
to ``/v2/check`` (fixcopy/languagetool/response.py), as ``fixcopy serve`` gives it."""

from __future__ import annotations

import json

from ..languagetool.request import AnnotatedText
from ..languagetool.response import check_json
from .base import FileResult, Formatter


class LanguageToolJsonFormatter(Formatter):
    """One LanguageTool check response a file, one JSON object a line, with the
    file's ``path`` added: for one file, the output is exactly what a LanguageTool
    server would answer."""

    def add(self, result: FileResult) -> None:
        body = check_json(AnnotatedText.from_text(result.doc.text), result.doc, result.suggestions)
        self.out.write(json.dumps({"path": result.path, **body}, ensure_ascii=False) + "\n")


FORMATTER = LanguageToolJsonFormatter
