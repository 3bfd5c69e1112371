"""Meridian Ledger: a WordPress site (RSS 2.0 with content:encoded). Invented articles."""

from __future__ import annotations

from functools import partial

from tributary.demo.model import Article

A = partial(Article, "meridian")

ARTICLES: tuple[Article, ...] = (
    A(
        "kharkiv-schools-move-classes-underground",
        title="Kharkiv schools move classes underground as shelling persists",
        author="Oksana Melnyk",
        days_ago=0.2,
        tags=("Ukraine", "World", "Education"),
        image="Desks lined up in a converted basement classroom.",
        text="""
Three more underground classrooms opened in Kharkiv this week, bringing to eleven the number
of basement and metro-level spaces where children now take their lessons in person.

Parents in the city's northern districts say the shelters are the first chance in two years
for their children to sit in a room with classmates instead of behind a laptop screen. "He
came home talking about a friend, not a username," said one mother, a pharmacist.

City education officials say the rooms are ventilated, have backup power and can hold a
full class during an air-raid alert. A waiting list of more than four thousand pupils shows
how far supply still trails demand.
""",
    ),
    A(
        "odesa-volunteers-repair-childrens-hospital-roof",
        title="Volunteers in Odesa repair a children's hospital roof in three days",
        author="Dmytro Savchuk",
        days_ago=1.1,
        tags=("Ukraine", "World"),
        text="""
A crew of roughly sixty volunteers, most of them off-duty builders and students, replaced
the damaged roof of a children's hospital in Odesa in three days, hospital staff said.

The roof had been torn open by debris from an overnight drone attack. Wards on the top floor
were moved downstairs while rain came through the ceiling.

Donated materials arrived from hardware shops across the region. The hospital's director
said the top floor would reopen to patients by the end of the week.
""",
    ),
    A(
        "rafah-aid-trucks-wait-as-inspections-slow",
        title="Aid trucks wait at Rafah crossing as inspections slow to a crawl",
        author="Leila Haddad",
        days_ago=0.6,
        tags=("Middle East", "Gaza", "Humanitarian"),
        image="A line of white aid trucks parked along a desert road.",
        text="""
More than three hundred aid trucks were parked along the road to the Rafah crossing on
Tuesday, drivers said, some of them for nine days, as inspections of their cargo slowed to a
handful of vehicles an hour.

Relief agencies say flour, medicine and water purification tablets are among the goods
waiting in the heat. Several drivers said they had been turned back over a single item, such
as a tent pole or a flashlight, and had to repack their loads before joining the queue again.

Inside Gaza, aid workers described warehouses that are nearly empty. "We are distributing
what arrived last week in portions meant for a day," one coordinator said.
""",
    ),
    A(
        "gaza-fishermen-shrinking-sea-limits",
        title="Gaza fishermen say shrinking sea limits leave families without income",
        author="Leila Haddad",
        days_ago=4.3,
        tags=("Middle East", "Gaza"),
        text="""
Fishermen at Gaza City's small harbour say the stretch of sea they are allowed to work has
shrunk to a few hundred metres, too close to shore for the catch that once fed their
families and filled the market stalls.

Boats that have not left the harbour in weeks are tied up three deep. Some fishermen have
taken their nets to the beach to work from the shallows at dawn.

A cooperative that once counted four thousand members says fewer than a tenth still earn
anything from the sea.
""",
    ),
    A(
        "andalusian-towns-ration-water-drought",
        title="Drought forces water rationing in three Andalusian towns",
        author="Carmen Ortiz",
        days_ago=2.4,
        tags=("Climate", "Europe"),
        text="""
Three towns in the hills of Andalusia began cutting tap water overnight this week after a
third dry winter left the reservoir that serves them at less than a fifth of its capacity.

Residents are filling bottles and buckets in the evening before the supply stops at eleven.
Bakers and bar owners say the cuts have forced them to change when they open.

Regional officials say tanker trucks will supply the towns if the reservoir falls further,
and have promised money for a pipeline to a larger system that engineers say will take at
least three years to build.
""",
    ),
    A(
        "city-heat-plan-shade-trees-bus-stops",
        title="City heat plan promises shade trees for every bus stop by 2030",
        author="Marcus Bell",
        days_ago=5.2,
        tags=("Climate", "Cities"),
        text="""
The city council approved a heat plan on Monday that promises a shade tree or a canopy at
every bus stop within six years, after two summers in which emergency rooms recorded
hundreds of heat-related visits.

The plan also opens cooling centres in public libraries during heatwave alerts and asks
landlords to report apartments without working air conditioning.

Transit riders' groups welcomed the plan but said the deadline was too distant. "People are
waiting in the sun this afternoon, not in 2030," one organiser said.
""",
    ),
    A(
        "ohio-warehouse-workers-vote-union",
        title="Warehouse workers in Ohio vote to join union after two-year campaign",
        author="Jasmine Porter",
        days_ago=1.6,
        tags=("Labor", "United States"),
        image="Workers celebrating outside a warehouse after the vote count.",
        text="""
Workers at a distribution warehouse outside Columbus voted by a wide margin to join a union,
ending a two-year organising campaign that included two walkouts and a complaint to federal
labour regulators.

Organisers said the main issues were mandatory overtime during the holiday season and a
productivity quota that workers say leaves no time to rest. The company said it respected
its employees' choice and would bargain in good faith.

The vote count took place in a rented hall and lasted four hours. When the result was read,
workers on the night shift, who had come straight from the floor, began to chant.
""",
    ),
    A(
        "county-nurses-set-strike-date-staffing",
        title="Nurses at county hospital set strike date over staffing ratios",
        author="Jasmine Porter",
        days_ago=3.7,
        tags=("Labor", "Health"),
        text="""
Nurses at the county's largest public hospital have set a strike date for the end of the
month, saying that talks over minimum staffing ratios have stalled after eight months.

The nurses' union says members routinely care for seven or eight patients at once on
medical wards, a load it calls unsafe. Hospital management says it is hiring but cannot
promise ratios that the budget does not cover.

Both sides have agreed to return to the table with a mediator next week.
""",
    ),
    A(
        "reporter-detained-at-border-phone-searched",
        title="Reporter detained at border has phone searched, press groups say",
        author="Tomas Ferreira",
        days_ago=2.9,
        tags=("Press Freedom", "World"),
        text="""
A freelance reporter returning from an assignment abroad was held for six hours at an
airport border checkpoint and made to unlock her phone, according to two press freedom
groups that are now demanding an explanation.

The reporter said officers asked about her sources and photographed pages of her notebook.
She was released without charge and her devices were returned the same evening.

Press freedom advocates say searches of journalists' devices at borders have grown more
frequent and put confidential sources at risk. The border agency said it does not comment on
individual cases.
""",
    ),
    A(
        "regional-paper-ends-print-edition",
        title="Regional paper ends its print edition, keeps a two-person newsroom online",
        author="Ruth Abernathy",
        days_ago=6.8,
        tags=("Press Freedom", "Media"),
        text="""
A regional newspaper that has been printed every week for 112 years published its last
paper edition on Thursday. Its two remaining staff will continue to report online.

The editor said rising printing and delivery costs, not a lack of readers, ended the paper.
Subscribers will receive a free year of the digital edition.

Residents gathered at the paper's office on Thursday evening to collect copies of the final
front page, which carried a photograph of the first issue from 1913.
""",
    ),
    A(
        "library-extends-weekend-hours",
        title="Library extends weekend hours after residents' petition",
        author="Marcus Bell",
        days_ago=8.1,
        tags=("Local",),
        text="""
The central library will open on Sunday afternoons from next month after more than two
thousand residents signed a petition asking for longer weekend hours.

Library staff said Sunday openings were most requested by students and by parents who work
during the week. The change is paid for by moving some weekday evening hours.
""",
    ),
    A(
        "ukrainian-rail-workers-blackouts",
        title="Ukrainian rail workers keep trains running through blackouts",
        author="Dmytro Savchuk",
        days_ago=3.2,
        tags=("Ukraine", "Labor"),
        text="""
When the power goes out across a region, Ukraine's railway switches to diesel engines and
hand signals, and its workers switch to longer shifts. Dispatchers in Kyiv say trains have
kept close to schedule through the winter's worst outages.

Conductors describe sleeping in depots between runs and carrying power banks for passengers.
Their union says overtime has become routine and is asking for extra rest days once the
heating season ends.

Railway managers say the network has carried more passengers this year than in any year
since the full-scale invasion began.
""",
    ),
    A(
        "quiz-how-closely-did-you-follow-climate-talks",
        title="Quiz: how closely did you follow this week's climate talks?",
        author="Meridian Ledger staff",
        days_ago=4.9,
        tags=("Quiz",),
        text="""
Ten questions on the week's climate negotiations, from the host city's choice of venue to
the final text on adaptation finance. Answers are at the bottom.

Question one: how many countries signed the pledge on methane emissions? Question two: which
delegation walked out of the opening session?
""",
    ),
    A(
        "un-agency-warns-water-shortages-southern-gaza",
        title="UN agency warns of water shortages across southern Gaza",
        author="Samir Khoury",
        days_ago=7.4,
        tags=("Gaza", "Humanitarian"),
        text="""
Families in southern Gaza are living on a few litres of water per person per day, a UN
agency said on Wednesday, far below the minimum needed for drinking, cooking and washing.

Damaged pipes and a lack of fuel for pumps and desalination units have cut supply, the
agency said. Aid workers report long queues at the few working wells in Khan Younis.

Doctors warn that diarrhoeal diseases are spreading among children in crowded shelters.
""",
    ),
    A(
        "journalists-union-condemns-raid-on-broadcaster",
        title="Journalists' union condemns police raid on independent broadcaster",
        author="Tomas Ferreira",
        days_ago=5.6,
        tags=("Press Freedom",),
        text="""
Police searched the offices of an independent broadcaster for nine hours on Friday and took
away computers and hard drives, the station's director said, in what a national journalists'
union called an attempt to intimidate the newsroom.

Officers said the raid was part of a tax investigation. Staff said investigators asked about
the station's reporting on a public procurement contract.

The broadcaster stayed on air throughout, reading the news from a borrowed laptop.
""",
    ),
    A(
        "teachers-reach-pay-deal-after-walkout",
        title="Teachers in two provinces reach pay deal after weeklong walkout",
        author="Carmen Ortiz",
        days_ago=9.3,
        tags=("Labor", "Education"),
        text="""
Teachers in two provinces will return to their classrooms on Monday after their unions
accepted a pay deal that ends a weeklong walkout, the longest in the region for a decade.

The agreement raises wages by nine percent over two years and caps class sizes in the first
three grades. Parents had organised informal day care in community halls during the strike.

Union leaders said members approved the deal by a narrow margin.
""",
    ),
    A(
        "ukraine-grain-shipments-climb",
        title="Grain shipments from Ukrainian ports climb despite drone attacks",
        author="Oksana Melnyk",
        days_ago=6.1,
        tags=("Ukraine", "Economy"),
        text="""
Grain shipments from ports near Odesa rose for the fourth month in a row, according to port
authority figures, even as repeated drone strikes damaged terminals and storage silos.

Shipping agents say insurers have lowered premiums for vessels using the coastal corridor,
and that more ships now call at the ports each week than a year ago.

Farmers in the south say the higher volumes have not yet lifted the prices they receive.
""",
    ),
    A(
        "floodplain-buyout-program",
        title="Floodplain buyout program offers homeowners a way out",
        author="Ruth Abernathy",
        days_ago=8.7,
        tags=("Climate", "Housing"),
        text="""
A state program will buy homes that have flooded three or more times in the past decade and
turn the land into parks and wetlands, officials said on Tuesday.

About four hundred households along the river are eligible. Some say they are ready to leave
after repeated floods; others want to stay near family and worry they cannot afford a home on
higher ground for the price the state will pay.

Planners say the restored wetlands will soak up water that now pours into the streets.
""",
    ),
)
