"""Keep a long update's memory close to what it holds: two glibc malloc settings.

glibc gives each thread that allocates its own heap ("arena"), up to eight per core, and
an arena's free memory goes back to the system only from its top; the updating process runs
the event loop, the writer and extraction threads, so its freed memory ends up spread over
many arenas. glibc also raises its mmap threshold each time a large block is freed, so that
after the first few feed bodies (200 KB and more) every later one comes from the heap and
stays there. ``tune`` caps the arenas at two and fixes the threshold at 128 KB: a feed body,
a pickled feed, a parsed tree's buffers come from mmap and go back when they are freed.

A no-op where the C library is not glibc (musl, macOS): those allocators have neither knob.
"""

from __future__ import annotations

import ctypes
import ctypes.util

# mallopt's parameter numbers (glibc malloc.h).
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
ARENAS = 2
MMAP_THRESHOLD = 128 * 1024


def tune() -> bool:
    """Apply the settings to this process (and the processes it forks); True when applied.

    Call it early, before threads start: an arena made before the cap stays."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(M_ARENA_MAX, ARENAS)) and bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
