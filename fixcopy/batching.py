"""Failure isolation for batched work: one bad item costs only itself.

Checks run in batches (one model call for many documents or requests). When a batch raises,
``isolate`` runs it again in halves, down to the items that fail on their own, so that every
other item still gets its result and each failing one gets a ``Failure`` naming what went
wrong. It knows nothing of the detectors: whatever runs a batch (the rules, the shipped
model, a later language model, LanguageTool) gets the same isolation from the runner and
from the server.

Test seam: when the environment variable FIXCOPY_FAIL_MARKER is set, a document whose text
contains its value makes the detector stage of its batch raise (pipeline.check_documents
calls ``injected_failure``), as a model failure would. No real input is known to make the
model path raise any more, so the isolation tests use this seam.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

FAIL_MARKER_ENV = "FIXCOPY_FAIL_MARKER"


@dataclass
class Failure:
    """An item whose batch failed even when run alone."""

    error: BaseException
    trace: str

    @property
    def message(self) -> str:
        """One line: the exception's type and message."""
        text = " ".join(str(self.error).split()) or "(no message)"
        return f"{type(self.error).__name__}: {text}"


def isolate(run: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R | Failure]:
    """``run(items)``, and where that raises, ``run`` on halves of the batch (bisecting) so that
    only the items that fail on their own get a Failure; results keep the order of ``items``."""
    if not items:
        return []
    try:
        out = run(items)
    except Exception as e:  # noqa: BLE001 - any failure of one item must not cost the others
        if len(items) == 1:
            return [Failure(e, traceback.format_exc())]
        mid = len(items) // 2
        return isolate(run, items[:mid]) + isolate(run, items[mid:])
    if len(out) != len(items):
        raise RuntimeError(f"a batch of {len(items)} gave {len(out)} results")
    return list(out)


class InjectedFailure(RuntimeError):
    pass


def injected_failure(texts: Sequence[str]) -> None:
    """The test seam (see the module docstring): raise when a text holds FIXCOPY_FAIL_MARKER."""
    marker = os.environ.get(FAIL_MARKER_ENV)
    if marker:
        for t in texts:
            if marker in t:
                raise InjectedFailure(f"injected failure: the text contains {FAIL_MARKER_ENV}={marker!r}")
