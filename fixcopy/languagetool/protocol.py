"""LanguageTool's HTTP API v2 as fixcopy speaks it: its constants, errors, rules and
categories. No I/O. Requests are read in request.py, answers built in response.py, offsets
counted in offsets.py.

What LanguageTool's clients rely on, and fixcopy keeps:

- ``offset``/``length`` (and ``context.offset``/``length``, ``sentenceRanges``) count
  UTF-16 code units, as Java strings do; a Suggestion counts code points.
- one rule per garble category: rule ``FIXCOPY_DUPLICATED_WORD`` in category
  ``DUPLICATED_WORD``, whose name is the category's description and whose
  ``issueType`` is the category's ITS 2.0 issue type (fixcopy/categories.py).
- errors are plain text ``Error: ...`` with LanguageTool's status codes (400 for bad
  parameters, 413 for a text over the limit); see :class:`ApiError`.

The check format adds one key LanguageTool does not have, ``fixcopy`` in each match
(category, confidence, source); LanguageTool clients ignore keys they do not know.
"""

from __future__ import annotations

from .. import __version__
from ..categories import CATEGORIES

API_VERSION = 1
CONTEXT_SIZE = 40  # characters either side of a match, as LanguageTool's server
RULE_PREFIX = "FIXCOPY_"

# name, code, longCode: what GET /v2/languages lists. fixcopy checks English only.
LANGUAGES: tuple[tuple[str, str, str], ...] = (
    ("English", "en", "en"),
    ("English (Australian)", "en", "en-AU"),
    ("English (Canadian)", "en", "en-CA"),
    ("English (GB)", "en", "en-GB"),
    ("English (New Zealand)", "en", "en-NZ"),
    ("English (South African)", "en", "en-ZA"),
    ("English (US)", "en", "en-US"),
)
DEFAULT_LANGUAGE = "en-US"


class ApiError(ValueError):
    """A request LanguageTool would refuse: ``status`` and the message after ``Error: ``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# -- rules and categories ------------------------------------------------------


def rule_id(category: str) -> str:
    return RULE_PREFIX + category_id(category)


def category_id(category: str) -> str:
    return category.upper().replace("-", "_")


def short_message(category: str) -> str:
    return category.replace("-", " ").capitalize()


def _category_from_id(name: str, prefix: str = "") -> str | None:
    """fixcopy's category for a rule or category id; also takes fixcopy's own ids."""
    key = name.strip()
    if key in CATEGORIES:
        return key
    key = key.upper()
    if prefix and key.startswith(prefix):
        key = key[len(prefix) :]
    cat = key.lower().replace("_", "-")
    return cat if cat in CATEGORIES else None


def category_for_rule(rule: str) -> str | None:
    return _category_from_id(rule, RULE_PREFIX)


def category_for_category_id(cat: str) -> str | None:
    return _category_from_id(cat)


def rule_json(category: str) -> dict:
    description, issue_type = CATEGORIES[category]
    return {
        "id": rule_id(category),
        "description": description,
        "issueType": issue_type,
        "category": {"id": category_id(category), "name": description},
    }


def software_json() -> dict:
    return {
        "name": "fixcopy",
        "version": __version__,
        "buildDate": "",
        "apiVersion": API_VERSION,
        "premium": False,
        "status": "",
    }


def languages_json() -> list[dict]:
    return [{"name": name, "code": code, "longCode": long} for name, code, long in LANGUAGES]
