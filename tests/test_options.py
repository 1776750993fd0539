"""The one frozen Options object: what each command's --min-confidence means, its precedence over
the configuration file and the defaults, and the threshold carried down to the detectors (the
check floor as Config.min_confidence, made in Options.settle only: no caller copies a Config)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from conftest import run_fixcopy

from fixcopy.checking import check_settled
from fixcopy.config import Config
from fixcopy.discovery import find_files, read_files, settings_for
from fixcopy.files import Article
from fixcopy.options import Options, Settings

DEFAULT = Config()


def settle(config: Config = DEFAULT, **options) -> Settings:
    return Options(**options).settle(config)


def test_defaults_without_options_or_config():
    s = settle()
    assert (s.threshold, s.config) == (0.5, DEFAULT)
    assert settle(purpose="fix").threshold == 0.8  # the fix threshold
    assert settle(purpose="block").threshold == 0.8  # blocks at the fix threshold
    assert settle(purpose="review").threshold == 0.5


@pytest.mark.parametrize(
    ("purpose", "config", "cli", "threshold", "floor"),
    [
        # check: --min-confidence is min-confidence itself
        ("check", Config(min_confidence=0.7), None, 0.7, 0.7),
        ("check", Config(min_confidence=0.7), 0.3, 0.3, 0.3),
        ("check", Config(min_confidence=0.3), 0.9, 0.9, 0.9),
        # fix: the fix threshold; checked down to it, never above the configured min-confidence
        ("fix", Config(fix_min_confidence=0.9), None, 0.9, 0.5),
        ("fix", Config(fix_min_confidence=0.9), 0.3, 0.3, 0.3),
        ("fix", Config(min_confidence=0.6, fix_min_confidence=0.9), 0.95, 0.95, 0.6),
        # block: the blocking threshold (block-min-confidence, else the fix threshold)
        ("block", Config(block_min_confidence=0.6), None, 0.6, 0.5),
        ("block", Config(block_min_confidence=0.6), 0.97, 0.97, 0.5),
        ("block", Config(min_confidence=0.7, fix_min_confidence=0.65), None, 0.65, 0.65),
        # review (and preview): what is asked about; checked at the configured floor at most
        ("review", Config(min_confidence=0.6), None, 0.6, 0.6),
        ("review", Config(min_confidence=0.6), 0.9, 0.9, 0.6),
        ("review", Config(min_confidence=0.6), 0.2, 0.2, 0.2),
    ],
)
def test_min_confidence_by_purpose(purpose, config, cli, threshold, floor):
    s = settle(config, purpose=purpose, min_confidence=cli)
    assert s.threshold == threshold
    assert s.config.min_confidence == floor
    if purpose == "block" and cli is not None:
        assert s.config.block_min_confidence == cli
    assert s.config.fix_min_confidence == config.fix_min_confidence


def test_other_options_replace_the_configuration():
    cfg = Config(disable=frozenset({"article"}), model=True, input_format="markdown")
    assert settle(cfg).config == cfg  # nothing given: the configuration decides
    s = settle(cfg, disable=frozenset({"verb-form"}), model=False, lm=False, input_format="text")
    assert s.config.disable == {"verb-form"}  # --disable replaces the configured list
    assert (s.config.model, s.config.lm, s.config.input_format) == (False, False, "text")
    assert s.config.globs == cfg.globs and s.config.allow == cfg.allow


def test_options_are_frozen_and_checked():
    opts = Options(min_confidence=0.4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.min_confidence = 0.9  # type: ignore[misc]
    with pytest.raises(ValueError, match="purpose"):
        Options(purpose="shout")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="between 0 and 1"):
        Options(min_confidence=1.5)


def test_config_file_then_options(tmp_path: Path):
    (tmp_path / "fixcopy.toml").write_text("min-confidence = 0.7\nfix-min-confidence = 0.9\n")
    story = tmp_path / "a.txt"
    story.write_text("A story.\n")
    assert settings_for(str(story), Options()).threshold == 0.7  # the file's configuration
    assert settings_for(str(story), Options(min_confidence=0.2)).threshold == 0.2  # the option wins
    assert settings_for(str(story), Options(purpose="fix")).threshold == 0.9
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "fixcopy.toml").write_text("")
    assert settings_for(str(elsewhere / "b.txt"), Options()).threshold == 0.5  # the default


def test_a_named_file_has_its_settings_looked_up_once(tmp_path: Path, monkeypatch):
    from fixcopy import discovery

    (tmp_path / "a.txt").write_text("A story.\n")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "b.txt").write_text("Another story.\n")
    calls: list[str] = []
    real = discovery.load_config
    monkeypatch.setattr(discovery, "load_config", lambda p: calls.append(Path(p).name) or real(p))
    found, errors = find_files([str(tmp_path / "a.txt"), str(tmp_path / "dir")], Options())
    articles, read_errors = read_files(found, Options())
    assert not errors and not read_errors and len(articles) == 2
    assert calls == ["a.txt", "dir", "b.txt"]  # once each: the folder's for its globs, then its file's


class Recording:
    """A detector that records the min-confidence it is asked to check down to."""

    name = "recording"

    def __init__(self) -> None:
        self.seen: list[float] = []

    def detect(self, docs, config):
        self.seen.append(config.min_confidence)
        return [[] for _ in docs]


@pytest.mark.parametrize(
    ("options", "floor", "threshold"),
    [
        (Options(model=False), 0.5, 0.5),
        (Options(purpose="fix", model=False), 0.5, 0.8),
        (Options(purpose="fix", model=False, min_confidence=0.3), 0.3, 0.3),
        (Options(purpose="block", model=False, min_confidence=0.2), 0.2, 0.2),
        (Options(purpose="review", model=False, min_confidence=0.9), 0.5, 0.9),
    ],
)
def test_the_detectors_see_the_floor_and_the_command_its_threshold(options, floor, threshold):
    rec = Recording()
    settings = options.settle(DEFAULT)
    [checked] = check_settled([(Article("a.txt", "The the story.\n", False), settings)], lambda cfg: [rec])
    assert rec.seen == [floor] and checked.config.min_confidence == floor
    assert checked.threshold == threshold


def test_no_caller_lowers_min_confidence_in_a_copy_of_config():
    """The threshold trick (a Config copy with a lowered min-confidence, filtered again) lives in
    Options.settle only."""
    root = Path(__file__).resolve().parent.parent / "fixcopy"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "options.py" and re.search(r"replace\([^)]*min_confidence\s*=", p.read_text())
    ]
    assert offenders == []


def test_command_line_beats_config_file_beats_default(tmp_path: Path):
    """End to end: `check` reports at the config's min-confidence unless --min-confidence says otherwise."""
    story = tmp_path / "story.txt"
    story.write_text("The the minister said on Tuesday that talks would resume.\n")

    def confidences(*args: str) -> list[float]:
        r = run_fixcopy("check", "--no-model", "--format", "json", *args, str(story), cwd=tmp_path)
        assert r.returncode in (0, 1), r.stderr
        return [s["confidence"] for f in json.loads(r.stdout)["files"] for s in f["suggestions"]]

    found = confidences()
    assert found, "the doubled word is a rule's suggestion"
    top = max(found)
    (tmp_path / "fixcopy.toml").write_text(f"min-confidence = {min(1.0, top + 0.01)}\n")
    assert confidences() == []  # the config file's threshold is above it
    assert confidences("--min-confidence", str(top)) == found  # the option beats the config file
