"""The rule for up and down: what the sources say stayed up must not come back as gone down.

'Zoom's phone and chat services went down along with meetings' against 'Zoom's phone and chat
services are still online' keeps every name, and 'cut off' shares no word with 'not impacted':
neither the scope nor the negation rules see it.
"""

from __future__ import annotations

import re

from bot.core.check.evidence import Evidence
from bot.core.check.reading import CLAUSE_BREAK, _content_word, _is_negation
from bot.core.check.results import Violation
from bot.core.text import fold, stem, words

STAYED_UP = re.compile(
    r"\b(?:not|n't|never|were not|was not) (?:\w+ )?(?:impacted|affected|disrupted|interrupted)\b"
    r"|\b(?:weren't|wasn't|aren't|isn't) (?:\w+ )?(?:impacted|affected|disrupted|interrupted)\b"
    r"|\bunaffected\b|\bunimpacted\b"
    r"|\b(?:still|remained|stayed|kept) (?:online|up|working|running|available|operational|unaffected)\b"
    r"|\bcontinued to (?:work|operate|function|run)\b|\b(?:were|was) (?:fine|working normally)\b"
)
WENT_DOWN = re.compile(
    r"\b(?:went|were|was|are|is) (?:\w+ )?(?:down|offline|disrupted|affected|impacted|knocked out)\b"
    r"|\b(?:cut off|knocked (?:out|offline)|went dark|stopped working|failed|crashed|lost)\b"
)


def _subject(folded_clause: str, end: int, names: frozenset[str]) -> set[str]:
    """The content words a state is said of: those of its clause before it, the service's own
    names left out (they stand in every sentence of the record)."""
    return {stem(t) for t in words(folded_clause[:end]) if _content_word(t)} - names


def _check_contrary_state(text: str, evidence: Evidence, v) -> list[Violation]:
    """Fails when a clause has something go down, with no negation of its own, where a cited
    sentence says the same things (two content words or more, most of them) were not affected
    or stayed up."""
    names = frozenset(stem(name) for name in evidence.incident_names)
    stayed = []
    for sentence in evidence.prose:
        for clause in CLAUSE_BREAK.split(sentence):
            up = STAYED_UP.search(clause)
            if up:
                stayed.append(_subject(clause, up.start(), names))
    if not stayed:
        return []
    for clause in CLAUSE_BREAK.split(fold(text)):
        down = WENT_DOWN.search(clause)
        if down is None or any(_is_negation(t, evidence=True) for t in words(clause)):
            continue
        subject = _subject(clause, down.start(), names)
        for things in stayed:
            shared = subject & things
            if len(shared) >= 2 and len(shared) >= 0.5 * len(things):
                return [v("state", "says went down what its cited sources say was not affected")]
    return []
