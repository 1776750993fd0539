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
                f.write(json.dumps({"id": f"bbc-{k}-{i}", "source": "bbc", "title": None,
                                    "text": a.read_text(encoding="utf-8")}) + "\n")
    with (news / "wmt_newstest.jsonl").open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "wmt-0", "source": "wmt", "title": None,
                            "text": arts[0].read_text(encoding="utf-8")}) + "\n")
    return news


def test_train_resume_export_load_detect(tmp_path):
    from fixcopy.model.detector import ModelDetector
    from fixcopy.training.export import export
    from fixcopy.training.generator import WEIGHTS
    from fixcopy.training.train import LABELS, load_config, train

    news = _corpus(tmp_path)
    run = tmp_path / "run"
    cfg = load_config(REPO / "fixcopy" / "training" / "configs" / "detector.toml", corpus=str(news),
                      run_dir=str(run), vocab_size=400, hidden=32, layers=1, heads=2, ffn=64,
                      batch_size=16, warmup=2, max_steps=6, log_every=2, save_every=3, threads=1)
    logs: list[str] = []
    train(cfg, log=logs.append)
    data = torch.load(run / "data.pt")
    assert 200 <= len(data["train"]) <= 2000
    assert any(any(l > 0 for l in labels) for _, labels in data["train"])  # garbles were labelled
    assert any(all(l == 0 for l in labels) for _, labels in data["train"])  # and clean ones kept
    assert set(WEIGHTS) == set(LABELS[1:])

    # resume: a second session picks up the checkpoint and goes on to the new step cap
    cfg2 = load_config(None, **{**cfg.__dict__, "max_steps": 9})
    logs2: list[str] = []
    train(cfg2, log=logs2.append)
    assert any("resumed at step 6" in m for m in logs2)
    assert torch.load(run / "checkpoint.pt", weights_only=False)["step"] == 9

    out = export(run, tmp_path / "models", threshold=0.3)
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["labels"][0] == "O" and (out / "detector" / "model.bin").is_file()

    det = ModelDetector(out)
    doc = Document("The minister said on Monday that talks with with the union failed.\n\n"
                   "“We agree,” she said in São Paulo.\n")
    probs = det.piece_probs([doc.text[s.start:s.end] for s in doc.sentences])
    assert len(probs) == len(doc.sentences)
    for p, spans in probs:
        assert p.shape[0] == len(spans) and abs(float(p[0].sum()) - 1) < 1e-3
    sugs = det.detect([doc, Document("")], Config(min_confidence=0.0))
    assert len(sugs) == 2 and sugs[1] == []
    for s in sugs[0]:
        assert doc.text[s.start:s.end] == s.text and s.source == "model" and 0 <= s.confidence <= 1
