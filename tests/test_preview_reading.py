"""The preview page read as an editor would, in a real headless Chromium (issue 14): paragraphs
apart, the corrected text in view at 1400x1000, a deleted full stop you can see, a low-confidence
card that looks like one, and a word when no browser can be opened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPORA
from test_preview import CHROMIUM, CHROMIUM_ARGS, URL_RE, browser, serving, serving_with_model  # noqa: F401

ONE_PARAGRAPH_A_LINE = (
    "ASTANA (AP) - The company said it signed a deal. with the union on Monday, and the talks would resume.\n"
    "The second paragraph follows here with more words so that it wraps onto another line in the pane.\n"
    "The third one is short.\n"
)


@pytest.fixture
def laptop(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


@pytest.fixture
def lines_article(tmp_path) -> Path:
    p = tmp_path / "story.txt"
    p.write_text(ONE_PARAGRAPH_A_LINE)
    return p


def test_paragraphs_one_a_line_are_drawn_apart(laptop, lines_article):
    with serving(lines_article) as s:
        laptop.goto(s.url)
        laptop.wait_for_selector(".card")
        from playwright.sync_api import expect

        expect(laptop.locator("#corrected")).to_contain_text("The third one")
        for pane in ("#article", "#corrected"):
            assert laptop.locator(f"{pane} .pbreak").count() == 3, pane
            for k in range(3):  # a blank of at least 8 px between paragraphs
                assert laptop.locator(f"{pane} .pbreak").nth(k).bounding_box()["height"] >= 8, pane
        assert "The third one is short." in laptop.inner_text("#article")


def test_the_corrected_text_is_in_view_at_1400_by_1000(laptop, crlf_bom_article):
    with serving(crlf_bom_article) as s:
        laptop.goto(s.url)
        laptop.wait_for_selector(".card")
        box = laptop.locator("#corrected").bounding_box()
        article = laptop.locator("#article").bounding_box()
        assert box["y"] < 300 and box["x"] > article["x"] + article["width"]  # beside the article, not below it
        assert laptop.locator("#corrected").is_visible()


def test_a_deleted_full_stop_is_big_enough_to_see(laptop, lines_article):
    with serving(lines_article) as s:
        laptop.goto(s.url)
        laptop.wait_for_selector(".card")
        dot = laptop.locator(".card .diff del").first
        assert dot.inner_text() == "."
        assert "punct" in dot.get_attribute("class")
        size = dot.bounding_box()
        assert size["width"] >= 10 and size["height"] >= 14
        laptop.keyboard.press("a")  # accepted: the article shows the deletion too, boxed
        marked = laptop.locator("#article del.punct").first
        assert marked.bounding_box()["width"] >= 10


def test_a_low_confidence_card_looks_different(laptop, tmp_path):
    story = tmp_path / "story.txt"
    story.write_bytes((CORPORA / "garbled" / "politics-kazakhstan-talks.txt").read_bytes())
    with serving_with_model(story, "--min-confidence", "0.1") as s:
        items = s.state()["items"]
        low = [i for i in items if i["confidence"] < 0.5]
        high = [i for i in items if i["confidence"] >= 0.8]
        if not low:
            pytest.skip("the shipped model raised nothing below 0.5 here")
        laptop.goto(s.url)
        laptop.wait_for_selector(".card")
        low_card = laptop.locator(f'.card[data-id="{low[0]["id"]}"]')
        high_card = laptop.locator(f'.card[data-id="{high[0]["id"]}"]')
        assert "conf-low" in low_card.get_attribute("class")
        assert "low confidence" in low_card.inner_text().lower()
        assert "low confidence" not in high_card.inner_text().lower()
        style = laptop.evaluate(
            """([a, b]) => [a, b].map((id) => {
            const c = getComputedStyle(document.querySelector(`.card[data-id="${id}"]`));
            return [c.borderTopStyle, c.backgroundColor];
        })""",
            [low[0]["id"], high[0]["id"]],
        )
        assert style[0] != style[1]
        mark_style = laptop.evaluate(f"""getComputedStyle(document.querySelector('#article mark[data-id="{low[0]["id"]}"]'))
                                         .borderBottomStyle""")
        assert mark_style == "dashed"


def _wait_for_line(proc: subprocess.Popen, words: str, seconds: float) -> list[str]:
    """The process's output lines, read until one holds these words or the time is up."""
    import queue
    import threading

    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()
    seen: list[str] = []
    try:
        while not any(words in ln for ln in seen):
            seen.append(lines.get(timeout=seconds))
    except queue.Empty:
        pass
    return seen


def test_says_so_when_no_browser_can_be_opened(lines_article, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update({"BROWSER": "false", "PATH": str(tmp_path) + os.pathsep + "/usr/bin:/bin"})
    for name in (
        "xdg-open",
        "www-browser",
        "x-www-browser",
        "links",
        "elinks",
        "lynx",
        "w3m",
        "gio",
        "sensible-browser",
    ):
        (tmp_path / name).write_text("#!/bin/sh\nexit 1\n")  # every launcher there is fails, as on a server
        (tmp_path / name).chmod(0o755)
    proc = subprocess.Popen(
        [sys.executable, "-m", "fixcopy", "preview", "--no-model", str(lines_article)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        first = proc.stdout.readline()
        assert URL_RE.search(first), first
        lines = _wait_for_line(proc, "could not open a browser", seconds=20)
        assert any("could not open a browser" in ln and "open the address above" in ln for ln in lines), lines
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
