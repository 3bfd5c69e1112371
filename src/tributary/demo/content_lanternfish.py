"""Lanternfish TV: a video-only feed; items carry a title and a video, no text. Invented."""

from __future__ import annotations

from functools import partial

from tributary.demo.model import Article

A = partial(Article, "lanternfish")

ARTICLES: tuple[Article, ...] = (
    A("kharkiv-residents-sweep-glass", days_ago=0.15, duration=94, tags=("Ukraine",),
      title="Video: Kharkiv residents sweep up glass after overnight drone attack"),
    A("kyiv-metro-shelter-3am", days_ago=2.5, duration=152, tags=("Ukraine",),
      title="Video: A night in a Kyiv metro shelter, 3 a.m."),
    A("aid-convoy-crosses-southern-gaza", days_ago=1.4, duration=71, tags=("Gaza",),
      title="Video: Aid convoy crosses into southern Gaza"),
    A("families-queue-water-khan-younis", days_ago=4.8, duration=63, tags=("Gaza",),
      title="Video: Families queue for water in Khan Younis"),
    A("striking-nurses-march-capitol", days_ago=3.1, duration=118, tags=("Labor",),
      title="Video: Striking nurses march on the state capitol"),
    A("dockworkers-walk-out-at-dawn", days_ago=6.6, duration=85, tags=("Labor",),
      title="Video: Dockworkers walk out at dawn"),
    A("flooded-streets-from-the-air", days_ago=0.9, duration=47, tags=("Climate",),
      title="Video: Flooded streets of Porto Alegre from the air"),
    A("wildfire-jumps-coastal-highway", days_ago=5.3, duration=58, tags=("Climate",),
      title="Video: Wildfire jumps a highway near a coastal town"),
    A("press-freedom-vigil-courthouse", days_ago=2.0, duration=102, tags=("Press Freedom",),
      title="Video: Press freedom vigil outside the courthouse"),
    A("editors-black-out-front-pages", days_ago=8.6, duration=134, tags=("Press Freedom",),
      title="Video: Why editors blacked out their front pages"),
)  # fmt: skip
