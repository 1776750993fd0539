"""Export a trained detector to the shipped form: ``<models>/detector/`` holds the CTranslate2
int8 encoder (model.bin, config.json, vocabulary.json), the linear head (head_weight.npy,
head_bias.npy), the SentencePiece model (spm.model) and metadata.json; a ``rewriter/`` beside
it is left alone. ``set_calibrated_threshold`` picks the threshold on clean dev news."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..corpora import portable


def export(
    run_dir: str | Path,
    out_dir: str | Path,
    threshold: float = 0.5,
    quantization: str = "int8",
    extra_meta: dict | None = None,
) -> Path:
    """Write ``<out_dir>/detector/`` from a run's Hugging Face model; returns out_dir."""
    import numpy as np
    import torch
    from ctranslate2.converters.converter import Converter
    from ctranslate2.converters.transformers import BertLoader
    from transformers import BertForTokenClassification, BertModel

    from ...model.pieces import Pieces
    from .train import LABELS

    run = Path(run_dir)
    out = Path(out_dir)
    folder = out / "detector"
    model = BertForTokenClassification.from_pretrained(run / "hf")
    model.eval()
    cfg = model.config
    bert = BertModel(cfg, add_pooling_layer=True)
    missing, _ = bert.load_state_dict(model.bert.state_dict(), strict=False)
    assert all(m.startswith("pooler") for m in missing), missing
    vocab = Pieces(run / "spm.model").vocab

    if not hasattr(cfg, "position_embedding_type"):
        cfg.position_embedding_type = "absolute"  # transformers 5 dropped the field

    class _Conv(Converter):
        def _load(self):
            spec = BertLoader().get_model_spec(bert)
            spec.config.unk_token = "<unk>"
            spec.config.layer_norm_epsilon = cfg.layer_norm_eps
            spec.register_vocabulary(list(vocab))
            return spec

    if folder.exists():
        shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        _Conv().convert(str(folder), quantization=quantization, force=True)
    np.save(folder / "head_weight.npy", model.classifier.weight.detach().numpy().astype("float32"))
    np.save(folder / "head_bias.npy", model.classifier.bias.detach().numpy().astype("float32"))
    shutil.copy(run / "spm.model", folder / "spm.model")
    meta = _metadata(run, model, LABELS, threshold, quantization, extra_meta)
    (folder / "metadata.json").write_text(json.dumps(meta, indent=1))
    return out


def _metadata(run: Path, model, labels, threshold: float, quantization: str, extra_meta: dict | None) -> dict:
    """The detector's metadata.json: labels, sizes, threshold, and the run's training config."""
    cfg = model.config
    meta = {
        "kind": "token-detector",
        "labels": list(labels),
        "max_len": cfg.max_position_embeddings - 2,
        "threshold": threshold,
        "quantization": quantization,
        "hidden": cfg.hidden_size,
        "layers": cfg.num_hidden_layers,
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    tc = run / "config.json"
    if tc.is_file():
        meta["training"] = portable(json.loads(tc.read_text()))
    meta.update(extra_meta or {})
    return meta


def set_calibrated_threshold(models: Path, corpus: Path, limit: int = 0, out=print) -> float:
    """The detector of ``<models>/detector/`` gets the threshold that ``metrics.calibrate`` picks
    on the clean Reuters/BBC dev articles of the news corpus folder ``corpus``."""
    from ...model.detector import ModelDetector
    from .metrics import calibrate

    folder = Path(models) / "detector"
    thr, rates = calibrate(ModelDetector(folder), corpus, limit)
    meta = json.loads((folder / "metadata.json").read_text())
    meta["threshold"] = thr
    meta["calibration"] = {
        "false_flags_per_1000_words": {str(k): round(v, 3) for k, v in rates.items()},
        "articles": "Reuters/BBC dev split",
    }
    (folder / "metadata.json").write_text(json.dumps(meta, indent=1))
    out(f"threshold {thr} (false flags per 1,000 words: " + ", ".join(f"{k}: {v:.2f}" for k, v in rates.items()) + ")")
    return thr
