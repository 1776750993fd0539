"""Could the LM put back a dropped word? At every word the LM finds at least --low nats improbable,
try an article ("being problem" -> "being a problem") or the "to" of an infinitive ("late arrive"
-> "late to arrive") before it or the word before it, and record the best candidate's gain, with
whether it brings a bt-dev sentence closer to the original or changes clean copy. Saves every row
to --out (a pickle) for reading with other filters.

    python benchmarks/lm_insert_sweep.py --corpora /path/to/corpora [--limit 60] [--low 1.5] [--out F]
    python benchmarks/lm_insert_sweep.py --read F
"""

from __future__ import annotations

import argparse
import collections
import pickle
from pathlib import Path

from lm_clean_report import dev_articles, wmt_articles
from lm_pronoun_sweep import sentence_outcome
from lm_repair_sweep import btdev as load_btdev

from fixcopy.document import Document
from fixcopy.lexical import lemmas
from fixcopy.lm.candidates import FUNCTION_WORDS, PREPOSITIONS, Candidate, Word, plain
from fixcopy.lm.correct import positions
from fixcopy.lm.detector import shipped_lm_detector, unigram_logprob
from fixcopy.lm.evidence import scores

# words after which no article can be missing (determiners, pronouns, numbers), and no "to"
NO_ARTICLE_AFTER = (
    FUNCTION_WORDS
    - frozenset(PREPOSITIONS)
    - frozenset("and or but as than is are was were be been being has have had".split())
)
NO_TO_AFTER = frozenset("to will would can could may might must shall should do does did not".split())


def missing_word(text: str, words: list[Word], j: int) -> list[Candidate]:
    """A word dropped before word ``j``: an article or the "to" of an infinitive."""
    if j == 0:
        return []
    w, prev = words[j], words[j - 1]
    if text[prev.end : w.start] != " " or not (plain(w.core) and w.core.islower()) or w.core in FUNCTION_WORDS:
        return []
    found, p = lemmas(w.core), prev.core.lower()
    out = []
    if p not in NO_ARTICLE_AFTER and ("NOUN" in found or "ADJ" in found or not found):
        out += [Candidate(w.start, w.end, f"{a} {w.core}", "article") for a in ("a", "an", "the")]
    if p not in NO_TO_AFTER and w.core in found.get("VERB", ()):
        out.append(Candidate(w.start, w.end, f"to {w.core}", "verb-form"))
    return out


def insertions(det, docs: list[Document], low: float) -> list[list[tuple]]:
    """(start, end, original, replacement, gain) of the best insertion at each stretch, the gain
    computed as fixcopy.lm.correct.best_repairs does (unigram-normalised, in the sentence window)."""
    jobs, texts = [], []
    for k, words in det.scored_words(docs):
        ev = scores(words)
        for i, w in enumerate(words):
            p = positions(docs[k], w.start, w.end) if w.flaggable and ev[i] >= low else None
            if p is None:
                continue
            a, b, sent_words, pos = p
            o = len(texts)
            texts.append(docs[k].text[a:b])
            for c in (c for j in pos for c in missing_word(docs[k].text, sent_words, j)):
                jobs.append((k, o, len(texts), c))
                texts.append(docs[k].text[a : c.start] + c.replacement + docs[k].text[c.end : b])
    lp = det.lm.logprob(texts) if texts else []
    best: dict[tuple[int, int, int], tuple] = {}
    for k, o, t, c in jobs:
        before = docs[k].text[c.start : c.end]
        gain = (lp[t] - unigram_logprob(c.replacement)) - (lp[o] - unigram_logprob(before))
        key = (k, c.start, c.end)
        if key not in best or gain > best[key][4]:
            best[key] = (c.start, c.end, before, c.replacement, gain)
    out: list[list[tuple]] = [[] for _ in docs]
    for (k, _, _), row in best.items():
        out[k].append(row)
    return out


def context(doc: Document, a: int, b: int) -> dict:
    line = doc.line_span(a)
    prev = doc.text[line.start : a].split()
    return {
        "ctx": doc.text[max(0, a - 60) : b + 40].replace("\n", " / "),
        "prev": prev[-1] if prev else "",
        "headline": not doc.text[line.start : line.end].rstrip().endswith((".", '"', "?", "!", "'", ":")),
    }


def run_btdev(det, set_dir: Path, low: float) -> list[dict]:
    files, docs, sents = load_btdev(set_dir)
    rows = []
    for f, doc, found in zip(files, docs, insertions(det, docs, low)):
        ref_text = (set_dir / "articles_clean" / f.name).read_bytes().decode("utf-8")
        for a, b, orig, alt, gain in found:
            outcome = sentence_outcome(sents[f.name], doc.text, ref_text, a, b, alt)
            rows.append(
                {"set": "bt-dev", "gain": gain, "outcome": outcome, "orig": orig, "alt": alt, **context(doc, a, b)}
            )
    return rows


def run_clean(det, name: str, texts: list[str], low: float) -> list[dict]:
    docs = [Document(t) for t in texts]
    rows = [
        {"set": name, "gain": g, "outcome": "news", "orig": o, "alt": al, **context(doc, a, b)}
        for doc, found in zip(docs, insertions(det, docs, low))
        for a, b, o, al, g in found
    ]
    print(f"{name}: {len(texts)} articles, {sum(d.word_count for d in docs)} words", flush=True)
    return rows


def narrow(r: dict) -> bool:
    """The narrower variant also measured: no headline (headlines drop articles on purpose), "a"/"an"
    or "to" only (not "the"), not after "of" (the Y of an "of" chain garble)."""
    return not r["headline"] and not r["alt"].startswith("the ") and r["prev"].lower() != "of"


def report(rows: list[dict]) -> None:
    for name, keep in (("every insertion", lambda r: True), ("narrower", narrow)):
        print(f"{name}: bt-dev better / worse / same / in a clean sentence; changes of clean news")
        for m in (4, 6, 8, 10, 12):
            n = collections.Counter(r["outcome"] for r in rows if r["gain"] >= m and keep(r))
            print(f"  margin {m:>2}: {n['better']} / {n['worse']} / {n['same']} / {n['clean']}; {n['news']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path)
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--low", type=float, default=1.5)
    ap.add_argument("--out", type=Path, default=Path("insert_sweep.pkl"))
    ap.add_argument("--read", type=Path, help="only report the rows a run saved")
    a = ap.parse_args()
    if a.read:
        return report(pickle.loads(a.read.read_bytes()))
    det = shipped_lm_detector()
    rows = run_btdev(det, a.corpora / "bt-dev", a.low)
    rows += run_clean(det, "reuters-bbc-dev", dev_articles(a.corpora, a.limit), a.low)
    rows += run_clean(det, "wmt", wmt_articles(a.corpora)[: a.limit], a.low)
    rows += run_clean(det, "reuters-bbc-train", dev_articles(a.corpora, a.limit, split="train"), a.low)
    a.out.write_bytes(pickle.dumps(rows))
    report(rows)


if __name__ == "__main__":
    main()
