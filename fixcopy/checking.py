"""The batch run: articles checked in batches of equal configuration, CHUNK_ARTICLES files at a
time, an article whose check raises costing only itself (batching.isolate)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from .batching import Failure, isolate
from .config import Config
from .detectors import detectors_for
from .discovery import Found, not_english, read_files, write_not_english_note
from .document import Document
from .files import Article
from .options import Options, Settings
from .pipeline import Detector, check_documents

# Files are read, checked and reported this many at a time (one model batch each), so that a
# run's memory is bounded by the chunk, not by the number of files.
CHUNK_ARTICLES = 64


@dataclass
class Checked:
    article: Article
    doc: Document | None  # None when the check failed
    config: Config
    suggestions: list
    failure: Failure | None = None  # the check of this article raised (an internal error)
    threshold: float | None = None  # what the command decides at (Settings.threshold), when known


def check_articles(
    articles: Sequence[tuple[Article, Config]],
    detectors: Callable[[Config], list[Detector]] = detectors_for,
    progress: Callable[[int], None] | None = None,
) -> list[Checked]:
    """Check articles in batches of equal configuration (one model batch a group). An article
    whose check raises costs only itself: the batch is run again without it (batching.isolate)
    and its Checked carries the failure."""
    groups: dict[Config, list[int]] = {}
    for i, (_, cfg) in enumerate(articles):
        groups.setdefault(cfg, []).append(i)
    out: list[Checked | None] = [None] * len(articles)
    for cfg, idx in groups.items():
        dets = detectors(cfg)

        def run(batch: Sequence[int], cfg: Config = cfg, dets: list[Detector] = dets) -> list:
            # Each file read in its format: the detectors check its prose (reading.view); their
            # suggestions are mapped back onto the file's own text (reading.to_source).
            readings = [articles[i][0].reading for i in batch]
            found = check_documents([r.view for r in readings], cfg, dets)
            return [(r.doc, r.to_source(sugs)) for r, sugs in zip(readings, found)]

        for i, res in zip(idx, isolate(run, idx)):
            if isinstance(res, Failure):
                out[i] = Checked(articles[i][0], None, cfg, [], failure=res)
            else:
                out[i] = Checked(articles[i][0], res[0], cfg, res[1])
        if progress:
            progress(len(idx))
    return [c for c in out if c is not None]


def check_settled(
    articles: Sequence[tuple[Article, Settings]],
    detectors: Callable[[Config], list[Detector]] = detectors_for,
    progress: Callable[[int], None] | None = None,
) -> list[Checked]:
    """check_articles down to each article's check floor; each Checked carries its threshold."""
    checked = check_articles([(a, s.config) for a, s in articles], detectors, progress)
    return [dataclasses.replace(c, threshold=s.threshold) for c, (_, s) in zip(checked, articles)]


def check_one(article: Article, config: Config) -> Checked:
    """One article's check; an internal error is raised (for `review` and `preview`)."""
    [checked] = check_articles([(article, config)])
    if checked.failure is not None:
        raise checked.failure.error
    return checked


def iter_checked(
    found: Sequence[Found],
    options: Options,
    errors: list[str],
    progress: Callable[[int], None] | None = None,
    err: IO[str] | None = None,
) -> Iterator[Checked]:
    """Read and check the files CHUNK_ARTICLES at a time, in order; read errors go to ``errors``.
    With ``err``, say there once, after the last file, which files do not look like English."""
    odd: list[str] = []
    for k in range(0, len(found), CHUNK_ARTICLES):
        articles, read_errors = read_files(
            found[k : k + CHUNK_ARTICLES], options, (lambda: progress(1)) if progress else None
        )
        errors.extend(read_errors)
        if err is not None:
            odd.extend(not_english(articles))
        yield from check_settled(articles, progress=progress)
    if err is not None:
        write_not_english_note(odd, err)
