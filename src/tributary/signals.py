"""What de-duplication and story clustering read from an entry, computed where CPU is spare.

``entry_signals`` (pure) runs in the digest worker processes beside cleaning (digest.py), so
the pipeline's one writer thread only looks keys up; an entry whose text changed after that
(full text fetched, a stored full text kept) has its signals computed again at storing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tributary.dedupe import Fingerprint, fingerprint
from tributary.stories.text import Features, features
from tributary.types import CleanEntry


@dataclass(frozen=True, slots=True)
class EntrySignals:
    fingerprint: Fingerprint  # dedupe/fingerprint.py: canonical URL, lead key, MinHash
    features: Features  # stories/text.py: weighted words and names of title and lead


def entry_signals(entry: CleanEntry) -> EntrySignals:
    return EntrySignals(
        fingerprint(entry.url, entry.content_text), features(entry.title, entry.content_text)
    )
