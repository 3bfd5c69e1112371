"""What every parsing worker needs, loaded once in the fork server that starts them.

``digest.PRELOAD`` names this module: the fork server imports it before it forks any worker,
so the workers start with the code and with wordfreq's English word list (about 40 MB, which
the story features weigh words by) already in memory, and share those pages with the server
and each other instead of each loading its own copy. The fork server also takes the heap
settings (heap.py) and freezes what it loaded out of the garbage collector's sight: a
collection in a worker would otherwise write to every object's header and so copy every
shared page into the worker.
"""

from __future__ import annotations

import gc

import tributary.digest  # noqa: F401  (the code the workers run)
from tributary import heap
from tributary.stories.text import load_word_list

heap.tune()
load_word_list()
gc.freeze()
