"""glibc's allocator, told to keep less memory: the language model's calls allocate and free large
buffers from several threads, and glibc keeps what they free. Both controls are no-ops off glibc.
Measured with benchmarks/bench_check.py's folder of 200 articles (2 cores): 1,106 MB at glibc's
defaults, 1,028 MB with two arenas, 949 MB with a trim after every scoring call as well, no slower
(a fixed 1 MB mmap threshold took it to 925 MB but halved the speed).
"""

from __future__ import annotations

import os
import sys
from functools import cache

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
MALLOC_ARENAS = 2


@cache
def _libc(name: str):
    """The C library's function ``name``, or None where it has none (not Linux, not glibc)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


def limit_arenas() -> bool:
    """Let glibc keep at most MALLOC_ARENAS malloc arenas in this process, unless the user's
    environment sets MALLOC_ARENA_MAX. By default each thread that allocates may get an arena of its
    own (up to 8 per core), and the LM's scoring threads leave freed memory in theirs. True when the
    limit was set. For a process's entry point (the CLI), not for a library call."""
    mallopt = None if "MALLOC_ARENA_MAX" in os.environ else _libc("mallopt")
    return mallopt is not None and bool(mallopt(M_ARENA_MAX, MALLOC_ARENAS))


def release_memory() -> bool:
    """Hand memory freed in the middle of malloc's heaps back to the system (malloc_trim): a model
    call's log-softmax buffers and activations stay there otherwise. True where it ran (glibc)."""
    trim = _libc("malloc_trim")
    return trim is not None and trim(0) >= 0
