"""`fixcopy preview` of a Markdown and of an HTML story in real headless Chromium: the page
shows the rendered prose (not the markup), and Save writes the original file with only the
accepted edits, every other byte as it was."""

from __future__ import annotations

import shutil

import pytest
from conftest import CORPORA
from test_preview import browser, card, decisions, expect, page, serving  # noqa: F401 (fixtures)

FORMATS = CORPORA / "formats"


@pytest.mark.parametrize(
    "name,article_edit,flag_edit",
    [
        ("story.md", ("the *Moscow's*", "*Moscow's*"), ("a -based", "a rules-based")),
        ("story.html", ("the <em>Moscow's</em>", "<em>Moscow's</em>"), ("a -based", "a rules-based &amp; fair")),
    ],
)
def test_browser_preview_of_a_formatted_story(page, tmp_path, name, article_edit, flag_edit):  # noqa: F811
    path = tmp_path / name
    shutil.copyfile(FORMATS / name, path)
    original = path.read_bytes()
    with serving(path) as s:
        page.goto(s.url)
        page.wait_for_selector(".card")
        shown = page.inner_text("#article")
        # The prose, as a reader sees it: no markup, no code, no URLs, no front matter.
        assert "Kazakhstan and EU sign road map on critical raw materials" in shown
        assert "said the Moscow's reaction" in shown
        for markup in ("<em>", "](https://", "for-for", "title:", "data-caption", "<p>", "**", "&#8212;"):
            assert markup not in shown, markup
        assert "\u2014" in shown  # the entity read as its character
        assert page.locator(".card").count() == 9
        # Accept the doubled word and the article across an inline tag; write a fix for the flag.
        card(page, "duplicated-word").get_by_role("button", name="Accept").click()
        card(page, "article").get_by_role("button", name="Accept").click()
        flag = card(page, "broken-compound")
        flag.get_by_role("button", name="Edit").click()
        box = flag.get_by_role("textbox")
        assert box.input_value() == "-based"
        box.fill("rules-based" if name.endswith(".md") else "rules-based & fair")
        box.press("Enter")
        expect(page.locator("#preview-summary")).to_contain_text("3 changes")
        expect(page.locator("#corrected")).to_contain_text("said Moscow's reaction")
        corrected = page.inner_text("#corrected")
        assert "looking for a single buyer" in corrected and "<em>" not in corrected
        assert "a rules-based" in corrected
        page.click("#save")
        page.wait_for_selector("#banner:not([hidden])")
        assert "Saved" in page.inner_text("#banner-text")
        # reloaded from the saved file: the accepted ones are gone (and the page is done asking)
        expect(page.locator(".card")).to_have_count(6)
        expect(page.locator("#preview-summary")).to_contain_text("0 changes")
    expected = (
        original.decode("utf-8")
        .replace("looking for for a", "looking for a")
        .replace(*article_edit)
        .replace(*flag_edit)
    ).encode("utf-8")
    assert path.read_bytes() == expected


def test_preview_api_shows_prose_and_saves_only_accepted_edits_nitf(tmp_path):
    path = tmp_path / "story.nitf.xml"
    shutil.copyfile(FORMATS / "story.nitf.xml", path)
    original = path.read_text(encoding="utf-8")
    with serving(path) as s:
        st = s.state()
        assert st["format"] == "nitf"
        text = "".join(seg["text"] for seg in st["segments"])
        assert text.startswith("Kazakhstan and EU sign road map") and "<p>" not in text and "doc-id" not in text
        first = [i["id"] for i in st["items"] if i["fixable"]][:2]
        r = s.post("/api/save", decisions(st, accept=first))
        assert r.status_code == 200, r.text
    items = [i for i in st["items"] if i["id"] in first]
    expected = original
    for i in sorted(items, key=lambda i: -i["start"]):
        raw = original[i["start"] : i["end"]]
        rep = i["replacement"].replace("&", "&amp;").replace("<", "&lt;")
        expected = expected[: i["start"]] + rep + expected[i["end"] :]
        assert raw
    assert path.read_text(encoding="utf-8") == expected
