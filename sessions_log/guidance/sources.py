"""Where the rules come from: the sources a clinic reviews them against (not shown to
patients). Each rule names its sources by ``Source.name``; the rules page lists every
``Source.reference`` in full once, in the order of ``SOURCES``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where a rule comes from, for the clinic's review (not shown to patients)."""

    key: str
    name: str  # short, next to each rule
    reference: str  # in full, once, at the end of the rules page


SEED = Source(
    "seed",
    "Pusterom",
    "Seed article on Pusterom: you should recover within about a day; not the day for hard "
    "training after bad sleep, dizziness or nausea; several short bouts are fine.",
)
ACSM = Source(
    "acsm",
    "ACSM 2019",
    "Campbell KL et al. Exercise guidelines for cancer survivors: consensus statement from "
    "international multidisciplinary roundtable. Med Sci Sports Exerc 2019;51(11):2375-2390.",
)
TOOLKIT = Source(
    "toolkit",
    "Cancer Exercise Toolkit",
    "Cancer Exercise Toolkit: precautions and contraindications to exercise for people with "
    "cancer (fever and infection, bleeding, blood clots, dizziness, falls, after surgery).",
)
WHEN_TO_CALL = Source(
    "when_to_call",
    "Cancer.Net / Macmillan",
    'Cancer.Net (ASCO) and Macmillan Cancer Support: "when to call your care team" and when '
    "to call the emergency number (113 in Norway).",
)
BONE_METS = Source(
    "bone_mets",
    "Bone metastases 2022",
    "Campbell KL, Cormie P, Weller S et al. Exercise recommendation for people with bone "
    "metastases: expert consensus for health care providers and exercise professionals. "
    "JCO Oncol Pract 2022;18(5):e697-e709.",
)
HDIR = Source(
    "hdir",
    "Helsedirektoratet",
    "Helsedirektoratet: advice on physical activity during and after cancer treatment "
    "(a little activity is better than none).",
)
SOURCES = (SEED, ACSM, TOOLKIT, WHEN_TO_CALL, BONE_METS, HDIR)
