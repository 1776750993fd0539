"""Could the LM choose a pronoun? At every he/she/it and his/her/its/their, score the sentence (with
the sentence before it as context) with each other pronoun of the same set, and record the best
alternative's unigram-normalised gain (as the judge computes it). On bt-dev: is the swap a repair
of a gold region (right), a different change inside one (other), a change outside the regions of a
garbled sentence (off-gold) or in a clean sentence (clean)? On clean news: every swap is a change
of correct copy. Prints counts per margin. With --product, what `check` does instead: the words of
confusions.CONFUSIONS ("his", "any", "since", "what", "at") where the LM's evidence reaches
CONFUSION_LOW, each alternative scored in the sentence window; --only WORD,... keeps some of them.

    python benchmarks/lm_pronoun_sweep.py --corpora /path/to/corpora [--limit 60] [--low 1.5]
        [--product [--only WORD,...]] [--train]
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

from lm_clean_report import dev_articles, wmt_articles
from lm_repair_sweep import btdev as load_btdev

from fixcopy.document import Document
from fixcopy.lm.confusions import CONFUSIONS
from fixcopy.lm.correct import best_repairs
from fixcopy.lm.detector import confusion_places, shipped_lm_detector, unigram_logprob
from fixcopy.lm.evidence import scores
from fixcopy.training.lm_eval import word_distance

SETS = ({"he", "she", "it"}, {"his", "her", "its", "their"})
PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\b")
AFTER_WORDS = 8
MARGINS = (0, 2, 4, 6, 8, 10, 12)


def evidence_at(det, docs: list[Document]) -> list[dict[int, float]]:
    """The LM's evidence (as the detector scores it) on every word, by its start offset."""
    out: list[dict[int, float]] = [{} for _ in docs]
    for k, words in det.scored_words(docs):
        for w, e in zip(words, scores(words)):
            out[k][w.start] = e if w.flaggable else -99.0
    return out


def places(doc: Document, evidence: dict[int, float], low: float) -> list[tuple[int, int, str, str, str]]:
    """(start, end, original, context text before, text after) of every pronoun with at least
    ``low`` nats of evidence."""
    out = []
    sents = list(doc.sentences)
    for i, s in enumerate(sents):
        ctx_start = sents[i - 1].start if i and "\n" not in doc.text[sents[i - 1].start : s.start] else s.start
        for m in PRONOUN_RE.finditer(doc.text, s.start, s.end):
            if evidence.get(m.start(), -99.0) < low:
                continue
            if m.group(0).lower() == "her" and not re.match(r"\s+[a-z]", doc.text[m.end() : m.end() + 3]):
                continue  # "her" as an object
            after = doc.text[m.end() : s.end].split(" ")[: AFTER_WORDS + 1]
            out.append((m.start(), m.end(), m.group(0), doc.text[ctx_start : m.start()], " ".join(after)))
    return out


def best_swaps(det, docs: list[Document], low: float) -> list[list[tuple[int, int, str, str, float]]]:
    lm = det.lm
    jobs = []
    for k, (doc, ev) in enumerate(zip(docs, evidence_at(det, docs))):
        for a, b, orig, before, after in places(doc, ev, low):
            alts = next(s for s in SETS if orig.lower() in s) - {orig.lower()}
            for alt in sorted(alts):
                alt = alt.capitalize() if orig[0].isupper() else alt
                jobs.append((k, a, b, orig, alt, before + orig + after, before + alt + after))
    if not jobs:
        return [[] for _ in docs]
    texts = sorted({t for j in jobs for t in j[5:]})
    scored = dict(zip(texts, lm.logprob(texts)))
    best: dict[tuple[int, int], tuple] = {}
    for k, a, b, orig, alt, t0, t1 in jobs:
        gain = scored[t1] - scored[t0] + unigram_logprob(orig) - unigram_logprob(alt)
        if (k, a) not in best or gain > best[(k, a)][4]:
            best[(k, a)] = (a, b, orig, alt, gain)
    out: list[list[tuple]] = [[] for _ in docs]
    for (k, _), v in best.items():
        out[k].append(v)
    return out


def product_swaps(det, docs: list[Document], low: float) -> list[list[tuple[int, int, str, str, float]]]:
    """What `check` does: the words of confusions.CONFUSIONS at CONFUSION_LOW nats of evidence or
    more, their alternatives in the sentence window (fixcopy.lm.correct), the best one's gain."""
    places = confusion_places(det.scored_words(docs), docs)
    out: list[list[tuple]] = [[] for _ in docs]
    for pl, rep in zip(places, best_repairs(det.lm.logprob, unigram_logprob, docs, places)):
        if rep is not None:
            c = rep.candidate
            out[pl.doc].append((c.start, c.end, docs[pl.doc].text[c.start : c.end], c.replacement, rep.gain))
    return out


def sentence_outcome(sents: list[dict], text: str, ref_text: str, a: int, b: int, alt: str) -> str:
    """What replacing ``text[a:b]`` by ``alt`` does to its bt-dev sentence: "clean" (the sentence
    was not garbled), or "better", "worse" or "same" (its word distance to the original)."""
    s = next((s for s in sents if s["start"] <= a < s["end"]), None)
    if s is None or not s["garbled"]:
        return "clean"
    new = text[s["start"] : a] + alt + text[b : s["end"]]
    ref = ref_text[s["clean_start"] : s["clean_end"]]
    d = word_distance(new, ref) - word_distance(text[s["start"] : s["end"]], ref)
    return "better" if d < 0 else ("worse" if d > 0 else "same")


def btdev(det, swaps_of, set_dir: Path, low: float) -> None:
    files, docs, sents = load_btdev(set_dir)
    rows = []
    for f, doc, swaps in zip(files, docs, swaps_of(det, docs, low)):
        ref_text = (set_dir / "articles_clean" / f.name).read_bytes().decode("utf-8")
        for a, b, orig, alt, gain in swaps:
            outcome = sentence_outcome(sents[f.name], doc.text, ref_text, a, b, alt)
            rows.append((gain, outcome, doc.text[max(0, a - 60) : b + 40].replace("\n", " / "), orig, alt))
    print(f"bt-dev: {len(rows)} places")
    for mg in MARGINS:
        c = collections.Counter(o for g, o, *_ in rows if g >= mg)
        print(f"  margin {mg:>2}: " + ", ".join(f"{k} {c[k]}" for k in ("better", "worse", "same", "clean")))
    for gain, outcome, ctx, orig, alt in sorted(rows, reverse=True)[:40]:
        print(f"    {gain:6.1f} {outcome:8} {orig} -> {alt}: {ctx!r}")


def clean(det, swaps_of, name: str, texts: list[str], low: float) -> None:
    docs = [Document(t) for t in texts]
    swaps = swaps_of(det, docs, low)
    rows = [(g, o, al, doc.text[max(0, a - 60) : b + 40]) for doc, sw in zip(docs, swaps) for a, b, o, al, g in sw]
    words = sum(len(t.split()) for t in texts)
    print(f"{name}: {len(texts)} articles, {words} words, {len(rows)} places")
    for mg in MARGINS:
        print(f"  margin {mg:>2}: {sum(1 for r in rows if r[0] >= mg)} swaps of correct copy")
    for gain, orig, alt, ctx in sorted(rows, reverse=True)[:15]:
        print(f"    {gain:6.1f} {orig} -> {alt}: {ctx!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", required=True, type=Path)
    ap.add_argument("--limit", type=int, default=60, help="clean articles of each set")
    ap.add_argument("--low", type=float, default=-99.0, help="only pronouns with this much LM evidence")
    ap.add_argument("--product", action="store_true", help="what `check` does (confusion repairs)")
    ap.add_argument("--train", action="store_true", help="also the Reuters/BBC train split (clean)")
    ap.add_argument("--only", help="with --product: only these words of the table (comma-separated)")
    a = ap.parse_args()
    run(a)


def run(a) -> None:
    swaps_of = product_swaps if a.product else best_swaps
    if a.only:
        keep = {w: CONFUSIONS[w] for w in a.only.split(",")}
        CONFUSIONS.clear()
        CONFUSIONS.update(keep)
    det = shipped_lm_detector()
    btdev(det, swaps_of, a.corpora / "bt-dev", a.low)
    clean(det, swaps_of, "clean Reuters/BBC dev", dev_articles(a.corpora, a.limit), a.low)
    clean(det, swaps_of, "clean WMT (not bt-dev)", wmt_articles(a.corpora)[: a.limit], a.low)
    if a.train:
        clean(det, swaps_of, "clean Reuters/BBC train", dev_articles(a.corpora, a.limit, split="train"), a.low)


if __name__ == "__main__":
    main()
