"""Northwind Review: an Atom 1.0 magazine feed with xml:base. Invented articles."""

from __future__ import annotations

from functools import partial

from tributary.demo.model import Article

A = partial(Article, "northwind")

ARTICLES: tuple[Article, ...] = (
    A(
        "kyiv-night-shift-power-engineers",
        title="Inside Kyiv's night shift: the engineers who restore power after each attack",
        author="Ingrid Halvorsen",
        days_ago=0.4,
        tags=("Ukraine", "Energy"),
        image="Repair crews working under portable lamps at a substation.",
        text="""
The call comes a little after three in the morning. Within twenty minutes a crew of five is
driving through Kyiv's empty streets towards a substation that an hour earlier was lit by
fire, their van loaded with cable, fuses and thermoses of tea.

The engineers work in rotations that rarely end when they are supposed to. Most have learned
to sleep in the van. They talk about transformers the way doctors talk about patients: which
ones are stable, which ones will not survive another winter.

By breakfast, lights return to several thousand flats. The crew's supervisor says the work
has made her team faster than any she has led. "We would rather be slower," she adds.
""",
    ),
    A(
        "zaporizhzhia-families-weigh-leaving",
        title="Families in the Zaporizhzhia region weigh leaving before winter",
        author="Ingrid Halvorsen",
        days_ago=2.2,
        tags=("Ukraine",),
        text="""
In villages a short drive from the front line, families are deciding whether to spend
another winter at home or move west while the roads are still dry.

Local officials have opened registration points for evacuation buses, but many older
residents say they will not leave their animals or their houses. Younger families describe
packing bags and then unpacking them again.

A volunteer driver said he now makes the trip twice a week, and that most passengers carry
little more than documents and a change of clothes.
""",
    ),
    A(
        "ukrainian-childrens-choir-tours-nordic-capitals",
        title="Ukrainian children's choir tours Nordic capitals",
        author="Elias Virtanen",
        days_ago=6.5,
        tags=("Ukraine", "Culture"),
        text="""
A choir of thirty children from Chernihiv sang to a full cathedral in Helsinki on Saturday,
the third stop of a tour that will take them to Stockholm, Oslo and Copenhagen.

Many of the singers have rehearsed in shelters. Their conductor said the tour was as much
about giving the children a few weeks of ordinary travel as about the concerts.

Proceeds will pay for new instruments for the music school where the choir began.
""",
    ),
    A(
        "arctic-sea-ice-season-ends-early",
        title="Arctic sea ice season ends early for the third year running",
        author="Sigrid Dahl",
        days_ago=1.3,
        tags=("Climate", "Arctic"),
        text="""
Sea ice around the Svalbard archipelago began its seasonal retreat two weeks earlier than
the long-term average, researchers said, the third year in a row that the ice season has
ended early.

Hunters and guides in Longyearbyen say routes across the fjords that were safe in April are
now open water. Scientists say thinner ice breaks up faster in spring storms.

The findings add to evidence that the Arctic is warming several times faster than the rest
of the planet.
""",
    ),
    A(
        "norway-fjord-electric-ferries-winter-storms",
        title="Fjord towns test electric ferries in winter storms",
        author="Sigrid Dahl",
        days_ago=4.0,
        tags=("Climate", "Transport"),
        text="""
Three ferry routes on Norway's western coast switched to battery-powered vessels this winter,
and operators say the boats kept to their timetables through storms that grounded flights.

The ferries charge in the ten minutes they spend at each dock. Crews say the quiet engines
have changed their working day more than they expected.

Regional planners want every ferry in the county to run without diesel by the end of the
decade, cutting emissions from one of the region's largest sources.
""",
    ),
    A(
        "scotland-peat-bog-restoration",
        title="Peat bog restoration draws farmers and sceptics in the Scottish Highlands",
        author="Callum Reid",
        days_ago=7.9,
        tags=("Climate", "Environment"),
        text="""
Diggers are filling in drainage ditches cut across Highland peatland half a century ago, in
a restoration scheme that pays landowners to let the bogs grow wet again.

Healthy peat stores carbon for centuries; drained peat releases it. Some farmers have signed
up eagerly, while others worry about losing grazing land for good.

The first restored sites already hold water through dry spells, the project's ecologists say.
""",
    ),
    A(
        "finnish-port-strike-halts-container-traffic",
        title="Finnish port strike halts container traffic for 48 hours",
        author="Elias Virtanen",
        days_ago=0.9,
        tags=("Labour", "Europe"),
        text="""
Container traffic through Finland's main ports stopped for two days as dock workers struck
over a proposed change to shift rules, the union representing them said.

Ships waited at anchor outside Helsinki and Kotka while trucks queued at terminal gates.
Employers called the strike disproportionate; the union said talks had gone nowhere for
months.

Both sides are due to meet the national mediator on Thursday.
""",
    ),
    A(
        "copenhagen-delivery-riders-sick-pay",
        title="Delivery riders in Copenhagen win sick pay in landmark agreement",
        author="Freja Nielsen",
        days_ago=3.5,
        tags=("Labour", "Gig economy"),
        text="""
Food delivery riders working for one of Denmark's largest apps will receive sick pay and a
pension contribution under a collective agreement signed this week, the first of its kind
for platform workers in the country.

Riders had organised for two years, holding meetings in the car parks where they wait for
orders. The agreement also sets a minimum hourly rate for time spent waiting.

Labour researchers say other platforms will come under pressure to follow.
""",
    ),
    A(
        "baltic-broadcasters-pool-resources",
        title="Baltic broadcasters pool resources to counter disinformation",
        author="Freja Nielsen",
        days_ago=5.1,
        tags=("Media freedom", "Europe"),
        text="""
Public broadcasters in Estonia, Latvia and Lithuania will share a fact-checking desk and a
common archive of verified footage, their directors announced on Monday.

The desk will publish in four languages, including Russian, to reach audiences that rely on
channels from across the border. Editors said the project would not replace their own
newsrooms.

Funding comes from the three broadcasters and a Nordic foundation.
""",
    ),
    A(
        "court-orders-release-of-freelance-journalist",
        title="Court orders release of freelance journalist held for 40 days",
        author="Callum Reid",
        days_ago=2.7,
        tags=("Media freedom",),
        text="""
An appeals court ordered the release of a freelance journalist who had spent forty days in
pre-trial detention on charges of spreading false information, his lawyer said.

The journalist had reported on a dispute over a mining licence. Prosecutors said they would
continue the case. Press freedom groups called for the charges to be dropped.

He walked out of the detention centre on Wednesday evening to applause from colleagues.
""",
    ),
    A(
        "doctors-returning-from-gaza-describe-surgery",
        title="Doctors returning from Gaza describe operating by phone light",
        author="Anna Lindqvist",
        days_ago=1.8,
        tags=("Gaza", "Health"),
        text="""
Two Swedish surgeons who spent a month at a hospital in Gaza described performing operations
by the light of mobile phones when generators ran out of fuel.

They said the hospital was treating several times as many patients as it had beds for, and
that anaesthetics and antibiotics ran short within days of each delivery.

Both said they intended to go back.
""",
    ),
    A(
        "european-ports-protests-arms-shipments",
        title="Dock protests over arms shipments spread to three European ports",
        author="Anna Lindqvist",
        days_ago=8.4,
        tags=("Gaza", "Europe"),
        text="""
Protesters gathered at ports in Antwerp, Genoa and Piraeus over the weekend calling for a
halt to shipments of military equipment that they said were bound for Israel and could be
used in Gaza.

Port authorities said the protests did not disrupt cargo operations. Organisers said they
would return every weekend until a ceasefire is agreed.
""",
    ),
    A(
        "reindeer-herders-wind-farm-court",
        title="Reindeer herders and a wind farm developer return to court",
        author="Sigrid Dahl",
        days_ago=9.1,
        tags=("Sámi", "Energy"),
        text="""
Sámi reindeer herders and the developer of a wind farm on their winter grazing land are back
in court, years after a ruling that the turbines violated the herders' rights.

The turbines still turn. The developer has offered compensation and new grazing land; the
herders say no land can replace the pastures they have used for generations.
""",
    ),
    A(
        "island-votes-to-keep-only-school",
        title="A small island votes to keep its only school open",
        author="Callum Reid",
        days_ago=5.9,
        tags=("Communities",),
        text="""
Residents of an island off the west coast of Scotland voted to keep their primary school
open, even though it has just six pupils, rather than send the children by ferry to the
mainland every day.

The council had proposed the closure to save money. Parents argued that the school is the
reason young families stay.
""",
    ),
    A(
        "baltic-coast-heatwave-warnings",
        title="Heatwave warnings issued for Baltic coast in record early summer",
        author="Elias Virtanen",
        days_ago=0.1,
        tags=("Climate", "Weather"),
        text="""
Weather services around the Baltic Sea issued heatwave warnings for the coming week, with
temperatures in southern Finland and Sweden forecast above thirty degrees in early June.

Health authorities advised people to check on older neighbours. Forest services raised the
wildfire alert level in several regions after a dry spring.
""",
    ),
    A(
        "kharkiv-printers-keep-presses-running",
        title="Kharkiv's printers keep the presses running",
        author="Ingrid Halvorsen",
        days_ago=7.2,
        tags=("Ukraine", "Culture"),
        text="""
A family-run print shop in Kharkiv has kept printing books through two years of attacks,
moving its presses to the basement and its paper stock to a village outside the city.

The owners say demand has never been higher: poetry, history and children's books in
Ukrainian sell out within weeks. Their newest title is a collection of letters written by
soldiers to their children.
""",
    ),
)
