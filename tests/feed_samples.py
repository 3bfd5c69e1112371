"""Generated feeds and fragments for the fast path's differential tests.

Hand-shaped feeds (WordPress-style RSS 2.0, Atom with xhtml content, RSS 1.0/RDF, and fixed
YouTube-style and podcast-style feeds) and seeded random ones that mix the constructs feeds
really carry (and some odd ones), so that tests/test_parse_rust.py can compare the feedparser_rs
path with the feedparser adapter on many shapes. Outlets, people and text are invented.
"""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

WORDS = [
    "harbour", "council", "ferry", "library", "market", "river", "tram", "budget", "school",
    "bridge", "festival", "weather", "railway", "museum", "orchard", "clinic", "stadium",
    "garden", "election", "archive",
]  # fmt: skip
PEOPLE = ["Mira Okonkwo", "Tomas Reyes", "Ana Lindqvist", "Jun Park", "Lea Moreau", "Hal Ostrowski"]
BASE = "https://valley.example/news/"
NAMESPACES = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
    'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:ex="https://schema.valley.example/ext"'
)


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


# --- HTML fragments ----------------------------------------------------------------------

URLS = [
    "/story/1",
    "story/2?ref=feed&amp;x=1",
    "../up/3",
    "./here",
    "https://valley.example/abs",
    "http://other.example/x y",
    "//cdn.example/img.png",
    "javascript:alert(1)",
    "mailto:desk@valley.example",
    "#top",
    "?page=2",
    "img/ferry.jpg",
    "HTTPS://Caps.example/Path",
    "https://[::1",
    "",
    " /padded ",
    "a:b/c",
    "files/r&eacute;sum&#233;.pdf",
    "https://valley.example/a//b",
]
TEXTS = [
    "plain words",
    "Q&amp;A",
    "AT&amp;T",
    "caf&#233;",
    "&#8220;quoted&#8221;",
    "&#150; dash",
    "&#x97; hex",
    "&#X41;",
    "&nbsp;",
    "&copy 2025",
    "&unknownentity;",
    "&amp",
    "a &lt; b",
    "3 &lt; 5",
    "x &gt; y",
    "\u00e9t\u00e9",
    "\u201csmart\u201d",
    "C\u00c3\u00a9",  # UTF-8 read as latin-1
    "ok\u0096ok",  # a C1 control
    "emoji \U0001f30a",
    "&#39;apos&#34;",
    "&apos;",
    "&a.b",
]


def html_fragment(rng: random.Random, pieces: int = 6, odd: bool = True) -> str:
    """Random HTML made of the pieces feed bodies hold; ``odd`` adds rarer constructs."""
    out: list[str] = []
    for _ in range(pieces):
        kind = rng.randrange(16 if odd else 9)
        text = rng.choice(TEXTS) if rng.random() < 0.4 else words(rng, rng.randint(1, 8))
        url = rng.choice(URLS)
        if kind == 0:
            out.append(f"<p>{text}</p>")
        elif kind == 1:
            out.append(f'<a href="{url}">{text}</a>')
        elif kind == 2:
            attrs = rng.choice(
                [
                    f'src="{url}" alt="{words(rng, 2)}"',
                    f'alt="x" src="{url}" width="640" height="480" class="wp-image"',
                    f"src='{url}'",
                    f"src={rng.choice(['pic.jpg', '/a/b.png', 'x.gif?a=1'])}",
                    f'SRC="{url}" ALT="Big"',
                ]
            )
            out.append(f"<img {attrs}{rng.choice(['', ' /', '/'])}>")
        elif kind == 3:
            out.append(rng.choice(["<br>", "<br/>", "<br />", "<hr>", "<BR>"]))
        elif kind == 4:
            out.append(f"<strong>{text}</strong> <em>{words(rng, 2)}</em>")
        elif kind == 5:
            out.append(
                f'<figure class="wp-block-image"><img src="{url}"><figcaption>{text}</figcaption></figure>'
            )
        elif kind == 6:
            out.append(
                f'<ul><li>{text}</li><li><a href="{url}" rel="NoFollow">{words(rng, 1)}</a></li></ul>'
            )
        elif kind == 7:
            out.append(text)
        elif kind == 8:
            out.append(f'<blockquote cite="{url}"><p>{text}</p></blockquote>')
        elif kind == 9:
            out.append(rng.choice(["<!-- more -->", "<!--x-->", "<!-- a -- b -->"]))
        elif kind == 10:
            out.append(
                rng.choice(
                    [
                        "<P CLASS=intro>Hi</P>",
                        '<a title="it\'s" href="/q">q</a>',
                        "<input disabled>",
                    ]
                )
            )
        elif kind == 11:
            out.append(
                rng.choice(
                    ['<a href="x" href="y">dup</a>', '<a href="/x"title="t">t</a>', "<span/>"]
                )
            )
        elif kind == 12:
            out.append(rng.choice(["<!DOCTYPE html>", "<?php echo 1 ?>", "<![CDATA[x]]>", "<!x>"]))
        elif kind == 13:
            out.append(rng.choice(["a < b", "<3", "x <b", "</ p>", "</>", "<>"]))
        elif kind == 14:
            out.append(
                rng.choice(
                    [
                        '<video poster="p.jpg" src="v.mp4"></video>',
                        '<iframe src="/embed/1"></iframe>',
                    ]
                )
            )
        else:
            out.append(
                rng.choice(
                    [
                        '<a href="a?b=1&c=2">amp</a>',
                        '<a href="&#106;s">r</a>',
                        "<div><p>deep <b>x</b></p></div>",
                    ]
                )
            )
    return rng.choice(["", "\n", " "]).join(out)


def xhtml_fragment(rng: random.Random, pieces: int = 5) -> str:
    """Random well-formed XHTML for Atom xhtml constructs."""
    texts = [
        "plain words",
        "Q&amp;A",
        "caf&#233;",
        "a &lt; b",
        "\u201csmart\u201d",
        "C\u00c3\u00a9",
        "x &gt; y",
    ]
    out: list[str] = []
    for _ in range(pieces):
        text = rng.choice(texts) if rng.random() < 0.5 else words(rng, rng.randint(1, 6))
        url = rng.choice(
            ["/story/1", "story/2?a=1&amp;b=2", "../up", "https://valley.example/x", "#top"]
        )
        out.append(
            rng.choice(
                [
                    f"<p>{text}</p>",
                    f'<p>See <a href="{url}" REL="NoFollow">{text}</a>.</p>',
                    f'<img src="{url}" alt="{words(rng, 2)}"/>',
                    f"<p>{text}<br/>{words(rng, 2)}</p>",
                    f'<figure class="wp"><img src="img/{rng.randint(1, 9)}.jpg"/><figcaption>{text}</figcaption></figure>',
                    f"<ul><li><strong>{text}</strong></li><li><em>{words(rng, 1)}</em></li></ul>",
                    f'<blockquote cite="{url}">{text}</blockquote>',
                    f'<span title="it&quot;s">{text}</span> tail',
                    text,
                ]
            )
        )
    return rng.choice(["", "\n", " "]).join(out)


# --- dates and URLs ------------------------------------------------------------------------

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ZONES = [
    "+0000",
    "GMT",
    "-0500",
    "+0530",
    "EST",
    "PDT",
    "Z",
    "UT",
    "+02:00",
    "met",
    "etc/gmt",
    "gmt+1",
    "XYZ",
    "+05",
    "",
]


def rfc822_date(rng: random.Random) -> str:
    day = rng.randint(1, 31)
    year = rng.choice([2025, 2024, 1999, 25, 99, 89])
    clock = rng.choice(
        [
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
            "24:00:00",
        ]
    )
    parts = [
        f"{rng.choice(DAYS)}," if rng.random() < 0.8 else "",
        f"{day:02d}",
        rng.choice(MONTHS),
        str(year),
        clock,
        rng.choice(ZONES),
    ]
    if rng.random() < 0.1:
        parts[1], parts[2] = parts[2], parts[1]
    return " ".join(p for p in parts if p)


def w3dtf_date(rng: random.Random) -> str:
    date = f"{rng.choice([2025, 2024, 1999])}-{rng.randint(1, 12):02d}-{rng.randint(1, 31):02d}"
    forms = [
        date,
        f"{date}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z",
        f"{date}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+09:00",
        f"{date}T08:00:00.123-05:00",
        f"{date} 10:00:00",
        f"{date}T08:00",
        date[:7],
        date[:4],
    ]
    return rng.choice(forms)


def any_date(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return rfc822_date(rng)
    if roll < 0.85:
        return w3dtf_date(rng)
    return rng.choice(
        [
            "",
            "sometime soon",
            "2025/05/20",
            "20250520T101010",
            "Tue May 20 14:30:00 2025",
            "yesterday at 5",
            "2025-13-45T99:99:99Z",
            "Mon, 31 Feb 2025 10:00:00 GMT",
        ]
    )


# --- whole feeds -----------------------------------------------------------------------------


def wordpress_feed(items: int, seed: int = 7, body_paragraphs: int = 8) -> bytes:
    """A WordPress-style RSS 2.0 feed: CDATA content:encoded bodies of several KB."""
    rng = random.Random(seed)
    entries = []
    for n in range(items):
        paragraphs = "\n".join(
            f"<p>{words(rng, 70)} &#8217;{words(rng, 3)}&#8217; "
            f'<a href="https://valley.example/{n}/{k}/">{words(rng, 2)}</a> &amp; {words(rng, 5)}.</p>'
            for k in range(body_paragraphs)
        )
        image = (
            f'<figure class="wp-block-image size-large"><img loading="lazy" decoding="async" '
            f'width="1024" height="683" src="https://valley.example/wp-content/uploads/{n}.jpg" '
            f'alt="{words(rng, 3)}" class="wp-image-{n}"/><figcaption>{words(rng, 6)}</figcaption></figure>'
        )
        entries.append(
            f"""
    <item>
      <title>{escape(words(rng, 6).title())} &#8211; {n}</title>
      <link>https://valley.example/{2025}/{n}/story-{n}/</link>
      <comments>https://valley.example/{2025}/{n}/story-{n}/#respond</comments>
      <dc:creator>{cdata(rng.choice(PEOPLE))}</dc:creator>
      <pubDate>{rfc822_date_strict(rng)}</pubDate>
      <category>{cdata(rng.choice(WORDS).title())}</category>
      <category>{cdata(rng.choice(WORDS).title())}</category>
      <guid isPermaLink="false">https://valley.example/?p={1000 + n}</guid>
      <description>{cdata(f"<p>{words(rng, 40)} [&#8230;]</p>")}</description>
      <content:encoded>{cdata(paragraphs + image)}</content:encoded>
      <wfw:commentRss>https://valley.example/{n}/feed/</wfw:commentRss>
      <slash:comments>{rng.randint(0, 9)}</slash:comments>
    </item>"""
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" {NAMESPACES}>\n<channel>\n'
        "  <title>The Valley Ledger</title>\n"
        '  <atom:link href="https://valley.example/feed/" rel="self" type="application/rss+xml" />\n'
        "  <link>https://valley.example</link>\n  <description>Town news, daily</description>\n"
        "  <lastBuildDate>Tue, 20 May 2025 14:30:00 +0000</lastBuildDate>\n  <language>en-GB</language>\n"
        "  <sy:updatePeriod>hourly</sy:updatePeriod>\n  <sy:updateFrequency>1</sy:updateFrequency>\n"
        "  <generator>https://wordpress.org/?v=6.5</generator>\n"
        "  <image><url>https://valley.example/icon.png</url><title>The Valley Ledger</title>"
        "<link>https://valley.example</link><width>32</width><height>32</height></image>\n"
        + "".join(entries)
        + "\n</channel>\n</rss>\n"
    ).encode()


def rfc822_date_strict(rng: random.Random) -> str:
    return (
        f"{rng.choice(DAYS)}, {rng.randint(1, 28):02d} {rng.choice(MONTHS)} 2025 "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} +0000"
    )


def atom_xhtml_feed(seed: int = 3) -> bytes:
    """Atom 1.0 with xhtml, html and text constructs, xml:base, persons and a source."""
    rng = random.Random(seed)
    entries = []
    for n in range(6):
        xhtml = xhtml_fragment(rng)
        entries.append(
            f"""
  <entry{' xml:base="https://static.valley.example/archive/"' if n % 3 == 2 else ""}>
    <id>tag:valley.example,2025:post-{n}</id>
    <title type="{rng.choice(["text", "html", "xhtml"])}">{escape(words(rng, 4))}</title>
    <link rel="alternate" type="text/html" href="posts/{n}"/>
    <link rel="enclosure" type="audio/mpeg" length="{1000 * n}" href="audio/{n}.mp3"/>
    <author><name>{rng.choice(PEOPLE)}</name><email>desk{n}@valley.example</email></author>
    {"<author><name>" + rng.choice(PEOPLE) + "</name><uri>/people/" + str(n) + "</uri></author>" if n % 2 else ""}
    <published>{w3dtf_date(rng)}</published>
    <updated>2025-05-21T09:30:00Z</updated>
    <category term="{rng.choice(WORDS)}" label="{rng.choice(WORDS).title()}"/>
    <summary type="text">{escape(words(rng, 12))} &amp; more</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{xhtml}</div></content>
    {'<source><id>tag:wire.example,2025:feed</id><title>Coastal Wire</title><link href="https://wire.example/"/></source>' if n % 2 == 0 else ""}
  </entry>"""
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://valley.example/blog/">\n'
        '  <title type="html">Valley &lt;i&gt;Engineering&lt;/i&gt;</title>\n'
        "  <subtitle>Notes from the plant room</subtitle>\n"
        '  <link rel="alternate" href="./"/><link rel="self" href="feed.atom"/>\n'
        "  <id>tag:valley.example,2025:blog</id><updated>2025-05-21T10:00:00Z</updated>\n"
        "  <author><name>Plant Room</name></author>\n" + "".join(entries) + "\n</feed>\n"
    ).encode()


def rdf_feed(seed: int = 5) -> bytes:
    """RSS 1.0 (RDF) with Dublin Core, content:encoded and an image and textinput."""
    rng = random.Random(seed)
    items = []
    for n in range(5):
        items.append(
            f"""
  <item rdf:about="https://fieldnotes.example/2025/{n}">
    <title>{escape(words(rng, 5))}</title>
    <link>https://fieldnotes.example/2025/{n}</link>
    <description>{escape(html_fragment(rng, 3, odd=False))}</description>
    <content:encoded>{cdata(html_fragment(rng, 6, odd=False))}</content:encoded>
    <dc:creator>{rng.choice(PEOPLE)}</dc:creator>
    <dc:date>{w3dtf_date(rng)}</dc:date>
    <dc:subject>{rng.choice(WORDS)}</dc:subject>
  </item>"""
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        '  <channel rdf:about="https://fieldnotes.example/rss">\n'
        "    <title>Field Notes</title><link>https://fieldnotes.example/</link>\n"
        "    <description>Research, briefly</description>\n"
        '    <image rdf:resource="https://fieldnotes.example/logo.png"/>\n'
        '    <items><rdf:Seq><rdf:li rdf:resource="https://fieldnotes.example/2025/0"/></rdf:Seq></items>\n'
        "  </channel>\n"
        '  <image rdf:about="https://fieldnotes.example/logo.png"><title>Field Notes</title>'
        "<url>https://fieldnotes.example/logo.png</url><link>https://fieldnotes.example/</link></image>\n"
        + "".join(items)
        + '\n  <textinput rdf:about="https://fieldnotes.example/search"><title>Search</title>'
        "<description>Search the notes</description><name>q</name>"
        "<link>https://fieldnotes.example/search</link></textinput>\n</rdf:RDF>\n"
    ).encode()


YOUTUBE_STYLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.example/feeds/videos.xml?channel_id=UC1"/>
 <id>yt:channel:UC1</id>
 <yt:channelId>UC1</yt:channelId>
 <title>Valley Workshop</title>
 <link rel="alternate" href="https://www.youtube.example/channel/UC1"/>
 <author><name>Valley Workshop</name><uri>https://www.youtube.example/channel/UC1</uri></author>
 <published>2019-01-10T10:00:00+00:00</published>
 <entry>
  <id>yt:video:abc</id>
  <yt:videoId>abc</yt:videoId>
  <yt:channelId>UC1</yt:channelId>
  <title>Fixing the ferry bell</title>
  <link rel="alternate" href="https://www.youtube.example/watch?v=abc"/>
  <author><name>Valley Workshop</name><uri>https://www.youtube.example/channel/UC1</uri></author>
  <published>2025-05-20T10:00:00+00:00</published>
  <updated>2025-05-21T11:00:00+00:00</updated>
  <media:group>
   <media:title>Fixing the ferry bell</media:title>
   <media:content url="https://www.youtube.example/v/abc?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i.ytimg.example/vi/abc/hqdefault.jpg" width="480" height="360"/>
   <media:description>We take the old bell apart &amp; clean it.
Second line.</media:description>
   <media:community>
    <media:starRating count="12" average="5.00" min="1" max="5"/>
    <media:statistics views="345"/>
   </media:community>
  </media:group>
 </entry>
</feed>"""

PODCAST_STYLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
 <title>Harbour Hour</title><link>https://harbour.example/</link>
 <atom:link href="https://harbour.example/feed.xml" rel="self" type="application/rss+xml"/>
 <description>Weekly talk</description>
 <itunes:author>Harbour Hour</itunes:author>
 <itunes:summary>Weekly talk about the harbour.</itunes:summary>
 <itunes:owner><itunes:name>Ana</itunes:name><itunes:email>ana@harbour.example</itunes:email></itunes:owner>
 <itunes:image href="https://harbour.example/art.jpg"/>
 <itunes:category text="News"><itunes:category text="Daily News"/></itunes:category>
 <itunes:explicit>false</itunes:explicit>
 <item>
  <title>Episode 12: Tides</title>
  <itunes:title>Tides</itunes:title>
  <itunes:episode>12</itunes:episode>
  <description><![CDATA[<p>All about <a href="/tides">tides</a>.</p>]]></description>
  <enclosure url="https://cdn.harbour.example/12.mp3" length="1234567" type="audio/mpeg"/>
  <guid isPermaLink="false">harbour-12</guid>
  <pubDate>Tue, 20 May 2025 06:00:00 GMT</pubDate>
  <itunes:duration>00:31:12</itunes:duration>
  <itunes:explicit>false</itunes:explicit>
  <itunes:image href="https://harbour.example/12.jpg"/>
 </item>
</channel></rss>"""


# --- random RSS 2.0 / Atom feeds ----------------------------------------------------------


def _text_value(rng: random.Random, markup: str) -> str:
    """``markup`` as XML element content: escaped, or in CDATA."""
    return cdata(markup) if rng.random() < 0.5 else escape(markup)


def _rss_item(rng: random.Random, n: int, xml_base: bool = True) -> str:
    def pick(*options: str) -> str:
        return rng.choice(options)

    guid_attr = pick("", ' isPermaLink="false"', ' isPermaLink="true"', ' isPermaLink="False"')
    guid = pick(f"item-{n}", f"/p/{n}", f"https://valley.example/?p={n}")
    author = pick(
        f"desk@valley.example ({rng.choice(PEOPLE)})",
        rng.choice(PEOPLE),
        "news@valley.example",
        f"{rng.choice(PEOPLE)} <a@valley.museum>",
    )
    domain = pick("", ' domain="https://valley.example/tags"')
    enclosure = (
        f'<enclosure url="{pick("/audio/a.mp3", "https://cdn.valley.example/v.mp4", "b.ogg")}" '
        f'type="{pick("audio/mpeg", "Video/MP4", "text/html")}" '
        f'length="{pick("123", "", "unknown", "12.5")}"/>'
    )
    media = pick("https://cdn.valley.example/p.jpg", "rel/p.jpg")
    atom_link = (
        f'<atom:link rel="{pick("alternate", "enclosure", "related")}" '
        f'href="{pick(f"/atom/{n}", "https://valley.example/atom")}"/>'
    )
    pool = [
        f"<title>{_text_value(rng, pick(words(rng, 5), rng.choice(TEXTS), '<b>bold</b> title', 'A &amp; B', ''))}</title>",
        f"<link>{escape(rng.choice(URLS))}</link>",
        f"<guid{guid_attr}>{escape(guid)}</guid>",
        f"<description>{_text_value(rng, html_fragment(rng, rng.randint(1, 5)))}</description>",
        f"<content:encoded>{_text_value(rng, html_fragment(rng, rng.randint(2, 8)))}</content:encoded>",
        f"<pubDate>{escape(any_date(rng))}</pubDate>",
        f"<dc:date>{escape(any_date(rng))}</dc:date>",
        f"<dc:creator>{escape(rng.choice(PEOPLE))}</dc:creator>",
        f"<author>{escape(author)}</author>",
        f"<category{domain}>{escape(rng.choice([*WORDS, ' Padded ', 'A &amp; B', '']))}</category>",
        enclosure,
        f'<media:content url="{media}" medium="image" fileSize="{rng.randint(1, 9999)}"/>',
        '<media:group><media:content url="https://cdn.valley.example/g.mp4" type="video/mp4"/>'
        '<media:thumbnail url="thumbs/g.jpg"/></media:group>',
        f'<media:thumbnail url="{pick("t.jpg", "https://cdn.valley.example/t.jpg")}"/>',
        f'<source url="https://wire.example/rss">{escape(pick("Coastal Wire", "Wire &amp; Co", ""))}</source>',
        f"<dc:source>{pick('Coastal Wire', 'https://wire.example/a/1', 'www.wire.example')}</dc:source>",
        f"<comments>{escape(rng.choice(URLS))}</comments>",
        f"<wfw:commentRss>https://valley.example/{n}/feed/</wfw:commentRss>",
        f"<slash:comments>{rng.randint(0, 5)}</slash:comments>",
        f'<ex:note level="{n}">{words(rng, 2)}</ex:note>',
        f"<itunes:duration>12:{n:02d}</itunes:duration>",
        f"<itunes:explicit>{pick('yes', 'no')}</itunes:explicit>",
        atom_link,
        f"<media:title>{words(rng, 2)}</media:title>",
        f'<media:description type="{pick("plain", "html")}">{escape(html_fragment(rng, 2))}</media:description>',
        f"<media:keywords>{pick('ferry, tram', ' one ,, two ', '')}</media:keywords>",
        "<media:group><media:title>Clip</media:title><media:description>About the clip"
        '</media:description><media:content url="https://cdn.valley.example/c.mp4"/></media:group>',
        f'<title xml:base="https://other.example/">{words(rng, 2)}</title>',
    ]
    if not xml_base:
        pool.pop()
    parts = [rng.choice(pool) for _ in range(rng.randint(2, 11))]
    base = pick("", "", "", ' xml:base="https://mirror.example/sub/"') if xml_base else ""
    return f"<item{base}>" + "".join(parts) + "</item>"


def random_rss(rng: random.Random, xml_base: bool = True) -> bytes:
    items = "".join(_rss_item(rng, n, xml_base) for n in range(rng.randint(0, 6)))
    channel = [
        f"<title>{_text_value(rng, rng.choice(['The Valley Ledger', 'Ledger &amp; Co', '<i>Ledger</i>', '']))}</title>",
        f"<link>{escape(rng.choice(['https://valley.example/', '/home', '']))}</link>",
        "<description>Town news</description>",
        f"<ttl>{rng.choice(['60', '', 'soon', '15.5'])}</ttl>",
        "<image><url>https://valley.example/i.png</url><title>Ledger</title><link>https://valley.example/</link></image>",
        '<atom:link rel="{}" href="{}"/>'.format(
            rng.choice(["self", "alternate", "hub"]),
            rng.choice(["https://valley.example/feed", "alt/"]),
        ),
        "<language>en</language>",
        f"<lastBuildDate>{escape(any_date(rng))}</lastBuildDate>",
        "<sy:updatePeriod>hourly</sy:updatePeriod>",
        "<textInput><title>Search</title><description>Find</description><name>q</name><link>https://valley.example/s</link></textInput>",
        "<itunes:explicit>no</itunes:explicit>",
        '<cloud domain="rpc.valley.example" port="80" path="/RPC2" registerProcedure="p" protocol="xml-rpc"/>',
    ]
    chosen = rng.sample(channel, rng.randint(1, len(channel)))
    position = rng.randint(0, len(chosen))
    chosen.insert(position, items)
    declaration = rng.choice(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0"?>\n', ""]
    )
    base = rng.choice(["", ' xml:base="https://valley.example/base/"']) if xml_base else ""
    return (
        declaration
        + f'<rss version="2.0" {NAMESPACES}{base}><channel>'
        + "".join(chosen)
        + "</channel></rss>"
    ).encode()


def _atom_entry(rng: random.Random, n: int, xml_base: bool = True) -> str:
    def pick(*options: str) -> str:
        return rng.choice(options)

    def construct(tag: str) -> str:
        kind = rng.choice(["text", "html", "xhtml", None])
        type_attr = f' type="{kind}"' if kind else ""
        if kind == "xhtml":
            inner = pick("<b>bold</b> text", "<p>one</p><p>two</p>", "plain", "<p>x</p>tail")
            wrapped = f'<div xmlns="http://www.w3.org/1999/xhtml">{inner}</div>'
            return f"<{tag}{type_attr}>{pick(wrapped, ' ' + wrapped + ' ')}</{tag}>"
        markup = html_fragment(rng, 3) if kind == "html" else rng.choice([*TEXTS, words(rng, 4)])
        return f"<{tag}{type_attr}>{escape(markup)}</{tag}>"

    category_attrs = pick("", ' label="L"', ' scheme="s"')
    link_attrs = pick(
        "",
        ' rel="alternate"',
        ' rel="self"',
        ' rel="enclosure" length="10"',
        ' type="application/pdf"',
    )
    pool = [
        f"<id>{pick(f'tag:valley.example,2025:{n}', f'/rel/id/{n}', f'urn:uuid:{n}')}</id>",
        construct("title"),
        f'<link href="{pick(f"p/{n}", "https://valley.example/p")}"{link_attrs}/>',
        f"<updated>{escape(any_date(rng))}</updated>",
        f"<published>{escape(any_date(rng))}</published>",
        f"<author><name>{rng.choice(PEOPLE)}</name>"
        f"{pick('', '<email>desk@valley.example</email>', '<uri>/me</uri>')}</author>",
        f'<category term="{rng.choice(WORDS)}"{category_attrs}/>',
        construct("summary"),
        construct("content"),
        "<source><id>tag:wire.example,2025</id><title>Coastal Wire</title>"
        "<updated>2025-01-01T00:00:00Z</updated></source>",
        "<contributor><name>Helper</name></contributor>",
        "<rights>CC BY</rights>",
    ]
    parts = [rng.choice(pool) for _ in range(rng.randint(2, 9))]
    base = pick("", "", ' xml:base="https://static.valley.example/a/"', ' xml:base="sub/"')
    if not xml_base:
        base = ""
    return f"<entry{base}>" + "".join(parts) + "</entry>"


def random_atom(rng: random.Random, xml_base: bool = True) -> bytes:
    entries = "".join(_atom_entry(rng, n, xml_base) for n in range(rng.randint(0, 5)))
    title_type = rng.choice(["text", "html"])
    link_rel = rng.choice(["", ' rel="alternate"', ' rel="self"'])
    head = [
        f'<title type="{title_type}">{escape(rng.choice(["Valley", "A &amp; B", "<b>V</b>"]))}</title>',
        f'<link href="{rng.choice(["./", "https://valley.example/"])}"{link_rel}/>',
        "<id>tag:valley.example,2025:feed</id>",
        "<updated>2025-05-21T10:00:00Z</updated>",
        "<subtitle>Notes</subtitle>",
        "<author><name>Desk</name></author>",
        '<generator uri="https://gen.example/" version="1">Gen</generator>',
        "<icon>/favicon.ico</icon>",
    ]
    chosen = rng.sample(head, rng.randint(1, len(head)))
    chosen.insert(rng.randint(0, len(chosen)), entries)
    base = rng.choice(["", ' xml:base="https://valley.example/blog/"']) if xml_base else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom"{base}>' + "".join(chosen) + "</feed>"
    ).encode()


def random_feed(rng: random.Random, xml_base: bool = True) -> bytes:
    """A random RSS 2.0 or Atom 1.0 feed; ``xml_base=False`` leaves out every xml:base."""
    return random_rss(rng, xml_base) if rng.random() < 0.65 else random_atom(rng, xml_base)
