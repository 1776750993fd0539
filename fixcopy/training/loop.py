"""What the detector's and the rewriter's training share: the TOML config loader and the
training loop (AdamW, warm-up then cosine decay over whichever budget runs out first, steps
or wall-clock minutes; a checkpoint every ``save_every`` steps with model, optimiser, step,
data position, RNG state and elapsed time, so that a killed run resumes where it stopped;
CUDA when present)."""

from __future__ import annotations

import json
import math
import os
import random
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

from .corpora import NEWS, resolve


@dataclass
class RunConfig:
    """The settings of every training run; the detector's and the rewriter's configs add
    their own and set their own defaults."""

    corpus: str = NEWS  # clean news folder, relative to the corpora folder (corpora.py)
    run_dir: str = "runs/model"
    seed: int = 0
    variants: int = 1  # garbled variants of each train sentence
    max_train_sentences: int = 0  # 0 = all
    clean_rate: float = 0.1  # share of sentences left untouched
    # start from an earlier model (the detector: a shipped detector folder, its weights and
    # spm.model, e.g. fixcopy/models/detector; the rewriter: a run's Hugging Face folder)
    init_from: str = ""
    heads: int = 4
    ffn: int = 1024
    dropout: float = 0.1
    batch_size: int = 32
    lr: float = 5e-4
    warmup: int = 500
    max_steps: int = 20000
    max_minutes: float = 60.0
    log_every: int = 50
    save_every: int = 500
    threads: int = 0  # 0 = torch default
    extra: dict = field(default_factory=dict)


CORPUS_FIELDS = ("corpus", "real_mt")  # folders a config names relative to the corpora folder


def load_config(cls, path: str | Path | None, section: str, overrides: dict, corpora: str | Path | None = None):
    """An instance of the dataclass ``cls`` from ``[section]`` of a TOML file (or its top
    level), with the overrides that are not None on top. Unknown keys are an error. The
    corpus folders of the file (and the defaults) are resolved under ``corpora`` (default:
    $FIXCOPY_CORPORA); an override is a path as given."""
    data: dict = {}
    if path:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        data = data.get(section, data)
    unknown = set(data) - {f.name for f in fields(cls)}
    if unknown:
        raise ValueError(f"unknown {section} settings: {sorted(unknown)}")
    data.update({k: v for k, v in overrides.items() if v is not None})
    cfg = cls(**data)
    for name in CORPUS_FIELDS:
        value = getattr(cfg, name, "")
        if value and overrides.get(name) is None:
            setattr(cfg, name, str(resolve(value, corpora)))
    return cfg


def setup(cfg) -> str:
    """Seed Python and torch, set the thread count; the device to train on."""
    import torch

    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    return "cuda" if torch.cuda.is_available() else "cpu"


def prepare(cfg, build_data: Callable, make_model: Callable, initial_state: Callable[[str], dict], log=print):
    """Seed, build (or load) the run's data, write its config.json and build the model, with
    the weights of ``initial_state(cfg.init_from)`` when a new run names one.
    Returns (device, run folder, pieces, data, model)."""
    device = setup(cfg)
    run = Path(cfg.run_dir)
    pieces, data = build_data(cfg, log)
    (run / "config.json").write_text(json.dumps(cfg.__dict__, indent=1))
    model = make_model(cfg, len(pieces))
    if cfg.init_from and not (run / "checkpoint.pt").is_file():
        model.load_state_dict(initial_state(cfg.init_from))
        log(f"initialised from {cfg.init_from}")
    model = model.to(device)
    log(
        f"model: {sum(p.numel() for p in model.parameters()) / 1e6:.2f}M parameters on {device}; "
        f"{len(data['train'])} examples"
    )
    return device, run, pieces, data, model


def _resume(ckpt: Path, model, opt, log) -> tuple[int, int, int, float]:
    """Model, optimiser and RNG state from a checkpoint; (step, epoch, position, seconds trained)."""
    import torch

    if not ckpt.is_file():
        return 0, 0, 0, 0.0
    st = torch.load(ckpt, weights_only=False)
    model.load_state_dict(st["model"])
    opt.load_state_dict(st["opt"])
    random.setstate(st["py_rng"])
    torch.set_rng_state(st["torch_rng"])
    log(f"resumed at step {st['step']}")
    return st["step"], st["epoch"], st["pos"], st.get("seconds", 0.0)


def _save(ckpt: Path, cfg, model, opt, step: int, epoch: int, pos: int, seconds: float) -> None:
    """Write the checkpoint (a temporary file renamed over the old one)."""
    import torch

    tmp = ckpt.with_name(ckpt.name + ".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "opt": opt.state_dict(),
            "step": step,
            "epoch": epoch,
            "pos": pos,
            "seconds": seconds,
            "py_rng": random.getstate(),
            "torch_rng": torch.get_rng_state(),
            "config": cfg.__dict__,
        },
        tmp,
    )
    os.replace(tmp, ckpt)


def _lr(cfg, step: int, seconds: float, lr_floor: float) -> float:
    """Linear warm-up, then cosine decay to lr_floor * lr over whichever budget runs out first."""
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    frac = min(1.0, max((step - cfg.warmup) / max(1, cfg.max_steps - cfg.warmup), seconds / (cfg.max_minutes * 60)))
    return cfg.lr * (lr_floor + (1 - lr_floor) * 0.5 * (1 + math.cos(math.pi * frac)))


def fit(
    cfg,
    run: Path,
    model,
    epoch_batches: Callable[[int], list[list[int]]],
    step_loss: Callable[[list[int]], tuple],
    evaluate: Callable[[], str],
    log=print,
    lr_floor: float = 0.1,
    unit: str = "tok/s",
) -> tuple[int, float]:
    """Train ``model`` until cfg.max_steps or cfg.max_minutes (counted over all sessions),
    resuming from ``run/checkpoint.pt``. ``epoch_batches(epoch)`` gives that epoch's batches
    (lists of example indices, the same for the same epoch); ``step_loss(batch)`` gives
    (loss tensor, tokens counted for the log); ``evaluate()`` a line for the log.
    Returns (steps done, minutes trained in all)."""
    import torch

    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
    ckpt = run / "checkpoint.pt"
    step, epoch, pos, prior_seconds = _resume(ckpt, model, opt, log)
    t0 = time.time()

    def elapsed() -> float:
        return prior_seconds + time.time() - t0

    batches = epoch_batches(epoch)
    model.train()
    counted, last = 0, time.time()
    while step < cfg.max_steps and elapsed() < cfg.max_minutes * 60:
        if pos >= len(batches):
            epoch, pos = epoch + 1, 0
            batches = epoch_batches(epoch)
        batch = batches[pos]
        pos += 1
        for g in opt.param_groups:
            g["lr"] = _lr(cfg, step, elapsed(), lr_floor)
        loss, n = step_loss(batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        counted += n
        if step % cfg.log_every == 0:
            dt = time.time() - last
            log(
                f"step {step} epoch {epoch} loss {loss.item():.4f} lr {_lr(cfg, step, elapsed(), lr_floor):.2e} "
                f"{counted / dt:.0f} {unit} ({cfg.log_every * len(batch) / dt:.0f} ex/s)"
            )
            counted, last = 0, time.time()
        if step % cfg.save_every == 0:
            log(f"step {step} dev {evaluate()}")
            _save(ckpt, cfg, model, opt, step, epoch, pos, elapsed())
    _save(ckpt, cfg, model, opt, step, epoch, pos, elapsed())
    minutes = elapsed() / 60
    log(
        f"final step {step} dev {evaluate()} ({(time.time() - t0) / 60:.1f} min this session, {minutes:.1f} min in all)"
    )
    return step, minutes


def save_hf_from_checkpoint(run_dir: str | Path, make_model: Callable[[dict], object]) -> Path:
    """Write ``<run>/hf`` from the latest checkpoint (to export while training goes on);
    ``make_model(config dict)`` builds the empty model the checkpoint's weights go into."""
    import torch

    run = Path(run_dir)
    st = torch.load(run / "checkpoint.pt", weights_only=False)
    model = make_model(st["config"])
    model.load_state_dict(st["model"])
    model.save_pretrained(run / "hf")
    return run / "hf"
