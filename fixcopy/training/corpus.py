"""Clean sentences from the news corpus, split train/dev by article id.

WMT and FLORES articles are dev-only; Reuters and BBC articles go to dev when a stable
hash of their id falls in the dev bucket (5%). Sentences are cut with fixcopy's own
Document splitter, so training sees the same units that `check` feeds the model.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..document import Document

TRAIN_SOURCES = ("reuters21578", "bbc_news")
DEV_ONLY_SOURCES = ("wmt_newstest", "flores101_devtest")
DEV_PERCENT = 5

_WORD_RE = re.compile(r"[^\W\d_]+")


def split_of(article_id: str, source_file: str) -> str:
    if source_file in DEV_ONLY_SOURCES:
        return "dev"
    h = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16)
    return "dev" if h % 100 < DEV_PERCENT else "train"


def good_sentence(s: str) -> bool:
    """Prose sentences worth garbling: 6-80 words, mostly letters, not shouting."""
    words = s.split()
    if not 6 <= len(words) <= 80:
        return False
    alpha = _WORD_RE.findall(s)
    if len(alpha) < 0.6 * len(words):
        return False
    letters = "".join(alpha)
    if sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return False
    return True


def iter_articles(
    corpus: Path, split: str | None = None, sources: tuple[str, ...] | None = None
) -> Iterator[tuple[str, str, str]]:
    """(source file stem, article id, text) for each article of the split."""
    for path in sorted(Path(corpus).glob("*.jsonl")):
        if sources and path.stem not in sources:
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if split and split_of(a["id"], path.stem) != split:
                    continue
                yield path.stem, a["id"], a["text"]


def iter_sentences(
    corpus: Path, split: str = "train", sources: tuple[str, ...] | None = None, filtered: bool = True
) -> Iterator[tuple[str, str]]:
    """(article id, sentence) pairs of the split, deduplicated."""
    seen: set[int] = set()
    for _, aid, text in iter_articles(corpus, split, sources):
        doc = Document(text)
        for sp in doc.sentences:
            s = text[sp.start : sp.end].strip()
            if filtered and not good_sentence(s):
                continue
            h = hash(s)
            if h in seen:
                continue
            seen.add(h)
            yield aid, s


def shuffled_sentences(corpus: Path, rng, max_train: int = 0, n_dev: int = 3000) -> tuple[list[str], list[str]]:
    """The train sentences (at most max_train, 0 = all) and n_dev dev sentences, each list
    shuffled by ``rng`` (a random.Random that the caller goes on using)."""
    train = [s for _, s in iter_sentences(Path(corpus), "train")]
    rng.shuffle(train)
    if max_train:
        train = train[:max_train]
    dev = [s for _, s in iter_sentences(Path(corpus), "dev")]
    rng.shuffle(dev)
    return train, dev[:n_dev]
