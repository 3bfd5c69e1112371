"""Stories: posts from different outlets about the same event, grouped online.

text.py      PURE: a post's weighted words and named things (Features)
cluster.py   PURE: the online clustering (Clusterer, Story, Settings)
evaluate.py  PURE: B-cubed and pairwise scores against gold clusters
stream.py    a labelled JSON-lines stream through the clustering (eval clustering)
"""

from tributary.stories.cluster import Assignment, Clusterer, Settings, Story
from tributary.stories.text import Features, features

__all__ = ["Assignment", "Clusterer", "Features", "Settings", "Story", "features"]
