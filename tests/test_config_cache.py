"""The configuration cache: a file is read once per process, and read again once it changes
(a long-running `fixcopy preview` or `serve` sees an edited fixcopy.toml)."""

from __future__ import annotations

import os

from fixcopy.config import load_config


def test_unchanged_file_is_read_once(tmp_path):
    (tmp_path / "fixcopy.toml").write_text("min-confidence = 0.7\n")
    first = load_config(tmp_path)
    assert first.min_confidence == 0.7 and first.source == tmp_path / "fixcopy.toml"
    assert load_config(tmp_path / "article.txt") is first


def test_edited_file_is_read_again(tmp_path):
    cfg = tmp_path / "fixcopy.toml"
    cfg.write_text("min-confidence = 0.7\n")
    assert load_config(tmp_path).min_confidence == 0.7
    cfg.write_text('min-confidence = 0.6\ndisable = ["article"]\n')  # another size
    assert load_config(tmp_path).disable == frozenset({"article"})
    st = cfg.stat()
    cfg.write_text('min-confidence = 0.9\ndisable = ["agreement"]\n')  # the same size, a later time
    os.utime(cfg, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    again = load_config(tmp_path)
    assert again.min_confidence == 0.9 and again.disable == frozenset({"agreement"})


def test_removed_file_falls_back_to_defaults(tmp_path):
    cfg = tmp_path / "fixcopy.toml"
    cfg.write_text("min-confidence = 0.7\n")
    assert load_config(tmp_path).min_confidence == 0.7
    cfg.unlink()
    assert load_config(tmp_path).min_confidence == 0.5
