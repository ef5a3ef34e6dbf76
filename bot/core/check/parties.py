"""The rules for who stands where: who depends on whom, who did what, who said what.

Swapping two named parties keeps every word, so the rules that look at words see nothing amiss.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.check.evidence import Evidence, _names_operator
from bot.core.check.reading import (
    CLAUSE_BREAK,
    SENTENCE_BREAK,
    _content_word,
    _is_negation,
    _mentions,
    _negated_scope,
    _negation_window,
    _word_forms,
)
from bot.core.check.results import Violation
from bot.core.check.vocabulary import SENTENCE_STARTERS, TIME_WORDS
from bot.core.records import Source
from bot.core.text import STOPWORDS, WORD, clean, fold, squash_spaces, stem, words

DEPENDS = re.compile(
    r"\b(?:use[sd]?|using|rel(?:y|ies|ied|ying) on|depend(?:s|ed|ing)? on|run(?:s|ning)? on"
    r"|hosted (?:on|by)|built on|powered by|customers? of)\b",
    re.IGNORECASE,
)
NAME_RUN = re.compile(r"[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*)*")


QUOTED_SPAN = re.compile(r'"[^"\n]+"|“[^”\n]+”')


def _clauses(text: str) -> list[str]:
    """The clauses of a draft sentence, a quotation kept whole inside its clause: 'Walsh said a
    technician was "authorised to be in the room, but wasn't authorised to do what he did"' is
    one clause, its denial included."""
    masked = QUOTED_SPAN.sub(lambda m: "q" * len(m.group()), text)
    clauses, start = [], 0
    for brk in CLAUSE_BREAK.finditer(masked):
        clauses.append(text[start : brk.start()])
        start = brk.end()
    clauses.append(text[start:])
    return clauses


def _name_runs(text: str) -> list[str]:
    """Capitalised runs ('Google Cloud', 'The Verge'), folded, without leading ordinary words
    ('Many', 'The') and possessive endings."""
    runs = []
    for run in NAME_RUN.findall(text):
        parts = [re.sub(r"['’]s$", "", part).rstrip(".") for part in run.split()]
        while parts and (fold(parts[0]) in STOPWORDS or fold(parts[0]) in SENTENCE_STARTERS):
            parts = parts[1:]
        if parts and not all(fold(part) in TIME_WORDS for part in parts):
            runs.append(fold(" ".join(parts)))
    return runs


def _check_dependency_direction(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Google Cloud services use Cloudflare' where the source says services at Cloudflare use
    Google Cloud: which of two named parties depends on the other is the fact, and swapping
    them keeps every word. Fails only when a cited sentence states the dependency the other
    way round and none states it the draft's way."""
    for clause in CLAUSE_BREAK.split(text):
        for verb in DEPENDS.finditer(clause):
            before, after = _name_runs(clause[: verb.start()]), _name_runs(clause[verb.end() :])
            if not before or not after or before[-1] == after[0]:
                continue
            user, used = before[-1], after[0]
            same = flipped = False
            for sentence in evidence.prose:
                for found in DEPENDS.finditer(sentence):
                    head, tail = sentence[: found.start()], sentence[found.end() :]
                    same = same or (_mentions(head, user) and _mentions(tail, used))
                    flipped = flipped or (_mentions(head, used) and _mentions(tail, user))
            if flipped and not same:
                pair = f"{user.title()} and {used.title()}"
                return [v("dependency", f"has {pair} the other way round from its cited sources")]
    return []


AGENT_RUN = re.compile(rf"(?<![\w'’]){NAME_RUN.pattern}")
LIST_COMMA = re.compile(r"\s*,\s*")
LIST_AND = re.compile(r"\s*,?\s+(?:and|or|&)\s+")


def _agent_name(run: str) -> tuple[frozenset[str], str] | None:
    """The words of a capitalised run that can do something, and the run as written: 'GoDaddy
    Registry' -> {godaddy, registry}. None for a possessive ('Zoom's domain' is not Zoom
    acting), ordinary opening words only ('The', 'Users') or times ('Monday')."""
    parts = run.split()
    if re.search(r"['’]s?$", parts[-1]):
        return None
    while parts and (fold(parts[0]) in STOPWORDS or fold(parts[0]) in SENTENCE_STARTERS):
        parts = parts[1:]
    folded = [fold(part.rstrip(".")) for part in parts]
    if not folded or all(part in TIME_WORDS for part in folded):
        return None
    return frozenset(folded), " ".join(parts)


def _action(after: str) -> tuple[str, ...]:
    """What a name directly before `after` does: the stems of the first five content words of its
    clause, when the clause opens with one ('mistakenly shutting down the zoom.us domain' ->
    mistaken, shut, down, zoom.us, domain). Empty for a verb of saying (the attribution rule's)
    or an auxiliary ('was shut down by': the name is not the doer)."""
    clause = CLAUSE_BREAK.split(after, maxsplit=1)[0]
    tokens = words(fold(clause))[:8]
    if not tokens or not _content_word(tokens[0]) or SAYING.fullmatch(tokens[0]):
        return ()
    return tuple(stem(t) for t in tokens if _content_word(t))[:5]


@lru_cache(maxsize=4_096)
def _agents(text: str) -> tuple[tuple[tuple[frozenset[str], str], tuple[str, ...], frozenset[str]], ...]:
    """Who does what in `text`: each named doer (its words, and as written), the action written
    right after it and the words of every name in its sentence. A list of names ('Google,
    Spotify and Discord went down') shares the action after its last name; a comma alone joins
    nothing ('According to Protocol, AWS declined to comment')."""
    found = []
    for sentence in SENTENCE_BREAK.split(clean(text)):
        runs = list(AGENT_RUN.finditer(sentence))
        named = frozenset(
            fold(part.rstrip(".")) for run in runs for part in re.split(r"['’]s?\b|\s+", run.group(0)) if part
        )
        group: list[tuple[frozenset[str], str]] = []
        listed = False  # the names gathered end in 'and' or 'or'
        for index, run in enumerate(runs):
            name = _agent_name(run.group(0))
            if name is None:
                group, listed = [], False
                continue
            group.append(name)
            following = runs[index + 1] if index + 1 < len(runs) else None
            if following and LIST_AND.fullmatch(sentence, run.end(), following.start()):
                listed = True
                continue
            if following and LIST_COMMA.fullmatch(sentence, run.end(), following.start()):
                continue
            action = _action(sentence[run.end() :])
            if action:
                found += [(member, action, named) for member in (group if listed else group[-1:])]
            group, listed = [], False
    return tuple(found)


def _check_agent(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Markmonitor mistakenly shut down the zoom.us domain' where the cited sentence names
    Markmonitor but has GoDaddy Registry mistakenly shutting the domain down: who did it is the
    fact, and both names are the sources'. A named doer fails when a cited sentence that also
    names it writes the same action right after a different name (the first three content
    words of the draft's action among the first five of the source's), and no cited sentence
    writes it after this one. A passive ('was shut down by'), a name not directly before its
    verb, or an action too short to tell apart ('went down') decides nothing."""
    known = _agents(evidence.text)
    for (name, written), action, _named in _agents(text):
        if len(action) < 3 or not name <= evidence.names:
            continue  # too short to tell; a name the sources lack is the name rule's
        same = [(doer, named) for doer, done, named in known if set(action[:3]) <= set(done)]
        if any(doer[0] & name for doer, _named in same):
            continue
        for (_doer, other), named in same:
            if name <= named:
                return [v("agent", f"has {written} do what its cited sources say {other} did")]
    return []


SAYING = re.compile(
    r"\b(?:said|says|told|tells|wrote|writes|stated|states|claimed|claims|reported|reports|posted|added)\b"
)


def _speakers_and_content(clause: str) -> tuple[list[str], str] | None:
    """'A source at X told The Verge there had been an attack' -> (['x', 'verge'], ' there had
    been an attack'): whom a clause has speak (named before the verb of saying, or told), and
    what it has them say. None without a named speaker."""
    verb = SAYING.search(clause)
    if verb is None:
        return None
    speakers = _name_runs(clause[: verb.start()])
    said = clause[verb.end() :]
    if verb.group(0) in ("told", "tells"):
        addressee = re.match(rf"\s+({NAME_RUN.pattern})", said)
        if addressee:
            speakers += _name_runs(addressee.group(1))
            said = said[addressee.end() :]
    return (speakers, said) if speakers else None


@lru_cache(maxsize=8_192)
def _denial(sentence: str) -> tuple[int, frozenset[str], frozenset[str]] | None:
    """Where a folded sentence first plainly negates, what it negates (its scope) and the head
    of each denial, the first content word after the negation ('wasn't any such attack' denies
    an attack; 'isn't affecting existing users' denies an effect, not the users). None if it
    negates nothing."""
    first = next((m.start() for m in WORD.finditer(sentence) if _is_negation(m.group(0), evidence=False)), -1)
    if first < 0:
        return None
    heads = set()
    for clause in CLAUSE_BREAK.split(sentence):
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if _is_negation(token, evidence=False):
                following = [t for t in tokens[i + 1 :] if t not in STOPWORDS and len(t) > 2]
                if following:
                    heads.add(stem(following[0]))
    return first, _negated_scope(sentence), frozenset(heads)


def _check_attributed_denial(text: str, evidence: Evidence, v) -> list[Violation]:
    """'A source at X told The Verge there had been a massive DDoS attack' where the cited sentence
    says a source at X told The Verge there wasn't any such attack: swapping who said what keeps
    every word, so the negation rules see nothing amiss. Fails when a cited sentence that names
    every speaker before its negation denies what the clause has them assert, and no cited
    sentence naming them asserts it. Quotes are read too: they are the speaker's words."""
    for clause in _clauses(text):
        parsed = _speakers_and_content(clause)
        if parsed is None:
            continue
        speakers, said = parsed
        tokens = words(fold(said))
        if any(_is_negation(t, evidence=True) for t in words(fold(clause))):
            continue  # what they said is negated, or that they said it: 'has not said who ...'
        content = _negation_window(tokens, 0, len(tokens)) - {stem(w) for s in speakers for w in s.split()}
        denied: set[str] = set()
        asserted: set[str] = set()
        for sentence in evidence.prose:
            if not all(_mentions(sentence, s) for s in speakers):
                continue
            denial = _denial(sentence)
            if denial is None:
                asserted |= content & _word_forms(sentence)
                continue
            cut, scope, heads = denial
            named_first = all(_mentions(sentence[:cut], s) for s in speakers)
            if named_first and content & heads and len(content & scope) >= min(2, len(scope)):
                denied |= content & scope
        if denied - asserted:
            return [v("attribution", "has a source assert what its cited sources say that source denied")]
    return []


FINDING = re.compile(
    rf"{SAYING.pattern}|\b(?:found|finds|determined|determines|concluded|concludes|confirmed|confirms"
    r"|announced|announces|estimated|estimates|acknowledged|admitted|blamed|blames)\b"
)


def _check_speaker(text: str, evidence: Evidence, v) -> list[Violation]:
    """'FlightAware's review found that contract personnel deleted files' where the cited source
    that says so is the FAA's statement, and FlightAware is named only in another cited source:
    the words are all there, the speaker is swapped. Fails when the cited sources whose
    sentences carry what the clause has a named party say or find (three content words or
    more, most of them) none name that party (in that sentence, the one before it, or the
    source's title and publisher), while the cited sources name it elsewhere. Quotes are read
    too: they are what the party is said to have said."""
    for clause in _clauses(text):
        verb = FINDING.search(clause)
        if verb is None:
            continue
        speakers = [s for s in _name_runs(clause[: verb.start()]) if s not in STOPWORDS]
        if not speakers:
            continue
        rest = text[text.index(clause) + verb.end() :]
        tokens = words(fold(rest))
        content = _negation_window(tokens, 0, len(tokens))
        if len(content) < 3:
            continue
        said = [
            (len(content & stems), names | source_names)
            for sentences, source_names in evidence.by_source
            for stems, names in sentences
        ]
        if not any(shared >= max(3, 0.6 * len(content)) for shared, _names in said):
            continue
        named = [speaker for speaker in speakers if set(words(speaker)) <= evidence.names]
        if named and _quoted_from(clause, named, evidence):
            continue
        # A sentence naming them that carries a good part of it will do: a draft sentence may
        # join what two sources say.
        if named and not any(
            shared >= max(3, 0.4 * len(content)) and (set(words(s)) <= names or words(s)[-1] in names)
            for s in named
            for shared, names in said
        ):
            who = named[0].title()
            return [v("attribution", f"has {who} say what its cited sources attribute to someone else")]
    return []


def _quoted_from(clause: str, speakers: list[str], evidence: Evidence) -> bool:
    """The clause quotes, word for word, a cited sentence that names each speaker (there or in
    the sentence before it): 'IAG chief executive Willie Walsh said a technician was "authorised
    to be in the room"' where the source has Walsh, of IAG, say it."""
    quotes = [fold(m.group()[1:-1]).strip(" ,.") for m in QUOTED_SPAN.finditer(clause)]
    quotes = [q for q in quotes if len(q.split()) >= 3]
    if not quotes:
        return False
    prose = evidence.prose
    for index, sentence in enumerate(prose):
        if all(quote in sentence for quote in quotes):
            around = f"{prose[index - 1]} {sentence}" if index else sentence
            if all(_mentions(around, words(speaker)[-1]) for speaker in speakers):
                return True
    return False


QUOTED_SPEECH = re.compile(
    r"(?P<who>(?:[A-Z][\w&.'’\-]*\s+){0,4}[A-Z][\w&.'’\-]*)\s+(?:said|says|stated|states|wrote|writes|added"
    r"|posted|tweeted|told \w+(?: \w+)?)\s*[:,]?\s*[\"“](?P<quote>[^\"”]{12,})[\"”]"
)


PRONOUNS = frozenset({"he", "she", "they", "it"})


def _check_quoted_operator(
    text: str, sources: list[Source], operator_names: tuple[str, ...], v
) -> list[Violation]:
    """'GoDaddy Registry stated: "There was no ... attack at Zoom"' where those are the words of
    Zoom's own status page, which quotes no one there: a first-party post speaks for its
    operator, and its words given to another party are a swapped speaker."""
    operator = [fold(name) for name in operator_names if len(name) >= 2]
    for match in QUOTED_SPEECH.finditer(text):
        who = fold(match["who"])
        if who in PRONOUNS:
            continue  # 'He added:' after the operator's chief executive: who it is, the sentence does not say
        if any(_mentions(who, name) or _mentions(name, who) for name in operator):
            continue
        quote = squash_spaces(fold(match["quote"])).strip(" .,;")
        for source in sources:
            if not _names_operator(source.publisher, operator_names):
                continue
            if _mentions(fold(f"{source.publisher} {source.title}"), who.split()[-1]):
                continue  # the post's own author ('Microsoft blog (Brad Smith)')
            excerpt = squash_spaces(fold(source.excerpt))
            at = excerpt.find(quote)
            if at < 0:
                continue
            start = max(excerpt.rfind(". ", 0, at), excerpt.rfind("\n", 0, at)) + 1
            lead = excerpt[start:at]
            if '"' in lead or "said" in lead or who.split()[-1] in lead:
                continue  # the post itself quotes someone there
            return [
                v("attribution", f"gives {match['who']} the words of the operator's own post ({source.id})")
            ]
    return []
