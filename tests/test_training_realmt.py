"""Real MT errors as training data (MLQE-PE records -> labelled pairs), the shipped detector read
back from its CTranslate2 file, and a detector run that starts from the shipped weights with
real-MT pairs mixed in. Needs the [train] extra. The records below are written for this test
(same layout as ../shared/corpora/ape)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "fixcopy" / "models" / "detector"


def _rec(mt: str, mt_tok: str, pe_tok: str, tags: str, hter: float = 0.2, pe: str | None = None) -> dict:
    return {
        "id": "xx-en-train-1",
        "lp": "xx-en",
        "split": "train",
        "source": "",
        "mt": mt,
        "pe": pe if pe is not None else pe_tok,
        "hter": hter,
        "doc": "",
        "mt_tok": mt_tok,
        "pe_tok": pe_tok,
        "mt_tags": tags.split(),
    }


def _spans(rec):
    from fixcopy.training.detector.realmt import record_pair

    p = record_pair(rec)
    return [(p.garbled[a:b], c) for a, b, c in p.spans]


def test_bad_tokens_become_categorised_spans_in_the_untokenised_text():
    rec = _rec(
        "The council met in Monday, and it approved the the budget of town.",
        "The council met in Monday , and it approved the the budget of town .",
        "The council met on Monday , and it approved the budget of the town .",
        "OK OK OK BAD OK OK OK OK OK OK BAD OK OK BAD OK",
    )
    assert _spans(rec) == [("in", "preposition"), ("the", "duplicated-word"), ("town", "article")]


def test_deletions_swaps_and_case_only_changes():
    rec = _rec(
        "He has went to the city which is very old and State said it.",
        "He has went to the city which is very old and State said it .",
        "He has gone to the city , which is old , and the state said so .",
        "OK OK BAD OK OK OK OK OK BAD OK OK BAD OK BAD OK",
    )
    spans = _spans(rec)
    assert ("went", "verb-form") in spans
    assert ("very", "spurious-words") in spans
    assert ("it", "mistranslation") in spans
    assert ("State", "article") in spans  # "the state": the missing article goes on the next word
    case = _rec(
        "But If you go, Call me.", "But If you go , Call me .", "But if you go , call me .", "OK BAD OK OK OK BAD OK OK"
    )
    assert _spans(case) == []  # a change of case only is not a garble


def test_ok_tags_stay_clean_and_bad_alignment_is_skipped():
    from fixcopy.training.detector.realmt import record_pair

    clean = _rec(
        "Prices rose 5% in May.",
        "Prices rose 5 % in May .",
        "Prices rose 5 % in May .",
        "OK OK OK OK OK OK OK",
        hter=0.0,
    )
    p = record_pair(clean)
    assert p.spans == [] and p.garbled == clean["mt"]
    broken = _rec("Prices rose.", "Prices fell .", "Prices fell .", "OK BAD OK")
    assert record_pair(broken) is None  # tokens that are not in the text: no guessing
    short = _rec("Prices rose.", "Prices rose .", "Prices rose .", "OK OK")
    assert record_pair(short) is None


def test_load_pairs_filters_pairs_and_hter(tmp_path):
    from fixcopy.training.detector.realmt import load_pairs

    rows = [
        _rec("It is an good idea.", "It is an good idea .", "It is a good idea .", "OK OK BAD OK OK OK", 0.17),
        _rec(
            "Everything else was said.",
            "Everything else was said .",
            "Nothing was left unsaid .",
            "BAD BAD BAD BAD OK",
            0.9,
        ),
    ]
    (tmp_path / "mlqe_pe_xx-en_train.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    pairs = load_pairs(tmp_path, "train", ["xx-en"], max_hter=0.5)
    assert len(pairs) == 1 and [(pairs[0].garbled[a:b], c) for a, b, c in pairs[0].spans] == [("an", "article")]


def test_shipped_detector_reads_back_into_torch():
    """The CTranslate2 int8 file read back gives the same probabilities as the shipped detector."""
    import numpy as np

    from fixcopy.model.detector import ModelDetector
    from fixcopy.training.detector.ct2_import import bert_state_dict
    from fixcopy.training.detector.train import TrainConfig, make_model

    meta = json.loads((SHIPPED / "metadata.json").read_text())
    cfg = TrainConfig(hidden=meta["hidden"], layers=meta["layers"], max_len=meta["max_len"])
    det = ModelDetector(SHIPPED)
    model = make_model(cfg, len(det.pieces))
    missing, unexpected = model.load_state_dict(bert_state_dict(SHIPPED), strict=False)
    assert not missing and not unexpected
    model.eval()
    texts = [
        "The Germany said it could afford to ignoring the -based order.",
        "He signed a deal with the union for for the first time.",
    ]
    for text, (probs, _) in zip(texts, det.piece_probs(texts)):
        ids, _ = det.pieces.encode(text)
        with torch.no_grad():
            p = torch.softmax(model(input_ids=torch.tensor([ids])).logits[0], -1).numpy()
        assert np.abs(p - probs).max() < 0.05  # int8 rounding only
        assert (p[:, 0] < 0.5).any()  # and it still flags something in each garbled sentence


def test_training_resumes_from_shipped_weights_with_real_mt(tmp_path):
    from fixcopy.training.detector.train import load_config, train
    from tests.test_training_smoke import _corpus

    news = _corpus(tmp_path)
    ape = tmp_path / "ape"
    ape.mkdir()
    rec = _rec(
        "The talks begun in Monday.",
        "The talks begun in Monday .",
        "The talks began on Monday .",
        "OK OK BAD BAD OK OK",
    )
    (ape / "mlqe_pe_xx-en_train.jsonl").write_text(json.dumps(rec) + "\n")
    run = tmp_path / "run"
    cfg = load_config(
        REPO / "fixcopy" / "training" / "configs" / "detector-mt.toml",
        corpus=str(news),
        run_dir=str(run),
        init_from=str(SHIPPED),
        real_mt=str(ape),
        real_mt_pairs=["xx-en"],
        batch_size=8,
        warmup=1,
        max_steps=2,
        log_every=1,
        save_every=2,
        threads=1,
    )
    logs: list[str] = []
    train(cfg, log=logs.append)
    assert any(m.startswith("initialised from") for m in logs)
    assert any("real MT pairs: 1 (x2) with 2 spans" in m for m in logs)
    assert (run / "spm.model").read_bytes() == (SHIPPED / "spm.model").read_bytes()
    data = torch.load(run / "data.pt")
    from fixcopy.model.pieces import Pieces

    ids = Pieces(run / "spm.model").encode(rec["mt"])[0]
    real = [ex for ex in data["train"] if ex[0] == ids[: len(ex[0])]]
    assert len(real) == 2 and all(any(y > 0 for y in labels) for _, labels in real)
    assert torch.load(run / "checkpoint.pt", weights_only=False)["step"] == 2


def test_roc_auc_and_word_scores():
    import numpy as np

    from fixcopy.training.detector.metrics import garbled_scores, roc_auc

    assert roc_auc([0.1, 0.2, 0.3, 0.4], [False, False, True, True]) == 1.0
    assert roc_auc([0.5] * 4, [False, True, False, True]) == 0.5  # ties count half
    assert roc_auc([0.1, 0.9, 0.5, 0.5], [True, False, True, False]) == 0.125
    # pieces "Th|e ca|t" against the words "The" and "cat": each word takes its worst piece
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3], [0.95, 0.05]])
    spans = [(0, 2), (2, 3), (3, 6), (6, 7)]
    assert np.allclose(garbled_scores(probs, spans, [(0, 3), (4, 7)]), [0.8, 0.3])
