"""What every parsing worker needs, loaded once in the fork server that starts them.

``digest.PRELOAD`` names this module: the fork server imports it before it forks any worker,
so the workers start with the code and with wordfreq's English word list (about 40 MB, which
the story features weigh words by) already in memory, and share those pages with the server
and each other instead of each loading its own copy.
"""

from __future__ import annotations

import tributary.digest  # noqa: F401  (the code the workers run)
from tributary.stories.text import load_word_list

load_word_list()
