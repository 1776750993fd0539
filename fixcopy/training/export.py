"""Export a trained detector to the shipped form: CTranslate2 int8 encoder, the linear
head as .npy, the SentencePiece model and metadata.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def export(run_dir: str | Path, out_dir: str | Path, threshold: float = 0.5, quantization: str = "int8",
           extra_meta: dict | None = None) -> Path:
    import numpy as np
    import torch
    from ctranslate2.converters.converter import Converter
    from ctranslate2.converters.transformers import BertLoader
    from transformers import BertForTokenClassification, BertModel

    from .tokenizer import Pieces
    from .train import LABELS

    run = Path(run_dir)
    out = Path(out_dir)
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

    # only the detector's own files are replaced: a rewriter/ beside them stays
    if (out / "detector").exists():
        shutil.rmtree(out / "detector")
    out.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        _Conv().convert(str(out / "detector"), quantization=quantization, force=True)
    np.save(out / "head_weight.npy", model.classifier.weight.detach().numpy().astype("float32"))
    np.save(out / "head_bias.npy", model.classifier.bias.detach().numpy().astype("float32"))
    shutil.copy(run / "spm.model", out / "spm.model")
    meta = {
        "kind": "token-detector",
        "labels": list(LABELS),
        "max_len": cfg.max_position_embeddings - 2,
        "threshold": threshold,
        "quantization": quantization,
        "hidden": cfg.hidden_size, "layers": cfg.num_hidden_layers,
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    tc = run / "config.json"
    if tc.is_file():
        meta["training"] = json.loads(tc.read_text())
    meta.update(extra_meta or {})
    (out / "metadata.json").write_text(json.dumps(meta, indent=1))
    return out
