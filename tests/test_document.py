"""Document: exact spans over the text as decoded, whatever the line endings and characters."""

from __future__ import annotations

import pytest

from fixcopy.document import Document
from fixcopy.files import decode
from fixcopy.rules import run_rules


def spans_text(doc, spans):
    return [doc.text[s.start : s.end] for s in spans]


def test_paragraphs_sentences_and_non_prose_parts():
    text = (
        "By Ana Ortega and Li Wei\n\nASTANA, Kazakhstan (AP) — Tokayev spoke. Mr. Smith left at 3 p.m. on Friday.\n\n"
        "“We agree,” she said. U.S. officials said so.\n\nSource: Associated Press\n"
    )
    doc = Document(text)
    assert spans_text(doc, doc.paragraphs) == [
        "By Ana Ortega and Li Wei",
        "ASTANA, Kazakhstan (AP) — Tokayev spoke. Mr. Smith left at 3 p.m. on Friday.",
        "“We agree,” she said. U.S. officials said so.",
        "Source: Associated Press",
    ]
    assert {doc.text[s.start : s.end]: s.kind for s in doc.skipped} == {
        "By Ana Ortega and Li Wei": "byline",
        "ASTANA, Kazakhstan (AP) — ": "dateline",
        "Source: Associated Press": "source",
    }
    assert spans_text(doc, doc.sentences) == [
        "Tokayev spoke.",
        "Mr. Smith left at 3 p.m. on Friday.",
        "“We agree,” she said.",
        "U.S. officials said so.",
    ]
    assert spans_text(doc, doc.quotes) == ["“We agree,”"]


@pytest.mark.parametrize(
    "dateline",
    [
        "WASHINGTON (AP) — ",
        "LAGOS, Nigeria (Reuters) - ",
        "SALVADOR, Feb 26 - ",
        "SÃO PAULO, Brazil (AP) — ",
    ],
)
def test_datelines_are_not_prose(dateline):
    doc = Document(dateline + "The the vote was close.")
    assert doc.prose[0].start == len(dateline)
    assert [s.text for s in run_rules(doc)] == ["The the"]


def test_a_quote_over_paragraphs_runs_to_each_paragraph_end():
    doc = Document('"We came to win.\n\n"And we did," he said.')
    assert spans_text(doc, doc.quotes) == ['"We came to win.', '"And we did,"']


def test_reuters_trailer_and_front_matter_and_code_are_skipped():
    text = "---\ntitle: the the\n---\n\nPrices for for bread rose.\n\n```\nfor for\n```\n\n(Reporting by Ana Ortega; Editing by Li Wei)\n"
    doc = Document(text)
    assert [s.text for s in run_rules(doc)] == ["for for"]


CASES = {
    "crlf": "Line one.\r\n\r\nTalks with with the union.\r\n",
    "bom-curly": "\ufeff“Talks with with the union,” she said.\n",
    "emoji": "🎉🎉 Talks with with the union 👍.\n",
    "combining": "Jose\u0301 and Zoe\u0308 held talks with with the union.\n",
    "cr-only": "First.\r\rTalks with with the union.\r",
}


@pytest.mark.parametrize("name", CASES)
def test_offsets_are_exact_string_indices(name):
    article = decode(CASES[name].encode("utf-8"), name)
    doc = Document(article.text)
    [s] = run_rules(doc)
    assert s.text == "with with"
    assert article.text[s.start : s.end] == "with with"
    assert article.text.index("with with") == s.start


def test_bom_is_removed_and_remembered():
    article = decode("\ufeffHello there.\n".encode("utf-8"), "x")
    assert article.bom and article.text == "Hello there.\n"
    assert article.encode() == "\ufeffHello there.\n".encode("utf-8")


def test_line_and_column_count_characters():
    doc = Document("é🎉\r\nab with with\n")
    [s] = run_rules(doc)
    assert doc.line_col(s.start) == (2, 4)
    assert doc.line_col(0) == (1, 1)


def test_suppression_marker_covers_its_line_and_categories():
    text = (
        "The the first line. <!-- fixcopy: ignore -->\n\nThe the second line.\n\n"
        "The the third, with 2,5 million. fixcopy: ignore[number-date]\n"
    )
    from fixcopy.config import Config
    from fixcopy.pipeline import check_documents

    sugs = check_documents([Document(text)], Config(model=False))[0]
    assert [(s.text, s.category) for s in sugs] == [("The the", "duplicated-word"), ("The the", "duplicated-word")]
    assert sugs[0].start == text.index("The the second")
