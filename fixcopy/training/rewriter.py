"""Training, export and evaluation of the span rewriter (see fixcopy/model/rewriter.py).

Data: the synthetic garbles of generator.py on the train split. For each garble span the
replacement is found by aligning the garbled and the clean sentence (difflib on word / space /
punctuation tokens); the marked span is widened to cover the whole edit. A share of the
examples marks an untouched word of a clean sentence with itself as the target, so that the
model learns to leave good text alone (such outputs are never offered at runtime).

Model: BartForConditionalGeneration from scratch on the shipped 8k SentencePiece vocabulary
(shared embeddings). Training is resumable (``<run>/checkpoint.pt``), seeded, configured by
a TOML file, capped by wall-clock minutes and uses CUDA when present. Export: CTranslate2
int8 (the BART loader fed directly), threshold measured on synthetic dev pairs.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from ..categories import CATEGORY_IDS
from ..model.pieces import Pieces
from ..model.rewriter import MAX_DECODING_LENGTH, encode_source, make_input
from . import corpus as corpus_mod
from . import loop
from .generator import generate

SHIPPED_SPM = Path(__file__).resolve().parent.parent / "models" / "spm.model"
PAD, UNK, BOS, EOS = 0, 1, 2, 3


@dataclass
class RewriterConfig(loop.RunConfig):
    run_dir: str = "runs/rewriter"
    variants: int = 2
    batch_size: int = 64
    lr: float = 7e-4
    warmup: int = 400
    max_steps: int = 50000
    max_minutes: float = 40.0
    spm: str = str(SHIPPED_SPM)
    identity_rate: float = 0.08  # share of examples that mark an untouched word
    # chance, for each garble, of one more example: the same place in the repaired sentence
    # under the same category, with itself as the target (a false flag: change nothing)
    counterpart_rate: float = 0.0
    max_tgt: int = MAX_DECODING_LENGTH - 1
    d_model: int = 256
    encoder_layers: int = 3
    decoder_layers: int = 3
    max_positions: int = 128
    label_smoothing: float = 0.0
    dev_sentences: int = 1500


def load_config(path: str | Path | None, **overrides) -> RewriterConfig:
    return loop.load_config(RewriterConfig, path, "rewriter", overrides)


# ---- targets -------------------------------------------------------------------------------

_TOK_RE = re.compile(r"\w+|\s+|[^\w\s]")


def _toks(s: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOK_RE.finditer(s)]


def span_targets(garbled: str, clean: str, spans) -> list[tuple[int, int, str, str]]:
    """(start, end, category, replacement) for each garble span, in the garbled text. The span
    is widened to the whole edit it belongs to; replacement "" = delete the span (and the
    space before it)."""
    gt, ct = _toks(garbled), _toks(clean)
    gs, cs = [garbled[a:b] for a, b in gt], [clean[a:b] for a, b in ct]
    ops = SequenceMatcher(None, gs, cs, autojunk=False).get_opcodes()
    gpos = [a for a, _ in gt] + [len(garbled)]
    cpos = [a for a, _ in ct] + [len(clean)]
    starts = [a for a, _ in gt]
    out = []
    for s, e, cat in spans:
        if not gt or s >= e:
            continue
        ts = max(0, bisect_right(starts, s) - 1)
        te = bisect_right(starts, e - 1)
        # edits touching the span, or only a space away from it (an insertion before the space)
        ts_m = ts - 1 if ts > 0 and gs[ts - 1].isspace() else ts
        te_m = te + 1 if te < len(gs) and gs[te].isspace() else te
        changes = [op for op in ops if op[0] != "equal" and
                   ((op[1] < te and op[2] > ts) or (op[1] == op[2] and ts_m <= op[1] <= te_m))]
        if not changes:
            continue
        ts2 = min(ts, min(op[1] for op in changes))
        te2 = max(te, max(op[2] for op in changes))
        c0 = min([j1 + (ts2 - i1) for tag, i1, i2, j1, j2 in ops if i1 <= ts2 < i2 and tag == "equal"] +
                 [j1 for tag, i1, i2, j1, j2 in ops if i1 == ts2] + [j2 for tag, i1, i2, j1, j2 in ops if i2 == ts2])
        c1 = max([j1 + (te2 - i1) for tag, i1, i2, j1, j2 in ops if i1 < te2 < i2 and tag == "equal"] +
                 [j2 for tag, i1, i2, j1, j2 in ops if i2 == te2] + [j1 for tag, i1, i2, j1, j2 in ops if i1 == te2])
        a, b = gpos[ts2], gpos[te2]
        seg, rep = garbled[a:b], clean[cpos[c0] : cpos[c1]]
        while seg and seg[0].isspace():
            if rep[:1] == seg[0]:
                rep = rep[1:]
            seg, a = seg[1:], a + 1
        while seg and seg[-1].isspace():
            if rep[-1:] == seg[-1]:
                rep = rep[:-1]
            seg, b = seg[:-1], b - 1
        if not rep.strip():
            rep = ""
        if not seg or rep != rep.strip() or rep == seg:
            continue
        out.append((a, b, cat, rep))
    return out


def identity_target(text: str, rng: random.Random) -> tuple[int, int, str, str] | None:
    words = [m for m in re.finditer(r"[^\W_]+(?:[-'’][^\W_]+)*", text)]
    if len(words) < 3:
        return None
    k = rng.randrange(len(words))
    n = 1 if rng.random() < 0.75 else 2
    a, b = words[k].start(), words[min(len(words) - 1, k + n - 1)].end()
    return a, b, rng.choice(CATEGORY_IDS), text[a:b]


def examples_from_pairs(pairs, rng: random.Random, identity_rate: float, counterpart_rate: float = 0.0):
    """(source text, target text, category, span) examples."""
    out = []
    for p in pairs:
        for a, b, cat, rep in span_targets(p.garbled, p.clean, p.spans):
            out.append((make_input(p.garbled, a, b, cat), rep, cat, p.garbled[a:b]))
            if rep and rng.random() < counterpart_rate:
                (text, c0, c1, _), = clean_counterparts([(p.garbled, a, b, cat, rep)])
                out.append((make_input(text, c0, c1, cat), rep, "counterpart", rep))
        if rng.random() < identity_rate * (1 + len(p.spans)):
            t = identity_target(p.garbled, rng)
            if t and not any(t[0] < e and s < t[1] for s, e, _ in p.spans):
                out.append((make_input(p.garbled, t[0], t[1], t[2]), t[3], "identity", t[3]))
    return out


def encode_examples(pieces: Pieces, exs, max_tgt: int):
    out = []
    for src, tgt, _, _ in exs:
        t = pieces.sp.encode(tgt) if tgt else []
        if len(t) > max_tgt:
            continue
        out.append((encode_source(pieces, src), t))
    return out


def build_data(cfg: RewriterConfig, log=print):
    import torch

    run = Path(cfg.run_dir)
    run.mkdir(parents=True, exist_ok=True)
    cache = run / "data.pt"
    pieces = Pieces(cfg.spm)
    if cache.is_file():
        return pieces, torch.load(cache)
    t0 = time.time()
    rng = random.Random(cfg.seed)
    train_sents, dev_sents = corpus_mod.shuffled_sentences(Path(cfg.corpus), rng, cfg.max_train_sentences, cfg.dev_sentences)
    log(f"{len(train_sents)} train sentences, {len(dev_sents)} dev sentences ({time.time() - t0:.0f}s)")
    train_ex = []
    for v in range(cfg.variants):
        pairs = generate(train_sents, seed=cfg.seed * 1000 + 500 + v, clean_rate=cfg.clean_rate)
        train_ex.extend(examples_from_pairs(pairs, rng, cfg.identity_rate, cfg.counterpart_rate))
        log(f"variant {v}: {len(train_ex)} examples ({time.time() - t0:.0f}s)")
    dev_ex = examples_from_pairs(generate(dev_sents, seed=cfg.seed + 7777, clean_rate=cfg.clean_rate),
                                 random.Random(cfg.seed + 1), cfg.identity_rate, cfg.counterpart_rate)
    data = {"train": encode_examples(pieces, train_ex, cfg.max_tgt),
            "dev": encode_examples(pieces, dev_ex, cfg.max_tgt)}
    torch.save(data, cache)
    with (run / "samples.jsonl").open("w", encoding="utf-8") as f:
        for e in train_ex[:300]:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    log(f"data: {len(data['train'])} train, {len(data['dev'])} dev examples ({time.time() - t0:.0f}s)")
    return pieces, data


# ---- model ---------------------------------------------------------------------------------

def make_model(cfg: RewriterConfig, vocab_size: int):
    from transformers import BartConfig, BartForConditionalGeneration

    bc = BartConfig(
        vocab_size=vocab_size, d_model=cfg.d_model, encoder_layers=cfg.encoder_layers,
        decoder_layers=cfg.decoder_layers, encoder_attention_heads=cfg.heads, decoder_attention_heads=cfg.heads,
        encoder_ffn_dim=cfg.ffn, decoder_ffn_dim=cfg.ffn, max_position_embeddings=cfg.max_positions,
        dropout=cfg.dropout, attention_dropout=0.0, activation_dropout=0.0, activation_function="gelu",
        pad_token_id=PAD, bos_token_id=BOS, eos_token_id=EOS, decoder_start_token_id=BOS,
        forced_bos_token_id=None, forced_eos_token_id=None, scale_embedding=False,
        tie_word_embeddings=True, init_std=0.02,
    )
    return BartForConditionalGeneration(bc)


def collate(batch, device, max_src: int):
    import torch

    ns = min(max_src, max(len(s) for s, _ in batch))
    nt = max(len(t) for _, t in batch) + 1
    src = torch.full((len(batch), ns), PAD, dtype=torch.long)
    mask = torch.zeros(len(batch), ns, dtype=torch.long)
    dec = torch.full((len(batch), nt), PAD, dtype=torch.long)
    labels = torch.full((len(batch), nt), -100, dtype=torch.long)
    for i, (s, t) in enumerate(batch):
        s = s[:ns]
        src[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
        dec[i, : len(t) + 1] = torch.tensor([BOS] + t)
        labels[i, : len(t) + 1] = torch.tensor(t + [EOS])
    return src.to(device), mask.to(device), dec.to(device), labels.to(device)


def _loss(model, batch, cfg, device):
    import torch.nn.functional as F

    src, mask, dec, labels = collate(batch, device, cfg.max_positions)
    out = model(input_ids=src, attention_mask=mask, decoder_input_ids=dec)
    loss = F.cross_entropy(out.logits.reshape(-1, out.logits.size(-1)), labels.reshape(-1),
                           ignore_index=-100, label_smoothing=cfg.label_smoothing if model.training else 0.0)
    return loss, out.logits, labels


def evaluate_loss(model, data, cfg, device, limit=1500):
    import torch

    model.eval()
    tot = n = ok = 0
    with torch.no_grad():
        ex = data[:limit]
        for i in range(0, len(ex), 64):
            b = ex[i : i + 64]
            loss, logits, labels = _loss(model, b, cfg, device)
            tot += loss.item() * len(b)
            n += len(b)
            pred = logits.argmax(-1)
            ok += int(((pred == labels) | (labels == -100)).all(-1).sum())  # teacher-forced exact
    model.train()
    return tot / max(n, 1), ok / max(n, 1)


def batches_of_epoch(n_items: int, lengths: list[int], bs: int, seed: int) -> list[list[int]]:
    """Shuffled batches of similar source length (sorted within chunks of 50 batches)."""
    order = list(range(n_items))
    rng = random.Random(seed)
    rng.shuffle(order)
    out = []
    chunk = bs * 50
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk], key=lambda i: lengths[i])
        out.extend(part[k : k + bs] for k in range(0, len(part), bs))
    rng.shuffle(out)
    return out


def train(cfg: RewriterConfig, log=print) -> Path:
    """Train (or resume) until max_steps or max_minutes; returns the run folder."""
    def hf_weights(folder: str) -> dict:
        from transformers import BartForConditionalGeneration

        return BartForConditionalGeneration.from_pretrained(folder).state_dict()

    device, run, pieces, data, model = loop.prepare(cfg, build_data, make_model, hf_weights, log)
    lengths = [len(s) for s, _ in data["train"]]

    def epoch_batches(epoch: int) -> list[list[int]]:
        return batches_of_epoch(len(lengths), lengths, cfg.batch_size, cfg.seed + epoch)

    def step_loss(batch: list[int]):
        loss, _, labels = _loss(model, [data["train"][i] for i in batch], cfg, device)
        return loss, int((labels != -100).sum())

    def evaluate() -> str:
        dl, acc = evaluate_loss(model, data["dev"], cfg, device)
        return f"loss {dl:.4f} exact (teacher-forced) {acc:.3f}"

    loop.fit(cfg, run, model, epoch_batches, step_loss, evaluate, log, lr_floor=0.05, unit="tgt tok/s")
    model.save_pretrained(run / "hf")
    return run


def save_hf_from_checkpoint(run_dir: str | Path) -> Path:
    """Write <run>/hf from the latest checkpoint (to export while training goes on)."""
    def make(c: dict):
        cfg = RewriterConfig(**c)
        return make_model(cfg, len(Pieces(cfg.spm)))

    return loop.save_hf_from_checkpoint(run_dir, make)


# ---- export --------------------------------------------------------------------------------

def export(run_dir: str | Path, out_dir: str | Path, quantization: str = "int8", threshold: float = 0.9,
           extra_meta: dict | None = None) -> Path:
    """CTranslate2 int8 translator + metadata.json in out_dir (the SentencePiece model is the
    detector's: fixcopy/models/spm.model, one folder up; copied when out_dir has none above)."""
    import torch
    from ctranslate2.converters.converter import Converter
    from ctranslate2.converters.transformers import BartLoader
    from transformers import BartForConditionalGeneration

    run = Path(run_dir)
    out = Path(out_dir)
    cfgd = json.loads((run / "config.json").read_text())
    model = BartForConditionalGeneration.from_pretrained(run / "hf")
    model.eval()
    model.config.normalize_before = False
    model.config.normalize_embedding = True
    pieces = Pieces(cfgd.get("spm", SHIPPED_SPM))
    vocab = list(pieces.vocab)

    class _Conv(Converter):
        def _load(self):
            spec = BartLoader().get_model_spec(model)
            spec.config.bos_token = "<s>"
            spec.config.eos_token = "</s>"
            spec.config.unk_token = "<unk>"
            spec.config.decoder_start_token = "<s>"
            spec.register_source_vocabulary(vocab)
            spec.register_target_vocabulary(vocab)
            return spec

    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        _Conv().convert(str(out), quantization=quantization, force=True)
    if not (out.parent / "spm.model").is_file():
        shutil.copy(cfgd.get("spm", SHIPPED_SPM), out / "spm.model")
    meta = {"kind": "span-rewriter", "threshold": threshold, "quantization": quantization,
            "d_model": model.config.d_model, "encoder_layers": model.config.encoder_layers,
            "decoder_layers": model.config.decoder_layers,
            "parameters": sum(p.numel() for p in model.parameters()),
            "max_decoding_length": MAX_DECODING_LENGTH, "training": cfgd}
    meta.update(extra_meta or {})
    (out / "metadata.json").write_text(json.dumps(meta, indent=1))
    return out


# ---- evaluation ----------------------------------------------------------------------------

def gold_items(pairs: list[dict]) -> list[tuple[str, int, int, str, str]]:
    """(text, start, end, category, gold replacement) for each garble of the dev pairs."""
    out = []
    for p in pairs:
        for a, b, cat, rep in span_targets(p["garbled"], p["clean"], [tuple(s) for s in p["spans"]]):
            out.append((p["garbled"], a, b, cat, rep))
    return out


def clean_counterparts(items: list[tuple[str, int, int, str, str]]) -> list[tuple[str, int, int, str]]:
    """For each gold item with a non-empty replacement, the same place in the repaired sentence
    under the same category: a false flag, where the right answer is to change nothing. (The
    rewriter learns antonyms for mistranslation; asked about a correct "rose" it answers "fell".)"""
    out = []
    for text, a, b, cat, rep in items:
        if rep.strip():
            out.append((text[:a] + rep + text[b:], a, a + len(rep), cat))
    return out


THRESHOLD_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)
NEVER = 1.01  # a threshold no confidence reaches
MIN_ITEMS = 25  # fewer calibration spans than this: the category uses the global threshold


def choose_threshold(scored: list[tuple[float, bool]], target: float = 0.9) -> float | None:
    """The lowest confidence threshold of the grid whose offered replacements are right at least
    `target` of the time, and stay so at every higher threshold; None when there is none."""
    best = None
    for thr in reversed(THRESHOLD_GRID):
        sel = [ok for c, ok in scored if c >= thr]
        if not sel:
            continue
        if sum(sel) / len(sel) >= target:
            best = thr
        else:
            break
    return best


def calibrate(models_rw: Path, corpus: Path, n: int = 3000, target: float = 0.9, out=print) -> dict:
    """Thresholds (global and per category) on synthetic dev pairs (dev split, a seed of its own,
    not the evaluation pairs), written to metadata.json."""
    from ..model.rewriter import Rewriter
    from .evaluate import dev_pairs

    rw = Rewriter(models_rw)
    items = gold_items(dev_pairs(corpus, n, seed=4242))
    gens = rw.generate([it[:4] for it in items])
    # only outputs that would be offered at some threshold (not the span itself, no stray spaces)
    scored = [(it[3], c, h == it[4]) for it, (h, c) in zip(items, gens)
              if h != it[0][it[1] : it[2]] and h == h.strip()]
    # a change offered on a correct span (a false flag) counts as a wrong replacement
    clean = clean_counterparts(items)
    scored += [(it[3], c, False) for it, (h, c) in zip(clean, rw.generate(clean))
               if h != it[0][it[1] : it[2]] and h == h.strip()]
    glob = choose_threshold([(c, ok) for _, c, ok in scored], target)
    glob = NEVER if glob is None else glob
    per = {}
    for cat in CATEGORY_IDS:
        sc = [(c, ok) for k, c, ok in scored if k == cat]
        if len(sc) < MIN_ITEMS:
            continue
        t = choose_threshold(sc, target)
        per[cat] = NEVER if t is None else t
    offered = [ok for k, c, ok in scored if c >= per.get(k, glob)]
    meta = json.loads((models_rw / "metadata.json").read_text())
    meta["threshold"] = glob
    meta["thresholds"] = per
    meta["calibration"] = {"spans": len(items), "clean_spans": len(clean), "offered": len(offered),
                           "target_precision": target,
                           "precision": round(sum(offered) / max(len(offered), 1), 4),
                           "pairs": f"{n} synthetic dev sentences (dev split, seed 4242)"}
    (models_rw / "metadata.json").write_text(json.dumps(meta, indent=1))
    out(f"rewriter thresholds: global {glob}, " + ", ".join(f"{k} {v}" for k, v in per.items()))
    out(f"calibration: {len(offered)} offered on {len(items)} garbled and {len(clean)} correct spans, precision {sum(offered) / max(len(offered), 1):.3f}")
    return {"threshold": glob, "thresholds": per}


class _WithRewriter:
    """A detector whose flags() also gets the rewriter's replacements (for synthetic_scores)."""

    def __init__(self, det, rw):
        self.det, self.rw = det, rw

    def flags(self, texts, thr=None):
        fl = self.det.flags(texts, thr)
        return self.det.add_replacements(texts, fl, self.rw)


def run_eval(models: Path, corpus: Path, n: int = 2000, out=print) -> dict:
    """Rewriter on gold spans of synthetic dev pairs (per category: exact match, coverage,
    precision of the confident ones) and the detector's end-to-end exact-fix rate without and
    with the rewriter."""
    from ..model.detector import ModelDetector
    from ..model.rewriter import Rewriter
    from .evaluate import dev_pairs, synthetic_scores

    t0 = time.time()
    rw = Rewriter(models / "rewriter")
    pairs = dev_pairs(corpus, n)
    items = gold_items(pairs)
    t1 = time.time()
    rws = rw.rewrite([it[:4] for it in items])
    gen_s = time.time() - t1
    per = {c: defaultdict(int) for c in list(CATEGORY_IDS) + ["all"]}
    clean = clean_counterparts(items)
    for it, r in zip(clean, rw.rewrite(clean)):
        for c in (it[3], "all"):
            per[c]["clean"] += 1
            per[c]["false_fix"] += r.replacement is not None
    for it, r in zip(items, rws):
        for c in (it[3], "all"):
            d = per[c]
            d["n"] += 1
            d["exact"] += r.text == it[4]
            if r.replacement is not None:
                d["offered"] += 1
                d["offered_ok"] += r.replacement == it[4]
    out(f"rewriter: {models / 'rewriter'} (threshold {rw.threshold}); {len(pairs)} synthetic dev sentences, "
        f"{len(items)} gold spans ({gen_s:.1f}s, {1000 * gen_s / max(len(items), 1):.1f} ms/span)")
    out(f"{'category':<20}{'spans':>7}{'exact':>8}{'coverage':>10}{'precision':>11}{'false-fix':>11}")
    res = {"per_category": {}}
    for c, d in per.items():
        if not d["n"]:
            continue
        ex, cov = d["exact"] / d["n"], d["offered"] / d["n"]
        pr = d["offered_ok"] / d["offered"] if d["offered"] else float("nan")
        ff = d["false_fix"] / d["clean"] if d["clean"] else float("nan")
        out(f"{c:<20}{d['n']:>7}{ex:>8.3f}{cov:>10.3f}{pr:>11.3f}{ff:>11.3f}")
        res["per_category"][c] = {"spans": d["n"], "exact": ex, "coverage": cov, "precision": pr,
                                  "offered": d["offered"], "false_fix": ff}
    out("(exact: the best output equals the gold replacement; coverage: share given a confident"
        " replacement; precision: confident replacements equal to the gold one; false-fix: share of the"
        " same places in the repaired sentence, flagged under the same category, that get a change)")
    det = ModelDetector(models)
    before = synthetic_scores(det, pairs, det.threshold)["tot"]
    after = synthetic_scores(_WithRewriter(det, rw), pairs, det.threshold)["tot"]
    eb, ea = before["exact"] / max(before["single"], 1), after["exact"] / max(after["single"], 1)
    out(f"end-to-end exact-fix (detector flags at threshold {det.threshold}, one-garble sentences, "
        f"n={before['single']}): without rewriter {eb:.3f}, with rewriter {ea:.3f}")
    res.update({"exact_fix_before": eb, "exact_fix_after": ea, "single": before["single"]})
    out(f"({time.time() - t0:.0f}s)")
    return res
