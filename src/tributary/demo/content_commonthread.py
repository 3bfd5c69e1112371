"""Common Thread Syndicate: republished pieces, each ending "This content originally
appeared on X and was authored by Y." Some copy other demo outlets' stories word for word
(the same article from another source, for de-duplication). Invented articles."""

from __future__ import annotations

from functools import partial

from tributary.demo.model import Article

A = partial(Article, "commonthread")

ARTICLES: tuple[Article, ...] = (
    # Copies of other demo outlets' stories: text, title and author come from the original.
    A("aid-trucks-wait-at-rafah-crossing", days_ago=0.4,
      copy_of="meridian/rafah-aid-trucks-wait-as-inspections-slow"),
    A("ohio-warehouse-union-vote", days_ago=1.2,
      copy_of="meridian/ohio-warehouse-workers-vote-union"),
    A("reporter-detained-at-border", days_ago=2.5,
      copy_of="meridian/reporter-detained-at-border-phone-searched"),
    A("kharkiv-metro-station-becomes-a-square", days_ago=0.35,
      copy_of="kestrel/kharkiv-metro-station-classroom-clinic-concert-hall"),
    A("sahel-radio-keeps-broadcasting", days_ago=1.7,
      copy_of="kestrel/sahel-radio-station-broadcasting-despite-suspension"),
    A(
        "milwaukee-tenant-union-rent-strike",
        title="Tenant union wins repairs after rent strike in Milwaukee",
        author="Grace Oyelaran",
        origin=("Prairie Signal", "Grace Oyelaran"),
        days_ago=2.0,
        tags=("Labor", "Housing"),
        text="""
Tenants in a 90-unit apartment complex in Milwaukee ended a three-month rent strike after
their landlord agreed to fix broken heating, replace mouldy drywall and freeze rents for a
year.

The tenants paid their rent into an escrow account during the strike. Organisers say the
tenant union they formed will stay in place to make sure the repairs are done.
""",
    ),
    A(
        "why-climate-reporters-are-burning-out",
        title="Why climate reporters are burning out",
        author="Owen Castellanos",
        origin=("Tidewater Voice", "Owen Castellanos"),
        days_ago=3.4,
        tags=("Climate", "Media"),
        text="""
Covering floods, fires and droughts year after year takes a toll, climate reporters say. In
interviews, a dozen journalists described sleeplessness, grief and a sense that their work
was not changing anything.

Some newsrooms now offer counselling and rotate reporters off disaster coverage. Others have
cut their climate desks entirely.
""",
    ),
    A(
        "gaza-olive-harvest-lost-second-year",
        title="Gaza's olive harvest lost for a second year, growers say",
        author="Rami Nasser",
        origin=("The Foundry Bulletin", "Rami Nasser"),
        days_ago=4.7,
        tags=("Gaza", "Agriculture"),
        text="""
Olive growers in Gaza say they have lost a second harvest in a row, with groves damaged or
out of reach and presses out of action.

Olive oil was once a staple of every household's pantry and a source of income for
thousands of families. Growers say some of the trees they lost were more than a century old.
""",
    ),
    A(
        "ukraine-orphaned-pets-find-homes-poland",
        title="Ukraine's orphaned pets find new homes in Poland",
        author="Grace Oyelaran",
        origin=("Prairie Signal", "Grace Oyelaran"),
        days_ago=5.8,
        tags=("Ukraine", "Animals"),
        text="""
A shelter near the Polish border has placed more than two thousand dogs and cats rescued
from front-line towns in Ukraine with families across Europe.

Volunteers drive into evacuated villages to collect animals left behind. Each one is
vaccinated, microchipped and photographed for the shelter's adoption page.
""",
    ),
    A(
        "public-media-cuts-rural-news",
        title="Public media cuts would leave rural counties without local news",
        author="Beatriz Salgado",
        origin=("Riverside Free Press", "Beatriz Salgado"),
        days_ago=6.3,
        tags=("Press Freedom", "Media"),
        text="""
Proposed cuts to public broadcasting would hit rural stations hardest, station managers say,
because many of them are the only local newsroom left in their counties.

A station in the northern part of the state employs three reporters and covers eleven
counties. Its manager says it would lose a third of its budget.
""",
    ),
    A(
        "meatpacking-workers-demand-heat-breaks",
        title="Meatpacking workers demand heat breaks as summer nears",
        author="Owen Castellanos",
        origin=("Tidewater Voice", "Owen Castellanos"),
        days_ago=7.0,
        tags=("Labor",),
        text="""
Workers at a meatpacking plant in the Midwest delivered a petition signed by more than six
hundred employees asking for paid breaks in cooled rooms during heatwaves.

Inside the plant's loading areas temperatures can top forty degrees. The workers' union says
the company has agreed to meet next week.
""",
    ),
    A(
        "drought-shrinks-panama-canal-traffic",
        title="Drought shrinks Panama Canal traffic again",
        author="Rami Nasser",
        origin=("The Foundry Bulletin", "Rami Nasser"),
        days_ago=9.0,
        tags=("Climate", "Trade"),
        text="""
The Panama Canal has cut the number of daily ship crossings again as drought lowers the lake
that feeds its locks, shipping agents said.

Some shipping lines have rerouted vessels around South America or through the Suez Canal,
adding days to journeys and costs to freight.
""",
    ),
)  # fmt: skip
