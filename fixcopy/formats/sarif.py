"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), e.g. for GitHub code scanning.

One run; one rule per garble category (``ruleId`` is the category id); one result per
suggestion, level ``warning`` for a suggestion with a fix and ``note`` for a flag. Regions are
1-based lines and columns counted in Unicode code points (``columnKind: unicodeCodePoints``),
the end column being the one after the span. A fix becomes a SARIF ``fix`` that replaces the
region. ``properties`` carry fixcopy's confidence and source (rule, model, languagetool).
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from .. import __version__
from ..categories import CATEGORIES, CATEGORY_IDS
from ..document import Document
from ..suggestion import Suggestion
from .base import FileResult, Formatter
from .text import describe_fix

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def artifact_uri(path: str) -> str:
    """A relative path stays a relative URI reference (resolved against the repository root by
    code scanning); an absolute one becomes a file: URI."""
    posix = path.replace(os.sep, "/")
    encoded = quote(posix, safe="/")
    return f"file://{encoded}" if posix.startswith("/") else encoded


def region(doc: Document, s: Suggestion) -> dict:
    line, col = doc.line_col(s.start)
    end_line, end_col = doc.line_col(s.end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def rules() -> list[dict]:
    return [
        {
            "id": cat,
            "name": "".join(part.capitalize() for part in cat.split("-")),
            "shortDescription": {"text": CATEGORIES[cat][0]},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["machine-translation", CATEGORIES[cat][1]]},
        }
        for cat in CATEGORY_IDS
    ]


class SarifFormatter(Formatter):
    def __init__(self, out, color=False):
        super().__init__(out, color)
        self.results: list[dict] = []

    def add(self, result: FileResult) -> None:
        location = (
            {"uri": artifact_uri(result.path)}
            if result.path != "<stdin>"
            else {"description": {"text": "standard input"}}
        )
        for s in result.suggestions:
            reg = region(result.doc, s)
            fix = describe_fix(s)
            item: dict = {
                "ruleId": s.category,
                "ruleIndex": CATEGORY_IDS.index(s.category),
                "level": "warning" if s.replacement is not None else "note",
                "message": {"text": f"{s.message} ({fix})" if fix else s.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": location,
                            "region": {**reg, "snippet": {"text": s.text}},
                        }
                    }
                ],
                "properties": {"confidence": s.confidence, "source": s.source},
            }
            if s.replacement is not None:
                item["fixes"] = [
                    {
                        "description": {"text": fix},
                        "artifactChanges": [
                            {
                                "artifactLocation": location,
                                "replacements": [{"deletedRegion": reg, "insertedContent": {"text": s.replacement}}],
                            }
                        ],
                    }
                ]
            self.results.append(item)

    def finish(self) -> None:
        log = {
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "fixcopy",
                            "version": __version__,
                            "rules": rules(),
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                }
            ],
        }
        json.dump(log, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


FORMATTER = SarifFormatter
