"""Decides cheaply whether a chat message is a claim about an outage worth answering.

Precision comes first: a bot that answers "the raid boss went down" is muted within the
hour. A message counts only when it names a service and says something about an outage or
its cause, or when it states both an outage and a cause outright. Everything runs on plain
string operations so screening a busy channel costs far less than parsing its messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core import lexicon
from bot.core.facts import DateMention, extract_facts
from bot.core.names import NameHit, NameIndex
from bot.core.text import fold, translate_words

MAX_SCREENED_CHARS = 2_000

CODE_BLOCK = re.compile(r"```.*?(?:```|$)|`[^`\n]*`", re.DOTALL)
MARKUP = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:\d+(?::\w)?>|https?://\S+|www\.\S+")
FORMATTING = re.compile(r"[*_~|>]+")


@dataclass(frozen=True, slots=True)
class TimeHints:
    dates: tuple[DateMention, ...] = ()
    years: tuple[int, ...] = ()
    weekdays: tuple[int, ...] = ()
    relative: tuple[str, ...] = ()
    last: bool = False  # "last july": the most recent such month


@dataclass(frozen=True, slots=True)
class Detection:
    is_claim: bool
    confidence: float
    text: str  # the screened text: markup, code and links removed, foreign words translated
    services: tuple[NameHit, ...] = ()
    causes: tuple[str, ...] = ()
    outage_words: tuple[str, ...] = ()
    time: TimeHints = field(default_factory=TimeHints)
    reasons: tuple[str, ...] = ()


def screen_text(text: str) -> str:
    """The part of a message worth reading: no code, links, mentions or formatting."""
    text = text[:MAX_SCREENED_CHARS]
    text = CODE_BLOCK.sub(" ", text)
    text = MARKUP.sub(" ", text)
    text = FORMATTING.sub(" ", text)
    folded = fold(text).replace("𝕏", "x")
    for phrase, english in lexicon.PHRASES.items():
        folded = folded.replace(phrase, english)
    folded = translate_words(folded)
    return re.sub(r"\s+", " ", folded).strip()


COMPARED_YEAR = re.compile(
    r"\b(?:like|as|since|unlike|than|after|before)\s+(?:in\s+|back in\s+)?((?:19|20)\d\d)\b"
)


def time_hints(screened: str) -> TimeHints:
    """Time words of the message; a year it only compares with ("just like in 2022") is left out."""
    facts = extract_facts(COMPARED_YEAR.sub(" ", screened))
    relative = tuple(dict.fromkeys(m.group(0) for m in lexicon.RELATIVE_TIME.finditer(screened)))
    return TimeHints(
        dates=facts.dates,
        years=tuple(sorted(set(facts.years))),
        weekdays=facts.weekdays,
        relative=relative,
        last=bool(re.search(r"\blast (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", screened)),
    )


SIGNALS = re.compile(
    "|".join(
        p.pattern
        for p in (lexicon.OUTAGE, lexicon.STRONG_CAUSE, lexicon.WEAK_CAUSE, lexicon.EVENT_REFERENCE)
    )
)


def detect(text: str, names: NameIndex, *, quick: bool = False) -> Detection:
    """`quick` (screening a watched channel): give up at once on text with no outage or cause
    word, which no score could make a claim; a direct ask always gets the full reading."""
    screened = screen_text(text)
    if len(screened) < 4 or not re.search(r"[a-z]", screened):
        return Detection(False, 0.0, screened)
    if quick and not SIGNALS.search(screened):
        return Detection(False, 0.0, screened, reasons=("no outage or cause words",))
    services = tuple(names.find(screened))
    outage_text = lexicon.NOT_OUTAGE_DOWN.sub(" ", screened)
    outage = tuple(m.group(0) for m in lexicon.OUTAGE.finditer(outage_text))
    strong_causes = tuple(m.group(0) for m in lexicon.STRONG_CAUSE.finditer(screened))
    weak_causes = tuple(m.group(0) for m in lexicon.WEAK_CAUSE.finditer(screened))
    causal = bool(lexicon.CAUSAL.search(screened))
    event = bool(services) and bool(lexicon.EVENT_REFERENCE.search(screened))
    reasons: list[str] = []

    score = 0.0
    if services:
        score += 0.45
        reasons.append("names " + ", ".join(h.name for h in services))
    if outage:
        score += 0.35
        reasons.append("outage words: " + ", ".join(dict.fromkeys(outage)))
    elif event:
        score += 0.3
        reasons.append("refers to an event")
    if strong_causes:
        score += 0.35
        reasons.append("claimed cause: " + ", ".join(dict.fromkeys(strong_causes)))
    elif weak_causes and (causal or outage):
        score += 0.2
        reasons.append("cause: " + ", ".join(dict.fromkeys(weak_causes)))
    if lexicon.CLAIMISH.search(screened):
        score += 0.05

    has_signal = bool(outage or event or strong_causes or (weak_causes and causal))
    if services and not has_signal:
        score = min(score, 0.45)
    if not services:
        # Without a service name only an outright outage-with-cause statement counts.
        explicit_outage = bool(re.search(r"\boutages?\b|\b(?:is|was|went|are|were) down\b", outage_text))
        if not (explicit_outage and (strong_causes or (weak_causes and causal))):
            score = min(score, 0.4)
    if lexicon.CHATTER.search(screened) and not (strong_causes and outage):
        score -= 0.3
        reasons.append("reads as chatter")
    if lexicon.SELF_HOSTED.search(screened) and not strong_causes and not _service_outage(screened, services):
        score -= 0.3
        reasons.append("about someone's own machine")

    confidence = max(0.0, min(1.0, score))
    causes = tuple(dict.fromkeys(strong_causes + weak_causes))
    return Detection(
        is_claim=confidence >= 0.7,
        confidence=round(confidence, 3),
        text=screened,
        services=services,
        causes=causes,
        outage_words=tuple(dict.fromkeys(outage)),
        time=time_hints(screened) if not quick or confidence >= 0.5 else TimeHints(),
        reasons=tuple(reasons),
    )


def _service_outage(screened: str, services: tuple[NameHit, ...]) -> bool:
    """'is whatsapp down or is it my wifi' is about WhatsApp, not the wifi."""
    for hit in services:
        pattern = rf"\b{re.escape(hit.name)}\b(?:\s+\w+){{0,2}}\s+(?:is|was|went|are|were)?\s*down\b"
        if re.search(pattern, screened) or re.search(rf"\bis {re.escape(hit.name)} down\b", screened):
            return True
    return False
