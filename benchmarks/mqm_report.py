"""What the MQM 2020 zh-en raters marked as Fluency/* and Style/Awkward, set against what a
checker held to the clean-news bar (at most 0.5 false flags per 1,000 words) can flag.
A development analysis of mqm/ of the corpora folder ($FIXCOPY_CORPORA; never trained on, nothing chosen from it).

It reports:
* the fluency spans (distinct per system output, the unit of `fixcopy eval`'s recall) by
  category, by who wrote the text (MT system or professional human translation), by length;
* the share that are house-style conventions, not garbles: a missing serial comma (a span of
  just "and" / "or") and straight double quotes, and how often the same conventions occur in
  clean news (serial-comma-less lists and straight quotes per 1,000 words of Reuters/BBC);
* how many flags per 1,000 words a checker must raise on this MT to reach fluency recall
  0.25 (a lower bound: one flag touching one span), against the 0.5 false flags per 1,000
  words allowed on clean news;
* with --model: the shipped detector's word-level AUC (its garbled probability ranking the
  words inside a span of one kind above the words inside no error span at all), per fluency
  category, for the MT systems and the human translations apart.

    python benchmarks/mqm_report.py [--mqm FILE] [--news DIR] [--model] [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path

from fixcopy.training.corpora import default_corpus
from fixcopy.training.detector.metrics import load_mqm

REPO = Path(__file__).resolve().parent.parent
# a list of three or more with no comma before its last "and"/"or": "A, B and C"
SERIAL_LIST = re.compile(r"\b\w[\w'’-]*, (?:[\w'’-]+ ){0,3}?[\w'’-]+ (?:and|or) \w")


def model_aucs(items: list[dict], limit: int = 0) -> dict[tuple[str, str], tuple[float, int]]:
    """(writer, category) -> (AUC, error words): the detector's garbled probability of the
    words inside a span of that category against the words inside no error span."""
    import random

    from fixcopy.model.detector import ModelDetector
    from fixcopy.training.detector.metrics import garbled_scores, roc_auc

    items = list(items)
    random.Random(0).shuffle(items)
    items = items[:limit] if limit else items
    det = ModelDetector(REPO / "fixcopy" / "models" / "detector")
    probs = det.piece_probs([s["target"] for s in items])
    scored: dict[str, list[tuple[float, set[str] | None]]] = collections.defaultdict(list)
    for s, (pr, sp) in zip(items, probs):
        ws = [(m.start(), m.end()) for m in re.finditer(r"\w+", s["target"])]
        writer = "human" if s["system"].startswith("Human-") else "MT"
        for (a, b), score in zip(ws, garbled_scores(pr, sp, ws)):
            if not any(a < e1 and s1 < b for s1, e1 in s["errors"]):
                scored[writer].append((score, None))
            else:
                scored[writer].append((score, {c for (s1, e1), c in s["fluency"].items() if a < e1 and s1 < b}))
    out = {}
    for writer, rows in scored.items():
        clean = [sc for sc, cats in rows if cats is None]
        cats = sorted({c for _, cs in rows if cs for c in cs}) + ["any fluency", "any error"]
        for cat in cats:
            pos = [
                sc
                for sc, cs in rows
                if cs is not None and (cat == "any error" or (cs and (cat == "any fluency" or cat in cs)))
            ]
            out[(writer, cat)] = (roc_auc(pos + clean, [True] * len(pos) + [False] * len(clean)), len(pos))
    return out


def kind(span_text: str) -> str:
    t = span_text.strip()
    if t in ("and", "or"):
        return "serial comma"
    if t == '"':
        return "straight quote"
    return "other"


def news_rates(news: Path) -> dict:
    words = lists = quotes = 0
    for name in ("reuters21578.jsonl", "bbc_news.jsonl"):
        with (news / name).open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                words += len(text.split())
                lists += len(SERIAL_LIST.findall(text))
                quotes += text.count('"')
    return {
        "words": words,
        "serial_comma_less_lists_per_1000": 1000 * lists / words,
        "straight_quotes_per_1000": 1000 * quotes / words,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--mqm",
        type=Path,
        default=default_corpus("mqm/mqm_2020_zhen.jsonl"),
        help="MQM 2020 zh-en (default: under $FIXCOPY_CORPORA)",
    )
    ap.add_argument("--news", type=Path, default=default_corpus("news"), help="default: under $FIXCOPY_CORPORA")
    ap.add_argument("--model", action="store_true", help="also score the shipped detector (a minute or two)")
    ap.add_argument("--limit", type=int, default=0, help="with --model: at most this many system outputs")
    a = ap.parse_args(argv)
    if a.mqm is None or a.news is None:
        ap.error("give --mqm and --news, or set FIXCOPY_CORPORA to the corpora folder")

    items = load_mqm(a.mqm)
    words = sum(len(s["target"].split()) for s in items)
    spans = [(s, a0, b0, cat) for s in items for (a0, b0), cat in s["fluency"].items()]
    n = len(spans)
    print(
        f"MQM 2020 zh-en: {len(items)} system outputs, {words} words, {n} distinct fluency spans "
        f"({1000 * n / words:.1f} per 1,000 words)"
    )
    by_cat = collections.Counter(cat for *_, cat in spans)
    print("by category: " + ", ".join(f"{c} {k} ({k / n:.0%})" for c, k in by_cat.most_common()))
    human = sum(s["system"].startswith("Human-") for s, *_ in spans)
    print(f"in the two human reference translations: {human} ({human / n:.0%})")
    lens = collections.Counter(min(len(s["target"][a0:b0].split()), 4) for s, a0, b0, _ in spans)
    whole = sum(b0 - a0 >= 0.8 * len(s["target"]) for s, a0, b0, _ in spans)
    print(
        "span length in words: "
        + ", ".join(f"{'4+' if k == 4 else k}: {v / n:.0%}" for k, v in sorted(lens.items()))
        + f"; covering >= 80% of the sentence: {whole / n:.0%}"
    )
    kinds = collections.Counter(kind(s["target"][a0:b0]) for s, a0, b0, _ in spans)
    conv = kinds["serial comma"] + kinds["straight quote"]
    print(
        f"house-style conventions: missing serial comma {kinds['serial comma']} ({kinds['serial comma'] / n:.1%}), "
        f"straight double quote {kinds['straight quote']} ({kinds['straight quote'] / n:.1%}); "
        f"together {conv / n:.1%}"
    )
    need = 0.25 * n
    print(
        f"recall 0.25 needs at least {need:.0f} spans touched: >= {1000 * need / words:.1f} flags per 1,000 words "
        f"on this MT (at precision 0.5 that is >= {1000 * need / words / 2:.1f} wrong flags per 1,000 words)"
    )
    if a.news.is_dir():
        r = news_rates(a.news)
        print(
            f"clean news (Reuters + BBC, {r['words']} words): lists without a serial comma "
            f"{r['serial_comma_less_lists_per_1000']:.1f} per 1,000 words, straight double quotes "
            f"{r['straight_quotes_per_1000']:.1f} per 1,000 words; the false-flag bar is 0.5 per 1,000 words"
        )
    if a.model:
        print("shipped detector, word AUC (error words of a kind against words in no error span; 0.5 = chance):")
        for (writer, cat), (auc, npos) in sorted(model_aucs(items, a.limit).items()):
            if npos >= 100:
                print(f"  {writer:5} {cat:28} {auc:.3f}  ({npos} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
