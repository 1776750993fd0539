"""Every hit of some rule modules, to read before a rule ships: over all clean news (Reuters, BBC,
WMT without bt-dev's articles, FLORES: a hit is false unless the source has a real error), over
MLQE-PE's real NMT output and its post-edits (a hit on a post-edit is false unless the translator
left an error), over bt-dev's garbled articles (on a gold region or not) and over the sample
stories of corpora/ (on a planted garble or not). One line a hit, with its context; the counts
at the end of each part.

    python benchmarks/rule_hits.py --corpora ../shared/corpora --rules preposition,agreement [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
from pathlib import Path

from fixcopy.document import Document

REPO = Path(__file__).resolve().parent.parent


def context(doc: Document, s) -> str:
    t = doc.text
    return (f"{t[max(0, s.start - 70) : s.start]}[{s.text} -> {s.replacement!r}]{t[s.end : s.end + 50]}").replace(
        "\n", " "
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", required=True, type=Path)
    ap.add_argument("--rules", required=True, help="rule modules, comma-separated (fixcopy/rules/NAME.py)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many articles per news file")
    a = ap.parse_args()
    mods = [importlib.import_module(f"fixcopy.rules.{m}") for m in a.rules.split(",")]

    def hits(doc: Document):
        return [s for m in mods for s in m.check(doc) if doc.is_prose(s.start, s.end)]

    held = {json.loads(line)["doc"] for line in open(a.corpora / "bt-dev" / "articles.jsonl", encoding="utf-8")}
    words = n_clean = 0
    for name in ("reuters21578.jsonl", "bbc_news.jsonl", "wmt_newstest.jsonl", "flores101_devtest.jsonl"):
        for k, line in enumerate(open(a.corpora / "news" / name, encoding="utf-8")):
            r = json.loads(line)
            if (a.limit and k >= a.limit) or r.get("id") in held:
                continue
            d = Document(r["text"])
            words += len(r["text"].split())
            for s in hits(d):
                n_clean += 1
                print(f"clean {name.split('_')[0]} {s.category} {s.confidence:.2f}: {context(d, s)}")
    print(f"== clean news: {n_clean} hits over {words:,} words\n")

    on_mt = on_pe = 0
    for p in sorted((a.corpora / "ape").glob("mlqe_pe_*.jsonl")):
        for line in open(p, encoding="utf-8"):
            r = json.loads(line)
            for side in ("mt", "pe"):
                d = Document(r[side])
                for s in hits(d):
                    on_mt, on_pe = on_mt + (side == "mt"), on_pe + (side == "pe")
                    print(
                        f"mlqe-{side} {p.stem[8:]} {s.category}: {context(d, s)}"
                        + (f" || PE: {r['pe'][:160]}" if side == "mt" else "")
                    )
    print(f"== MLQE-PE: {on_mt} hits on MT output, {on_pe} on post-edits\n")

    gold = collections.defaultdict(list)
    for line in open(a.corpora / "bt-dev" / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        gold[g["file"]].append(g)
    n_bt = on_gold = 0
    for p in sorted((a.corpora / "bt-dev" / "articles").glob("*.txt")):
        d = Document(p.read_text(encoding="utf-8"))
        for s in hits(d):
            on = any(g["start"] < s.end and s.start < g["end"] for g in gold[p.name])
            n_bt, on_gold = n_bt + 1, on_gold + on
            print(f"bt-dev {'gold' if on else 'off '} {s.category}: {context(d, s)}")
    print(f"== bt-dev: {n_bt} hits, {on_gold} on a gold region\n")

    planted = [json.loads(line) for line in open(REPO / "corpora" / "gold.jsonl", encoding="utf-8")]
    files = sorted({g["file"] for g in planted}) + sorted(
        f"clean/{p.name}" for p in (REPO / "corpora" / "clean").glob("*.txt")
    )
    n_s = on_s = 0
    for f in files:
        d = Document((REPO / "corpora" / f).read_text(encoding="utf-8"))
        for s in hits(d):
            on = [g for g in planted if g["file"] == f and g["start"] < s.end and s.start < g["end"]]
            n_s, on_s = n_s + 1, on_s + bool(on)
            print(f"sample {'gold' if on else 'off '} {f} {s.category}: {context(d, s)}")
    print(f"== sample stories: {n_s} hits, {on_s} on a planted garble")


if __name__ == "__main__":
    main()
