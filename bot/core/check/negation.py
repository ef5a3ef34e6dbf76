"""The rules for negation: no negation the sources do not make, none of theirs dropped.

A flipped negation keeps nearly every word of its source, so it needs its own checks.
"""

from __future__ import annotations

import re

from bot.core.check.evidence import Evidence
from bot.core.check.reading import CLAUSE_BREAK as PART_BREAK
from bot.core.check.reading import _inability, _is_negation, _mentions, _negated_scope, _negation_window
from bot.core.check.results import Violation
from bot.core.text import STOPWORDS, fold, stem, words

# Words a denial is often paraphrased with: 'did not say what caused it' is the source's 'did
# not disclose the reason for it'.
_SENSES = (
    ("cause", "reason", "why"),
    ("disclose", "reveal", "explain", "specify", "share", "detail"),
    ("issue", "problem", "outage", "disruption", "incident"),
    # 'could not reach TaxPoint' is its source's 'TaxPoint was unavailable'
    ("reach", "access", "use", "open", "connect", "load", "available", "unavailable"),
    ("accessible", "inaccessible", "unreachable"),
    ("affected", "impacted"),  # 'were not affected' is 'were not impacted'
)
SAME_SENSE = {stem(word): {stem(other) for other in group} for group in _SENSES for word in group}


THE_OPERATOR = frozenset(stem(word) for word in ("company", "firm", "operator"))
"""How a source names the operator whose incident it reports, once it has named it."""

UNIVERSALS = frozenset(
    "everyone everybody all every completely entirely whole entire totally total complete full"
    " worldwide".split()
)
GENERIC = frozenset(stem(w) for w in ("outage", "down", "service", "services", "users", "incident"))
ABSENCE = re.compile(
    r"\b(?:no (?:evidence|proof|indication|sign)"
    r"|not (?:been )?(?:establish|confirm|verif|show|prove)\w*"
    r"|(?:none|nothing|neither|no (?:source|report|record)s?)\b.{0,40}"
    r"\b(?:establish|confirm|show|prove|support|mention|points? to|indicat)\w*"
    r"|unconfirmed|unverified|unproven|unsubstantiated)\b"
)
"""Saying that something is not established: the way a draft answers an unverified claim."""


def _denied_outside_own_negation(text: str, content: set[str], evidence: Evidence, v) -> list[Violation]:
    """A sentence that negates something may still assert what its source denies: 'caused by a
    security incident rather than a launch' where the source says 'not caused by a security
    incident or a recent launch'. What it asserts is its content outside its own negations,
    quoted ones included: 'said there was "no indication" the outage was due to a cyberattack'
    denies the cyberattack as much as its source does."""
    folded = fold(text)
    own_scope = _negated_scope(folded, evidence=True)
    clauses = []  # each clause's content words and what it denies
    for clause in CLAUSE_BREAK.split(folded):
        tokens = words(clause)
        clauses.append((_negation_window(tokens, 0, len(tokens)), _negated_scope(clause)))
    contents = [content, *_parts(folded)]
    for stems, negated, scope in evidence.sentences:
        # the sentence, or one clause of it, says mostly what the source sentence says: 'the code
        # path that failed was exercised during the rollout, which lacked error handling'
        if not negated or not scope or all(len(part & stems) < 0.5 * len(part) for part in contents):
            continue
        # A clause that plainly denies most of what the source denies asserts nothing of it,
        # whatever order its words come in: 'returns received by Saturday will not be charged a
        # penalty' is the source's 'no penalty will be charged on returns received by Saturday'
        # ('caused by a security incident rather than a launch' still asserts the incident).
        asserted = {
            word
            for clause_content, clause_scope in clauses
            if len(clause_scope & scope) < max(2, len(scope) / 2)
            for word in clause_content & content
        } - own_scope
        if len(asserted & scope) >= min(2, len(scope)):
            return [v("negation", "asserts what its cited source denies")]
    return []


def _check_dropped_negation(text: str, bare: str, evidence: Evidence, v) -> list[Violation]:
    """'This was a cyberattack.' citing 'This was not a cyberattack.': the source's denial dropped."""
    folded_bare = fold(bare)
    tokens = words(folded_bare)
    content = _negation_window(tokens, 0, len(tokens))
    if not content or (bare != text and content <= evidence.names):
        return []  # nothing but who says the quote ('Lakeshore Telecom: "..."'): the quote is verbatim
    if any(_is_negation(t, evidence=True) for t in words(fold(text))):
        return _denied_outside_own_negation(text, content, evidence, v)
    # 'what failed was unlocking scooters' says the source's 'could not unlock' its own way
    restates_failure = WHAT_FAILED.search(folded_bare) is not None or (
        not FAILURE_WORDS.isdisjoint(tokens) and _restates_inability(content, evidence)
    )
    # the sentence, or one clause of it ('the code path that failed was exercised during the
    # rollout, which lacked error handling' of 'was never exercised during this rollout')
    parts = [content, *_parts(folded_bare)]
    if not restates_failure and any(_restates_a_denial(part, evidence) for part in parts):
        return [v("negation", "leaves out a negation that its cited source makes")]
    plain_scopes = [scope for _stems, plain, scope in evidence.sentences if plain]
    denials = [*zip(evidence.negated_cores, plain_scopes, strict=True), *((c, c) for c in evidence.nor_cores)]
    for core, scope in denials:
        # ... most of what it negates too: 'Anonymous Sudan claimed the attack' repeats nothing of
        # 'OpenAI did not attribute the attack to any group'
        if (
            not restates_failure
            and len(core) >= 3
            and len(content & core) / len(core) >= 0.75
            and len(content & scope) >= 0.75 * len(scope)
        ):
            return [v("negation", "repeats a statement its cited source negates, without the negation")]
    if _clause_drops_negation(bare, evidence):
        return [v("negation", "repeats a statement its cited source negates, without the negation")]
    return []


def _parts(folded: str) -> list[set[str]]:
    """The content words of each part of a sentence between commas, semicolons and contrasts
    that has three or more of them."""
    if PART_BREAK.search(folded) is None:
        return []
    parts = []
    for part in PART_BREAK.split(folded):
        tokens = words(part)
        if len(content := _negation_window(tokens, 0, len(tokens))) >= 3:
            parts.append(content)
    return parts


def _restates_a_denial(content: set[str], evidence: Evidence) -> bool:
    """Whether the source sentence closest to `content` (most of its words) denies what it says."""
    best, negated_only = 0.0, False
    for stems, negated, scope in evidence.sentences:
        shared = content & stems
        if len(shared) < min(2, len(content)):
            continue
        overlap = len(shared) / len(content)
        # says what the source denies (half of it at least), not only the rest: 'Southwest's kept
        # growing ... pilots and flight attendants' denies nothing of 'could not keep up with
        # reassigning crews to flights'
        denies_it = negated and len(content & scope) >= max(1, min(2, len(scope)), len(scope) // 2)
        if overlap > best:
            best, negated_only = overlap, denies_it
        elif overlap == best:
            negated_only = negated_only and denies_it
    return best >= 0.6 and negated_only


FAILURE_WORDS = frozenset({"fail", "failed", "fails", "failing", "failure", "failures"})
INABILITY_SAID = re.compile(r"\b(?:unable to|cannot|can't|could not|couldn't)\b")


def _restates_inability(content: set[str], evidence: Evidence) -> bool:
    """'Voice requests failed' restates 'devices were unable to process voice requests': a
    cited sentence says the same things could not be done (not 'no data was exposed')."""
    for sentence in evidence.prose:
        match = INABILITY_SAID.search(sentence)
        if match is not None:
            tokens = words(sentence[match.end() :])
            if len(content & _negation_window(tokens, 0, len(tokens))) >= 2:
                return True
    return False


WHAT_FAILED = re.compile(r"\bwhat (?:failed|broke|stopped working) (?:was|were)\b")
CAUSE_WORDS = frozenset(
    stem(w) for w in ("cyberattack", "attack", "hack", "hacked", "ddos", "breach", "ransomware", "sabotage")
)
CLAUSE_BREAK = re.compile(r"\b(?:and that|but|while|whereas|although)\b|;|:(?!\d)")  # not '23:59'
SAYING = frozenset(stem(w) for w in ("said", "says", "stated", "added", "wrote", "noted", "told"))


def _clause_drops_negation(bare: str, evidence: Evidence) -> bool:
    """A short denial of the source restated as fact in one clause: 'npm said its policy was
    followed and that this was a legal dispute' where npm wrote 'This is not a legal dispute.'
    Only where no sentence of the cited sources says it without a negation."""
    for clause in CLAUSE_BREAK.split(fold(bare)):
        tokens = words(clause)
        if len(tokens) < 2 or any(_is_negation(t, evidence=True) for t in tokens):
            continue
        content = _negation_window(tokens, 0, len(tokens)) - SAYING
        for core in evidence.negated_cores:
            if not core <= content:
                continue
            if core <= CAUSE_WORDS:  # a denied cause is short: 'This was not a cyberattack.'
                if len(content - core) > 3:
                    continue
            elif len(core) < 2 or len(content - core) > 1:
                continue
            if not any(core <= stems for stems, negated, _scope in evidence.sentences if not negated):
                return True
    return False


UNDISCLOSED_CAUSE = re.compile(
    r"(?:\b\w*n't|\bnot|\bnever) (?:yet )?(?:say|said|disclose|disclosed|reveal|revealed|explain|explained"
    r"|specify|specified|give|given|gave|share|shared|publish|published|offer|offered|identify|identified|confirm"
    r"|confirmed) (?:what|why|how|(?:the|a|any) (?:root )?(?:cause|reason))\b"
)
"""'did not say what caused it': no cause given, which a source says in its own words."""
CAUSE_STEMS = frozenset(stem(w) for w in ("cause", "reason", "why"))
UNKNOWN_STEMS = frozenset(
    stem(w)
    for w in (
        "known",
        "clear",
        "disclose",
        "reveal",
        "explain",
        "say",
        "offer",
        "determination",
        "determined",
        "identify",
        "information",
        "specify",
        "detail",
        "given",
        "published",
        "confirm",
    )
)


CAUSE_SOUGHT = re.compile(
    r"\b(?:working|trying|continu\w+|still|seeking) to"
    r" (?:identify|determine|establish|understand|find|pinpoint)"
    r" (?:the )?(?:root )?cause\b|\binvestigating (?:the )?(?:root )?cause\b"
    r"|\bcause (?:is|remains) (?:still )?(?:under investigation|being investigated)\b"
    r"|\bwill (?:publish|share|provide|post) (?:a |the |its )?(?:full )?(?:root cause|post-?mortem|cause)\b"
)
"""'Our teams are working to identify the cause', 'will publish a root cause once ...': not
known yet, said without a negation."""


def _cause_left_unknown(evidence: Evidence) -> bool:
    """A cited sentence says, negated, that the cause is not known or not given ('the cause of
    the outage remains unknown', 'did not offer any information on what has caused the issue'),
    or that it is still being looked for."""
    return any(
        not group.isdisjoint(CAUSE_STEMS) and not group.isdisjoint(UNKNOWN_STEMS)
        for group in evidence.negated_sentences
    ) or any(CAUSE_SOUGHT.search(sentence) for sentence in evidence.prose)


def _reach(tokens: list[str], negation: int) -> int:
    """The end of a negation's window: four words on, or as far as it takes to reach three content
    words ('said no determination had yet been made' reaches 'made'), eight at most."""
    end, content = negation + 1, 0
    while end < len(tokens) and end < negation + 9 and (end < negation + 5 or content < 3):
        content += tokens[end] not in STOPWORDS and len(tokens[end]) > 2
        end += 1
    return end


# Words around a negation that say nothing of what it denies: 'while adding that nothing was ruled out'.
NOT_DENIED_CONTENT = frozenset(
    stem(w) for w in ("said", "says", "stated", "added", "adding", "while", "whereas")
)
WIDE_REACH = 12  # how far back a negation's subject may start: 'Withdrawals on other networks, ... were not'


def _clause_start(tokens: list[str], position: int) -> int:
    """Where the clause of a negation starts, at most WIDE_REACH words back (a stand-in for its subject)."""
    start = max(0, position - WIDE_REACH)
    for index in range(position - 1, start - 1, -1):
        if tokens[index] in CLAUSE_WORDS:
            return index + 1
    return start


CLAUSE_WORDS = frozenset({"but", "though", "although", "while", "whereas", "because", "which", "that"})


PLAIN_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot"})


def _is_un_word(token: str) -> bool:
    """'unusable', 'unavailable': a negation to the sources, but none the draft makes itself."""
    return (
        token.startswith("un")
        and _is_negation(token, evidence=True)
        and not _is_negation(token, evidence=False)
    )


def _failed_to(tokens: list[str], position: int, evidence: Evidence) -> bool:
    """Whether a cited sentence says that what an inability is of failed: 'fail to load'."""
    following = [t for t in tokens[position + 1 : position + 4] if t not in ("to", "be", "even")]
    if not following:
        return False
    done = re.escape(following[0])
    failed = re.compile(rf"\bfail(?:s|ed|ing|ure)? to (?:\w+ )?{done}\b")
    return any(failed.search(sentence) for sentence in evidence.prose)


def _as_compared(window: set[str], names: set[str]) -> set[str]:
    """A negation's words as they are looked for in the sources: with the words of the same
    sense, and the service's own name as 'the company' ('Spotify did not say' is its source's
    'the company did not offer'; the name, in every sentence of its record, tells no negation
    from another)."""
    window = window | {other for word in window for other in SAME_SENSE.get(word, ())}
    return window if window.isdisjoint(names) else (window - names) | THE_OPERATOR


def _written_lower(name: str, evidence: Evidence) -> bool:
    return name in evidence.lower_words or f"{name}s" in evidence.lower_words


ONLY_WORDS = frozenset({"only", "just", "solely"})
DOWN_STATE = frozenset(stem(w) for w in ("down", "offline", "outage", "unavailable", "unreachable"))


def _denies_claimed_state(window: set[str], claim: set[str]) -> bool:
    """The negation says the claim's subject was not down, in the claim's words or others."""
    return bool(window & DOWN_STATE) and bool(claim & DOWN_STATE) and bool((window & claim) - DOWN_STATE)


def _check_negation(text: str, evidence: Evidence, v, denied: str = "") -> list[Violation]:
    """Each negation must be one the cited sources make, or deny the claim the draft refutes."""
    tokens = words(fold(text))
    claim = _negation_window(words(fold(denied)), 0, 10_000) if denied else set()
    shared = (_negation_window(tokens, 0, len(tokens)) & claim) - GENERIC
    claim_universal = not UNIVERSALS.isdisjoint(words(fold(denied)))
    claim_only = not ONLY_WORDS.isdisjoint(words(fold(denied)))
    denies_claim = len(shared) >= (1 if ABSENCE.search(fold(text)) else 2)
    undisclosed = bool(UNDISCLOSED_CAUSE.search(fold(text))) and _cause_left_unknown(evidence)
    # The service's names, but not words the sources write in lower case ('students' of the
    # alias 'student loan portal')
    names = {stem(name) for name in evidence.incident_names if not _written_lower(name, evidence)}
    # The sources' negated sentences with the service's names compared as the window's are:
    # 'Sorato has not commented on it' is its source's 'Sorato has not commented on the claim'.
    negated_groups = [_as_compared(set(group), names) for group in evidence.negated_sentences]
    for position, token in enumerate(tokens):
        if not _is_negation(token, evidence=False):
            continue
        if (
            undisclosed
            and position + 1 < len(tokens)
            and UNDISCLOSED_CAUSE.match(" ".join(tokens[position:]))
        ):
            continue  # 'did not say what caused it' where a source says the cause remains unknown
        reach = _reach(tokens, position)
        window = _negation_window(tokens, position - 4, reach) - NOT_DENIED_CONTENT
        if not window:
            continue
        needed = min(2, len(window))
        if claim_only and ONLY_WORDS & set(tokens[position + 1 : position + 4]) and window & claim:
            continue  # 'DynamoDB was not the only casualty' against 'Only DynamoDB was affected'
        if _denies_claimed_state(window, claim):
            continue  # 'Askly itself did not go offline' against the claim 'Askly was completely down'
        window = _as_compared(window, names)
        if _inability(tokens, position) and _failed_to(tokens, position, evidence):
            continue  # 'unable to load properly' is its source's 'fail to load properly'
        # 'never unusable' denies the source's 'fully unusable': an un-word the draft negates
        # is backed only by a sentence that negates it plainly, whatever claim it answers
        un_words = {stem(t) for t in tokens[position + 1 : reach] if _is_un_word(t)}
        if un_words and any(
            un_words <= group and PLAIN_NEGATIONS.isdisjoint(group) for group in evidence.negated_sentences
        ):
            return [v("negation", "negates what its cited sources state")]
        if claim and (len(window & claim) >= needed or denies_claim):
            continue  # 'not ten minutes' against the claim 'down for about ten minutes'
        if claim_universal and not UNIVERSALS.isdisjoint(tokens[position + 1 : position + 5]):
            continue  # 'not down for everyone', 'not a total blackout' against 'completely down for everyone'
        # ... and what follows the negation is in the part of that sentence that a negation can
        # reach, not only its subject: 'pharmacists are not authorised to dispense' is no
        # 'pharmacists are authorised to dispense ... without an e-prescription'
        denied_part = _as_compared(_negation_window(tokens, position + 1, reach), names)
        if any(
            len(window & group) >= needed
            and (not denied_part or not denied_part.isdisjoint(reach_of))
            and (not un_words or not PLAIN_NEGATIONS.isdisjoint(group))
            for group, reach_of in zip(negated_groups, evidence.negated_reaches, strict=True)
        ):
            continue
        # A subject longer than four words: 'Withdrawals on other networks, deposits and trading
        # were not affected' is its source's 'Withdrawals on all other networks are unaffected',
        # if most of the whole clause is in that sentence.
        wide = _negation_window(tokens, _clause_start(tokens, position), reach) - NOT_DENIED_CONTENT - names
        if len(wide) >= 4 and any(
            len(wide & group) >= 3 and not denied_part.isdisjoint(reach_of)
            for group, reach_of in zip(evidence.negated_sentences, evidence.negated_reaches, strict=True)
        ):
            continue
        return [v("negation", "states a negation that its cited sources do not make")]
    return []


DENIED = re.compile(r"\b(?:denied|denies|ruled out|rejected)\b")
NOT_DENIED = re.compile(
    r"\bneither (?:confirmed|denied) nor (?:confirmed|denied)\b"
    r"|\b(?:not|n't|never|declined to|refused to) (?:\w+ ){0,2}"
    r"(?:deny|denied|confirm or deny|ruled out|rule out)\b"
)


RULED_OUT = re.compile(r"\b(?:ruled out|rules out|denied|denies|rejected)\b")
NAMED = re.compile(r"\b[A-Z][\w'’\-]+")


def _check_unmade_denial(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Sony has denied that an attack was behind the outage' where the source says Sony has
    neither confirmed nor denied a cause: a denial the sources say was not made. And the other
    way round: 'Harper said experts could not yet rule out a cyber incident' where the source
    has Harper rule it out."""
    unmade = NOT_DENIED.search(fold(text))
    if unmade is not None:
        named = {fold(n) for n in NAMED.findall(text[: unmade.start()])} - STOPWORDS
        for sentence in evidence.prose:
            made = RULED_OUT.search(sentence)
            if made and not NOT_DENIED.search(sentence) and any(_mentions(sentence, n) for n in named):
                return [v("negation", "says a denial was not made where its cited sources report it")]
        return []
    folded = fold(text)
    denial = DENIED.search(folded)
    if denial is None or any(_is_negation(t, evidence=True) for t in words(folded[: denial.start()])[-3:]):
        return []
    subject = [t for t in words(folded[: denial.start()]) if t not in STOPWORDS and len(t) > 2]
    if not subject:
        return []
    for sentence in evidence.prose:
        unmade = NOT_DENIED.search(sentence)
        if unmade and any(name in sentence[: unmade.start()] for name in subject[-2:]):
            return [v("negation", "says a denial was made where its cited sources say it was not")]
    return []
