"""Every flag and fix fixcopy makes on real neural MT news (MQM 2020 zh-en), set against the error
spans that the professional raters marked: how often a flag or a fix lands where a rater saw an
error, system by system, and the list of fixes to read. The two human reference translations
(`Human-A.0`, `Human-B.0`) are scored the same way, as the nearest thing to clean copy in the set.

    python benchmarks/mqm_fix_report.py --mqm /path/to/corpora/mqm/mqm_2020_zhen.jsonl \
        [--systems Online-B.1605,DeepMind.381,Human-A.0,Human-B.0] [--docs N] [--show fixes|off|all]

A document's segments are its lines, as WMT articles are laid out (bt-dev's too). Each segment
was rated by three raters; a flag counts as on an error when it overlaps any span any of them
marked, of any category (MQM marks meaning errors too, which fixcopy does not aim at). Paragraphs
that were one quotation split into segments open or close a quote on another line, so the
quotation-mark flags are counted apart. Nothing is tuned on this set: it is read to find wrong
fixes and flags on MT output fixcopy was never measured on before.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path

from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.pipeline import check_documents, fixes
from fixcopy.training.corpora import default_corpus

QUOTES = frozenset('"\u201c\u201d')


def load(path: Path, systems: set[str], max_docs: int) -> list[tuple[str, str, list[dict]]]:
    """(system, document, its segments in order: target text and every rater's error spans)."""
    segs: dict[tuple[str, str, int], dict] = {}
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        if r["system"] not in systems:
            continue
        s = segs.setdefault((r["system"], r["doc"], r["doc_seg"]), {"target": r["target"], "errors": []})
        if r["target"] == s["target"]:
            s["errors"] += [(e["start"], e["end"]) for e in r["errors"] if e.get("start") is not None]
    by_doc: dict[tuple[str, str], list[tuple[int, dict]]] = collections.defaultdict(list)
    for (system, doc, n), s in segs.items():
        by_doc[(system, doc)].append((n, s))
    docs = sorted({d for _, d in by_doc})[: max_docs or None]
    return [
        (s, d, [seg for _, seg in sorted(by_doc[(s, d)], key=lambda x: x[0])]) for s, d in sorted(by_doc) if d in docs
    ]


def article(segments: list[dict]) -> tuple[str, list[tuple[int, dict]]]:
    """The document as one segment per line, and where each segment starts."""
    starts, pos = [], 0
    for s in segments:
        starts.append((pos, s))
        pos += len(s["target"].replace("\n", " ")) + 1
    return "\n".join(s["target"].replace("\n", " ") for s in segments) + "\n", starts


def rated(seg: dict, start: int, end: int) -> bool:
    """Whether the segment's span start..end (non-empty) overlaps an error a rater marked; an
    insertion point marked by a rater counts as the character after it."""
    return any(x < end and start < max(y, x + 1) for x, y in seg["errors"])


def on_error(start: int, end: int, starts: list[tuple[int, dict]]) -> tuple[bool, str]:
    """Whether document span start..end overlaps a rated error, and its segment's text."""
    for a, seg in reversed(starts):
        if a <= start:
            return rated(seg, start - a, max(end, start + 1) - a), seg["target"]
    return False, ""


def words_on_error(seg: dict) -> int:
    """How many of a segment's whitespace words overlap a rated error (the chance that a flag on a
    word picked at random lands on one)."""
    return sum(rated(seg, m.start(), m.end()) for m in re.finditer(r"\S+", seg["target"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mqm = default_corpus("mqm")
    ap.add_argument("--mqm", type=Path, default=mqm / "mqm_2020_zhen.jsonl" if mqm else None, required=mqm is None)
    ap.add_argument("--systems", default="Online-B.1605,DeepMind.381,Human-A.0,Human-B.0")
    ap.add_argument("--docs", type=int, default=0, help="at most this many documents (the same ones per system)")
    ap.add_argument(
        "--show", choices=("fixes", "off", "all"), default="fixes", help="what to list: fixes, flags off errors, all"
    )
    a = ap.parse_args()
    data = load(a.mqm, set(a.systems.split(",")), a.docs)
    arts = [article(segs) for _, _, segs in data]
    cfg = Config()
    results = check_documents([Document(t) for t, _ in arts], cfg, detectors_for(cfg))
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    listing = []
    for (system, _, segs), (text, starts), sugs in zip(data, arts, results):
        t = table[system]
        t["words"] += len(text.split())
        t["words_on_error"] += sum(words_on_error(seg) for seg in segs)
        applied = {(s.start, s.end) for s in fixes(sugs, cfg.fix_min_confidence)}
        for s in sugs:
            if s.confidence < cfg.min_confidence:
                continue
            hit, seg = on_error(s.start, s.end, starts)
            kind = "quote" if set(s.text.strip()) <= QUOTES and s.replacement is None else "flag"
            t[kind] += 1
            t[kind + "_on_error"] += hit
            fix = (s.start, s.end) in applied
            t["fix"] += fix
            t["fix_on_error"] += fix and hit
            if a.show == "all" or (a.show == "fixes" and fix) or (a.show == "off" and not hit and kind == "flag"):
                listing.append(
                    f"{system} {s.source}/{s.category} {s.confidence:.2f} on_error={hit} "
                    f"{s.text!r} -> {s.replacement!r}\n    {seg}"
                )
    print(
        "| system | words | words in a rated error | flags per 1k | on a rated error "
        "| quotation-mark flags (on error) | fixes | on a rated error |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for system, t in sorted(table.items()):
        print(
            f"| {system} | {t['words']:,} | {t['words_on_error'] / max(t['words'], 1):.0%} "
            f"| {1000 * t['flag'] / max(t['words'], 1):.2f} | "
            f"{t['flag_on_error']}/{t['flag']} | {t['quote']} ({t['quote_on_error']}) | {t['fix']} | {t['fix_on_error']}/{t['fix']} |"
        )
    print("\n".join(listing))


if __name__ == "__main__":
    main()
