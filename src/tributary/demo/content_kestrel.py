"""Kestrel Dispatch: excerpt-only RSS; the full text is on the article pages. Invented."""

from __future__ import annotations

from functools import partial

from tributary.demo.model import Article

A = partial(Article, "kestrel")

ARTICLES: tuple[Article, ...] = (
    A(
        "kharkiv-metro-station-classroom-clinic-concert-hall",
        title="In Kharkiv, a metro station becomes a classroom, a clinic and a concert hall",
        author="Halyna Bondar",
        days_ago=0.5,
        tags=("Ukraine", "Dispatch"),
        text="""
At eight in the morning the platform of the metro station is a school. Folding desks stand
in rows where commuters once waited, and a teacher in a wool coat writes fractions on a
whiteboard propped against a pillar.

By noon the desks are stacked away and a nurse sets up a table for blood pressure checks.
Older residents who live in the blocks above come down with their pension books and their
complaints, and stay to talk long after the cuff comes off.

In the evening the station belongs to musicians. A string quartet from the city's
philharmonic has played here every Friday since the first winter of the war, and the
audience sits on the stairs, on camping stools and on the edge of the platform.

"The trains are running again, mostly," says the station's supervisor, who has worked here
for nineteen years. "But people do not want to give this up. It became a square."

Kharkiv's officials say they plan to keep the underground classrooms open even if the
shelling eases, because parents have come to trust them more than the buildings above.
""",
    ),
    A(
        "kherson-demining-race-planting-season",
        title="Demining teams race the planting season in the Kherson region",
        author="Halyna Bondar",
        days_ago=2.8,
        tags=("Ukraine", "Agriculture"),
        text="""
The field looks ordinary from the road: flat, brown, edged with a line of poplars. Then the
red-topped stakes begin, dozens of them, each marking a place where a deminer found
something that could kill a tractor driver.

Teams working across the Kherson region say farmers are pressing them to clear land before
the planting window closes. Some have already started sowing on their own, taking the risk
rather than losing another year of income.

A team leader who once worked as a surveyor says her crew clears about a hectare a day on
good days. Metal detectors are slow, she says, but machines miss too much in soil churned by
shelling.

Agricultural officials estimate that clearing all of the region's contaminated farmland will
take more than a decade at the current pace.
""",
    ),
    A(
        "ukraine-volunteer-drone-makers-move-workshops",
        title="Ukraine's volunteer drone makers move their workshops out of the cities",
        author="Artem Lysenko",
        days_ago=5.0,
        tags=("Ukraine",),
        text="""
The workshop used to be a flat in a residential building. Now it is a barn forty minutes'
drive from the nearest town, with plastic sheeting over the windows and a generator humming
outside.

Volunteer groups that assemble small reconnaissance drones for the front say they have
moved their work out of cities after a series of attacks on places where they believed
equipment was being made.

The volunteers are engineers, students and retirees. Most work from donations and parts
ordered in small batches. They test each drone in the field behind the barn before it is
packed in a cardboard box and driven east.

"Nobody here planned to do this," says one of the founders, a former software developer.
"We learned from videos. Now we teach others."
""",
    ),
    A(
        "rafah-pediatric-ward-generators-donated-fuel",
        title="In Rafah, a pediatric ward runs on generators and donated fuel",
        author="Mariam Saleh",
        days_ago=1.0,
        tags=("Gaza", "Health", "Dispatch"),
        text="""
The incubators in the pediatric ward at a hospital in Rafah draw their power from two
generators in the courtyard, and the generators draw theirs from fuel that staff count in
litres every morning.

When a delivery is late, nurses decide which machines can be switched off. A head nurse
describes keeping a list, updated each shift, of the infants who cannot do without.

The ward was built for twenty children. On most days it holds more than fifty, many of them
sleeping two to a bed, with mothers on mats between them.

Doctors say the most common cases are malnutrition, dehydration and infections that spread
quickly in crowded shelters. Medicines arrive irregularly; antibiotics run short first.

Aid agencies say fuel deliveries into Gaza remain far below what hospitals need to run all
of their equipment.
""",
    ),
    A(
        "gaza-journalists-count-their-dead-keep-filing",
        title="Gaza's journalists count their dead and keep filing",
        author="Mariam Saleh",
        days_ago=3.6,
        tags=("Gaza", "Press Freedom"),
        text="""
The press tent beside the hospital in Deir al-Balah has a row of chargers along one wall and
a list of names taped to another. The names are colleagues who were killed.

Local journalists in Gaza are the only reporters working there; foreign media have not been
allowed in independently. They say they write, film and broadcast while searching for their
own families and moving from shelter to shelter.

Press freedom organisations say more journalists have been killed in Gaza than in any
conflict they have recorded. They have called for investigations into each case.

A reporter who has worked for a regional channel for eleven years says she no longer plans
more than a day ahead. "I file, I charge the phone, I find water," she says. "Then I file
again."
""",
    ),
    A(
        "desalination-unit-deir-al-balah",
        title="A water desalination unit brings relief to one Gaza neighbourhood",
        author="Mariam Saleh",
        days_ago=7.5,
        tags=("Gaza", "Humanitarian"),
        text="""
Children carrying yellow jerrycans line up beside a shipping container in central Gaza. Inside
it, a small desalination unit turns brackish well water into drinking water, a few thousand
litres an hour.

The unit was installed by a local engineering group with donated parts. It runs on donated
batteries, and on a generator when fuel is available.

Residents say the water has reduced the stomach illnesses that spread through the
neighbourhood in the summer. Engineers say a dozen such units could serve a much larger
area, if the parts can be brought in.
""",
    ),
    A(
        "glacier-retreating-faster-than-farmers-adapt",
        title="The glacier that feeds a valley is retreating faster than its farmers can adapt",
        author="Tenzin Norbu",
        days_ago=1.9,
        tags=("Climate", "Dispatch"),
        text="""
For as long as anyone in the village can remember, the stream below the glacier ran full
from May to September. Now it floods in early spring and runs thin by August, when the
barley needs it most.

Farmers have built small stone reservoirs to store meltwater, and some have switched to crops
that need less irrigation. Others have left for work in the cities.

Glaciologists who have measured the ice for two decades say it has lost more than a third
of its volume. The loss has accelerated in the past five years.

"My grandfather read the mountain like a calendar," one farmer says. "Now the calendar is
wrong every year."

Regional authorities are studying a plan for artificial ice stupas, cones of frozen water
that melt slowly into spring, an idea first tried further west.
""",
    ),
    A(
        "bangladesh-coastal-villages-homes-on-stilts",
        title="Coastal villages in Bangladesh build homes on stilts as seas rise",
        author="Farhana Akter",
        days_ago=4.4,
        tags=("Climate",),
        text="""
The new houses in the village stand two metres off the ground on concrete pillars. When the
tide surges during the monsoon, water flows beneath them instead of through them.

Families that built them with loans from a local cooperative say they no longer have to
carry their belongings to the cyclone shelter each time a warning sounds.

Salt water has crept into the fields, and many households have switched from rice to shrimp
ponds or to salt-tolerant varieties developed by agricultural researchers.

Older residents say they have moved their homes three times in their lives, each time
further from the shore.
""",
    ),
    A(
        "dhaka-garment-workers-walkout-unpaid-bonuses",
        title="Garment workers in Dhaka stage walkout over unpaid bonuses",
        author="Farhana Akter",
        days_ago=0.8,
        tags=("Labor",),
        text="""
Several thousand garment workers walked out of factories in an industrial district outside
Dhaka on Sunday, saying that holiday bonuses promised months ago had not been paid.

Workers blocked a main road for several hours. Factory owners said late payments from
foreign buyers had left them short of cash.

Labour organisers say the bonus is part of the wage that workers depend on to travel home to
their families during the holidays.

The industry's employers' association said the bonuses would be paid within two weeks.
""",
    ),
    A(
        "zambia-mine-workers-win-safety-inspections",
        title="Mine workers in Zambia win safety inspections after collapse",
        author="Chanda Mwale",
        days_ago=6.4,
        tags=("Labor", "Mining"),
        text="""
Copper miners in Zambia's Copperbelt province will have independent safety inspections every
quarter, under an agreement reached between their union and mine operators after a tunnel
collapse that killed four workers.

The miners had refused to go underground for a week after the collapse. Their union said
inspections had previously been carried out by company staff alone.

Families of the dead workers attended the signing. A widow said the agreement came too late
for her husband but might protect his colleagues.
""",
    ),
    A(
        "sahel-radio-station-broadcasting-despite-suspension",
        title="Radio station in the Sahel keeps broadcasting despite license suspension",
        author="Amadou Diallo",
        days_ago=2.3,
        tags=("Press Freedom", "Africa"),
        text="""
The community radio station broadcasts from two rooms above a tailor's shop. Its licence was
suspended last month by a media regulator that accused it of undermining public order. It
has not stopped broadcasting.

Instead, the station's presenters now read the news on a messaging app channel and on a
website hosted abroad. Listeners in villages without internet receive recordings passed from
phone to phone.

The station's director says the suspension followed a report on a dispute over land between
herders and farmers. The regulator did not respond to questions.

Regional press freedom groups have counted more than a dozen suspensions of broadcasters in
the region this year.
""",
    ),
    A(
        "foreign-agent-law-threatens-independent-outlets",
        title="New 'foreign agent' law threatens independent outlets, editors warn",
        author="Amadou Diallo",
        days_ago=8.2,
        tags=("Press Freedom",),
        text="""
Editors of independent news sites say a new law requiring organisations that receive money
from abroad to register as foreign agents will force them to choose between closing and
carrying a label that their readers will read as a charge of treason.

The law requires registered outlets to print the label on every article and to submit to
audits at any time. Officials say it is meant to make foreign funding transparent.

Several outlets have already said they will stop accepting grants from international
foundations, and will rely on reader donations instead.

A journalist who runs a small investigative site says his newsroom will lose more than half
of its budget.
""",
    ),
    A(
        "jakarta-gig-drivers-app-log-off-protest",
        title="Gig drivers in Jakarta organise app log-off protest",
        author="Dewi Kartika",
        days_ago=5.7,
        tags=("Labor", "Gig economy"),
        text="""
Thousands of motorcycle taxi drivers in Jakarta switched off their ride-hailing apps for an
afternoon to protest a cut in the share of each fare they keep.

Drivers gathered outside the company's offices in convoys. Their association says the new
commission leaves many drivers earning less than the provincial minimum wage.

The company said the change was needed to fund driver insurance. Drivers say they were not
consulted.
""",
    ),
    A(
        "bay-of-bengal-cyclone-season-forecasts",
        title="Cyclone season forecasts grow harsher for the Bay of Bengal",
        author="Farhana Akter",
        days_ago=9.4,
        tags=("Climate", "Weather"),
        text="""
Forecasters expect an above-average number of cyclones in the Bay of Bengal this year,
driven by warmer sea surface temperatures.

Disaster management officials say early warning systems and shelters have cut deaths from
cyclones sharply over the past two decades, but that damage to homes and crops keeps rising.

Coastal communities are preparing by stocking food and repairing embankments.
""",
    ),
    A(
        "border-town-chess-club",
        title="A chess club in a border town draws players from both sides",
        author="Tenzin Norbu",
        days_ago=3.0,
        tags=("Dispatch", "Culture"),
        text="""
On Saturday afternoons, a community hall in a small border town fills with the click of
chess clocks. Players come from both sides of the frontier, crossing with day passes.

The club was founded by a retired schoolteacher who says chess needs no shared language. The
youngest member is nine; the oldest is eighty-three.

Once a year the club holds a tournament whose trophy alternates between the two towns.
""",
    ),
)
