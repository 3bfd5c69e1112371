"""feedparser's vocabulary: the namespaces it knows and the element names it acts on.

feedparser names an element by a short name for its namespace (its own for the namespaces it
knows, the document's prefix otherwise) joined to the lowercased local name: "dc_creator",
"media_content", "title". Its handlers act on about a hundred such names; the rest it files
under their name in the entry's dictionary. The fast path (parse/rust_vocabulary.py) uses
these tables to tell which elements of a feed feedparser would act on.
tests/test_parse_rust.py checks them against feedparser's own.
"""

from __future__ import annotations

# feedparser's namespaces (lowercased) and its short names for them (feedparser.mixin).
KNOWN_NAMESPACES: dict[str, str] = {
    "": "",
    "http://backend.userland.com/rss": "",
    "http://blogs.law.harvard.edu/tech/rss": "",
    "http://purl.org/rss/1.0/": "",
    "http://my.netscape.com/rdf/simple/0.9/": "",
    "http://example.com/newformat#": "",
    "http://example.com/necho": "",
    "http://purl.org/echo/": "",
    "uri/of/echo/namespace#": "",
    "http://purl.org/pie/": "",
    "http://purl.org/atom/ns#": "",
    "http://www.w3.org/2005/atom": "",
    "http://purl.org/rss/1.0/modules/rss091#": "",
    "http://webns.net/mvcb/": "admin",
    "http://purl.org/rss/1.0/modules/aggregation/": "ag",
    "http://purl.org/rss/1.0/modules/annotate/": "annotate",
    "http://media.tangent.org/rss/1.0/": "audio",
    "http://backend.userland.com/blogchannelmodule": "blogChannel",
    "http://creativecommons.org/ns#license": "cc",
    "http://web.resource.org/cc/": "cc",
    "http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html": "creativeCommons",
    "http://backend.userland.com/creativecommonsrssmodule": "creativeCommons",
    "http://purl.org/rss/1.0/modules/company": "co",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://my.theinfo.org/changed/1.0/rss/": "cp",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/email/": "email",
    "http://purl.org/rss/1.0/modules/event/": "ev",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
    "http://freshmeat.net/rss/fm/": "fm",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
    "http://www.georss.org/georss": "georss",
    "http://www.opengis.net/gml": "gml",
    "http://postneo.com/icbm/": "icbm",
    "http://purl.org/rss/1.0/modules/image/": "image",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://example.com/dtds/podcast-1.0.dtd": "itunes",
    "http://purl.org/rss/1.0/modules/link/": "l",
    "http://search.yahoo.com/mrss": "media",
    "http://search.yahoo.com/mrss/": "media",
    "http://madskills.com/public/xml/rss/module/pingback/": "pingback",
    "http://prismstandard.org/namespaces/1.2/basic/": "prism",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://purl.org/rss/1.0/modules/reference/": "ref",
    "http://purl.org/rss/1.0/modules/richequiv/": "reqv",
    "http://purl.org/rss/1.0/modules/search/": "search",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://schemas.xmlsoap.org/soap/envelope/": "soap",
    "http://purl.org/rss/1.0/modules/servicestatus/": "ss",
    "http://hacks.benhammersley.com/rss/streaming/": "str",
    "http://purl.org/rss/1.0/modules/subscription/": "sub",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://schemas.pocketsoap.com/rss/mydescmodule/": "szf",
    "http://purl.org/rss/1.0/modules/taxonomy/": "taxo",
    "http://purl.org/rss/1.0/modules/threading/": "thr",
    "http://purl.org/rss/1.0/modules/textinput/": "ti",
    "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
    "http://wellformedweb.org/commentapi/": "wfw",
    "http://purl.org/rss/1.0/modules/wiki/": "wiki",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/xlink": "xlink",
    "http://www.w3.org/xml/1998/namespace": "xml",
    "http://podlove.org/simple-chapters": "psc",
}
# feedparser's handler names (its _start_*/_end_* methods, as element names): an element with
# one of these names does something, so the fast path reads it as feedparser does or declines.
HANDLED_NAMES = frozenset(
    {
        "abstract", "author", "body", "category", "cc_license", "channel", "cloud", "content",
        "content_encoded", "contributor", "copyright", "created", "creativecommons_license",
        "dc_author", "dc_contributor", "dc_creator", "dc_date", "dc_description", "dc_language",
        "dc_publisher", "dc_rights", "dc_subject", "dc_title", "dcterms_created",
        "dcterms_issued", "dcterms_modified", "dcterms_valid", "description", "email",
        "enclosure", "entry", "expirationdate", "feed", "feedburner_browserfriendly", "fullitem",
        "generator", "geom", "georss_box", "georss_line", "georss_point", "georss_polygon",
        "georss_where", "georssgeom", "gml_exterior", "gml_linearring", "gml_linestring",
        "gml_point", "gml_polygon", "gml_pos", "gml_poslist", "guid", "height", "homepage", "id",
        "image", "info", "issued", "item", "itunes_author", "itunes_block", "itunes_category",
        "itunes_email", "itunes_explicit", "itunes_image", "itunes_keywords", "itunes_link",
        "itunes_name", "itunes_owner", "itunes_subtitle", "itunes_summary", "keywords",
        "language", "lastbuilddate", "link", "managingeditor", "media_category", "media_content",
        "media_credit", "media_description", "media_group", "media_keywords", "media_license",
        "media_player", "media_rating", "media_restriction", "media_thumbnail", "media_title",
        "modified", "name", "newlocation", "psc_chapter", "psc_chapters", "pubdate", "published",
        "rights", "rss", "source", "subtitle", "summary", "tagline", "tags", "textinput",
        "title", "updated", "uri", "url", "webmaster", "where", "width", "xhtml_body",
    }
)  # fmt: skip
# Handlers whose effects stay on keys the adapter never reads (within an entry, as leaves).
INERT_IN_ENTRY = frozenset(
    {
        "created", "dcterms_created", "expirationdate", "dcterms_valid", "language",
        "dc_language", "rights", "copyright", "dc_rights", "generator", "subtitle", "tagline",
        "itunes_subtitle", "info", "feedburner_browserfriendly", "itunes_explicit",
        "itunes_block", "itunes_image", "itunes_link", "media_credit", "media_rating",
        "media_restriction", "media_license", "media_player", "webmaster", "dc_publisher",
        "cloud", "newlocation", "width", "height", "name", "email", "uri", "url", "homepage",
        "itunes_name", "itunes_email", "contributor", "dc_contributor",
    }
)  # fmt: skip
# The same at feed level, where only the feed's title, link and ttl matter.
INERT_IN_FEED = INERT_IN_ENTRY | frozenset(
    {
        "description", "dc_description", "abstract", "pubdate", "published", "issued",
        "dcterms_issued", "updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified",
        "category", "dc_subject", "keywords", "tags", "itunes_category", "itunes_keywords",
        "author", "dc_creator", "dc_author", "itunes_author", "managingeditor", "itunes_owner",
        "contributor", "dc_contributor", "media_content", "media_thumbnail", "media_credit",
        "media_category", "media_keywords", "media_group", "enclosure",
    }
)  # fmt: skip
# Keys an element without a handler would be stored under that the adapter reads, directly
# or through feedparser's key aliases: such an element must be declined.
ENTRY_KEYS = frozenset(
    {
        "id", "title", "title_detail", "summary", "summary_detail", "content", "link", "links",
        "author", "authors", "author_detail", "published_parsed", "updated_parsed", "tags",
        "media_content", "media_thumbnail", "source", "description_detail", "date_parsed",
        "modified_parsed", "issued_parsed", "guidislink",
    }
)  # fmt: skip
FEED_KEYS = frozenset({"title", "title_detail", "link", "links", "ttl"})
