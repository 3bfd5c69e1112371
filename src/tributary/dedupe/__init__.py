"""De-duplication: the same article carried by several sources is one post.

fingerprint.py  PURE: canonical URL, lead key, MinHash signature and LSH bands
choose.py       PURE: which member of a group of copies is shown (the primary)
"""

from tributary.dedupe.choose import Member, choose_primary
from tributary.dedupe.fingerprint import Fingerprint, fingerprint, is_near_duplicate

__all__ = ["Fingerprint", "Member", "choose_primary", "fingerprint", "is_near_duplicate"]
