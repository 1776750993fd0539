"""The body of LanguageTool's answer to ``/v2/check``, built from fixcopy's suggestions on
the request's text: offsets in the text the client sent, counted in UTF-16 units. No I/O."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..document import Document
from ..suggestion import Suggestion
from .offsets import utf16_index, utf16_len
from .protocol import CONTEXT_SIZE, rule_json, short_message, software_json
from .request import AnnotatedText


def _context(original: str, start: int, end: int) -> dict:
    """LanguageTool's context: up to CONTEXT_SIZE characters either side, '...' where
    cut, line breaks as spaces; offset and length in UTF-16 units."""
    lo, hi = max(0, start - CONTEXT_SIZE), min(len(original), end + CONTEXT_SIZE)
    prefix = "..." if lo > 0 else ""
    suffix = "..." if hi < len(original) else ""
    flat = lambda s: s.replace("\r", " ").replace("\n", " ").replace("\t", " ")  # noqa: E731
    return {
        "text": prefix + flat(original[lo:hi]) + suffix,
        "offset": len(prefix) + utf16_len(original[lo:start]),
        "length": utf16_len(original[start:end]),
    }


def _sentence(doc: Document, offset: int) -> str:
    found = [s for s in doc.sentences if s.start <= offset < s.end] or [s for s in doc.sentences if s.end == offset]
    if found:
        return doc.text[found[0].start : found[0].end].strip()
    line = doc.line_span(min(offset, len(doc.text)))
    return doc.text[line.start : line.end].strip()


def match_json(s: Suggestion, doc: Document, text: AnnotatedText, u16: Callable[[int], int]) -> dict:
    start = text.original_offset(s.start)
    end = max(start, text.original_offset(s.end, is_end=True)) if s.end > s.start else start
    return {
        "message": s.message,
        "shortMessage": short_message(s.category),
        "replacements": [] if s.replacement is None else [{"value": s.replacement}],
        "offset": u16(start),
        "length": u16(end) - u16(start),
        "context": _context(text.original, start, end),
        "sentence": _sentence(doc, s.start),
        "type": {"typeName": "Other"},
        "rule": rule_json(s.category),
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "fixcopy": {"category": s.category, "confidence": round(s.confidence, 3), "source": s.source},
    }


def check_json(
    text: AnnotatedText,
    doc: Document,
    suggestions: Sequence[Suggestion],
    language: tuple[str, str] = ("English (US)", "en-US"),
) -> dict:
    """The body of LanguageTool's answer to ``/v2/check``. ``doc`` is ``Document(text.plain)``."""
    u16 = utf16_index(text.original)
    name, code = language
    sentence_ranges = []
    for s in doc.sentences:
        a, b = u16(text.original_offset(s.start)), u16(text.original_offset(s.end, is_end=True))
        sentence_ranges.append([a, max(a, b)])
    return {
        "software": software_json(),
        "warnings": {"incompleteResults": False},
        "language": {
            "name": name,
            "code": code,
            "detectedLanguage": {"name": name, "code": code, "confidence": 1.0, "source": "fixcopy"},
        },
        "matches": [match_json(s, doc, text, u16) for s in suggestions],
        "sentenceRanges": sentence_ranges,
    }
