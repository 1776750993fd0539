"""A ``/v2/check`` request read as LanguageTool reads it: its parameters validated (an
:class:`~fixcopy.languagetool.protocol.ApiError` with LanguageTool's status and message where
LanguageTool would refuse them), its text or annotated ``data`` made the plain text the
detectors check, with the map back to what the client sent. No I/O."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..categories import CATEGORY_IDS
from .protocol import DEFAULT_LANGUAGE, LANGUAGES, ApiError, category_for_category_id, category_for_rule

_BY_CODE = {long.lower(): (name, long) for name, _, long in LANGUAGES}


@dataclass(frozen=True)
class AnnotatedText:
    """Text to check: ``plain`` is what the detectors see, ``original`` what the client
    sent (text and markup), and offsets are reported in ``original``.

    ``segments`` are (plain_start, plain_end, original_start, original_end, is_text).
    """

    plain: str
    original: str
    segments: tuple[tuple[int, int, int, int, bool], ...] = ()

    @classmethod
    def from_text(cls, text: str) -> AnnotatedText:
        return cls(text, text)

    @classmethod
    def from_annotation(cls, items: Sequence) -> AnnotatedText:
        plain: list[str] = []
        original: list[str] = []
        segments = []
        p = o = 0
        for node in items:
            if not isinstance(node, dict):
                raise ApiError(400, f"Only 'text' and 'markup' are supported in 'annotation' list: {json.dumps(node)}")
            if "text" in node and "markup" in node:
                raise ApiError(
                    400,
                    "Only either 'text' or 'markup' are supported in an object in 'annotation' "
                    f"list, not both: {json.dumps(node)}",
                )
            if "text" in node and "interpretAs" in node:
                raise ApiError(400, f"'text' cannot be used with 'interpretAs' (only 'markup' can): {json.dumps(node)}")
            if "text" in node:
                t = _as_text(node["text"])
                segments.append((p, p + len(t), o, o + len(t), True))
                plain.append(t)
                original.append(t)
                p += len(t)
                o += len(t)
            elif "markup" in node:
                m = _as_text(node["markup"])
                interpret = _as_text(node.get("interpretAs", ""))
                segments.append((p, p + len(interpret), o, o + len(m), False))
                plain.append(interpret)
                original.append(m)
                p += len(interpret)
                o += len(m)
            else:
                raise ApiError(400, f"Only 'text' and 'markup' are supported in 'annotation' list: {json.dumps(node)}")
        return cls("".join(plain), "".join(original), tuple(segments))

    def original_offset(self, pos: int, is_end: bool = False) -> int:
        """Where a position in ``plain`` lies in ``original``. A start inside markup's
        interpretAs maps to the markup's start, an end to its end; at the border of a
        text and markup, a start maps into the text after the markup, an end into the
        text before it."""
        if not self.segments:
            return pos
        for ps, pe, os_, _, is_text in self.segments:
            if is_text and (ps < pos <= pe if is_end else ps <= pos < pe):
                return os_ + pos - ps
        for ps, pe, os_, oe, is_text in self.segments:
            if not is_text and ps <= pos <= pe and ps != pe:
                return oe if is_end else os_
        # Between two pieces of markup, or at either end of the text.
        before = [s for s in self.segments if s[1] <= pos]
        if not before:
            return 0
        if is_end:
            return before[-1][3]
        after = [s for s in self.segments if s[0] >= pos and s[4]]
        return after[0][2] if after else before[-1][3]


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise ApiError(400, f"expected a string in 'data', got {json.dumps(value)}")


# -- requests --------------------------------------------------------------------


@dataclass(frozen=True)
class CheckRequest:
    text: AnnotatedText
    language: tuple[str, str]  # name, code
    auto: bool
    categories: frozenset[str]  # the fixcopy categories to report


def resolve_language(param: str | None) -> tuple[tuple[str, str], bool]:
    """(name, code) for a ``language`` parameter, and whether it was ``auto``."""
    if param is None or not param.strip():
        raise ApiError(
            400, "Missing 'language' parameter, e.g. 'language=en-US' for American English or 'language=fr' for French"
        )
    key = param.strip().lower().replace("_", "-")
    if key == "auto":
        return _BY_CODE[DEFAULT_LANGUAGE.lower()], True
    if key in _BY_CODE:
        return _BY_CODE[key], False
    if key.split("-")[0] == "en" and re.fullmatch(r"en-[a-z]{2}(?:-[a-z0-9]+)*", key):
        return ("English", "en"), False  # another English variant: checked as English
    codes = ", ".join(["auto"] + sorted(long for _, _, long in LANGUAGES))
    raise ApiError(
        400,
        f"'{param}' is not a language code known to LanguageTool. Supported language codes are: "
        f"{codes}. (This is fixcopy, which checks English only.)",
    )


def _ids(params: Mapping[str, str], name: str) -> list[str]:
    return [s.strip() for s in (params.get(name) or "").split(",") if s.strip()]


def select_categories(params: Mapping[str, str]) -> frozenset[str]:
    """The categories a request asks for, by LanguageTool's rules: every rule is on by
    default; ``disabledRules``/``disabledCategories`` turn some off; with
    ``enabledOnly=true`` only ``enabledRules``/``enabledCategories`` are on. Ids fixcopy
    does not have are ignored, as LanguageTool ignores unknown ids."""
    enabled_only = (params.get("enabledOnly") or "").strip().lower() in ("true", "yes")
    enabled_rules, disabled_rules = _ids(params, "enabledRules"), _ids(params, "disabledRules")
    enabled_cats, disabled_cats = _ids(params, "enabledCategories"), _ids(params, "disabledCategories")
    if enabled_only and (disabled_rules or disabled_cats):
        raise ApiError(400, "You cannot specify disabled rules or categories using enabledOnly=true")
    if enabled_only and not (enabled_rules or enabled_cats):
        raise ApiError(400, "You must specify enabled rules or categories when using enabledOnly=true")
    rules_to = lambda ids: {c for c in map(category_for_rule, ids) if c}  # noqa: E731
    cats_to = lambda ids: {c for c in map(category_for_category_id, ids) if c}  # noqa: E731
    if enabled_only:
        return frozenset(rules_to(enabled_rules) | cats_to(enabled_cats))
    return frozenset(CATEGORY_IDS) - rules_to(disabled_rules) - cats_to(disabled_cats)


def parse_check_params(params: Mapping[str, str], max_text_length: int | None = None) -> CheckRequest:
    """Validate the parameters of ``/v2/check`` as LanguageTool does; raise ApiError."""
    for old, new in (("enabled", "enabledRules"), ("disabled", "disabledRules")):
        if params.get(old) is not None:
            raise ApiError(400, f"You specified '{old}' but the parameter is now called '{new}' in v2 of the API")
    if params.get("autodetect") is not None:
        raise ApiError(
            400,
            "You specified 'autodetect' but automatic language detection is now activated "
            "with 'language=auto' in v2 of the API",
        )
    if "text" in params and "data" in params:
        raise ApiError(400, "Set only 'text' or 'data' parameter, not both")
    if "text" in params:
        text = AnnotatedText.from_text(params["text"])
    elif "data" in params:
        text = _parse_data(params["data"])
    else:
        raise ApiError(400, "Missing 'text' or 'data' parameter")
    language, auto = resolve_language(params.get("language"))
    if params.get("preferredVariants"):
        if not auto:
            raise ApiError(400, "You specified 'preferredVariants' but you didn't specify 'language=auto'")
        for variant in _ids(params, "preferredVariants"):
            if "-" not in variant:
                raise ApiError(
                    400, f"Invalid format for 'preferredVariants', expected a dash as in 'en-GB': '{variant}'"
                )
            if variant.lower() in _BY_CODE:
                language = _BY_CODE[variant.lower()]
    categories = select_categories(params)
    if max_text_length is not None and len(text.plain) > max_text_length:
        raise ApiError(
            413,
            f"Your text exceeds the limit of {max_text_length} characters (it's "
            f"{len(text.plain)} characters). Please submit a shorter text.",
        )
    return CheckRequest(text, language, auto, categories)


def _parse_data(data: str) -> AnnotatedText:
    try:
        obj = json.loads(data)
    except ValueError:
        raise ApiError(400, "Could not parse JSON from 'data' parameter") from None
    if not isinstance(obj, dict):
        raise ApiError(400, "'data' key in JSON requires 'text' or 'annotation' key")
    if "text" in obj and "annotation" in obj:
        raise ApiError(400, "'data' key in JSON requires either 'text' or 'annotation' key, not both")
    if "text" in obj:
        return AnnotatedText.from_text(_as_text(obj["text"]))
    if "annotation" in obj:
        if not isinstance(obj["annotation"], list):
            raise ApiError(400, "'annotation' in 'data' must be a list")
        return AnnotatedText.from_annotation(obj["annotation"])
    raise ApiError(400, "'data' key in JSON requires 'text' or 'annotation' key")
