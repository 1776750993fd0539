"""Synthetic garbles: clean news sentence -> (garbled sentence, clean sentence, spans).

Every category of ../shared/GARBLES.md has a generator here. A sentence gets 0-3 garbles
(0 = left untouched, so that the model learns to leave clean text alone). Each garble
records its category and its character span in the garbled text; a deletion is recorded
on the word that follows the deletion point. Lexical resources: lemminflect for
inflections and part of speech, wordfreq for the vocabulary of substitutions.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]|_")

FUNCTION_WORDS = ("the", "a", "to", "of", "in", "for", "with", "on", "and", "that", "is", "was",
                  "has", "be", "by", "at", "from", "as", "it", "its", "will", "have", "an", "are")
MODALS = {"can", "could", "will", "would", "should", "may", "might", "must", "shall"}
HAVE = {"has", "have", "had"}
PREPOSITIONS = ("in", "at", "on", "to", "for", "of", "with", "by", "from", "into", "about", "over")
# Prepositions that source languages commonly carry over (weights of the substitute).
PREP_CONFUSION = {
    "in": ("at", "on", "to", "into", "of"), "at": ("in", "on", "to"), "on": ("in", "at", "about", "for"),
    "to": ("in", "for", "at", "into"), "for": ("to", "of", "at", "in"), "of": ("from", "for", "in", "about"),
    "with": ("to", "by", "at"), "by": ("from", "with", "through"), "from": ("of", "by", "since"),
    "into": ("in", "to"), "about": ("on", "of", "for"), "over": ("on", "about", "above"),
}
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
              "today", "tomorrow", "week", "month", "year"}
ADVERBS = ("also", "already", "still", "now", "yesterday", "recently", "again", "however", "only",
           "never", "often", "currently", "previously", "later", "soon", "today")
SPURIOUS = (("who", "have"), ("which", "is"), ("it", "is", "so", "that"), ("that",), ("itself",),
            ("also",), ("then",), ("so",), ("there",), ("of", "it"), ("as", "such"), ("in", "it"),
            ("them",), ("the", "one"), ("which",), ("it",), ("is",), ("being",), ("for", "it"),
            ("this",), ("such",), ("own",), ("very",), ("more",), ("to", "be"))
PRONOUNS = ("he", "she", "they")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept",
          "Sep", "Oct", "Nov", "Dec")
SAID = {"said", "says", "told", "added", "stated"}

# Category -> relative weight (model categories weigh more than the ones rules catch).
WEIGHTS = {
    "duplicated-word": 3, "stray-punctuation": 3, "verb-form": 8, "agreement": 9, "article": 10,
    "broken-compound": 3, "literal-compound": 7, "spurious-words": 10, "split-attribution": 4,
    "preposition": 12, "mistranslation": 10, "word-order": 9, "punctuation": 5, "number-date": 4,
}


@dataclass
class Tok:
    text: str
    ws: str  # whitespace after
    cat: str | None = None


@dataclass
class Pair:
    garbled: str
    clean: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # in the garbled text

    @property
    def categories(self) -> list[str]:
        return sorted({c for _, _, c in self.spans})

    def to_dict(self) -> dict:
        return {"garbled": self.garbled, "clean": self.clean, "spans": self.spans, "categories": self.categories}


def tokenize(s: str) -> list[Tok]:
    out: list[Tok] = []
    ms = list(WORD_RE.finditer(s))
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(s)
        out.append(Tok(m.group(), s[m.end() : end]))
    return out


def detok(toks: list[Tok]) -> tuple[str, list[tuple[int, int, str]]]:
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for t in toks:
        if t.cat:
            if spans and spans[-1][2] == t.cat and spans[-1][1] >= pos - 1:
                spans[-1] = (spans[-1][0], pos + len(t.text), t.cat)
            else:
                spans.append((pos, pos + len(t.text), t.cat))
        parts.append(t.text + t.ws)
        pos += len(t.text) + len(t.ws)
    return "".join(parts), spans


# ---- lexical resources -------------------------------------------------------------------

@lru_cache(maxsize=None)
def _lemmas(word: str) -> dict:
    import lemminflect

    return lemminflect.getAllLemmas(word)


def _infl(lemma: str, tag: str) -> str | None:
    import lemminflect

    r = lemminflect.getInflection(lemma, tag=tag)
    return r[0] if r else None


def verb_lemma(word: str) -> str | None:
    lem = _lemmas(word.lower())
    return lem["VERB"][0] if "VERB" in lem and len(lem) == 1 else None


def verb_tag(word: str) -> tuple[str, str] | None:
    """(lemma, Penn tag) for an unambiguous verb form."""
    w = word.lower()
    lemma = verb_lemma(w)
    if not lemma:
        return None
    for tag in ("VBD", "VBN", "VBG", "VBZ", "VB"):
        if _infl(lemma, tag) == w:
            return lemma, tag
    return None


@lru_cache(maxsize=1)
def vocab_by_tag() -> dict[tuple[str, str], list[str]]:
    """Frequent content words grouped by (upos, Penn tag): the substitutes of mistranslation."""
    from wordfreq import top_n_list

    groups: dict[tuple[str, str], list[str]] = {}
    for w in top_n_list("en", 12000):
        if not w.isalpha() or len(w) < 3:
            continue
        lem = _lemmas(w)
        if len(lem) != 1:
            continue
        upos, (lemma, *_) = next(iter(lem.items()))
        if upos == "VERB":
            vt = verb_tag(w)
            if vt:
                groups.setdefault(("VERB", vt[1]), []).append(w)
        elif upos in ("NOUN", "ADJ"):
            tag = "NN" if w == lemma else ("NNS" if upos == "NOUN" and _infl(lemma, "NNS") == w else None)
            if tag:
                groups.setdefault((upos, tag), []).append(w)
    return groups


def word_class(word: str) -> tuple[str, str] | None:
    w = word.lower()
    lem = _lemmas(w)
    if len(lem) != 1:
        return None
    upos, (lemma, *_) = next(iter(lem.items()))
    if upos == "VERB":
        vt = verb_tag(w)
        return ("VERB", vt[1]) if vt else None
    if upos in ("NOUN", "ADJ"):
        if w == lemma:
            return upos, "NN"
        if upos == "NOUN" and _infl(lemma, "NNS") == w:
            return upos, "NNS"
    return None


def _case_like(src: str, new: str) -> str:
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _is_word(t: Tok) -> bool:
    return t.text[:1].isalpha()


def _lower_word(t: Tok) -> bool:
    return t.text[:1].islower() and t.text.isalpha()


def _free(toks: list[Tok], *idx: int) -> bool:
    return all(0 <= i < len(toks) and toks[i].cat is None for i in idx)


# ---- the garbles: each edits toks in place, returns True when it applied -----------------

def g_duplicated_word(toks, rng):
    cands = [i for i, t in enumerate(toks) if t.text.lower() in FUNCTION_WORDS and _free(toks, i)]
    if not cands:
        return False
    i = rng.choice(cands)
    toks.insert(i + 1, Tok(toks[i].text.lower(), " ", "duplicated-word"))
    toks[i].ws = toks[i].ws or " "
    return True


def g_stray_punctuation(toks, rng):
    cands = [i for i in range(2, len(toks) - 2) if _lower_word(toks[i]) and _is_word(toks[i - 1])
             and toks[i - 1].ws == " " and _free(toks, i - 1, i)]
    if not cands:
        return False
    i = rng.choice(cands)
    toks[i - 1].ws = ""
    toks.insert(i, Tok(rng.choice([".", ".", ","]), " ", "stray-punctuation"))
    toks[i + 1].cat = "stray-punctuation"
    return True


def g_verb_form(toks, rng):
    cands = []
    for i in range(1, len(toks)):
        if not _free(toks, i) or not _lower_word(toks[i]):
            continue
        prev = toks[i - 1].text.lower()
        vt = verb_tag(toks[i].text)
        if not vt:
            continue
        lemma, tag = vt
        if prev == "to" and tag == "VB":
            cands.append((i, _infl(lemma, rng.choice(["VBG", "VBD", "VBZ"]))))
        elif prev in MODALS and tag == "VB":
            cands.append((i, _infl(lemma, rng.choice(["VBD", "VBZ", "VBG"]))))
        elif prev in HAVE and tag in ("VBN", "VBD"):
            cands.append((i, _infl(lemma, rng.choice(["VB", "VBG"]))))
        elif prev in ("did", "does", "not") and tag == "VB":
            cands.append((i, _infl(lemma, "VBD")))
        elif prev in ("is", "are", "was", "were") and tag == "VBG":
            cands.append((i, _infl(lemma, rng.choice(["VB", "VBZ"]))))
    cands = [(i, w) for i, w in cands if w and w != toks[i].text.lower()]
    if not cands:
        return False
    i, w = rng.choice(cands)
    toks[i].text = w
    toks[i].cat = "verb-form"
    return True


_AGREE_SWAP = {"is": "are", "are": "is", "was": "were", "were": "was", "has": "have", "have": "has",
               "this": "these", "these": "this", "those": "that", "does": "do", "do": "does"}


def g_agreement(toks, rng):
    cands = []
    for i, t in enumerate(toks):
        if not _free(toks, i):
            continue
        w = t.text.lower()
        prev = toks[i - 1].text.lower() if i else ""
        if w in _AGREE_SWAP and prev not in ("i", "you", "we", "they", "to") and i > 0:
            if w in ("have", "do") and prev not in ("", ) and not (_is_word(toks[i - 1]) and prev not in MODALS):
                continue
            cands.append((i, _case_like(t.text, _AGREE_SWAP[w])))
        elif i > 0 and _lower_word(t):
            vt = verb_tag(w)
            if vt and vt[1] == "VBZ" and _is_word(toks[i - 1]) and prev not in ("he", "she", "it"):
                cands.append((i, _infl(vt[0], "VBP")))
            elif prev in ("a", "an", "one", "each", "every") and word_class(w) == ("NOUN", "NN"):
                lemma = _lemmas(w)["NOUN"][0]
                cands.append((i, _infl(lemma, "NNS")))
            elif prev in ("several", "many", "two", "three", "these", "those") and word_class(w) == ("NOUN", "NNS"):
                cands.append((i, _lemmas(w)["NOUN"][0]))
    cands = [(i, w) for i, w in cands if w and w.lower() != toks[i].text.lower()]
    if not cands:
        return False
    i, w = rng.choice(cands)
    toks[i].text = w
    toks[i].cat = "agreement"
    return True


def g_article(toks, rng):
    drops = [i for i in range(len(toks) - 1) if toks[i].text.lower() in ("the", "a", "an")
             and _lower_word(toks[i + 1]) and _free(toks, i, i + 1)]
    adds = [i for i in range(1, len(toks)) if toks[i].text[:1].isupper() and toks[i].text.isalpha()
            and toks[i - 1].text.lower() in ("in", "of", "to", "from", "with", "and", "by", "for", "on", "said")
            and _free(toks, i)]
    if not drops and not adds:
        return False
    if adds and (not drops or rng.random() < 0.4):
        i = rng.choice(adds)
        toks.insert(i, Tok("the", " ", "article"))
        return True
    i = rng.choice(drops)
    nxt = toks[i + 1]
    if i == 0:
        nxt.text = nxt.text[:1].upper() + nxt.text[1:]
    del toks[i]
    toks[i].cat = "article"
    return True


def g_broken_compound(toks, rng):
    cands = [i for i, t in enumerate(toks) if "-" in t.text and t.text[0].isalpha() and _free(toks, i)]
    if not cands:
        return False
    i = rng.choice(cands)
    a, _, b = toks[i].text.partition("-")
    mode = rng.random()
    if mode < 0.4:
        toks[i].text = a + " -" + b
    elif mode < 0.7:
        toks[i].text = "-" + b
    elif mode < 0.85:
        toks[i].text = a + "- " + b
    else:
        toks[i].text = a + " " + b
    toks[i].cat = "broken-compound"
    return True


def g_literal_compound(toks, rng):
    # "Japan's foreign minister" -> "the foreign minister of Japan"
    opts = []
    for i in range(len(toks) - 3):
        if toks[i].text[:1].isupper() and toks[i + 1].text in ("'", "’") and toks[i + 2].text == "s" and _free(toks, i, i + 1, i + 2, i + 3):
            j = i + 3
            while j < len(toks) and j < i + 5 and _lower_word(toks[j]):
                j += 1
            if j > i + 3:
                opts.append(("poss", i, j))
        m = re.fullmatch(r"(\w+)-(year|month|day|week|hour|point|member|nation|party|storey|mile)(s?)", toks[i].text)
        if m and _lower_word(toks[i + 1]) and _free(toks, i, i + 1):
            opts.append(("num", i, i + 2))
    if not opts:
        return False
    kind, i, j = rng.choice(opts)
    if kind == "poss":
        owner = toks[i].text
        head = [Tok(t.text, " ") for t in toks[i + 3 : j]]
        tail_ws = toks[j - 1].ws
        new = [Tok("the", " ")] + head + [Tok("of", " "), Tok(owner, tail_ws)]
        if i == 0:
            new[0].text = "The"
    else:
        m = re.fullmatch(r"(\w+)-(\w+?)(s?)", toks[i].text)
        num, unit = m.group(1), m.group(2)
        noun = toks[i + 1]
        plural = "" if num.lower() in ("one", "1") else "s"
        new = [Tok(noun.text, " "), Tok("of", " "), Tok(num, " "), Tok(unit + plural, noun.ws)]
    for t in new:
        t.cat = "literal-compound"
    toks[i:j] = new
    return True


def g_spurious_words(toks, rng):
    cands = [i for i in range(1, len(toks)) if _is_word(toks[i - 1]) and _is_word(toks[i])
             and toks[i - 1].ws == " " and _free(toks, i - 1, i)]
    if not cands:
        return False
    i = rng.choice(cands)
    words = rng.choice(SPURIOUS)
    toks[i:i] = [Tok(w, " ", "spurious-words") for w in words]
    return True


def g_split_attribution(toks, rng):
    # '..." Ortega said.' -> '..." she said. Ortega said.'  /  'X said.' -> 'X said, he said.'
    for i in range(len(toks) - 2):
        if toks[i].text in ('"', "”") and i > 0 and toks[i - 1].text in (",", ".", "?", "!") and _free(toks, i + 1):
            if toks[i + 1].text[:1].isupper() and any(t.text in SAID for t in toks[i + 1 : i + 5]):
                pron = rng.choice(PRONOUNS)
                toks[i].ws = " "
                toks[i + 1:i + 1] = [Tok(pron, " ", "split-attribution"), Tok("said", "", "split-attribution"),
                                     Tok(".", " ", "split-attribution")]
                return True
    said = [i for i, t in enumerate(toks) if t.text in SAID and i + 1 < len(toks) and toks[i + 1].text == "."
            and i == len(toks) - 2 and _free(toks, i, i + 1)]
    if said:
        i = said[0]
        toks[i].ws = ""
        toks.insert(i + 1, Tok(",", " ", "split-attribution"))
        toks.insert(i + 2, Tok(rng.choice(PRONOUNS), " ", "split-attribution"))
        toks.insert(i + 3, Tok("said", "", "split-attribution"))
        return True
    return False


def g_preposition(toks, rng):
    cands = [i for i, t in enumerate(toks) if t.text in PREP_CONFUSION and i > 0 and _free(toks, i)]
    time = [i for i in range(len(toks) - 1) if toks[i].text in ("last", "next", "this")
            and toks[i + 1].text.lower() in TIME_WORDS and i > 0 and toks[i - 1].text not in PREP_CONFUSION
            and _free(toks, i)]
    if time and (not cands or rng.random() < 0.15):
        i = rng.choice(time)
        toks.insert(i, Tok(rng.choice(["on", "in", "at"]), " ", "preposition"))
        return True
    if not cands:
        return False
    i = rng.choice(cands)
    toks[i].text = rng.choice(PREP_CONFUSION[toks[i].text])
    toks[i].cat = "preposition"
    return True


_ANTONYMS = {"rose": "fell", "fell": "rose", "increased": "decreased", "decreased": "increased",
             "began": "ended", "ended": "began", "won": "lost", "lost": "won", "higher": "lower",
             "lower": "higher", "bought": "sold", "sold": "bought", "opened": "closed", "closed": "opened",
             "up": "down", "down": "up", "rise": "fall", "fall": "rise", "before": "after", "after": "before"}


def g_mistranslation(toks, rng):
    groups = vocab_by_tag()
    cands = []
    for i, t in enumerate(toks):
        if i == 0 or not _lower_word(t) or not _free(toks, i) or len(t.text) < 3:
            continue
        w = t.text
        if w in _ANTONYMS:
            cands.append((i, _ANTONYMS[w]))
            continue
        wc = word_class(w)
        if wc and groups.get(wc):
            cands.append((i, None))
    if not cands:
        return False
    i, new = rng.choice(cands)
    if new is None:
        pool = groups[word_class(toks[i].text)]
        new = pool[min(int(rng.expovariate(1 / 800)), len(pool) - 1)]
        if new == toks[i].text:
            return False
    toks[i].text = new
    toks[i].cat = "mistranslation"
    return True


def g_word_order(toks, rng):
    opts = []
    for i in range(1, len(toks) - 1):
        t = toks[i]
        if t.text.lower() in ADVERBS and _free(toks, i):
            opts.append(("adv", i))
        if t.text in SAID and i >= 1 and _free(toks, i - 1, i) and toks[i - 1].text[:1].isupper() and toks[i - 1].text.isalpha():
            opts.append(("said", i))
        if _lower_word(t) and _lower_word(toks[i + 1]) and word_class(t.text) == ("ADJ", "NN") and \
                word_class(toks[i + 1].text) in (("NOUN", "NN"), ("NOUN", "NNS")) and _free(toks, i, i + 1):
            opts.append(("adjn", i))
    if not opts:
        return False
    kind, i = rng.choice(opts)
    if kind == "adv":
        adv = toks.pop(i)
        lo, hi = max(1, i - 3), min(len(toks) - 1, i + 3)
        positions = [j for j in range(lo, hi + 1) if j != i and _is_word(toks[j - 1]) and toks[j - 1].ws == " "]
        if not positions:
            toks.insert(i, adv)
            return False
        j = rng.choice(positions)
        adv.text = adv.text.lower() if j else _case_like("A", adv.text)
        adv.ws = " "
        adv.cat = "word-order"
        toks.insert(j, adv)
        return True
    if kind == "said":
        # "Ortega said on Monday" -> "said Ortega on Monday" / "said on Monday Ortega"
        subj, said = toks[i - 1], toks[i]
        said.ws, subj.ws = subj.ws, said.ws
        toks[i - 1], toks[i] = said, subj
        if i - 1 == 0:
            said.text = _case_like("A", said.text)
        said.cat = subj.cat = "word-order"
        return True
    a, b = toks[i], toks[i + 1]
    a.text, b.text = b.text, a.text
    a.cat = b.cat = "word-order"
    return True


def g_punctuation(toks, rng):
    opts = []
    for i in range(1, len(toks)):
        t = toks[i]
        if t.text in (",", ".", ":", ";") and toks[i - 1].ws == "" and _free(toks, i):
            opts.append(("space", i))
            if t.text == "," and i + 1 < len(toks) and _free(toks, i + 1):
                opts.append(("drop", i))
        if t.text in ('"', "“", "”") and _free(toks, i):
            opts.append(("quote", i))
    if not opts:
        return False
    kind, i = rng.choice(opts)
    if kind == "space":
        toks[i - 1].ws = " "
        toks[i].cat = "punctuation"
    elif kind == "drop":
        toks[i - 1].ws = toks[i].ws
        del toks[i]
        toks[i].cat = "punctuation"
    else:
        t = toks[i]
        opening = t.text == "“" or (t.text == '"' and toks[i - 1].ws != "")
        t.text = rng.choice(["«", "„"]) if opening else rng.choice(["»", "“"])
        t.cat = "punctuation"
    return True


def g_number_date(toks, rng):
    opts = []
    for i, t in enumerate(toks):
        if not _free(toks, i):
            continue
        if t.text.isdigit() and i + 2 < len(toks) and toks[i + 1].text in (".", ",") and toks[i].ws == "" \
                and toks[i + 1].ws == "" and toks[i + 2].text.isdigit() and _free(toks, i + 1, i + 2):
            opts.append(("dec", i))
        if t.text in MONTHS and i + 1 < len(toks) and toks[i + 1].text.isdigit() and len(toks[i + 1].text) <= 2 \
                and _free(toks, i + 1):
            opts.append(("date", i))
    if not opts:
        return False
    kind, i = rng.choice(opts)
    if kind == "dec":
        toks[i + 1].text = "," if toks[i + 1].text == "." else "."
        for j in (i, i + 1, i + 2):
            toks[j].cat = "number-date"
        return True
    month, day = toks[i], toks[i + 1]
    ws = day.ws
    new = [Tok(day.text, " ", "number-date"), Tok("of", " ", "number-date"), Tok(month.text, ws, "number-date")]
    toks[i : i + 2] = new
    return True


GARBLES = {
    "duplicated-word": g_duplicated_word, "stray-punctuation": g_stray_punctuation, "verb-form": g_verb_form,
    "agreement": g_agreement, "article": g_article, "broken-compound": g_broken_compound,
    "literal-compound": g_literal_compound, "spurious-words": g_spurious_words,
    "split-attribution": g_split_attribution, "preposition": g_preposition, "mistranslation": g_mistranslation,
    "word-order": g_word_order, "punctuation": g_punctuation, "number-date": g_number_date,
}


_STRAIGHT_QUOTES_RE = re.compile(r'"([^"]*)"')


def typographic(s: str) -> str:
    """Curly quotes, apostrophes and dashes, as in modern wire copy (the corpus is mostly ASCII)."""
    s = _STRAIGHT_QUOTES_RE.sub(lambda m: "\u201c" + m.group(1) + "\u201d", s)
    if s.count('"') == 1:
        s = s.replace('"', "\u201d" if s.rstrip().endswith('"') or s.index('"') > len(s) // 2 else "\u201c")
    s = re.sub(r"(?<=\w)'(?=\w)|(?<=s)'(?=\s)", "\u2019", s)
    return s.replace(" - ", " \u2014 ").replace(" -- ", " \u2014 ")


def garble(sentence: str, rng: random.Random, clean_rate: float = 0.35, typo_rate: float = 0.4) -> Pair:
    """One training pair. With probability clean_rate the sentence is left as it is."""
    if rng.random() < typo_rate:
        sentence = typographic(sentence)
    if rng.random() < clean_rate:
        return Pair(sentence, sentence, [])
    n = rng.choices((1, 2, 3), (0.6, 0.3, 0.1))[0]
    toks = tokenize(sentence)
    cats = list(WEIGHTS)
    weights = [WEIGHTS[c] for c in cats]
    done = 0
    for _ in range(n * 4):
        if done >= n:
            break
        cat = rng.choices(cats, weights)[0]
        if GARBLES[cat](toks, rng):
            done += 1
    text, spans = detok(toks)
    lead = len(sentence) - len(sentence.lstrip())
    return Pair(text, sentence, spans) if lead == 0 else Pair(text, sentence, spans)


def generate(sentences, seed: int = 0, clean_rate: float = 0.35):
    rng = random.Random(seed)
    for s in sentences:
        yield garble(s, rng, clean_rate)
