"""The garble categories of ../shared/GARBLES.md: the ids every part of fixcopy speaks in."""

from __future__ import annotations

# id -> (short description, ITS 2.0 localization-quality issue type used by LanguageTool)
CATEGORIES: dict[str, tuple[str, str]] = {
    "duplicated-word": ("A word comes out twice", "duplication"),
    "stray-punctuation": ("A sentence break or comma inside a clause", "typographical"),
    "verb-form": ("Wrong verb inflection after to, a modal or an auxiliary", "grammar"),
    "agreement": ("Subject and verb, or determiner and noun, disagree", "grammar"),
    "article": ("An article added before a proper noun or dropped before a common noun", "grammar"),
    "broken-compound": ("A hyphenated compound lost one half or was split", "typographical"),
    "literal-compound": ("A compound rendered word for word", "style"),
    "spurious-words": ("Words inserted that the sentence cannot carry", "grammar"),
    "split-attribution": ("A quote's attribution doubled or cut off", "style"),
    "preposition": ("A preposition carried over from the source language", "grammar"),
    "mistranslation": ("A word that fits the grammar but not the meaning", "mistranslation"),
    "word-order": ("Adverbs or objects in source-language order", "grammar"),
    "punctuation": ("Missing, doubled or misplaced punctuation", "typographical"),
    "number-date": ("A number or date in the source language's format", "locale-violation"),
}

CATEGORY_IDS: tuple[str, ...] = tuple(CATEGORIES)


def is_category(name: str) -> bool:
    return name in CATEGORIES
