"""Decides cheaply whether a chat message is a claim about an outage worth answering.

Precision comes first: a bot that answers "the raid boss went down" is muted within the
hour. A message counts only when it names a service and says something about an outage or
its cause, or when it states both an outage and a cause outright. In a watched channel the
quick screen first turns most chat away from its words alone (`glance`), and reads in full
only what could be a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from bot.core import glance as glance_module
from bot.core import lexicon
from bot.core.facts import DIGIT, MONTHS, NO_CALENDAR, WEEKDAYS, DateMention, calendar_facts
from bot.core.glance import REWRITTEN, glance, glance_words
from bot.core.names import NameHit, NameIndex
from bot.core.pattern_scan import PatternSet
from bot.core.text import translate_words, word_runs

MAX_SCREENED_CHARS: Final = 2_000
CACHED_RESULTS: Final = 4_096  # results a generation of Remembered holds (two are kept)
CACHED_MAX_CHARS: Final = 512  # longer messages are rare and would make the cache heavy

FORMATTING: Final = re.compile(r"[*_~|>]+")
SCARE_QUOTES: Final = re.compile(r"(?<![\w'])['\"]([a-z0-9]+)['\"](?![\w'])")
LETTER: Final = re.compile(r"[a-z]")


@dataclass(frozen=True, slots=True)
class TimeHints:
    dates: tuple[DateMention, ...] = ()
    years: tuple[int, ...] = ()
    weekdays: tuple[int, ...] = ()
    relative: tuple[str, ...] = ()
    last: bool = False  # "last july": the most recent such month
    seasons: tuple[tuple[tuple[int, int], ...], ...] = ()  # 'spring 2024': its (year, month)s


NO_TIME: Final = TimeHints()


@dataclass(frozen=True, slots=True)
class Detection:
    is_claim: bool
    confidence: float
    # The screened text: markup, code and links removed, foreign words translated (left empty
    # when the quick screen gives up on a message without reading it: see UNREAD, UNNAMED).
    text: str
    services: tuple[NameHit, ...] = ()
    reasons: tuple[str, ...] = ()

    # What the text says besides whether it is a claim, read when asked: deciding needs only to
    # know that there are outage or cause words, and only the messages answered need the rest
    # (retrieval reads their time words).
    @property
    def causes(self) -> tuple[str, ...]:
        return _causes(self.text)

    @property
    def outage_words(self) -> tuple[str, ...]:
        return _outage_words(self.text)

    @property
    def time(self) -> TimeHints:
        return _time_hints(self.text)


def _alternation(phrases: Iterable[str]) -> re.Pattern[str]:
    """The whole phrases, grouped by first letter: twice as fast to search as a flat alternation."""
    by_first: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
        by_first.setdefault(phrase[0], []).append(re.escape(phrase[1:]))
    groups = [f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in by_first.items()]
    return re.compile(rf"\b(?:{'|'.join(groups)})\b")


ANY_PHRASE: Final = _alternation(lexicon.PHRASES)


def screen_text(text: str) -> str:
    """The part of a message worth reading: no code, links, mentions or formatting."""
    return " ".join(_fold_words(text)[0].split())  # the same as collapsing r"\s+" and stripping


def _fold_words(text: str) -> tuple[str, list[str]]:
    """The screened text before its spaces are collapsed, and its `word_runs`, which decide
    what else is worth running on it."""
    return _rewritten(*glance_words(text[:MAX_SCREENED_CHARS]))


def _english_phrase(match: re.Match[str]) -> str:
    return lexicon.PHRASES[match.group()]


def _rewritten(folded: str, runs: list[str]) -> tuple[str, list[str]]:
    """`glance_words` without formatting, and with foreign words and phrases in English. Each
    rewrite runs only when the characters or words it needs are there: most chat has none."""
    if "*" in folded or "_" in folded or "~" in folded or "|" in folded or ">" in folded:
        folded = FORMATTING.sub(" ", folded)  # the same runs: none of these is a word character
    if '"' in folded or " '" in folded or folded.startswith("'"):  # not the apostrophe of "can't"
        folded = SCARE_QUOTES.sub(r"\1", folded)  # "was 'down'" is "was down": the same runs
    if REWRITTEN.isdisjoint(runs):
        return folded, runs
    rephrased = folded
    if not lexicon.DUTCH_SPLIT_WORDS.isdisjoint(runs):
        rephrased = lexicon.DUTCH_SPLIT.sub(lexicon.dutch_unsplit, rephrased)
    rephrased = ANY_PHRASE.sub(_english_phrase, rephrased)
    if rephrased != folded:
        folded, runs = rephrased, word_runs(rephrased)
    translated = translate_words(folded, runs)
    if translated is not folded:
        folded, runs = translated, word_runs(translated)
    return folded, runs


COMPARED_YEAR: Final = re.compile(
    r"\b(?:like|as|since|unlike|than|after|before)\s+(?:in\s+|back in\s+)?((?:19|20)\d\d)\b"
)
LAST_MONTH: Final = lexicon.Cue(
    re.compile(r"\blast (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"), frozenset({"last"})
)


SEASON: Final = re.compile(r"\b(?P<s>spring|summer|autumn|fall|winter) (?:of )?(?P<y>(?:19|20)\d\d)\b")
SEASON_WORDS: Final = frozenset({"spring", "summer", "autumn", "fall", "winter"})
SEASON_MONTHS: Final = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "fall": (9, 10, 11)}


def _seasons(screened: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """'spring 2024' as the months it may mean, in the north; 'winter 2024' is either winter."""
    found: list[tuple[tuple[int, int], ...]] = []
    for m in SEASON.finditer(screened):
        year = int(m["y"])
        if m["s"] == "winter":
            found.append(((year - 1, 12), (year, 1), (year, 2), (year, 12), (year + 1, 1), (year + 1, 2)))
        else:
            found.append(tuple((year, month) for month in SEASON_MONTHS[m["s"]]))
    return tuple(found)


# The month, weekday and holiday names the calendar patterns take whole (a dotless "ı" matches "i"
# there).
CALENDAR_WORDS: Final = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | {"christmas", "xmas", "boxing", "year", "halloween", "valentine"}
)


def calendar_possible(screened: str, runs: list[str]) -> bool:
    """Whether `calendar_facts` could find anything: every calendar pattern needs a digit or a
    month or weekday name. Most claims have neither."""
    return DIGIT.search(screened) is not None or not CALENDAR_WORDS.isdisjoint(runs) or "ı" in screened


def time_hints(screened: str, runs: list[str] | None = None) -> TimeHints:
    """Time words of the message; a year it only compares with ("just like in 2022") is left out."""
    runs = word_runs(screened) if runs is None else runs
    if not calendar_possible(screened, runs):
        facts = NO_CALENDAR
    elif "19" in screened or "20" in screened:  # the years COMPARED_YEAR knows
        facts = calendar_facts(COMPARED_YEAR.sub(" ", screened))
    else:
        facts = calendar_facts(screened)
    relative = lexicon.RELATIVE_TIME_CUE.findall(screened, runs)
    last = LAST_MONTH.search(screened, runs)
    seasons = () if SEASON_WORDS.isdisjoint(runs) else _seasons(screened)
    if not (facts.dates or facts.years or facts.weekdays or relative or last or seasons):
        return NO_TIME
    return TimeHints(
        dates=facts.dates,
        years=tuple(sorted(set(facts.years))) if facts.years else (),
        weekdays=facts.weekdays,
        relative=tuple(dict.fromkeys(relative)),
        last=last,
        seasons=seasons,
    )


SIGNALS: Final = lexicon.SIGNAL_CUE.pattern  # outage, cause or event words: without them, no claim
EXPLICIT_OUTAGE: Final = re.compile(
    r"\boutages?\b|\b(?:is|was|went|are|were) down\b|'s down\b"  # "signal's down, heard it's a ddos"
    r"|\b(?:is|are|was|were|went) (?:completely|totally|fully) (?:down|offline)\b"
    r"|\bdown (?:nationwide|everywhere|worldwide|for everyone|for everybody)\b"
    # 'mobile network at the stadium died for everyone ... the carrier got hacked'
    r"|\b(?:network|app|apps|system|systems|website|servers?) (?:\w+ ){0,3}?(?:died|crashed|went down)\b"
    r"|\b(?:took|take|takes|taking|knocked) (?:\w+ ){0,3}"
    r"(?:down|offline)\b"
)
# Every question the reading asks of the text, answered in one pass (see pattern_scan).
LEXICON: Final = PatternSet(
    {
        "strong_cause": lexicon.STRONG_CAUSE,
        "named_cause": lexicon.NAMED_CAUSE,
        "weak_cause": lexicon.WEAK_CAUSE,
        "causal": lexicon.CAUSAL,
        "not_outage_down": lexicon.NOT_OUTAGE_DOWN,
        "outage": lexicon.OUTAGE,
        "explicit_outage": EXPLICIT_OUTAGE,
        "event": lexicon.EVENT_REFERENCE,
        "claimish": lexicon.CLAIMISH,
        "chatter": lexicon.CHATTER,
        "planned": lexicon.PLANNED,
        "works_for_me": lexicon.WORKS_FOR_ME,
        "self_hosted": lexicon.SELF_HOSTED,
        "personal": lexicon.PERSONAL,
    }
)


def warm_up() -> None:
    """Compile the lexicon's native scan (~0.2 s) now, rather than while a message waits."""
    LEXICON.compile()


NO_SIGNAL: Final = (glance_module.NO_SIGNAL,)
NO_SERVICE_NOR_CAUSE: Final = (glance_module.NO_SERVICE_NOR_CAUSE,)
# The quick screen's answer to a message without one word SIGNALS could match. That is most
# chat, so it gets this one shared Detection, without even its screened text.
UNREAD: Final = Detection(False, 0.0, "", reasons=NO_SIGNAL)
# Its answer to one with such words but no service and no cause it could find (see glance).
UNNAMED: Final = Detection(False, 0.0, "", reasons=NO_SERVICE_NOR_CAUSE)


def detect(text: str, names: NameIndex, *, quick: bool = False) -> Detection:
    """`quick` (screening a watched channel): give up at once on text that no score could make
    a claim (no outage or cause word; no service and no cause); a direct ask always gets the
    full reading. Results are remembered for the name index they were read against."""
    return _REMEMBERED.detect(text, names, quick)


class Remembered:
    """Results by text for one name index: chat repeats itself ("lol", "same", the same claim
    pasted around). A hit is one dict lookup by the text (an `lru_cache` would build and hash
    a key of text, index and mode). Two generations stand in for recency: when the current one
    is full it becomes the previous one, and a hit there is carried forward."""

    def __init__(self) -> None:
        self.names: NameIndex | None = None
        self.quick: dict[str, Detection] = {}
        self.full: dict[str, Detection] = {}
        self.older_quick: dict[str, Detection] = {}
        self.older_full: dict[str, Detection] = {}

    def detect(self, text: str, names: NameIndex, quick: bool) -> Detection:
        if names is not self.names:
            self.cache_clear()  # a new name index (the knowledge base changed): every result is stale
            self.names = names
        current = self.quick if quick else self.full
        found = current.get(text)
        if found is not None:
            return found
        found = (self.older_quick if quick else self.older_full).get(text)
        if found is None:
            found = _read(text, names, quick)
            if len(text) > CACHED_MAX_CHARS:
                return found  # rare, and would make the cache heavy
        if len(current) >= CACHED_RESULTS:
            if quick:
                self.older_quick, self.quick = current, {}
            else:
                self.older_full, self.full = current, {}
            current = self.quick if quick else self.full
        current[text] = found
        return found

    def cache_clear(self) -> None:
        """Forget every result (the benchmarks call it to meet text as new)."""
        self.names = None
        self.quick, self.full, self.older_quick, self.older_full = {}, {}, {}, {}


_REMEMBERED: Final = Remembered()


def _read(text: str, names: NameIndex, quick: bool) -> Detection:
    folded, runs = glance_words(text[:MAX_SCREENED_CHARS])
    if quick:
        rejected = glance(folded, runs, names)
        if rejected is not None:
            return UNREAD if rejected == NO_SIGNAL[0] else UNNAMED
    # The glance found signal words already, unless it let foreign words through unread.
    foreign = not REWRITTEN.isdisjoint(runs)
    folded, runs = _rewritten(folded, runs)
    if quick and foreign and not lexicon.SIGNAL_CUE.possible(folded, runs):
        return UNREAD
    screened = " ".join(folded.split())  # the same as collapsing r"\s+" and stripping
    if len(screened) < 4 or not LETTER.search(screened):
        return Detection(False, 0.0, screened)
    found = LEXICON.scan(screened)
    strong_causes = "strong_cause" in found
    weak_causes = "weak_cause" in found
    causal = weak_causes and "causal" in found  # a weak cause stated as one
    services = tuple(names.find(screened, folded=True))
    if services and not lexicon.CONTEXT_SERVICES.isdisjoint([hit.name for hit in services]):
        services = tuple(hit for hit in services if _named_in_context(screened, hit))
    if services and "named_cause" in found:
        services = _outside_causes(screened, services, names)
    if not services and not glance_module.SITE_ENDINGS.isdisjoint(runs):
        services = _sites(screened)
    if quick and not services and not (strong_causes or causal):
        # Capped at 0.4 below: without a service only an outage stated with its cause counts.
        return Detection(False, 0.0, screened, reasons=NO_SERVICE_NOR_CAUSE)
    outage_found = _outage_found(screened, found)
    outage = "outage" in outage_found or (bool(services) and _outage_at_name(screened, services))
    event = bool(services) and "event" in found
    if quick and not (outage or event or strong_causes or weak_causes):
        # No signal below either: capped at 0.45 with a service, 0.4 without.
        return Detection(False, 0.0, screened, reasons=NO_SIGNAL)
    reasons: list[str] = []  # what counted, for a person reading the result; the words are read later

    score = 0.0
    if services:
        score += 0.45
        reasons.append("names a service")
    if outage:
        score += 0.35
        reasons.append("outage words")
    elif event:
        score += 0.3
        reasons.append("refers to an event")
    if strong_causes:
        score += 0.35
        reasons.append("claimed cause")
    elif weak_causes and (causal or outage):
        score += 0.2
        reasons.append("cause")
    if "claimish" in found:
        score += 0.05

    has_signal = outage or event or strong_causes or causal
    if services and not has_signal:
        score = min(score, 0.45)
    # Without a service name only an outright outage-with-cause statement counts.
    if not services and not ((strong_causes or causal) and "explicit_outage" in outage_found):
        score = min(score, 0.4)
    if "chatter" in found and not (strong_causes and outage and services):  # 'the anime where the hacker ...'
        score -= 0.3
        reasons.append("reads as chatter")
    if "planned" in found:
        score -= 0.5
        reasons.append("announces planned work")
    if not strong_causes and "works_for_me" in found:
        score -= 0.3
        reasons.append("says it works")
    if (
        "self_hosted" in found
        and not strong_causes
        and not _service_outage(screened, services, lexicon.SELF_HOSTED)
    ):
        score -= 0.3
        reasons.append("about someone's own machine")
    if "personal" in found and not _service_outage(screened, services, lexicon.PERSONAL):
        score -= 0.3
        reasons.append("about someone's own account")

    confidence = max(0.0, min(1.0, score))
    return Detection(
        is_claim=confidence >= 0.7,
        confidence=round(confidence, 3),
        text=screened,
        services=services,
        reasons=tuple(reasons),
    )


# Before a name, words that make it a thing rather than the service: 'the line', 'my box'.
THING_BEFORE: Final = frozenset(
    "the a an my our your his her their its this that phone power fiber fibre landline mouse text".split()
)


def _named_in_context(screened: str, hit: NameHit) -> bool:
    """Whether a hit counts: a record's alias always; a service named by an everyday word
    ('cursor', 'line', 'delta') only where an outage is said of it, not of 'the line', and not
    a score or a price ('united are down 2-0', 'delta is down 3%')."""
    if hit.incident_ids or hit.name not in lexicon.CONTEXT_SERVICES:
        return True
    name = re.escape(hit.name)
    said = re.compile(
        rf"\b{name}\b(?:\s+\w+){{0,2}}?\s+(?:(?:is|was|went|are|were|just|keeps?)\s+)?"
        rf"(?:down|dead|died|offline|crashed|broken|erroring|failing|timing out|5\d\d)\b(?!\s*\d)"
        rf"|\b{name}(?:'s)? (?:outage|is having an outage)\b|\bis {name} down\b"
        rf"|\b{name}(?:'s)? (?:\w+ )?(?:is |are )?not (?:sending|loading|working|connecting|responding)\b"
    )
    for match in said.finditer(screened):
        before = screened[: match.start()].split()[-1:] or [""]
        if before[0] not in THING_BEFORE:
            return True
    return False


def _outage_at_name(screened: str, services: tuple[NameHit, ...]) -> bool:
    """An outage said right at a service's name, in words that alone could mean anything:
    'doordash down on super bowl sunday', 'square card readers down at our cafe' ('down'
    after the name or a word or two more; not 'down to', 'down 3%' or the other idioms), and
    'a config change broke outlook and xbox' (the name broken, taken down or knocked out)."""
    down = " down " in screened
    if not down and " broke " not in screened and " took " not in screened and " knocked " not in screened:
        return False
    text = _without_idioms(screened) if down else screened
    for hit in services:
        name = re.escape(hit.name)
        if re.search(
            rf"\b{name}(?:'s)?(?:\s+\w+){{0,2}}?\s+down\s+(?!to\b|\d)\w"
            rf"|\b(?:broke|borked|took down|knocked out|took out) (?:the |all of )?{name}\b",
            text,
        ):
            return True
    return False


def _sites(screened: str) -> tuple[NameHit, ...]:
    """A site named by its address ('files.pythonhosted.org seems dead') is a service, known or not."""
    return tuple(NameHit(m.group(), frozenset()) for m in glance_module.SITE.finditer(screened))


def _outside_causes(screened: str, services: tuple[NameHit, ...], names: NameIndex) -> tuple[NameHit, ...]:
    """The services named outside the claimed causes: the flare of 'the solar flare pics' is
    the cause's word, not the service of that name."""
    kept = {hit.name for hit in names.find(lexicon.NAMED_CAUSE.sub(" ", screened), folded=True)}
    return tuple(hit for hit in services if hit.name in kept)


def _outage_found(screened: str, found: set[str]) -> set[str]:
    """The lexicon's answers for the text without its 'down to', 'let me down', 'dead wrong'
    (idioms whose words would count): what the outage questions are asked of."""
    if "not_outage_down" not in found:
        return found
    return LEXICON.scan(_without_idioms(screened))


def _without_idioms(screened: str) -> str:
    return lexicon.NOT_OUTAGE_DOWN.sub(" ", screened)


@lru_cache(maxsize=1_024)
def _causes(screened: str) -> tuple[str, ...]:
    causes = [*lexicon.STRONG_CAUSE.finditer(screened), *lexicon.WEAK_CAUSE.finditer(screened)]
    return tuple(dict.fromkeys([m.group() for m in causes]))


@lru_cache(maxsize=1_024)
def _outage_words(screened: str) -> tuple[str, ...]:
    text = _without_idioms(screened)
    return tuple(dict.fromkeys([m.group() for m in lexicon.OUTAGE.finditer(text)]))


@lru_cache(maxsize=1_024)
def _time_hints(screened: str) -> TimeHints:
    return time_hints(screened) if screened else NO_TIME


def _the_services(thing: str) -> bool:
    """'the ow2 login servers' are the service's own; 'the minecraft server' is somebody's."""
    return thing.startswith("the ") and thing.endswith("s")


def _service_outage(screened: str, services: tuple[NameHit, ...], own_things: re.Pattern[str]) -> bool:
    """'is whatsapp down or is it my wifi' and 'aws outage took out my whole phone' are about the
    service, not the wifi or the phone ('stripe api throwing 500s ... our checkout is dead' is
    Stripe's); 'my minecraft server is down', 'my server de minecraft
    is down' and 'my github streak died' are about the server or the streak, whose name is no
    service (but 'the ow2 login servers died' are the service's own)."""
    own = [m.span() for m in own_things.finditer(screened) if not _the_services(m.group())]
    for hit in services:
        name = re.escape(hit.name)
        if any(re.search(rf"\b{name}\b", screened[start : end + 16]) for start, end in own):
            continue
        pattern = (
            rf"\b{name}\b(?:\s+\w+){{0,3}}?\s+(?:(?:is|was|went|are|were|just)\s+)?"
            rf"(?:down|dead|died|offline|crashed|throwing|erroring|failing|timing out|5\d\d)\b"
            rf"|\b{name}(?:'s)? outage\b|\bis {name} down\b"
            rf"|\b{name} (?:is )?having (?:an? )?(?:outage|issues)\b"
            rf"|\b{name}(?:'s)? (?:is |are )?not (?:sending|loading|working|connecting|responding)\b"
        )
        if re.search(pattern, screened):
            return True
    return False
