"""The word lists and patterns the rules share, kept apart from the logic that uses them.

Cause words, negation cues, ordinary sentence openers, time and reporting words, and the
patterns for links, pings, first person and quotes. Plain data: every other module may import it.
"""

from __future__ import annotations

import re

from bot.core.facts import MONTHS, PLACE_ZONES, WEEKDAYS
from bot.core.text import stem

CAUSE_TERMS = frozenset(
    stem(w)
    for w in """
    attack attacks attacked attacker cyberattack ddos dos botnet hack hacked hacker hackers
    hacking breach breached malware ransomware malicious sabotage intrusion exploit exploited
    vulnerability foreign country state-sponsored nation-state government russia russian china
    chinese iran iranian korea korean ukraine ukrainian israel terrorist terrorists activist
    bug defect misconfiguration configuration config deployment deploy update patch migration
    maintenance telemetry dns bgp certificate power fire cable fiber fibre overload overloaded
    cooling hardware firmware database cache caching kubernetes regex memory leak null
    race expired capacity storm flood earthquake heatwave typo firewall waf permission router
    quota credential storage disk corrupted corruption balancer load-balancer load-balancing proxy
    revoked revocation
    """.split()
)
CAUSE_EQUIVALENTS = {
    stem("cyber"): stem("cyberattack"),
    stem("config"): stem("configuration"),
    stem("deploy"): stem("deployment"),
    stem("deployed"): stem("deployment"),
    stem("hacker"): stem("hack"),
    stem("hackers"): stem("hack"),
    stem("hacking"): stem("hack"),
    stem("attacker"): stem("attack"),
    stem("fibre"): stem("fiber"),
    stem("leaked"): stem("exposed"),  # titles that leaked were exposed
    stem("caching"): stem("cache"),
    stem("overloaded"): stem("overload"),
    stem("overwhelmed"): stem("overload"),
    stem("defect"): stem("bug"),
    stem("glitch"): stem("bug"),
    stem("flaw"): stem("bug"),
    stem("misconfiguration"): stem("configuration"),
    stem("misconfigured"): stem("configuration"),
    stem("upgrade"): stem("update"),
    stem("ddosed"): stem("ddos"),
    stem("waf"): stem("firewall"),  # a web application firewall
    stem("load"): stem("overload"),  # 'unexpected load on our servers' backs 'overloaded'
}
"""'pointer' is not a cause word: it stems to 'point', and 'pointed to a network failure'
reports a cause without naming one; 'null' carries 'null pointer'."""
NEGATION_CUES = frozenset("not no never none nobody nothing neither nor cannot unable n't".split())
EVIDENCE_NEGATION_EXTRA = frozenset(
    "false denied denies deny refuted rejected instead rather lack lacked unable absent without"
    " contrary wasn't weren't isn't aren't didn't doesn't don't hasn't haven't won't"
    " yet".split()  # 'has yet to reveal the reason': not revealed
)
_UN_EXCEPTIONS = (
    "under",
    "until",
    "united",
    "unit",
    "unique",
    "union",
    "universal",
    "universe",
    "unix",
    "unless",
    "unlike",
    "unwrap",  # 'unwrapped new consoles', 'unveiled', 'unlocked': undoing, not denying
    "unveil",
    "unlock",
    "unpack",
    "unleash",
    "unfold",
    "unplug",
)
SENTENCE_STARTERS = frozenset(
    """however meanwhile later per according reports users experts researchers customers both
    despite although while after before because since only some many most several officials
    critics yes instead still yet overall in on at by from for during between within around
    about roughly nearly almost over under once then thus so also earlier afterwards engineers
    people companies sites services websites apps airlines banks millions thousands hundreds
    analysts observers security affected impacted initial early first second third last final
    both each every all none other another such indeed though unless until whether even already
    approximately more less fewer just much full partial similar separately together nearby
    outages problems issues errors complaints traffic service access recovery""".split()
)
TIME_WORDS = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        "am",
        "pm",
        "a.m",
        "p.m",
        "utc",
        "gmt",
        "pst",
        "pdt",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "bst",
        "cet",
        "cest",
        "ist",
        "jst",
        "aest",
        "aedt",
        "eastern",
        "pacific",
        "central",
        "pt",
        "et",
        "ct",
        "us",
        "time",
        "z",
    ]
)
FIRST_PERSON = re.compile(
    r"(?<![\w'])(?:I|I'm|I've|I'll|I'd|me|my|mine|myself|[Yy]ou|[Yy]our|[Yy]ou're|[Ff]actbot)(?![\w'])"
)
# Letters that look Latin but are not: "＠еvеryоnе" must read as "@everyone" to be caught.
CONFUSABLES = str.maketrans(
    "аеорсухіѕԁһјӏոᴇⅰΑΕΟΡΤΥΗΙΚΜΝΧαεορτυικνχ", "aeopcyxisdhjlneiAEOPTYHIKMNXaeoptuikvx"
)
META_TALK = re.compile(
    r"\b(?:as (?:instructed|requested|you asked|an ai)|language model|system prompt|"
    r"ignore (?:all |any |the )?(?:previous|prior|above)|my instructions|"
    r"developer mode)\b",
    re.IGNORECASE,
)
# Talk of jailbreaking is talk about the model, unless the sources report one ('a "jailbreak
# attack" on its AI query assistant'): checked against the cited sources.
JAILBREAK = re.compile(r"\bjail ?break\w*", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.|discord\.gg/|<https?:)", re.IGNORECASE)
# Pings, not handles: "@SpotifyStatus" quoted from a source pings nobody; <@id>, <@&id> and @everyone do.
MENTION = re.compile(r"<[@#][!&]?\d*>|@(?:everyone|here)\b", re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
DOUBLE_QUOTED = re.compile(r'"([^"\n]+)"')
SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^'\n]{3,}?)'(?![\w])")
# A place that may name a time zone: the last word of each place the zone table knows, a cheap
# look before the time rule reads the sentence for place zones.
PLACE_HINT = re.compile(
    "|".join(sorted({re.escape(place.split()[-1]) for place in PLACE_ZONES})), re.IGNORECASE
)
PUBLISHING = re.compile(
    r"\b(?:publish\w*|post(?:ed|-mortem|mortem)?|wrote|write-?up|report\w*|blog|statement|"
    r"announc\w*|said|says|update[ds]?)\b",
    re.IGNORECASE,
)


REPORTING_WORDS = frozenset(
    """says said say stated states told wrote posted reported reports report according per
    summary post-mortem postmortem review preliminary update statement blog outage incident
    event company later also own gives put puts traced traces""".split()
)
