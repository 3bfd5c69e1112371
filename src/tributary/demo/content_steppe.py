"""Steppe Courier: RSS 1.0 (RDF), found through its home page. Invented articles."""

from __future__ import annotations

from functools import partial

from tributary.demo.model import Article

A = partial(Article, "steppe")

ARTICLES: tuple[Article, ...] = (
    A(
        "odesa-opera-afternoon-matinees",
        title="Odesa opera reopens its doors for afternoon matinees",
        author="Viktoria Hrytsenko",
        days_ago=0.25,
        tags=("Ukraine", "Culture"),
        text="""
The opera house in Odesa has moved its performances to the afternoon, so that audiences can
get home before the evening curfew and the night's air-raid alerts.

Tickets for the first matinee, a production of a Ukrainian folk opera, sold out in an hour.
The theatre's shelter can hold the entire audience if the sirens sound mid-performance.
""",
    ),
    A(
        "kherson-ferry-volunteers-evacuate-elderly",
        title="Kherson ferry volunteers evacuate elderly residents across the Dnipro",
        author="Viktoria Hrytsenko",
        days_ago=1.7,
        tags=("Ukraine",),
        text="""
A group of volunteers with small motorboats has ferried more than three hundred elderly
residents from villages on the river islands near Kherson to the city, where buses take
them further west.

The crossings are made at dawn, when the river is calm. Many of the passengers have lived
on the islands all their lives and leave with a single bag.
""",
    ),
    A(
        "donbas-miners-families-rebuild-west",
        title="Families of Donbas miners rebuild their lives in western Ukraine",
        author="Bohdan Kravets",
        days_ago=4.2,
        tags=("Ukraine", "Mining"),
        text="""
In a town in the Carpathian foothills, a cluster of new houses is home to families who left
mining towns in the Donbas. Some of the men now work in a quarry; others drive delivery
vans.

The families say they miss the steppe and the slag heaps they grew up with. Their children
speak of the mountains as home.
""",
    ),
    A(
        "ukrainian-farmers-switch-to-sunflowers",
        title="Ukrainian farmers switch to sunflowers as export routes shift",
        author="Bohdan Kravets",
        days_ago=7.1,
        tags=("Ukraine", "Agriculture"),
        text="""
Farmers across central Ukraine are planting more sunflowers and less maize this season,
betting that sunflower oil is cheaper to move to market than bulky grain.

Processing plants near the farms turn the seeds into oil that can travel by truck and rail
when ports are disrupted.
""",
    ),
    A(
        "aral-sea-saxaul-forests",
        title="Aral Sea restoration project plants saxaul forests on the old seabed",
        author="Aigerim Seitkali",
        days_ago=2.6,
        tags=("Climate", "Central Asia"),
        text="""
Planters are setting out saxaul seedlings across the dry bed of the Aral Sea, hoping the
hardy shrubs will hold down the salt and dust that storms carry into nearby towns.

The project has covered thousands of hectares. Local doctors link the dust storms to
respiratory illness and say the planting could make a difference within a decade.
""",
    ),
    A(
        "kazakh-steppe-wildfires-dry-winter",
        title="Steppe wildfires spread in Kazakhstan after a dry winter",
        author="Aigerim Seitkali",
        days_ago=0.6,
        tags=("Climate", "Central Asia"),
        text="""
Wildfires burned across thousands of hectares of grassland in northern Kazakhstan this week
after a winter with little snow left the steppe unusually dry.

Herders moved livestock away from the fires. Emergency services said strong winds made the
fires hard to contain.
""",
    ),
    A(
        "western-kazakhstan-oil-workers-strike",
        title="Oil workers in western Kazakhstan strike over pay gap",
        author="Nurlan Abenov",
        days_ago=3.8,
        tags=("Labour", "Central Asia"),
        text="""
Several hundred oil workers at a field in western Kazakhstan went on strike, saying that
local staff earn a fraction of the wages paid to foreign contractors doing the same work.

The strikers are camped near the field's entrance. The operator said it was reviewing its
pay scales.
""",
    ),
    A(
        "georgian-miners-end-underground-protest",
        title="Georgian miners end underground protest after wage deal",
        author="Nino Beridze",
        days_ago=6.0,
        tags=("Labour", "Caucasus"),
        text="""
Miners in western Georgia came back to the surface after a nine-day underground protest,
having won a wage increase and a promise of new safety equipment.

Their families had kept watch at the mine entrance throughout, sending down food and
letters.
""",
    ),
    A(
        "kyrgyz-news-site-blocked-procurement",
        title="Kyrgyz news site blocked after investigation into procurement",
        author="Nurlan Abenov",
        days_ago=1.1,
        tags=("Media freedom", "Central Asia"),
        text="""
An independent news site in Kyrgyzstan was blocked by order of the culture ministry days
after it published an investigation into state purchases of medical equipment.

Readers can still reach it through virtual private networks. The site's editor said the
block amounted to censorship and that the newsroom would appeal.
""",
    ),
    A(
        "azerbaijan-journalist-sentenced",
        title="Journalist sentenced to seven years, colleagues call charges fabricated",
        author="Nino Beridze",
        days_ago=5.5,
        tags=("Media freedom", "Caucasus"),
        text="""
A court in Baku sentenced an investigative journalist to seven years in prison on smuggling
charges that his colleagues and press freedom groups say were fabricated to silence him.

He had reported on the business interests of local officials. His lawyers said they would
appeal.
""",
    ),
    A(
        "central-asian-field-hospitals-for-gaza",
        title="Central Asian capitals send field hospitals for Gaza",
        author="Aigerim Seitkali",
        days_ago=8.3,
        tags=("Gaza", "Central Asia"),
        text="""
Kazakhstan and Uzbekistan have sent field hospitals and medical teams to Egypt to treat
patients evacuated from Gaza, their foreign ministries said.

The teams include surgeons, paediatricians and nurses who volunteered for three-month
rotations.
""",
    ),
    A(
        "silk-road-rail-link-freight-time",
        title="New rail link cuts freight time from China to Europe",
        author="Nurlan Abenov",
        days_ago=9.7,
        tags=("Trade", "Central Asia"),
        text="""
A new rail connection across the Caspian region has cut freight times between western China
and European markets by several days, railway officials said.

Logistics companies say the route is still more expensive than shipping by sea but attracts
customers who need goods to arrive quickly.
""",
    ),
    A(
        "tajik-rivers-low-after-snow-drought",
        title="Snow drought leaves Tajik rivers low in spring",
        author="Aigerim Seitkali",
        days_ago=4.9,
        tags=("Climate", "Central Asia"),
        text="""
Rivers in Tajikistan are running far below their usual spring levels after a winter of
light snowfall in the Pamir mountains, hydrologists said.

Farmers downstream worry about irrigation water for cotton and wheat, and the country's
hydropower plants may produce less electricity next winter.
""",
    ),
    A(
        "moldova-regulator-fines-broadcaster",
        title="Regulator in Moldova fines broadcaster for unlabelled paid content",
        author="Bohdan Kravets",
        days_ago=3.3,
        tags=("Media freedom",),
        text="""
Moldova's audiovisual regulator fined a television broadcaster for airing paid political
segments without labelling them as advertising, the regulator said.

The station said it would challenge the fine in court. Media monitors had documented
dozens of such segments over two months.
""",
    ),
)
