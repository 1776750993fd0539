"""False flags of the language model on clean news: every LM flag at the default threshold over
held-out clean articles, per 1,000 words, with the words it flagged (to read them). With --all,
every detector's flags (rules, model, LM), each with its source, to sort the false ones from the
real errors in the source copy.

    python benchmarks/lm_clean_report.py --corpora /path/to/corpora [--limit 150] [--show 40] [--all] [--wmt | --split train]

Articles: the dev split of Reuters and BBC (fixcopy.training.corpus.split_of), skipping WMT
documents (bt-dev's articles come from there); with --wmt, WMT newstest English-original articles
without bt-dev's (held out: no threshold was set on them).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
from pathlib import Path

from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.lm.detector import shipped_lm_detector
from fixcopy.pipeline import check_documents


def dev_articles(corpora: Path, limit: int, split: str = "dev") -> list[str]:
    from fixcopy.training.corpus import split_of

    out = []
    for name in ("reuters21578.jsonl", "bbc_news.jsonl"):
        for line in open(corpora / "news" / name, encoding="utf-8"):
            r = json.loads(line)
            if split_of(r["id"], name.removesuffix(".jsonl")) == split and len(r["text"].split()) >= 150:
                out.append(r["text"])
    random.Random(7).shuffle(out)
    return out[:limit]


def wmt_articles(corpora: Path) -> list[str]:
    """WMT newstest English-original articles, without the ones bt-dev is made of."""
    held = {json.loads(line)["doc"] for line in open(corpora / "bt-dev" / "articles.jsonl", encoding="utf-8")}
    out = []
    for line in open(corpora / "news" / "wmt_newstest.jsonl", encoding="utf-8"):
        r = json.loads(line)
        if r["id"] not in held and ":src:" in r["id"]:
            out.append(r["text"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", required=True, type=Path)
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--show", type=int, default=40)
    ap.add_argument("--all", action="store_true", help="every detector's flags, not only the LM's")
    ap.add_argument(
        "--split",
        default="dev",
        choices=("dev", "train"),
        help="Reuters/BBC split: the train split never set an LM threshold (the tagger was trained on it)",
    )
    ap.add_argument("--wmt", action="store_true", help="WMT newstest articles not in bt-dev, not Reuters/BBC dev")
    a = ap.parse_args()
    det = shipped_lm_detector()
    if det is None:
        raise SystemExit("the language model is not installed: run `fixcopy model install`")
    texts = wmt_articles(a.corpora)[: a.limit] if a.wmt else dev_articles(a.corpora, a.limit, a.split)
    docs = [Document(t) for t in texts]
    results = check_documents(docs, Config(), detectors_for(Config()) if a.all else [det])
    words = sum(d.word_count for d in docs)
    flags = [(d, s) for d, sugs in zip(docs, results) for s in sugs if a.all or s.source == "lm"]
    for src, n in sorted(collections.Counter(s.source for _, s in flags).items()):
        print(f"{src}: {n} flags = {1000 * n / words:.2f} per 1,000 words")
    print(f"{len(docs)} articles, {words} words: {len(flags)} flags = {1000 * len(flags) / words:.2f} per 1,000 words")
    dens = sorted(
        1000 * sum(1 for s in sugs if s.source == "lm") / max(1, d.word_count) for d, sugs in zip(docs, results)
    )
    print(
        "LM flags per 1,000 words by article: "
        + " ".join(f"p{q}={dens[int(q / 100 * (len(dens) - 1))]:.2f}" for q in (50, 75, 90, 95, 100))
    )
    for d, s in flags[: a.show]:
        print(
            f"  {s.source:<5} {s.confidence:.2f} {s.category}: {d.text[max(0, s.start - 50) : s.start]!r} [[{s.text}]] "
            f"{d.text[s.end : s.end + 30]!r}"
        )


if __name__ == "__main__":
    main()
