"""The rules' look-alikes hold for every detector: a model (or LanguageTool) suggestion that
points at good English the rules know ("that that", "look forward to seeing", "the Netherlands")
is dropped before it reaches the editor."""

import pytest

from fixcopy.config import Config
from fixcopy.document import Document
from fixcopy.pipeline import check_documents
from fixcopy.rules import lookalike
from fixcopy.suggestion import Suggestion


def model_suggestion(text: str, span: str, category: str, replacement=None) -> Suggestion:
    start = text.index(span)
    return Suggestion(
        start=start,
        end=start + len(span),
        text=span,
        replacement=replacement,
        category=category,
        message="model flag",
        confidence=0.9,
        source="model",
    )


@pytest.mark.parametrize(
    "text, span, category, good",
    [
        ("Some people say that that is naive, he said.", " that", "duplicated-word", True),
        ("He said they had had enough of the talks.", "had", "duplicated-word", True),
        ("The talks with with the union ended on Monday.", " with", "duplicated-word", False),
        ("We look forward to seeing more of our neighbours here.", "seeing", "verb-form", True),
        ("The government is committed to solving the crisis.", "solving", "verb-form", True),
        ("Both sides agreed to extending the deal on Monday.", "extending", "verb-form", False),
        ("The ministers agreed on Tuesday to extending the deal.", "extending", "verb-form", False),
        ("Ministers met in the Netherlands on Monday.", "the ", "article", True),
        ("The court sits in the Hague.", "the ", "article", True),
        ("Officials said the Germany would sign the deal.", "the ", "article", False),
        ("The deal was signed. with the union on Monday.", ".", "stray-punctuation", False),
        ("A debate and vote are scheduled for Feb. 3, officials said.", "are", "agreement", True),
        ("Prices and wages have risen this year.", "have", "agreement", True),
        ("If it were up to him, the talks would go on.", "were", "agreement", True),
        ("He spoke as if the deal were already signed.", "were", "agreement", True),
        ("The minister were speaking to reporters in Brussels.", "were", "agreement", False),
        ("The ministers and their aides was told to leave.", "was", "agreement", False),
        ("Talks ended, and the minister are now in Brussels.", "are", "agreement", False),
        # British copy: a plural verb after a collective noun or a company name
        ("The forgotten majority are unlikely to vote.", "are", "agreement", True),
        ("The first group have already left the country.", "have", "agreement", True),
        ("Time Warner Inc are now in talks with the regulator.", "are", "agreement", True),
        ("The new chairman are expected to resign.", "are", "agreement", False),
    ],
)
def test_lookalike(text, span, category, good):
    doc = Document(text)
    assert lookalike(doc, model_suggestion(text, span, category)) is good


class Fixed:
    """A detector that returns given suggestions (stands in for the model's output, so that the
    pipeline's filtering can be asserted on exact spans)."""

    name = "fixed"

    def __init__(self, suggestions):
        self.suggestions = suggestions

    def detect(self, docs, config):
        return [self.suggestions]


def test_pipeline_drops_lookalikes_from_other_detectors():
    text = "We look forward to seeing you, he said. Both sides agreed to extending the deal."
    seeing = model_suggestion(text, "seeing", "verb-form")
    extending = model_suggestion(text, "extending", "verb-form")
    out = check_documents([Document(text)], Config(), [Fixed([seeing, extending])])[0]
    assert [s.text for s in out] == ["extending"]  # the rule's own, which wins the overlap
    assert out[0].source == "rule"
