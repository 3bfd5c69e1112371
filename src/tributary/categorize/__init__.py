"""PURE: the category query language (text -> tree -> matcher).

parser.parse_query   query text -> Query tree, or QuerySyntaxError (position, message)
tree                 Term | Phrase | Published | Not | And | Or, describe() back to text
dates                date bounds: published:>=2025-05-01, published:2025-05
text                 folding and word splitting shared by queries and posts
document             Document -> PreparedDocument (tokenized once per post)
filing               matches(), file_document(), fingerprint()
"""

from __future__ import annotations

from tributary.categorize.document import Document, Field, PreparedDocument, prepare
from tributary.categorize.filing import Rule, file_document, fingerprint, matches
from tributary.categorize.parser import parse_query
from tributary.categorize.tree import And, Not, Or, Phrase, Published, Query, Term, describe

__all__ = [
    "And",
    "Document",
    "Field",
    "Not",
    "Or",
    "Phrase",
    "PreparedDocument",
    "Published",
    "Query",
    "Rule",
    "Term",
    "describe",
    "file_document",
    "fingerprint",
    "matches",
    "parse_query",
    "prepare",
]
