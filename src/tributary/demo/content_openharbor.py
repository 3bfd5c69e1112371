"""Open Harbor Daily: a JSON Feed 1.1 from a nonprofit newsroom. Invented articles."""

from __future__ import annotations

from functools import partial

from tributary.demo.model import Article

A = partial(Article, "openharbor")

ARTICLES: tuple[Article, ...] = (
    A(
        "ceasefire-talks-resume-hostage-families-rally",
        title="Ceasefire talks resume as hostage families rally outside venue",
        author="Nora Whitfield",
        days_ago=0.3,
        tags=("Gaza", "Diplomacy"),
        text="""
Negotiators returned to the table on Sunday for a new round of ceasefire talks, as families
of hostages held in Gaza gathered outside the venue with photographs of their relatives.

Mediators said the talks would focus on a phased exchange and on the volume of aid allowed
into the territory. Neither side has publicly confirmed the proposals on the table.

Outside, a father who has spent months at such vigils said he had stopped counting rounds of
talks. "I count days," he said.
""",
    ),
    A(
        "northern-gaza-bakeries-reopen-flour-convoy",
        title="Bakeries in northern Gaza reopen after flour convoy arrives",
        author="Yusuf Darwish",
        days_ago=2.1,
        tags=("Gaza", "Humanitarian"),
        image="People queue outside a bakery at dawn.",
        text="""
Two bakeries in northern Gaza began baking bread again this week after a convoy of flour
trucks reached the area for the first time in several weeks, residents and aid workers said.

Queues formed before dawn. Bakers said they could make enough bread for a few days at the
current pace and did not know when the next delivery would come.

Aid groups have called for more crossings to open so that deliveries do not depend on a
single route.
""",
    ),
    A(
        "khan-younis-students-exams-in-tents",
        title="Students in Khan Younis sit exams in tents",
        author="Yusuf Darwish",
        days_ago=5.4,
        tags=("Gaza", "Education"),
        text="""
Several hundred secondary school students in Khan Younis sat their final exams this week in
tents set up by volunteer teachers, who printed the papers on a borrowed generator.

Teachers said many of the students had studied from photographs of textbook pages shared by
phone. Results will be recognised by the education ministry, organisers said.
""",
    ),
    A(
        "auto-parts-workers-ratify-contract",
        title="Auto parts workers ratify contract with 22 percent raise",
        author="Dana Kowalski",
        days_ago=1.2,
        tags=("Labor", "Manufacturing"),
        text="""
Workers at three auto parts plants in Michigan voted to ratify a four-year contract that
raises wages by 22 percent and ends a two-tier pay system, their union said on Friday.

The agreement follows a six-week strike that slowed production at assembly plants supplied
by the company. Members approved the deal with 71 percent of the vote.

Workers hired in the last five years will reach the top wage rate in three years instead of
eight.
""",
    ),
    A(
        "fast-food-workers-picket-unpaid-overtime",
        title="Fast food workers in California picket over unpaid overtime",
        author="Dana Kowalski",
        days_ago=3.3,
        tags=("Labor",),
        text="""
Workers at a dozen fast food restaurants in Los Angeles County walked off the job for an
afternoon and formed picket lines, accusing franchise owners of failing to pay overtime.

A workers' centre that helped organise the action said it had filed claims on behalf of more
than forty employees. The franchise group said it was reviewing its payroll records.
""",
    ),
    A(
        "farmworker-heat-protections-stall",
        title="Heat protections for farmworkers stall in statehouse",
        author="Luis Alvarado",
        days_ago=4.6,
        tags=("Labor", "Climate"),
        text="""
A bill requiring shade, water and rest breaks for outdoor workers during heatwaves stalled
in a state senate committee on Tuesday, after business groups argued that the rules would be
too costly for small farms.

Farmworker advocates said that at least five workers in the state had died of heat illness
in the past three summers. They vowed to bring the bill back next session.
""",
    ),
    A(
        "wildfire-smoke-closes-schools",
        title="Wildfire smoke closes schools across three counties",
        author="Luis Alvarado",
        days_ago=0.7,
        tags=("Climate", "Health"),
        text="""
Schools in three counties closed on Wednesday as smoke from wildfires burning in the
mountains pushed air quality to hazardous levels, health officials said.

Parents were advised to keep children indoors with windows closed. Pharmacies reported
running out of masks by mid-morning.

Firefighters said cooler weather forecast for the weekend could help them contain the
largest of the fires.
""",
    ),
    A(
        "utility-scraps-coal-plant-extension-solar",
        title="Utility scraps coal plant extension after solar bids come in cheaper",
        author="Priya Raman",
        days_ago=6.2,
        tags=("Climate", "Energy"),
        text="""
A regional utility withdrew its plan to keep an ageing coal plant running for another
decade after bids for solar farms with battery storage came in below the cost of repairs.

The plant will close in three years. Union representatives for the plant's workers said they
would press for retraining and for jobs at the new sites.
""",
    ),
    A(
        "student-newspaper-sues-university",
        title="Student newspaper sues university over funding cut after critical coverage",
        author="Nora Whitfield",
        days_ago=2.6,
        tags=("Press Freedom", "Education"),
        text="""
Editors of a student newspaper have sued their university, arguing that a sharp cut to the
paper's funding was retaliation for its reporting on the administration's handling of
housing complaints.

The university says the cut was part of a wider budget review. Press freedom lawyers
representing the students say the timing tells a different story.
""",
    ),
    A(
        "photographer-arrest-body-camera-footage",
        title="Police release body camera footage of photographer's arrest at protest",
        author="Priya Raman",
        days_ago=7.7,
        tags=("Press Freedom",),
        text="""
Police released body camera footage on Thursday showing the arrest of a news photographer
covering a protest downtown, after weeks of pressure from press groups.

The footage shows the photographer holding up a press card before officers pushed her to
the ground. Charges against her were dropped last month. Her lawyer said the video confirmed
that she was there to work.
""",
    ),
    A(
        "ukrainian-refugees-chicago-bakery",
        title="Ukrainian refugees in Chicago open bakery staffed by newcomers",
        author="Dana Kowalski",
        days_ago=8.9,
        tags=("Ukraine", "Immigration"),
        text="""
Two sisters who fled Mykolaiv have opened a bakery on Chicago's northwest side that employs
only recent arrivals, many of them Ukrainian.

The poppy seed rolls sell out before noon. The sisters say the bakery is a place for
newcomers to practise English and find their footing.
""",
    ),
    A(
        "congress-ukraine-aid-debate-second-week",
        title="Debate over Ukraine aid package stretches into second week",
        author="Nora Whitfield",
        days_ago=1.5,
        tags=("Ukraine", "Politics"),
        text="""
Lawmakers debated a military and economic aid package for Ukraine for a second week, with a
final vote delayed by disputes over unrelated border provisions.

Supporters say delays are already affecting deliveries of air defence equipment. Opponents
want stricter oversight of how the money is spent.
""",
    ),
    A(
        "transit-agency-late-night-buses",
        title="Transit agency adds late-night buses on six routes",
        author="Luis Alvarado",
        days_ago=9.6,
        tags=("Transit",),
        text="""
Night-shift workers will be able to catch buses after midnight on six routes starting next
month, the regional transit agency said, after a pilot on two lines drew steady ridership.

The agency said the new service was paid for by a state grant for two years.
""",
    ),
    A(
        "gulf-coast-flood-insurance-premiums-double",
        title="Flood insurance premiums double in Gulf Coast parishes",
        author="Priya Raman",
        days_ago=3.9,
        tags=("Climate", "Housing"),
        text="""
Homeowners in several Louisiana parishes are facing flood insurance bills that have doubled
in two years as insurers reprice policies for rising storm risk.

Some families say they are weighing whether to drop coverage, and local officials fear that
people who cannot afford to stay or leave will be left exposed to the next hurricane.
""",
    ),
    A(
        "west-bank-checkpoints-delay-ambulances",
        title="Aid groups say West Bank checkpoints are delaying ambulances",
        author="Yusuf Darwish",
        days_ago=6.9,
        tags=("Gaza", "West Bank", "Health"),
        text="""
Ambulance crews in the occupied West Bank are waiting hours at checkpoints to move patients
between cities, according to a report by medical aid groups.

The report documents dozens of cases in which patients were transferred between vehicles at
a checkpoint. The groups called for guaranteed passage for medical vehicles.
""",
    ),
)
