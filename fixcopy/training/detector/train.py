"""Training the token-tagging detector (a small BERT-style encoder trained from scratch).

Each SentencePiece piece of a sentence gets a label: 0 = clean, k = the k-th GARBLES
category. Resumable (``<run>/checkpoint.pt`` holds model, optimiser, step, RNG), seeded,
configured by a TOML file, capped by wall-clock minutes, and uses CUDA when present.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ...categories import CATEGORY_IDS
from ...model.pieces import Pieces
from .. import corpus as corpus_mod
from .. import loop
from ..garbles import generate
from ..tokenizer import train_spm

LABELS = ("O",) + CATEGORY_IDS


@dataclass
class TrainConfig(loop.RunConfig):
    run_dir: str = "runs/detector"
    variants: int = 3
    clean_rate: float = 0.35
    vocab_size: int = 8000
    spm_model_type: str = "unigram"
    max_len: int = 128
    hidden: int = 256
    layers: int = 4
    # real MT errors (MLQE-PE train files, see realmt.py) mixed into the data: a folder under
    # the corpora folder ("ape"), "" = none
    real_mt: str = ""
    real_mt_pairs: list = field(default_factory=lambda: ["ro-en", "et-en", "ru-en"])
    real_mt_max_hter: float = 0.5
    real_mt_repeat: int = 1


def load_config(path: str | Path | None, corpora: str | Path | None = None, **overrides) -> TrainConfig:
    return loop.load_config(TrainConfig, path, "detector", overrides, corpora)


# ---- data ----------------------------------------------------------------------------------


def label_pieces(spans_chars: list[tuple[int, int]], text: str, garbles: list) -> list[int]:
    labels = [0] * len(spans_chars)
    if not garbles:
        return labels
    for k, (a, b) in enumerate(spans_chars):
        while a < b and text[a].isspace():
            a += 1
        if a >= b:
            continue
        for gs, ge, cat in garbles:
            if a < ge and gs < b:
                labels[k] = LABELS.index(cat)
                break
    return labels


def encode_pairs(pieces: Pieces, pairs, max_len: int):
    out = []
    for p in pairs:
        ids, spans = pieces.encode(p.garbled)
        labels = label_pieces(spans, p.garbled, p.spans)
        out.append((ids[:max_len], labels[:max_len]))
    return out


def build_data(cfg: TrainConfig, log=print):
    """SentencePiece model + encoded train/dev examples, cached in the run folder."""
    import torch

    run = Path(cfg.run_dir)
    run.mkdir(parents=True, exist_ok=True)
    cache = run / "data.pt"
    spm_path = run / "spm.model"
    if cache.is_file() and spm_path.is_file():
        return Pieces(spm_path), torch.load(cache)
    t0 = time.time()
    rng = random.Random(cfg.seed)
    train_sents, dev_sents = corpus_mod.shuffled_sentences(Path(cfg.corpus), rng, cfg.max_train_sentences, 3000)
    log(f"{len(train_sents)} train sentences, {len(dev_sents)} dev sentences ({time.time() - t0:.0f}s)")
    if cfg.init_from and not spm_path.is_file():
        shutil.copy(Path(cfg.init_from) / "spm.model", spm_path)
    if not spm_path.is_file():
        train_spm(train_sents, run / "spm", cfg.vocab_size, cfg.spm_model_type, seed=cfg.seed)
    pieces = Pieces(spm_path)
    train_pairs = []
    for v in range(cfg.variants):
        train_pairs.extend(generate(train_sents, seed=cfg.seed * 1000 + v, clean_rate=cfg.clean_rate))
    if cfg.real_mt:
        from .realmt import load_pairs

        real = load_pairs(cfg.real_mt, "train", cfg.real_mt_pairs, cfg.real_mt_max_hter)
        log(f"real MT pairs: {len(real)} (x{cfg.real_mt_repeat}) with {sum(len(p.spans) for p in real)} spans")
        train_pairs.extend(real * cfg.real_mt_repeat)
    dev_pairs = list(generate(dev_sents, seed=cfg.seed + 99991, clean_rate=cfg.clean_rate))
    data = {
        "train": encode_pairs(pieces, train_pairs, cfg.max_len),
        "dev": encode_pairs(pieces, dev_pairs, cfg.max_len),
        "dev_pairs": [p.to_dict() for p in dev_pairs],
    }
    torch.save(data, cache)
    with (run / "dev_pairs.jsonl").open("w", encoding="utf-8") as f:
        for p in dev_pairs:
            f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
    log(f"data: {len(data['train'])} train, {len(data['dev'])} dev examples ({time.time() - t0:.0f}s)")
    return pieces, data


# ---- model ---------------------------------------------------------------------------------


def make_model(cfg: TrainConfig, vocab_size: int):
    from transformers import BertConfig, BertForTokenClassification

    bc = BertConfig(
        vocab_size=vocab_size,
        hidden_size=cfg.hidden,
        num_hidden_layers=cfg.layers,
        num_attention_heads=cfg.heads,
        intermediate_size=cfg.ffn,
        hidden_act="gelu",
        hidden_dropout_prob=cfg.dropout,
        attention_probs_dropout_prob=cfg.dropout,
        max_position_embeddings=cfg.max_len + 2,
        type_vocab_size=2,
        pad_token_id=0,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)},
    )
    return BertForTokenClassification(bc)


def collate(batch, device):
    import torch

    n = max(len(ids) for ids, _ in batch)
    ids = torch.zeros(len(batch), n, dtype=torch.long)
    labels = torch.full((len(batch), n), -100, dtype=torch.long)
    mask = torch.zeros(len(batch), n, dtype=torch.long)
    for i, (x, y) in enumerate(batch):
        ids[i, : len(x)] = torch.tensor(x)
        labels[i, : len(y)] = torch.tensor(y)
        mask[i, : len(x)] = 1
    return ids.to(device), mask.to(device), labels.to(device)


def evaluate_loss(model, data, device, batch_size=64, limit=1500):
    import torch

    model.eval()
    tot, n, tp, fp, fn = 0.0, 0, 0, 0, 0
    with torch.no_grad():
        ex = data[:limit]
        for i in range(0, len(ex), batch_size):
            ids, mask, labels = collate(ex[i : i + batch_size], device)
            out = model(input_ids=ids, attention_mask=mask, labels=labels)
            tot += out.loss.item() * len(ids)
            n += len(ids)
            pred = out.logits.argmax(-1)
            valid = labels != -100
            tp += ((pred > 0) & (labels > 0) & valid).sum().item()
            fp += ((pred > 0) & (labels == 0) & valid).sum().item()
            fn += ((pred == 0) & (labels > 0) & valid).sum().item()
    model.train()
    return tot / max(n, 1), tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def train(cfg: TrainConfig, log=print) -> Path:
    """Train (or resume) until max_steps or max_minutes; returns the run folder."""
    from .ct2_import import bert_state_dict

    device, run, pieces, data, model = loop.prepare(cfg, build_data, make_model, bert_state_dict, log)
    n_train = len(data["train"])

    def epoch_batches(epoch: int) -> list[list[int]]:
        order = list(range(n_train))
        random.Random(cfg.seed + epoch).shuffle(order)
        return [order[k : k + cfg.batch_size] for k in range(0, n_train, cfg.batch_size)]

    def step_loss(batch: list[int]):
        ids, mask, labels = collate([data["train"][i] for i in batch], device)
        return model(input_ids=ids, attention_mask=mask, labels=labels).loss, int(mask.sum())

    def evaluate() -> str:
        loss, p, r = evaluate_loss(model, data["dev"], device)
        return f"loss {loss:.4f} piece precision {p:.3f} recall {r:.3f}"

    loop.fit(cfg, run, model, epoch_batches, step_loss, evaluate, log, lr_floor=0.1, unit="tok/s")
    model.save_pretrained(run / "hf")
    return run


def save_hf_from_checkpoint(run_dir: str | Path) -> Path:
    """Write <run>/hf from the latest checkpoint (to export while training goes on)."""
    vocab = Pieces(Path(run_dir) / "spm.model").sp.get_piece_size()
    return loop.save_hf_from_checkpoint(run_dir, lambda c: make_model(TrainConfig(**c), vocab))
