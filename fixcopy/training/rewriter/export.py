"""Export a rewriter run to the shipped form (a CTranslate2 int8 translator, the BART loader
fed directly) and calibrate its confidence thresholds on synthetic dev pairs. The folder is
self-contained: it gets its own copy of the SentencePiece model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ...categories import CATEGORY_IDS
from ...model.pieces import Pieces
from ...model.rewriter import MAX_DECODING_LENGTH
from ..corpora import portable
from ..garbles import dev_pairs
from .targets import clean_counterparts, gold_items
from .train import spm_path

CONFIDENCE_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)
NEVER = 1.01  # a threshold no confidence reaches
MIN_ITEMS = 25  # fewer calibration spans than this: the category uses the global threshold


def export(
    run_dir: str | Path,
    out_dir: str | Path,
    quantization: str = "int8",
    threshold: float = 0.9,
    extra_meta: dict | None = None,
) -> Path:
    """CTranslate2 int8 translator, spm.model and metadata.json in out_dir (replaced whole)."""
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
    spm = spm_path(cfgd.get("spm", ""))
    vocab = list(Pieces(spm).vocab)

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
    shutil.copy(spm, out / "spm.model")
    meta = {
        "kind": "span-rewriter",
        "threshold": threshold,
        "quantization": quantization,
        "d_model": model.config.d_model,
        "encoder_layers": model.config.encoder_layers,
        "decoder_layers": model.config.decoder_layers,
        "parameters": sum(p.numel() for p in model.parameters()),
        "max_decoding_length": MAX_DECODING_LENGTH,
        "training": portable(cfgd),
    }
    meta.update(extra_meta or {})
    (out / "metadata.json").write_text(json.dumps(meta, indent=1))
    return out


def choose_threshold(scored: list[tuple[float, bool]], target: float = 0.9) -> float | None:
    """The lowest confidence threshold of the grid whose offered replacements are right at least
    `target` of the time, and stay so at every higher threshold; None when there is none."""
    best = None
    for thr in reversed(CONFIDENCE_GRID):
        sel = [ok for c, ok in scored if c >= thr]
        if not sel:
            continue
        if sum(sel) / len(sel) >= target:
            best = thr
        else:
            break
    return best


def _offered(items, gens) -> list[tuple[tuple, float, str]]:
    """(item, confidence, output) for the outputs that would be offered at some threshold
    (not the span itself, no stray spaces)."""
    return [(it, c, h) for it, (h, c) in zip(items, gens) if h != it[0][it[1] : it[2]] and h == h.strip()]


def calibrate(models_rw: Path, corpus: Path, n: int = 3000, target: float = 0.9, out=print) -> dict:
    """Thresholds (global and per category) on synthetic dev pairs (dev split, a seed of its own,
    not the evaluation pairs), written to metadata.json."""
    from ...model.rewriter import Rewriter

    rw = Rewriter(models_rw)
    items = gold_items(dev_pairs(corpus, n, seed=4242))
    scored = [(it[3], c, h == it[4]) for it, c, h in _offered(items, rw.generate([it[:4] for it in items]))]
    # a change offered on a correct span (a false flag) counts as a wrong replacement
    clean = clean_counterparts(items)
    scored += [(it[3], c, False) for it, c, _ in _offered(clean, rw.generate(clean))]
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
    precision = sum(offered) / max(len(offered), 1)
    meta = json.loads((models_rw / "metadata.json").read_text())
    meta["threshold"] = glob
    meta["thresholds"] = per
    meta["calibration"] = {
        "spans": len(items),
        "clean_spans": len(clean),
        "offered": len(offered),
        "target_precision": target,
        "precision": round(precision, 4),
        "pairs": f"{n} synthetic dev sentences (dev split, seed 4242)",
    }
    (models_rw / "metadata.json").write_text(json.dumps(meta, indent=1))
    out(f"rewriter thresholds: global {glob}, " + ", ".join(f"{k} {v}" for k, v in per.items()))
    out(
        f"calibration: {len(offered)} offered on {len(items)} garbled and {len(clean)} correct spans, "
        f"precision {precision:.3f}"
    )
    return {"threshold": glob, "thresholds": per}
