"""word-order: an adverb left after the verb it belongs before, in source-language order.

"had beaten never a top-flight team" -> "had never beaten a top-flight team";
"had expected also a 50-basis-point rise" -> "had also expected a 50-basis-point rise".

After an auxiliary and a past participle, English puts never/already/also/always/ever before
the participle, not between it and its object. Only flagged and fixed when an object follows at
once (an article or a possessive); "has happened already." and "has said often that" are good
English.
"""

from __future__ import annotations

from .base import lemmas, match_case, suggestion, verb_forms, verb_lemma

CATEGORY = "word-order"

AUXILIARIES = frozenset({"has", "have", "had", "having", "'s", "’s", "'ve", "’ve"})
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "being"})
MODALS = frozenset({"will", "would", "can", "could", "should", "must", "may", "might"})
MOVABLE = frozenset({"never", "already", "also", "always", "ever"})
OBJECT_STARTS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "my", "your", "these", "those"})


def _participle(word: str) -> bool:
    """A past participle (also one that is an adjective too: after "has" it is the verb)."""
    lemma = lemmas(word).get("VERB", ("",))[0]
    forms = verb_forms(lemma) if lemma else {}
    # lemminflect lists a regular verb's participle under VBD only ("expected")
    return bool(lemma) and word != lemma and (word in forms.get("VBN", ()) or word in forms.get("VBD", ()))


def check(doc):
    for sent in doc.sentences:
        toks = doc.tokens(sent)
        words = [t.lower for t in toks]
        for i in range(len(toks) - 3):
            if words[i] not in AUXILIARIES and words[i] not in MODALS and words[i] not in BE_FORMS:
                continue
            verb, adv, nxt = toks[i + 1], toks[i + 2], words[i + 3]
            if words[i + 2] not in MOVABLE or nxt not in OBJECT_STARTS or not verb.is_word:
                continue
            if words[i] in MODALS:
                if verb_lemma(words[i + 1]) != words[i + 1] or words[i + 1] in {"be", "have"}:
                    continue
            elif not _participle(words[i + 1]) or words[i + 1] == "been":
                continue
            fixed = f"{match_case(verb.text, adv.text.lower())} {verb.text.lower() if verb.text[0].isupper() and not verb.text.isupper() else verb.text}"
            yield suggestion(
                doc,
                verb.start,
                adv.end,
                fixed,
                CATEGORY,
                f'"{adv.text}" goes before "{verb.text}"',
                0.85,
            )
