"""Where training finds its corpora (--corpora / FIXCOPY_CORPORA, configs relative to it),
what model metadata records about them, and that the train/eval commands stay out of every
other fixcopy command's way."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from fixcopy.model import MODELS_DIR
from fixcopy.training.corpora import ENV_VAR, CorporaError, corpora_root, corpus_name, portable, resolve

REPO = Path(__file__).resolve().parent.parent
CONFIGS = REPO / "fixcopy" / "training" / "configs"


def test_corpora_folder_from_option_then_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(CorporaError, match="--corpora"):
        corpora_root()
    assert corpora_root(tmp_path) == tmp_path
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert corpora_root() == tmp_path / "env"
    assert corpora_root(tmp_path) == tmp_path  # the option wins
    assert resolve("news") == tmp_path / "env" / "news"
    assert resolve(tmp_path / "mine") == tmp_path / "mine"  # an absolute folder stays as it is


def test_configs_name_corpora_relative_to_the_corpora_folder(monkeypatch, tmp_path):
    from fixcopy.training.loop import RunConfig, load_config

    for path in CONFIGS.glob("*.toml"):
        with path.open("rb") as f:
            section = next(iter(tomllib.load(f).values()))
        for key in ("corpus", "real_mt", "init_from", "run_dir"):
            assert not Path(section.get(key, "")).is_absolute(), (path.name, key)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    from fixcopy.training.detector.train import load_config as detector_config

    cfg = detector_config(CONFIGS / "detector-mt.toml")
    assert (cfg.corpus, cfg.real_mt) == (str(tmp_path / "news"), str(tmp_path / "ape"))
    cfg = detector_config(CONFIGS / "detector-mt.toml", corpora=tmp_path / "other", corpus="/data/my-news")
    assert (cfg.corpus, cfg.real_mt) == ("/data/my-news", str(tmp_path / "other" / "ape"))
    assert load_config(RunConfig, None, "x", {}, corpora=tmp_path).corpus == str(tmp_path / "news")


def test_metadata_records_corpus_names_not_paths(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    run = {
        "corpus": str(tmp_path / "news"),
        "real_mt": str(tmp_path / "ape"),
        "spm": "/somewhere/spm.model",
        "init_from": "fixcopy/models/detector",
        "run_dir": "/scratch/runs/detector",
        "seed": 1,
    }
    assert portable(run) == {
        "corpus": "news",
        "real_mt": "ape",
        "spm": "spm.model",
        "init_from": "fixcopy/models/detector",
        "run_dir": "detector",
        "seed": 1,
    }
    assert corpus_name("/elsewhere/news-2024") == "news-2024"
    for meta in MODELS_DIR.glob("*/metadata.json"):
        training = json.loads(meta.read_text()).get("training", {})
        assert training and all(not Path(str(v)).is_absolute() for v in training.values() if isinstance(v, str))


def test_check_never_imports_training():
    code = (
        "import sys, runpy; sys.argv = ['fixcopy', 'check', '--no-model', sys.argv[1]]\n"
        "try:\n    runpy.run_module('fixcopy', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('fixcopy.training')), file=sys.stderr)"
    )
    article = next((REPO / "corpora" / "clean").glob("*.txt"))
    proc = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr


def _news(tmp: Path) -> Path:
    """A corpora folder with a tiny news/ made from the repo's clean sample articles."""
    news = tmp / "corpora" / "news"
    news.mkdir(parents=True)
    arts = sorted((REPO / "corpora" / "clean").glob("*.txt"))
    with (news / "wmt_newstest.jsonl").open("w", encoding="utf-8") as f:  # dev only
        for i, a in enumerate(arts):
            f.write(json.dumps({"id": f"wmt-{i}", "text": a.read_text(encoding="utf-8")}) + "\n")
    return news.parent


def test_eval_takes_the_corpora_folder_from_the_command_line_or_the_environment(fixcopy_cmd, tmp_path):
    pytest.importorskip("wordfreq")
    corpora = _news(tmp_path)
    env = {ENV_VAR: ""}
    bad = fixcopy_cmd("eval", "--limit", "5", env=env)
    assert bad.returncode == 2 and f"set {ENV_VAR}" in bad.stderr.decode()
    runs = [
        fixcopy_cmd("eval", "--corpora", str(corpora), "--limit", "8", env=env, cwd=tmp_path),
        fixcopy_cmd("eval", "--limit", "8", env={ENV_VAR: str(corpora)}, cwd=tmp_path),
    ]
    for proc in runs:
        out = proc.stdout.decode()
        assert proc.returncode == 0, proc.stderr.decode()
        assert "1. Synthetic dev pairs: 8 sentences" in out and "2. Clean dev news" in out
        assert "3. MQM" not in out  # no mqm/ in this corpora folder
    strip = lambda s: [line for line in s.decode().splitlines() if not line.startswith("(")]  # noqa: E731
    assert strip(runs[0].stdout) == strip(runs[1].stdout)
