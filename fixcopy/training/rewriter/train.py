"""Training the span rewriter: BartForConditionalGeneration from scratch on the shipped 8k
SentencePiece vocabulary (shared embeddings), on the examples of targets.py made from the
synthetic garbles of the train split.

Training is resumable (``<run>/checkpoint.pt``), seeded, configured by a TOML file, capped by
wall-clock minutes and uses CUDA when present.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

from ...model.pieces import Pieces
from ...model.rewriter import MAX_DECODING_LENGTH, encode_source
from .. import corpus as corpus_mod
from .. import loop
from ..garbles import generate
from .targets import examples_from_pairs

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
    spm: str = ""  # the SentencePiece model; "" = the shipped detector's (fixcopy/models/detector/spm.model)
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


def load_config(path: str | Path | None, corpora: str | Path | None = None, **overrides) -> RewriterConfig:
    return loop.load_config(RewriterConfig, path, "rewriter", overrides, corpora)


def spm_path(spm: str) -> Path:
    """The SentencePiece model a config names ("" = the shipped detector's)."""
    if spm:
        return Path(spm)
    from ...model import MODELS_DIR

    return MODELS_DIR / "detector" / "spm.model"


# ---- data ----------------------------------------------------------------------------------


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
    pieces = Pieces(spm_path(cfg.spm))
    if cache.is_file():
        return pieces, torch.load(cache)
    t0 = time.time()
    rng = random.Random(cfg.seed)
    train_sents, dev_sents = corpus_mod.shuffled_sentences(
        Path(cfg.corpus), rng, cfg.max_train_sentences, cfg.dev_sentences
    )
    log(f"{len(train_sents)} train sentences, {len(dev_sents)} dev sentences ({time.time() - t0:.0f}s)")
    train_ex = []
    for v in range(cfg.variants):
        pairs = generate(train_sents, seed=cfg.seed * 1000 + 500 + v, clean_rate=cfg.clean_rate)
        train_ex.extend(examples_from_pairs(pairs, rng, cfg.identity_rate, cfg.counterpart_rate))
        log(f"variant {v}: {len(train_ex)} examples ({time.time() - t0:.0f}s)")
    dev_ex = examples_from_pairs(
        generate(dev_sents, seed=cfg.seed + 7777, clean_rate=cfg.clean_rate),
        random.Random(cfg.seed + 1),
        cfg.identity_rate,
        cfg.counterpart_rate,
    )
    data = {
        "train": encode_examples(pieces, train_ex, cfg.max_tgt),
        "dev": encode_examples(pieces, dev_ex, cfg.max_tgt),
    }
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
        vocab_size=vocab_size,
        d_model=cfg.d_model,
        encoder_layers=cfg.encoder_layers,
        decoder_layers=cfg.decoder_layers,
        encoder_attention_heads=cfg.heads,
        decoder_attention_heads=cfg.heads,
        encoder_ffn_dim=cfg.ffn,
        decoder_ffn_dim=cfg.ffn,
        max_position_embeddings=cfg.max_positions,
        dropout=cfg.dropout,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="gelu",
        pad_token_id=PAD,
        bos_token_id=BOS,
        eos_token_id=EOS,
        decoder_start_token_id=BOS,
        forced_bos_token_id=None,
        forced_eos_token_id=None,
        scale_embedding=False,
        tie_word_embeddings=True,
        init_std=0.02,
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
    loss = F.cross_entropy(
        out.logits.reshape(-1, out.logits.size(-1)),
        labels.reshape(-1),
        ignore_index=-100,
        label_smoothing=cfg.label_smoothing if model.training else 0.0,
    )
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


def _hf_weights(folder: str) -> dict:
    from transformers import BartForConditionalGeneration

    return BartForConditionalGeneration.from_pretrained(folder).state_dict()


def train(cfg: RewriterConfig, log=print) -> Path:
    """Train (or resume) until max_steps or max_minutes; returns the run folder."""
    device, run, pieces, data, model = loop.prepare(cfg, build_data, make_model, _hf_weights, log)
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
        return make_model(cfg, len(Pieces(spm_path(cfg.spm))))

    return loop.save_hf_from_checkpoint(run_dir, make)
