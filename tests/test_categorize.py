"""The category query language: parsing, matching, filing and fingerprints.

Every headline and body below is invented for these tests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest

from tributary.categorize import (
    And,
    Document,
    Not,
    Or,
    Phrase,
    Query,
    Term,
    describe,
    file_document,
    fingerprint,
    matches,
    parse_query,
    prepare,
    text,
)
from tributary.errors import ConfigError, QuerySyntaxError


def doc(
    title: str = "",
    text: str = "",
    author: str = "",
    source: str = "",
    tags: tuple[str, ...] = (),
    source_tags: tuple[str, ...] = (),
) -> Document:
    return Document(title, text, author, source, tags, source_tags)


# (id, query, document fields, expected)
MATCH_CASES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("term in title", "ukraine", {"title": "Ukraine signs grain deal"}, True),
    ("term in text", "ukraine", {"text": "Talks on Ukraine resumed."}, True),
    ("term absent", "ukraine", {"title": "Harvest festival opens"}, False),
    ("case insensitive", "UKRAINE", {"title": "ukraine"}, True),
    ("word boundary suffix", "ukraine", {"title": "An ukrainesque mural"}, False),
    ("word boundary kyivstar", "kyiv", {"text": "Kyivstar restores its network"}, False),
    ("word boundary inside", "kyiv", {"text": "Trains reach Kyiv at noon"}, True),
    ("wildcard zelensky", "zelensk*", {"title": "Zelensky meets mayors"}, True),
    ("wildcard zelenskyy", "zelensk*", {"text": "President Zelenskyy spoke"}, True),
    ("wildcard whole word", "zelensk*", {"text": "Zelensk"}, True),
    ("wildcard needs prefix at word start", "lensk*", {"text": "Zelensky"}, False),
    ("phrase in order", '"grain corridor"', {"text": "the grain corridor reopened"}, True),
    ("phrase out of order", '"grain corridor"', {"text": "a corridor for grain"}, False),
    ("phrase words apart", '"grain corridor"', {"text": "grain and a corridor"}, False),
    ("phrase across punctuation", '"al shifa"', {"text": "At al-Shifa, doctors waited."}, True),
    ("phrase across comma", '"harbor city"', {"text": "the harbor, city officials said"}, True),
    ("phrase not across fields", '"deal talks"', {"title": "A deal", "text": "talks"}, False),
    ("phrase with wildcard", '"port of odes*"', {"text": "the port of Odesa"}, True),
    ("implicit and both", "grain port", {"text": "grain left the port"}, True),
    ("implicit and one", "grain port", {"text": "grain left the silo"}, False),
    ("explicit and", "grain AND port", {"text": "port closed"}, False),
    ("or either", "kyiv OR kiev", {"text": "Kiev in older maps"}, True),
    ("or neither", "kyiv OR kiev", {"text": "Lviv by night"}, False),
    ("not excludes", "grain NOT wheat", {"text": "grain and wheat"}, False),
    ("not keeps", "grain NOT wheat", {"text": "grain and barley"}, True),
    ("minus excludes", "grain -wheat", {"text": "grain and wheat"}, False),
    ("minus phrase", 'port -"port authority"', {"text": "the port authority"}, False),
    ("lowercase or is a term", "kyiv or kiev", {"text": "Kyiv"}, False),
    ("precedence and over or", "a OR b c", {"text": "a"}, True),
    ("precedence and over or 2", "a OR b c", {"text": "b"}, False),
    ("precedence not over and", "NOT a b", {"text": "b"}, True),
    ("parentheses", "(a OR b) c", {"text": "a"}, False),
    ("parentheses both", "(a OR b) c", {"text": "b c"}, True),
    ("nested parens", "x ((a OR b) -(c OR d))", {"text": "x b d"}, False),
    ("nested parens keep", "x ((a OR b) -(c OR d))", {"text": "x b e"}, True),
    ("title field hit", "title:gaza", {"title": "Gaza crossings"}, True),
    ("title field miss", "title:gaza", {"text": "Gaza crossings"}, False),
    ("title field phrase", 'title:"ceasefire talks"', {"title": "Ceasefire talks stall"}, True),
    ("title field group", "title:(gaza OR rafah)", {"title": "Rafah crossing"}, True),
    ("title group miss", "title:(gaza OR rafah)", {"text": "Rafah crossing"}, False),
    ("field group with not", "title:(gaza -rafah)", {"title": "Gaza and Rafah"}, False),
    ("author field", "author:kang", {"author": "Taejun Kang"}, True),
    ("author not in text", "author:kang", {"text": "Kang wrote"}, False),
    ("source field", "source:radio", {"source": "Radio Free Somewhere"}, True),
    ("source field phrase", 'source:"free somewhere"', {"source": "Radio Free Somewhere"}, True),
    ("source wildcard", "source:som*", {"source": "Radio Free Somewhere"}, True),
    ("tag whole tag", "tag:ukraine", {"tags": ("Ukraine",)}, True),
    ("tag not part of tag", "tag:ukraine", {"tags": ("Ukraine war",)}, False),
    ("tag phrase", 'tag:"ukraine war"', {"tags": ("Ukraine-War",)}, True),
    ("tag wildcard", "tag:ukr*", {"tags": ("Ukraine war",)}, True),
    ("tag ignores title", "tag:ukraine", {"title": "Ukraine"}, False),
    ("unprefixed term in tags", "ukraine", {"tags": ("Ukraine war",)}, True),
    ("unprefixed term not author", "kang", {"author": "Taejun Kang"}, False),
    ("diacritics doc", "kyiv", {"text": "Kyïv at dawn"}, True),
    ("diacritics query", "café", {"text": "the cafe on the square"}, True),
    ("diacritics both", "sao paulo", {"text": "São Paulo"}, True),
    ("apostrophe possessive", "kyiv", {"text": "Kyiv's mayor"}, True),
    ("curly possessive", "zelenskyy", {"text": "Zelenskyy\u2019s office"}, True),
    ("possessive in query", "kyiv's", {"text": "Kyiv mayor"}, True),
    ("french elision", "ukraine", {"text": "l'Ukraine"}, True),
    ("hyphen term as phrase", "al-shifa", {"text": "Al Shifa hospital"}, True),
    ("hyphen term in hyphen doc", "al-shifa", {"text": "al-Shifa hospital"}, True),
    ("hyphen part", "shifa", {"text": "al-Shifa hospital"}, True),
    ("numbers", "2025", {"title": "Budget for 2025"}, True),
    ("numbers boundary", "202", {"title": "Budget for 2025"}, False),
    ("covid-19", "covid-19", {"text": "COVID-19 cases"}, True),
    ("cyrillic", "Київ", {"text": "Новини з Києва та КИЇВ"}, True),
    ("cyrillic inflected form", "Київ", {"text": "Новини з Києва"}, False),
    ("cyrillic wildcard", "киє*", {"text": "Новини з Києва"}, True),
    ("empty text", "ukraine", {}, False),
    ("empty text not", "NOT ukraine", {}, True),
    ("fullwidth", "abc", {"text": "\uff21\uff22\uff23 news"}, True),
    ("german sharp s", "strasse", {"text": "Die Straße"}, True),
    ("curly quoted phrase", "\u201cgrain corridor\u201d", {"text": "a grain corridor"}, True),
    ("modifier apostrophe", "kyiv", {"text": "Kyiv\u02bcs mayor"}, True),
    ("no-break space in query", "grain\u00a0OR port", {"text": "port"}, True),
    ("source_tags are not tag:", "tag:ukraine", {"source_tags": ("Ukraine",)}, False),
]


@pytest.mark.parametrize(
    ("query", "fields", "expected"),
    [pytest.param(q, f, e, id=name) for name, q, f, e in MATCH_CASES],
)
def test_matches(query: str, fields: dict[str, Any], expected: bool) -> None:
    assert matches(parse_query(query), prepare(doc(**fields))) is expected


def test_enough_cases() -> None:
    assert len(MATCH_CASES) >= 40
    assert len({name for name, *_ in MATCH_CASES}) == len(MATCH_CASES)


# (id, query, 1-based position, message fragment)
ERROR_CASES: list[tuple[str, str, int, str]] = [
    ("empty", "", 1, "empty query"),
    ("blank", "   ", 1, "empty query"),
    ("dangling or", "ukraine OR", 9, "expected a term after OR"),
    ("dangling and", "ukraine AND", 9, "expected a term after AND"),
    ("dangling not", "ukraine NOT", 9, "expected a term after NOT"),
    ("or or", "a OR OR b", 3, "expected a term after OR"),
    ("leading or", "OR kyiv", 1, "expected a term before OR"),
    ("leading and", "AND kyiv", 1, "expected a term before AND"),
    ("or before close", "(a OR )", 4, "expected a term after OR"),
    ("unclosed paren", "kyiv AND (gaza OR rafah", 10, "unclosed parenthesis opened at position 10"),
    ("unclosed outer", "((a)", 1, "unclosed parenthesis opened at position 1"),
    ("open at end", "a (", 3, "unclosed parenthesis opened at position 3"),
    ("unexpected close", "a OR b)", 7, "unexpected ')'"),
    ("leading close", ") a", 1, "unexpected ')'"),
    ("empty parens", "a ()", 3, "empty parentheses"),
    ("unterminated phrase", 'kyiv "grain deal', 6, "unterminated quoted phrase"),
    ("stray closing curly quote", "kyiv \u201d", 6, "closing quote without an opening one"),
    ("unknown field", "titel:gaza", 1, "unknown field 'titel:' (expected title:, author:"),
    ("unknown field later", "a b:c", 3, "unknown field 'b:'"),
    ("field then space", "title: gaza", 1, "directly after 'title:'"),
    ("field at end", "a title:", 3, "directly after 'title:'"),
    ("field then minus", "title:-gaza", 1, "directly after 'title:'"),
    ("field in other field group", "title:(author:x)", 8, "field 'author:' inside a 'title:'"),
    ("star inside", "zel*nsky", 4, "'*' is only allowed at the end of a term"),
    ("star alone", "a *", 3, "'*' needs letters or digits"),
    ("star inside phrase", '"zel*nsky visit"', 5, "'*' is only allowed at the end of a phrase"),
    ("punctuation only", "gaza && rafah", 6, "'&&' has no letters or digits"),
    ("empty phrase", 'a ""', 3, "the quoted phrase has no letters or digits"),
    ("lone minus", "a - b", 3, "expected a term after '-'"),
    ("too deep", "(" * 60 + "a" + ")" * 60, 51, "nested deeper than 50"),
]


@pytest.mark.parametrize(
    ("query", "position", "fragment"),
    [pytest.param(q, p, m, id=name) for name, q, p, m in ERROR_CASES],
)
def test_syntax_errors(query: str, position: int, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    assert fragment in info.value.message
    assert info.value.position == position
    assert info.value.query == query
    assert isinstance(info.value, ConfigError)


def test_error_text_names_position() -> None:
    with pytest.raises(QuerySyntaxError, match=r"^position 9: expected a term after OR$"):
        parse_query("ukraine OR")


TREE_CASES: list[tuple[str, str, Query]] = [
    ("implicit and", "a b", And((Term("a"), Term("b")))),
    ("precedence", "a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
    ("not binds tightest", "NOT a b", And((Not(Term("a")), Term("b")))),
    ("minus is not", "-a", Not(Term("a"))),
    ("flattened", "a AND (b AND c)", And((Term("a"), Term("b"), Term("c")))),
    ("field pushed down", "title:(a OR b)", Or((Term("a", "title"), Term("b", "title")))),
    ("one-word phrase is a term", '"Donbas"', Term("donbas")),
    ("hyphenated term is a phrase", "al-Shifa", Phrase(("al", "shifa"))),
    ("wildcard", "Zelensk*", Term("zelensk", prefix=True)),
    ("uppercase field name", "TITLE:x", Term("x", "title")),
]


@pytest.mark.parametrize(
    ("query", "tree"), [pytest.param(q, t, id=name) for name, q, t in TREE_CASES]
)
def test_parse_tree(query: str, tree: Query) -> None:
    assert parse_query(query) == tree


ROUND_TRIP = [
    'ukraine OR ukrainian OR kyiv OR kiev OR zelensk* OR "donbas"',
    "title:(gaza OR rafah) -hamas",
    "a b OR c NOT d",
    "NOT (a OR b) AND al-shifa",
    'tag:"ukraine war*" OR source:"radio free"',
    "x ((a OR b) -(c OR d))",
    "NOT NOT a",
    "-(a b)",
    "Київ OR Kyïv's",
    '"port of odes*" author:kang',
]


@pytest.mark.parametrize("query", ROUND_TRIP)
def test_describe_round_trips(query: str) -> None:
    tree = parse_query(query)
    text = describe(tree)
    assert parse_query(text) == tree
    assert describe(parse_query(text)) == text


def test_describe_is_normalized() -> None:
    assert describe(parse_query("title:(Gaza OR rafah) -Hamas")) == (
        "(title:gaza OR title:rafah) AND NOT hamas"
    )
    assert describe(parse_query("  A   b ")) == describe(parse_query("a AND B"))


@dataclass(frozen=True)
class FakeRule:
    slug: str
    query: Query | None
    source_tags: tuple[str, ...] = ()


def rule(slug: str, query: str | None, source_tags: tuple[str, ...] = ()) -> FakeRule:
    return FakeRule(slug, parse_query(query) if query else None, source_tags)


RULES = [
    rule("ukraine", 'ukraine OR kyiv OR zelensk* OR "donbas"', ("Ukraine",)),
    rule("middle-east", "title:(gaza OR rafah OR israel)"),
    rule("energy", None, ("Energy", "Oil & Gas")),
    rule("not-sport", "NOT tag:sport"),
]


FILING_CASES: list[tuple[str, Document, tuple[str, ...]]] = [
    ("query only", doc(title="Zelenskyy in Kyiv", tags=("Sport",)), ("ukraine",)),
    ("source tag only", doc(title="Harvest", tags=("ukraine",)), ("ukraine", "not-sport")),
    ("tag from the source", doc(title="x", source_tags=("ENERGY",)), ("energy", "not-sport")),
    ("tag punctuation", doc(title="x", tags=("oil and gas", "Oil-&-Gas")), ("energy", "not-sport")),
    (
        "several categories",
        doc(title="Gaza and Kyiv talks", tags=("Energy", "Sport")),
        ("ukraine", "middle-east", "energy"),
    ),
    ("nothing", doc(title="Cup final", tags=("sport",)), ()),
]


@pytest.mark.parametrize(
    ("document", "expected"), [pytest.param(d, e, id=name) for name, d, e in FILING_CASES]
)
def test_file_document(document: Document, expected: tuple[str, ...]) -> None:
    assert file_document(RULES, document) == expected


def test_file_document_accepts_config_categories() -> None:
    from tributary.config import CategoryConfig

    categories = [CategoryConfig("Ukraine", "ukraine", parse_query("kyiv"), "kyiv", ("UA",))]
    assert file_document(categories, doc(text="Kyiv")) == ("ukraine",)
    assert file_document(categories, doc(tags=("ua",))) == ("ukraine",)


def test_fingerprint_stable() -> None:
    same = [
        rule("not-sport", "NOT   tag:Sport"),
        rule("energy", None, ("oil & gas", "energy")),
        rule("middle-east", "title:gaza OR title:rafah OR title:israel"),
        rule("ukraine", "ukraine OR kyiv OR zelensk* OR donbas", ("ukraine",)),
    ]
    assert fingerprint(RULES) == fingerprint(RULES)
    assert fingerprint(same) == fingerprint(RULES)
    assert len(fingerprint(RULES)) == 64


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param([*RULES[:3], rule("not-sport", "NOT tag:sports")], id="query"),
        pytest.param([*RULES[:3], rule("no-sport", "NOT tag:sport")], id="slug"),
        pytest.param([*RULES[:2], rule("energy", None, ("Energy",)), RULES[3]], id="source tags"),
        pytest.param(RULES[:3], id="rule removed"),
        pytest.param([*RULES, rule("gaza", "gaza")], id="rule added"),
        pytest.param([], id="no rules"),
    ],
)
def test_fingerprint_changes(changed: list[FakeRule]) -> None:
    assert fingerprint(changed) != fingerprint(RULES)


def test_prepared_document_serves_many_queries() -> None:
    prepared = prepare(doc(title="Kyiv", text="grain corridor " * 50, tags=("Energy",)))
    results = [matches(parse_query(q), prepared) for q in ("kyiv", "grain*", '"corridor grain"')]
    assert results == [True, True, True]
    assert matches(parse_query("kyiv"), doc(title="Kyiv"))  # an unprepared Document works too


_ALPHABET = ['"', "(", ")", "-", "*", ":", " ", " ", "a", "b", "Z", "é", "\u201c", "\u201d",
             "AND", "OR", "NOT", "title:", "tag:", "x:", "'", "_", "&", "\t", "1"]  # fmt: skip


def test_ascii_fast_path_splits_like_the_unicode_path() -> None:
    rng = random.Random(7)
    alphabet = "ab Z9_'s-.,\"()"
    for _ in range(2000):
        sample = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        unicode_path = text._WORD.findall(sample.casefold().replace("_", " "))
        assert text.words(sample) == unicode_path, sample


def _position_or_tree(text: str) -> int | Query:
    try:
        return parse_query(text)
    except QuerySyntaxError as exc:  # anything else fails the test
        return exc.position


def test_parse_raises_only_query_syntax_errors() -> None:
    rng = random.Random(20250520)
    parsed = 0
    for _ in range(5000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14)))
        result = _position_or_tree(text)
        if isinstance(result, int):
            assert 1 <= result <= len(text) + 1, text
            continue
        parsed += 1
        assert parse_query(describe(result)) == result, text
        matches(result, doc(title=text, text=text, tags=(text,)))
    assert parsed > 100
