"""End-to-end training smoke test: a few hundred synthetic pairs, a few steps, resume,
CTranslate2 export, load, detect. Needs the [train] extra; skipped without torch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("wordfreq")

from fixcopy.config import Config  # noqa: E402
from fixcopy.document import Document  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def _corpus(tmp: Path) -> Path:
    """A tiny news corpus in the shared layout, made from the repo's clean sample articles."""
    news = tmp / "news"
    news.mkdir()
    arts = sorted((REPO / "corpora" / "clean").glob("*.txt"))
    assert arts
    with (news / "bbc_news.jsonl").open("w", encoding="utf-8") as f:
        for k in range(3):  # three copies under different ids: a few hundred pairs in all
            for i, a in enumerate(arts):
                f.write(
                    json.dumps(
                        {"id": f"bbc-{k}-{i}", "source": "bbc", "title": None, "text": a.read_text(encoding="utf-8")}
                    )
                    + "\n"
                )
    with (news / "wmt_newstest.jsonl").open("w", encoding="utf-8") as f:
        f.write(
            json.dumps({"id": "wmt-0", "source": "wmt", "title": None, "text": arts[0].read_text(encoding="utf-8")})
            + "\n"
        )
    return news


def test_train_resume_export_load_detect(tmp_path):
    from fixcopy.model.detector import ModelDetector
    from fixcopy.training.detector.export import export
    from fixcopy.training.detector.train import LABELS, load_config, train
    from fixcopy.training.garbles import WEIGHTS

    news = _corpus(tmp_path)
    run = tmp_path / "run"
    cfg = load_config(
        REPO / "fixcopy" / "training" / "configs" / "detector.toml",
        corpus=str(news),
        run_dir=str(run),
        vocab_size=400,
        hidden=32,
        layers=1,
        heads=2,
        ffn=64,
        batch_size=16,
        warmup=2,
        max_steps=6,
        log_every=2,
        save_every=3,
        threads=1,
    )
    logs: list[str] = []
    train(cfg, log=logs.append)
    data = torch.load(run / "data.pt")
    assert 200 <= len(data["train"]) <= 2000
    assert any(any(y > 0 for y in labels) for _, labels in data["train"])  # garbles were labelled
    assert any(all(y == 0 for y in labels) for _, labels in data["train"])  # and clean ones kept
    assert set(WEIGHTS) == set(LABELS[1:])

    # resume: a second session picks up the checkpoint and goes on to the new step cap
    cfg2 = load_config(None, **{**cfg.__dict__, "max_steps": 9})
    logs2: list[str] = []
    train(cfg2, log=logs2.append)
    assert any("resumed at step 6" in m for m in logs2)
    assert torch.load(run / "checkpoint.pt", weights_only=False)["step"] == 9
    import shutil

    from fixcopy.training.detector.train import save_hf_from_checkpoint

    shutil.rmtree(run / "hf")
    assert (save_hf_from_checkpoint(run) / "config.json").is_file()

    (tmp_path / "models" / "rewriter").mkdir(parents=True)
    (tmp_path / "models" / "rewriter" / "keep").write_text("x")
    out = export(run, tmp_path / "models", threshold=0.3)
    assert (out / "rewriter" / "keep").read_text() == "x"  # export replaces only the detector's files
    meta = json.loads((out / "detector" / "metadata.json").read_text())
    assert meta["labels"][0] == "O" and (out / "detector" / "model.bin").is_file()
    assert meta["training"]["corpus"] == "news"  # a name, not a path of this machine
    assert {f.name for f in (out / "detector").iterdir()} >= {
        "model.bin",
        "config.json",
        "vocabulary.json",
        "head_weight.npy",
        "head_bias.npy",
        "spm.model",
    }

    det = ModelDetector(out / "detector")
    doc = Document(
        "The minister said on Monday that talks with with the union failed.\n\n“We agree,” she said in São Paulo.\n"
    )
    probs = det.piece_probs([doc.text[s.start : s.end] for s in doc.sentences])
    assert len(probs) == len(doc.sentences)
    for p, spans in probs:
        assert p.shape[0] == len(spans) and abs(float(p[0].sum()) - 1) < 1e-3
    sugs = det.detect([doc, Document("")], Config(min_confidence=0.0))
    assert len(sugs) == 2 and sugs[1] == []
    for s in sugs[0]:
        assert doc.text[s.start : s.end] == s.text and s.source == "model" and 0 <= s.confidence <= 1


def test_rewriter_targets_from_alignment():
    from fixcopy.training.rewriter.targets import span_targets

    g = "He said the firm could afford to ignoring the rules in Monday."
    c = "He said the firm could afford to ignore the rules on Monday."
    assert span_targets(g, c, [(33, 41, "verb-form"), (52, 54, "preposition")]) == [
        (33, 41, "verb-form", "ignore"),
        (52, 54, "preposition", "on"),
    ]
    # a spurious word: empty replacement (a deletion)
    g, c = "The bank itself raised rates.", "The bank raised rates."
    assert span_targets(g, c, [(9, 15, "spurious-words")]) == [(9, 15, "spurious-words", "")]
    # a missing article, recorded on the following word: the replacement carries it
    g, c = "He met president on Monday.", "He met the president on Monday."
    assert span_targets(g, c, [(7, 16, "article")]) == [(7, 16, "article", "the president")]


def test_rewriter_counterpart_examples():
    import random

    from fixcopy.model.rewriter import make_input
    from fixcopy.training.garbles import Pair
    from fixcopy.training.rewriter.targets import examples_from_pairs

    p = Pair(
        "He said the firm could afford to ignoring the rules in Monday.",
        "He said the firm could afford to ignore the rules on Monday.",
        [(33, 41, "verb-form"), (52, 54, "preposition")],
    )
    plain = examples_from_pairs([p], random.Random(0), 0.0)
    assert [(t, c) for _, t, c, _ in plain] == [("ignore", "verb-form"), ("on", "preposition")]
    both = examples_from_pairs([p], random.Random(0), 0.0, counterpart_rate=1.0)
    # each garble is followed by the same place in the repaired sentence, left as it is
    repaired_v = "He said the firm could afford to ignore the rules in Monday."
    repaired_p = "He said the firm could afford to ignoring the rules on Monday."
    assert both == [
        plain[0],
        (make_input(repaired_v, 33, 39, "verb-form"), "ignore", "counterpart", "ignore"),
        plain[1],
        (make_input(repaired_p, 52, 54, "preposition"), "on", "counterpart", "on"),
    ]
    # a deletion has no counterpart (nothing is left at that place)
    d = Pair("The bank itself raised rates.", "The bank raised rates.", [(9, 15, "spurious-words")])
    assert [c for _, _, c, _ in examples_from_pairs([d], random.Random(0), 0.0, 1.0)] == ["spurious-words"]


def test_rewriter_train_resume_export_translate(tmp_path):
    import ctranslate2

    from fixcopy.model.rewriter import Rewriter
    from fixcopy.training.rewriter.export import export
    from fixcopy.training.rewriter.train import load_config, train

    news = _corpus(tmp_path)
    run = tmp_path / "rw"
    cfg = load_config(
        REPO / "fixcopy" / "training" / "configs" / "rewriter.toml",
        corpus=str(news),
        run_dir=str(run),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        heads=2,
        ffn=64,
        batch_size=16,
        warmup=2,
        max_steps=6,
        log_every=2,
        save_every=3,
        threads=1,
        dev_sentences=50,
    )
    train(cfg, log=lambda m: None)
    data = torch.load(run / "data.pt")
    assert 100 <= len(data["train"]) <= 3000
    assert any(t == [] for _, t in data["train"]) and any(t for _, t in data["train"])  # deletions and rewrites
    logs: list[str] = []
    train(load_config(None, **{**cfg.__dict__, "max_steps": 8}), log=logs.append)
    assert any("resumed at step 6" in m for m in logs)
    assert torch.load(run / "checkpoint.pt", weights_only=False)["step"] == 8
    # exporting while a run goes on: the latest checkpoint, not the last finished session
    import shutil

    from fixcopy.training.rewriter.train import save_hf_from_checkpoint

    shutil.rmtree(run / "hf")
    assert (save_hf_from_checkpoint(run) / "config.json").is_file()

    out = export(run, tmp_path / "models" / "rewriter", threshold=0.5)
    assert (out / "model.bin").is_file() and json.loads((out / "metadata.json").read_text())["kind"] == "span-rewriter"
    assert (out / "spm.model").is_file()  # the folder is self-contained
    tr = ctranslate2.Translator(str(out), device="cpu", compute_type="int8")
    res = tr.translate_batch([["▁a", "▁b"]], beam_size=2, max_decoding_length=4, return_scores=True)
    assert len(res[0].hypotheses[0]) <= 4
    rw = Rewriter(out)
    text = "He could afford to ignoring the rules."
    gens = rw.generate([(text, 19, 27, "verb-form"), (text, 3, 8, "verb-form")])
    assert len(gens) == 2 and all(isinstance(h, str) and 0 <= c <= 1 for h, c in gens)
    for r in rw.rewrite([(text, 19, 27, "verb-form")], threshold=0.0):
        assert r.replacement != "ignoring"

    # stage 2: a new run starts from this one's weights (and only when it has no checkpoint)
    logs = []
    stage2 = load_config(
        None,
        **{
            **cfg.__dict__,
            "run_dir": str(tmp_path / "rw2"),
            "init_from": str(run / "hf"),
            "counterpart_rate": 0.5,
            "max_steps": 0,
        },
    )
    train(stage2, log=logs.append)
    assert f"initialised from {run / 'hf'}" in logs
    first = torch.load(run / "checkpoint.pt", weights_only=False)["model"]
    second = torch.load(tmp_path / "rw2" / "checkpoint.pt", weights_only=False)["model"]
    assert all(torch.equal(first[k], second[k]) for k in first)
