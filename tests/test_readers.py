"""Article files as newsrooms keep them: Markdown, HTML, NITF and NewsML-G2 (fixcopy.readers).

The detectors check the prose; every suggestion is mapped back onto the file's own text and
every fix is spliced into it, byte-exact outside the edit. The samples in corpora/formats are
made from a garbled plain-text story (corpora/formats/make_samples.py), so the same garbles must
be found, and nothing planted in code, URLs, attributes, front matter or metadata."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPORA, run_fixcopy

from fixcopy.checking import check_articles
from fixcopy.config import Config
from fixcopy.detectors import detectors_for
from fixcopy.document import Document
from fixcopy.files import Article
from fixcopy.pipeline import check_documents
from fixcopy.readers import OPAQUE, ReadError, format_for_path, read
from fixcopy.suggestion import Suggestion, apply

FORMATS = CORPORA / "formats"
STORY = (CORPORA / "garbled" / "politics-kazakhstan-talks.txt").read_text(encoding="utf-8")
SAMPLES = {"story.md": "markdown", "story.html": "html", "story.nitf.xml": "nitf", "story.newsml.xml": "newsml"}
NEVER = [json.loads(line) for line in (FORMATS / "never.jsonl").read_text(encoding="utf-8").splitlines()]
GOLD = [json.loads(line) for line in (FORMATS / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
MAPS = json.loads((FORMATS / "map.json").read_text(encoding="utf-8"))


def check(text: str, fmt: str, **cfg) -> list[Suggestion]:
    art = Article("x", text, False, fmt)
    return check_articles([(art, Config(model=False, **cfg))])[0].suggestions


def fixed(text: str, fmt: str) -> str:
    return apply(text, [s for s in check(text, fmt, min_confidence=0.0) if s.fixable])


# -- the samples: the same garbles as the plain-text story ----------------------------------------


@pytest.fixture(scope="module")
def checked_samples():
    """The plain story and each sample checked together, rules and the shipped model, at 0."""
    cfg = Config(min_confidence=0.0)
    readings = {name: read((FORMATS / name).read_text(encoding="utf-8"), fmt) for name, fmt in SAMPLES.items()}
    docs = [Document(STORY)] + [r.view for r in readings.values()]
    results = check_documents(docs, cfg, detectors_for(cfg))
    return readings, results[0], dict(zip(readings, results[1:]))


@pytest.mark.parametrize("name", SAMPLES)
def test_the_prose_of_each_sample_is_the_plain_story(checked_samples, name):
    readings, _, _ = checked_samples
    view = readings[name].view.text
    assert STORY.strip() in view  # every paragraph, in the same words, and nothing between them
    assert view.startswith("Kazakhstan and EU sign road map on critical raw materials\n\n")


@pytest.mark.parametrize("name", SAMPLES)
def test_same_garbles_found_as_in_the_plain_story(checked_samples, name):
    readings, plain, by_sample = checked_samples
    k = readings[name].view.text.index(STORY.strip())
    body = [s for s in by_sample[name] if k <= s.start and s.end <= k + len(STORY.strip())]
    key = lambda s, shift=0: (s.start - shift, s.end - shift, s.category, s.replacement)  # noqa: E731
    assert {key(s, k) for s in body} == {key(s) for s in plain}
    assert len(plain) >= 10


@pytest.mark.parametrize("name", SAMPLES)
def test_suggestions_land_on_the_file_at_exactly_the_mapped_offsets(checked_samples, name):
    readings, plain, by_sample = checked_samples
    r = readings[name]
    where = MAPS[name]["where"]
    mapped = r.to_source(by_sample[name])
    by_key = {(s.category, s.start, s.end): s for s in mapped}
    exact = 0
    for p in plain:
        start, end = where[p.start][0], where[p.end - 1][1]
        if all(where[i][1] == where[i + 1][0] for i in range(p.start, p.end - 1)):  # no markup inside
            s = by_key[(p.category, start, end)]
            assert s.text == r.source[start:end]
            exact += 1
    assert exact >= len(plain) - 4


@pytest.mark.parametrize("name", SAMPLES)
def test_nothing_planted_outside_the_prose_is_flagged(checked_samples, name):
    readings, _, by_sample = checked_samples
    never = [n for n in NEVER if n["file"] == name]
    assert len(never) >= 4
    r = readings[name]
    for s in r.to_source(by_sample[name]):
        for n in never:
            assert not (s.start < n["end"] and n["start"] < s.end), (s, n)
        if s.replacement is not None:  # a fix edits prose only: no tag, no partial entity
            assert "<" not in s.text and ">" not in s.text
            assert r.source[s.start] != ";" and not r.source[max(0, s.end - 1) : s.end + 1].startswith("&#")


@pytest.mark.parametrize("name", SAMPLES)
def test_every_gold_garble_is_found_in_the_sample_as_in_the_story(checked_samples, name):
    readings, plain, by_sample = checked_samples
    gold_plain = [
        g
        for g in json.loads("[" + ",".join((CORPORA / "gold.jsonl").read_text().splitlines()) + "]")
        if g["file"] == MAPS[name]["story"]
    ]
    # at the default min-confidence (a sentence-long model flag at 0.3 is not a find)
    found_plain = {
        g["start"]
        for g in gold_plain
        if any(p.start < g["end"] and g["start"] < p.end and p.confidence >= 0.5 for p in plain)
    }
    assert len(found_plain) >= 6
    mapped = [s for s in readings[name].to_source(by_sample[name]) if s.confidence >= 0.5]
    for g in (g for g in GOLD if g["file"] == name):
        at_plain = next(
            p
            for p in gold_plain
            if p["category"] == g["category"]
            and p["text"] in STORY[p["start"] : p["end"]]
            and MAPS[name]["where"][p["start"]][0] == g["start"]
        )
        hit = any(s.start < g["end"] and g["start"] < s.end for s in mapped)
        assert hit == (at_plain["start"] in found_plain), g


@pytest.mark.parametrize("name", SAMPLES)
def test_fix_all_gives_the_plain_fixes_and_keeps_every_byte_of_markup(tmp_path, name):
    path = tmp_path / name
    shutil.copyfile(FORMATS / name, path)
    plain = tmp_path / "story.txt"
    plain.write_text(STORY, encoding="utf-8")
    r = run_fixcopy("fix", "--no-model", "--min-confidence", "0", str(path))
    assert r.returncode == 0, r.stderr
    fixed_text = r.stdout.decode("utf-8")
    plain_fixed = run_fixcopy("fix", "--no-model", "--min-confidence", "0", str(plain)).stdout.decode("utf-8")
    assert plain_fixed.strip() in read(fixed_text, SAMPLES[name]).view.text
    # everything that is not prose is still there, byte for byte
    original = path.read_text(encoding="utf-8")
    for n in (n for n in NEVER if n["file"] == name):
        assert original[n["start"] - 20 : n["end"]] in fixed_text
    r = run_fixcopy("fix", "--no-model", "--min-confidence", "0", "--write", str(path))
    assert path.read_text(encoding="utf-8") == fixed_text


def test_check_json_offsets_are_indices_into_the_file(tmp_path):
    for name in SAMPLES:
        path = tmp_path / name
        shutil.copyfile(FORMATS / name, path)
    r = run_fixcopy("check", "--no-model", "--format", "json", *(str(tmp_path / n) for n in SAMPLES))
    assert r.returncode == 1, r.stderr
    files = json.loads(r.stdout)["files"]
    assert len(files) == 4
    for f in files:
        text = (FORMATS / f["path"].rsplit("/", 1)[1]).read_text(encoding="utf-8")
        assert f["suggestions"]
        for s in f["suggestions"]:
            assert text[s["start"] : s["end"]] == s["text"]


def test_every_output_format_and_the_block_mode_read_the_format(tmp_path):
    path = tmp_path / "story.html"
    shutil.copyfile(FORMATS / "story.html", path)
    for fmt in ("text", "github", "sarif", "languagetool-json"):
        r = run_fixcopy("check", "--no-model", "--format", fmt, str(path))
        assert r.returncode == 1 and r.stdout, (fmt, r.stderr)
        if fmt in ("text", "github"):
            assert b"caption" not in r.stdout and b"for-for" not in r.stdout
    r = run_fixcopy("check", "--no-model", "--block", str(path))
    assert r.returncode == 1
    assert b"fixcopy review" in r.stderr


# -- each format: what is and is not prose -------------------------------------------------------


def view(text: str, fmt: str) -> str:
    return read(text, fmt).view.text


def test_plain_text_is_unchanged():
    r = read(STORY, "text")
    assert r.view.text == STORY and r.doc is r.view


def test_markdown_reads_prose_and_never_code_urls_or_front_matter():
    md = (
        '---\ntitle: for for\n---\n\n# A heading\n\nInline `for for` code, [link text](http://x.org/for-for "t t") '
        'and ![alt text](i.png "the the").\n\n```\nfor for\n```\n\n    indented for for\n\n<div>for for</div>\n\n'
        "> quoted\n> text\n\n- one item\n- two item\n\n| cell a | cell b |\n|---|---|\n| c | d |\n\n"
        "Note[^1] &amp; \\*star\\*.\n\n[^1]: The note.\n\n+++ not front matter\n"
    )
    v = view(md, "markdown")
    assert v.split("\n\n") == [
        "A heading",
        f"Inline {OPAQUE} code, link text and alt text.",
        "quoted text",
        "one item",
        "two item",
        "cell a",
        "cell b",
        "c",
        "d",
        "Note & *star*.",
        "The note.",
        "+++ not front matter",
    ]
    toml = "+++\ntitle = 'for for'\n+++\n\nBody text.\n"
    assert view(toml, "markdown") == "Body text."


def test_markdown_structure_makes_sentences():
    r = read(
        "# A heading without a stop\n\n- an item\n- another item\n\n| a b | c d |\n|---|---|\n| e | f |\n", "markdown"
    )
    texts = [r.view.text[s.start : s.end] for s in r.view.sentences]
    assert texts == ["A heading without a stop", "an item", "another item", "a b", "c d", "e", "f"]
    # and the file's document holds the same sentences at their places in the file
    assert [r.source[s.start : s.end] for s in r.doc.sentences] == texts


def test_html_reads_text_nodes_and_never_script_style_code_attributes_comments():
    src = (
        "<html><head><title>for for</title><style>p{}</style></head><body>\n"
        '<p data-caption="a a caption">One <em>two</em> three&nbsp;AT&amp;T&#8217;s\n   four.</p>'
        '<!-- for for --><script>var x = "for for";</script><ul><li>item one<li>item two</ul>'
        "<pre>for for</pre><p>Run <code>for for</code> now.<br>Next</p><table><tr><td>cell</td><th>head</th></table>"
        "<blockquote>quote</blockquote>loose text</body></html>"
    )
    assert view(src, "html").split("\n\n") == [
        "One two three\xa0AT&T\u2019s four.",
        "item one",
        "item two",
        f"Run {OPAQUE} now. Next",
        "cell",
        "head",
        "quote",
        "loose text",
    ]


def test_html_fragment_and_entities_written_back_as_they_were():
    src = "<p>AT&amp;T said the the deal&#8217;s terms were were final &mdash; for for now.</p>\n"
    out = fixed(src, "html")
    assert out == "<p>AT&amp;T said the deal&#8217;s terms were final &mdash; for now.</p>\n"


def test_a_garble_across_an_inline_tag():
    # "the <em>the</em>": deleting the first "the " keeps the tags
    assert fixed("<p>Then the <em>the</em> Russia said.</p>", "html") == "<p>Then <em>the</em> Russia said.</p>"
    assert fixed("Then the *the* Russia said.\n", "markdown") == "Then *the* Russia said.\n"
    # a replacement that cannot keep the tags becomes a flag over bare tags, or nothing
    r = read("<p>It was <em>for</em> for the people.</p>", "html")
    view_sugs = [Suggestion(7, 14, "for for", "for", "duplicated-word", "m", 0.9)]
    (s,) = r.to_source(view_sugs)
    assert s.text == "<em>for</em> for" or s.replacement is not None
    assert apply(r.source, [s]) in ("<p>It was <em>for</em> the people.</p>", r.source)


def test_a_span_over_code_or_part_of_an_entity_is_dropped():
    r = read("<p>Say <code>x</code> now &amp; then.</p>", "html")
    v = r.view.text
    assert v == f"Say {OPAQUE} now & then."
    i = v.index(OPAQUE)
    assert r.to_source([Suggestion(i - 1, i + 1, v[i - 1 : i + 1], "", "spurious-words", "m", 0.9)]) == []
    # a flag over a link's URL is dropped: it would overlap the URL
    r = read('<p>the <a href="http://x.org/a">Russia</a> said</p>', "html")
    assert r.to_source([Suggestion(0, 10, "the Russia", None, "article", "m", 0.9)]) == []
    r = read("<p>the <em>Russia</em> said</p>", "html")
    (s,) = r.to_source([Suggestion(0, 10, "the Russia", None, "article", "m", 0.9)])
    assert s.text == "the <em>Russia" and s.replacement is None


def test_replacements_are_escaped_for_the_format():
    r = read("<p>Smith and and Jones.</p>", "html")
    (s,) = r.to_source([Suggestion(6, 13, "and and", "& <b>", "duplicated-word", "m", 0.9)])
    assert s.replacement == "&amp; &lt;b&gt;"
    r = read("Smith and and Jones.\n", "markdown")
    (s,) = r.to_source([Suggestion(6, 13, "and and", "*and*", "duplicated-word", "m", 0.9)])
    assert s.replacement == "\\*and\\*"


def test_nitf_reads_headline_byline_and_body_never_metadata():
    src = (
        '<?xml version="1.0"?>\n<nitf><head><title>for for</title><docdata><doc-id id-string="for for"/>'
        '<date.issue norm="20260101"/></docdata></head><body><body.head><hedline><hl1>The headline</hl1>'
        "<hl2>A subhead</hl2></hedline><byline>By <person>Ann Lee</person></byline><dateline>ASTANA, "
        "<story.date>for for</story.date></dateline></body.head><body.content><p>One &amp; "
        "<em>two</em>.</p><block><p>Three.</p></block><table><tr><td>cell</td></tr></table></body.content>"
        "<body.end><tagline>The tagline.</tagline></body.end></body></nitf>"
    )
    assert view(src, "nitf").split("\n\n") == [
        "The headline",
        "A subhead",
        "By Ann Lee",
        "One & two.",
        "Three.",
        "cell",
        "The tagline.",
    ]
    assert view(src, "xml") == view(src, "nitf")


def test_newsml_reads_headline_byline_and_inline_xhtml_or_text():
    src = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="for-for"><itemMeta><edNote>for for</edNote>'
        "</itemMeta><contentMeta><slugline>for for</slugline><headline>The headline</headline><by>By Ann Lee</by>"
        '</contentMeta><contentSet><inlineXML contenttype="application/xhtml+xml"><html '
        'xmlns="http://www.w3.org/1999/xhtml"><head><title>for for</title></head><body><h1>A head</h1>'
        "<p>One <em>two</em>.</p><pre>for for</pre></body></html></inlineXML>"
        '<inlineData contenttype="text/plain">First para\nsame para.\n\nSecond para.</inlineData>'
        "</contentSet></newsItem>"
    )
    assert view(src, "xml").split("\n\n") == [
        "The headline",
        "By Ann Lee",
        "A head",
        "One two.",
        "First para same para.",
        "Second para.",
    ]


def test_unknown_or_broken_xml_is_an_input_error(tmp_path):
    with pytest.raises(ReadError, match="not NITF"):
        read("<rss><channel/></rss>", "xml")
    with pytest.raises(ReadError, match="not well-formed"):
        read("<nitf><p>open</nitf>", "xml")
    path = tmp_path / "feed.xml"
    path.write_text("<rss><item>for for</item></rss>\n")
    r = run_fixcopy("check", "--no-model", str(path))
    assert r.returncode == 2
    assert b"cannot read as XML" in r.stderr and b"--input-format text" in r.stderr
    r = run_fixcopy("check", "--no-model", "--input-format", "text", str(path))
    assert r.returncode == 1


def test_format_by_extension_and_override(tmp_path):
    assert format_for_path("a.md") == "markdown" and format_for_path("a.HTM") == "html"
    assert format_for_path("a.nitf") == "nitf" and format_for_path("a.xml") == "xml"
    assert format_for_path("a.txt") == "text" and format_for_path("a.md", "text") == "text"
    assert format_for_path("a.txt", "auto") == "text"
    path = tmp_path / "story.txt"
    path.write_text("<p>We are not looking for for a buyer <b>the the</b>.</p>\n")
    as_text = json.loads(run_fixcopy("check", "--no-model", "-f", "json", str(path)).stdout)
    as_html = json.loads(run_fixcopy("check", "--no-model", "-f", "json", "--input-format", "html", str(path)).stdout)
    assert [s["text"] for s in as_html["files"][0]["suggestions"]] == ["for for", "the the"]
    assert len(as_text["files"][0]["suggestions"]) >= 2
    r = run_fixcopy("fix", "--no-model", "--input-format", "html", "-", input=b"<p>the the <i>x</i></p>")
    assert r.stdout == b"<p>the <i>x</i></p>"


def test_input_format_in_the_config_and_directory_globs(tmp_path):
    (tmp_path / "fixcopy.toml").write_text('globs = ["*.txt", "*.md", "*.html", "*.xml"]\nmodel = false\n')
    for name in SAMPLES:
        shutil.copyfile(FORMATS / name, tmp_path / name)
    r = run_fixcopy("check", "-f", "json", str(tmp_path))
    assert sorted(f["path"].rsplit("/", 1)[1] for f in json.loads(r.stdout)["files"]) == sorted(SAMPLES)
    (tmp_path / "fixcopy.toml").write_text('input-format = "bogus"\n')
    r = run_fixcopy("check", str(tmp_path / "story.md"))
    assert r.returncode == 2 and b"input-format" in r.stderr


def test_suppression_comment_in_markup():
    src = "<p>We are not looking for for a buyer. <!-- fixcopy: ignore --></p>\n<p>Not for for me.</p>\n"
    sugs = check(src, "html")
    assert [s.text for s in sugs] == ["for for"] and sugs[0].start > src.index("Not")


def test_bom_crlf_and_non_ascii_survive(tmp_path):
    src = "\ufeff# Zürich — “the the” café\r\n\r\nWe are not looking for for a buyer in Zürich.\r\n"
    path = tmp_path / "a.md"
    path.write_bytes(src.encode("utf-8"))
    r = run_fixcopy("fix", "--no-model", "--write", str(path))
    assert r.returncode == 0
    assert path.read_bytes() == src.replace("the the", "the").replace("for for", "for").encode("utf-8")


def test_staged_reads_the_format(tmp_path, isolated_git):
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "fixcopy.toml").write_text('globs = ["*.html"]\nmodel = false\n')
    (tmp_path / "a.html").write_text('<p data-x="a a">Fine copy.</p><script>for for</script>\n')
    (tmp_path / "b.html").write_text("<p>We are not looking for for a buyer.</p>\n")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    r = run_fixcopy("check", "--staged", "-f", "json", cwd=tmp_path)
    assert r.returncode == 1
    files = json.loads(r.stdout)["files"]
    assert [(f["path"], [s["text"] for s in f["suggestions"]]) for f in files if f["suggestions"]] == [
        ("b.html", ["for for"])
    ]


def test_review_of_an_html_story_in_a_terminal(tmp_path):
    """`fixcopy review` on HTML, in a real pseudo-terminal: accepting everything writes what
    `fix` prints; an editor's own text for a flag is escaped for HTML."""
    from test_review import spawn, walk

    path = tmp_path / "story.html"
    shutil.copyfile(FORMATS / "story.html", path)
    expected = run_fixcopy("fix", "--no-model", "--min-confidence", "0.5", str(path)).stdout.decode("utf-8")
    child = spawn(path)
    shown, asked = walk(child, lambda text, is_flag: ("e", "rules-based & fair") if is_flag else "y")
    assert "broken-compound" in asked and "wrote" in shown
    assert path.read_text(encoding="utf-8") == expected.replace("a -based", "a rules-based &amp; fair")


def test_html_sentences_follow_the_structure_not_the_inline_tags():
    r = read(
        "<h2>A heading</h2><p>The <em>Russia</em> said. It <b>was</b>\n  fine.</p><ul><li>an item</li></ul>", "html"
    )
    assert [r.view.text[s.start : s.end] for s in r.view.sentences] == [
        "A heading",
        "The Russia said.",
        "It was fine.",
        "an item",
    ]
    assert [r.source[s.start : s.end] for s in r.doc.sentences] == [
        "A heading",
        "The <em>Russia</em> said.",
        "It <b>was</b>\n  fine.",
        "an item",
    ]


def test_markdown_odd_input_reads_or_is_left_unchecked_never_crashes():
    for src in (
        "[`\n",
        "| a \\| b | c |\n|---|---|\n| x | y |\n",
        "- [ ] task\n",
        "\tcode\n",
        "> - > x\n",
        "**unclosed *em\n",
        "[a](<b c> 'd') e\n",
        "Text www.example.com/for-for now.\n",
    ):
        r = read(src, "markdown")
        for seg in r.segments:
            if seg.kind == "text":
                assert r.view.text[seg.view_start : seg.view_end] == src[seg.src_start : seg.src_end]
    assert "for-for" not in read("Text www.example.com/for-for now.\n", "markdown").view.text


def test_an_editors_text_for_a_span_across_markup_never_moves_the_markup():
    r = read("<p>Then the <em>Russia</em> said &amp; left.</p>", "html")
    src = r.source
    s, e = src.index("the"), src.index("Russia") + len("Russia")

    def edited(typed):
        a, b, rep = r.encode_edit(s, e, typed)
        return src[:a] + rep + src[b:]

    assert edited("Russia") == "<p>Then <em>Russia</em> said &amp; left.</p>"
    assert edited("the Russian & co") == "<p>Then the <em>Russian &amp; co</em> said &amp; left.</p>"
    assert edited("the <em>Russia") == src  # the source, markup kept, as typed
    with pytest.raises(ValueError, match="cross markup"):
        edited("tha Rossia")
    # plain prose: escaped, entities typed either way
    a = src.index("said")
    b = src.index("left") + 4
    assert r.encode_edit(a, b, "said & went")[2] == "said &amp; went"
    assert r.encode_edit(a, b, "said &amp; went")[2] == "said &amp; went"
