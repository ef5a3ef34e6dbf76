"""The rule for certainty: proven or confirmed only where the sources prove or confirm it.

A claim reported or merely asserted by someone must not come back as established fact.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.check.evidence import Evidence
from bot.core.check.reading import (
    CLAUSE_BREAK,
    SENTENCE_BREAK,
    _content_word,
    _frozen_word_forms,
    _is_negation,
    _mentions,
    _word_forms,
)
from bot.core.check.results import Violation
from bot.core.text import fold, stem, words

PROOF = re.compile(
    r"\b(?:prov(?:e|ed|en|es|ing)|proof|demonstrat(?:e|ed|es|ing)|conclusive(?:ly)?"
    r"|definitive(?:ly)?|undeniabl[ey]|irrefutabl[ey]|beyond doubt)\b"
)
CONFIRMATION = re.compile(
    r"\b(?:confirm(?:s|ed|ing|ation)?|verif(?:y|ied|ies|ying|ication)|establish(?:es|ed|ing)?)\b"
)
ATTRIBUTIVE = re.compile(r"\b(?:an|the|well|long)[\s\-]+$")  # 'an established playbook' describes
NOT_YET = re.compile(
    r"\b(?:yet|declin(?:e|es|ed|ing)|refus(?:e|es|ed|ing)|fail(?:s|ed|ing)?)\s+to\s+(?:[a-z]+ly\s+)?$"
)
"""'Meta has yet to officially confirm the cause', 'declined to confirm': a confirmation denied,
right before its verb ('backups failed to restore and engineers confirmed' denies nothing)."""
HEDGE = re.compile(
    r"\b(?:(?<!\d\s)may(?!\s+\d)|might|could(?!\s+not)|possibl[ey]|likely|perhaps|reportedly"
    r"|speculat\w*|suspect\w*|suggest\w*|believ\w*|rumou?r\w*|alleg\w*|unclear|unconfirmed|unknown)\b"
)
"""Words that make a sentence a guess, not what a confirmation next to it confirmed ('may' as
in May 5 aside)."""


def _denies_certainty(before: str) -> bool:
    return any(_is_negation(t, evidence=True) for t in words(before)) or bool(NOT_YET.search(before))


@lru_cache(maxsize=8_192)
def _certain_clauses(folded: str, certainty: re.Pattern[str]) -> tuple[str, ...]:
    """The clauses of folded text that state something with this certainty, not those that
    deny it ('a claim Musk had not verified', 'blamed Ukraine without proof', 'has yet to
    confirm')."""
    out = []
    for clause in CLAUSE_BREAK.split(folded):
        for match in certainty.finditer(clause):
            before = clause[: match.start()]
            if ATTRIBUTIVE.search(before) or _denies_certainty(before):
                continue
            out.append(clause)
            break
    return tuple(out)


@lru_cache(maxsize=4_096)
def _certainty_backing(sentences: tuple[str, ...], certainty: re.Pattern[str]) -> tuple[str, ...]:
    """What the folded sentences of one excerpt state with this certainty: each such clause, or,
    for a clause whose confirming word has nothing after it but a pronoun ('Optus's boss has
    confirmed it.'), its whole sentence with the neighbouring sentences that say what was
    confirmed, unless they hedge ('experts speculate')."""
    out: list[str] = []
    for index, sentence in enumerate(sentences):
        for clause in _certain_clauses(sentence, certainty):
            match = certainty.search(clause)
            if match is None or any(_content_word(t) for t in words(clause[match.end() :])):
                out.append(clause)
                continue
            around = [
                sentences[other]
                for other in (index - 1, index + 1)
                if 0 <= other < len(sentences) and not HEDGE.search(sentences[other])
            ]
            out.append(" ".join([sentence, *around]))
    return tuple(out)


@lru_cache(maxsize=8_192)
def _operator_unconfirmed(folded: str, names_of_incident: tuple[str, ...]) -> bool:
    """A folded sentence has the operator deny or not yet give a confirmation: 'Meta has yet to
    officially confirm the cause', or in its own post 'we are unable to verify that claim'."""
    names = [fold(name) for name in names_of_incident if len(name) >= 3] + ["we"]
    for clause in CLAUSE_BREAK.split(folded):
        for match in CONFIRMATION.finditer(clause):
            before = clause[: match.start()]
            if _denies_certainty(before) and any(_mentions(before, name) for name in names):
                return True
    return False


PRELIMINARY = re.compile(r"\b(?:initial (?:review|findings|assessment)|preliminary|early indications)\b")


def _says_itself(clause: str, certainty: re.Pattern[str], first_party_text: str) -> bool:
    """Most of what the clause has confirmed is in the operator's own post: 'OpenAI confirmed that
    Anonymous Sudan was behind the traffic' is not, where OpenAI's status page names no group.
    And the post says it without a hedge: 'Based on our initial review, we believe that today's
    outage was caused by ...' confirms nothing."""
    content = {stem(t) for t in words(certainty.sub(" ", clause)) if _content_word(t)}
    if len(content & _frozen_word_forms(first_party_text)) < 0.5 * len(content):
        return False
    return not any(
        (SOFTENED.search(sentence) or PRELIMINARY.search(sentence))
        and len(content & _frozen_word_forms(sentence)) >= 0.5 * len(content)
        for sentence in SENTENCE_BREAK.split(first_party_text)
    )


def _check_certainty(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Musk proved the attack came from Ukraine' where the source says he claimed it and gave no
    details: how sure a claim is, is part of the claim. Something said to be proven must be
    cited to a sentence that proves or demonstrates the same things; something said to be
    confirmed, verified or established, to one that confirms or proves them, or to the
    operator's own account (a company's post-mortem confirms what it says about itself), unless
    a cited source says the operator has not (yet) confirmed something. A confirmation whose
    object is a pronoun ('has confirmed it') is backed with the sentences around it.
    'Said' or 'claimed' in a news report is not enough."""
    folded = fold(text)
    for certainty, backing in ((PROOF, (PROOF,)), (CONFIRMATION, (CONFIRMATION, PROOF))):
        certain = _certain_clauses(folded, certainty)
        if not certain or (
            certainty is CONFIRMATION
            and evidence.first_party
            and not any(_operator_unconfirmed(s, evidence.operator_names) for s in evidence.prose)
            and all(_says_itself(clause, certainty, evidence.first_party_text) for clause in certain)
        ):
            continue
        backed = [
            c
            for passage in evidence.passages
            for pattern in backing
            for c in _certainty_backing(passage, pattern)
        ]
        for clause in certain:
            content = {stem(t) for t in words(certainty.sub(" ", clause)) if _content_word(t)}
            needed = min(2, len(content))
            if not any(len(content & _word_forms(source)) >= needed for source in backed):
                return [v("certainty", "states as proven or confirmed what its cited sources do not")]
    return []


CLAIMED = re.compile(
    r"\b(?:claim(?:s|ed|ing)?(?! (?:to be|victims?|lives)\b)|alleg(?:e|es|ed|ing)|asserted|purport\w*"
    r"|there (?:were|are|have been|had been) (?:\w+ )?reports(?: that)?|reports (?:suggest|suggested|say))\b"
)
ATTRIBUTED = re.compile(
    r"\b(?:said|says|say|saying|claim\w*|alleg\w*|according|report\w*|told|tell|stated|states|wrote"
    r"|posted|tweeted|announced|assert\w*|blam\w*|credit\w*|insist\w*|maintain\w*|argu\w*|accus\w*"
    r"|attribut\w*|cit(?:e|ed|es|ing)|described|call(?:s|ed|ing)?|boast\w*|brag\w*"
    r"|confirm\w*|verif\w*|prov(?:e|ed|en|es)|establish\w*|acknowledg\w*|admit\w*)\b"  # the rule above
)


REPORTED = re.compile(r"\b(?:said|says|say|told|tells|wrote|writes|tweeted|posted|according to)\b")
CAUSE_TALK = re.compile(
    r"\b(?:\w*attack\w*|hack\w*|ddos\w*|breach\w*|traced|behind|caused|blam\w*|responsib\w*|botnet"
    r"|sabotag\w*|state-sponsored)\b"
)


SOFTENED = re.compile(
    r"\b(?:may (?:have|be|not)|might|possibly|likely|perhaps|reportedly|apparently|appear(?:s|ed)? to"
    r"|seem(?:s|ed)? to|suspect\w*|believ\w*|rumou?r\w*|alleged\w*|speculat\w*)\b"
)
"""A source sentence that only guesses ('could' left out: 'users could still stream' is no guess)."""


ANONYMOUS = re.compile(
    r"\b(?:sources?|people|persons?|insiders?|employees?) (?:familiar|close to|with knowledge|who asked)"
    r"|\b(?:anonymous|unnamed|insiders?)\b"
)
"""Who a report rests on when nobody can be named: what they told a paper is their claim."""


def _claimed_from(sentence: str, about_cause: bool, gives_cause: bool) -> int | None:
    """Where what a source sentence has someone claim begins: after 'claimed', or after what
    unnamed sources told ('sources familiar with the bank's systems told The Register that');
    where the cause is
    only claimed, after what someone said or told about it; for a sentence that gives a cause,
    all of a sentence that only guesses ('which may have been overloaded'). None if it claims
    nothing."""
    match = CLAIMED.search(sentence)
    if match is None and (ANONYMOUS.search(sentence) or (about_cause and CAUSE_TALK.search(sentence))):
        match = REPORTED.search(sentence)
    elif match is not None:
        # 'an operator posted that the halt was triggered by spam, a claim the foundation has not
        # confirmed': the claim is what was posted
        reported = REPORTED.search(sentence, 0, match.start())
        match = reported or match
    if match is not None:
        return match.end()
    return 0 if gives_cause and SOFTENED.search(sentence) else None


CAUSED_BY = re.compile(
    r"\b(?:caused by|because of|due to|(?:was|were) the result of|resulted from|triggered by)\b"
)
"""A sentence that gives a cause as fact: the statement a guessing source must not turn into."""


AGENT_OF_OUTAGE = re.compile(
    r"\b(?:behind the (?:\w+ )?(?:attacks?|outages?|halt|hack|disruption)|carried out|responsible for"
    r"|(?:knocked|taken|took|brought) (?:\w+ ){0,3}?(?:offline|down|out))\b"
)
GIVES_CAUSE = re.compile(rf"{CAUSED_BY.pattern}|\bbecause\b")


def _gives_recorded_cause(folded: str, content: set[str], evidence: Evidence) -> bool:
    """Whether a sentence (`content`: its content stems) gives as a cause ('because resellers
    flooded it with bots') most of the record's own account of the cause (its cause field); or
    names its agent ('Dark Storm carried out the attacks behind the outages', 'knocked offline by
    a massive cyberattack from attackers in Ukraine') with several of that account's words."""
    match = GIVES_CAUSE.search(folded)
    agent = AGENT_OF_OUTAGE.search(folded) is not None
    if match is None and not agent:
        return False  # most sentences: the record's cause is not read at all
    recorded = {stem(t) for text in evidence.record[1:2] for t in words(fold(text)) if _content_word(t)}
    if match is not None:
        given = {stem(t) for t in words(folded[match.end() :]) if _content_word(t)}
        if len(given) >= 2 and len(given & recorded) >= max(2, 0.5 * len(given)):
            return True
    return agent and len(content & recorded) >= 3


def _check_claimed_as_fact(text: str, evidence: Evidence, v, cause_claimed: bool = False) -> list[Violation]:
    """'Lizard Squad brought down PSN with denial-of-service attacks' where the cited source says
    the group claimed on Twitter that it had: what someone only claims must stay their claim.
    Fails when the sentence attributes and hedges nothing, and most of its content is what a
    cited sentence has someone claim, while no cited sentence states it plainly. Where the
    record's cause is only claimed, what someone said or told about the cause counts as claimed
    ('Musk told the channel the IP addresses had been traced to Ukraine'); and for a sentence
    that gives a cause, a source sentence that only guesses ('which may have been overloaded')
    is a claim as a whole."""
    folded = fold(text)
    tokens = words(folded)
    if ATTRIBUTED.search(folded) or HEDGE.search(folded):
        return []
    if any(_is_negation(t, evidence=True) for t in tokens):
        return []
    content = {stem(t) for t in tokens if _content_word(t)}
    if len(content) < 4:
        return []
    claimed_only = False
    about_cause = cause_claimed and bool(CAUSE_TALK.search(folded))
    gives_cause = bool(CAUSED_BY.search(folded))
    if cause_claimed and _gives_recorded_cause(folded, content, evidence):
        # The record holds its cause only as someone's claim: 'the outage was caused by a surge
        # that overwhelmed a data partner', citing the CEO who said so, makes the claim a fact.
        return [v("certainty", "states as fact a cause that the record holds only as someone's claim")]
    for sentence in evidence.prose:
        claimed_from = _claimed_from(sentence, about_cause, gives_cause)
        if claimed_from is None:
            if len(content & _frozen_word_forms(sentence)) >= 0.5 * len(content):
                return []  # stated plainly somewhere
            continue
        claimed = {
            stem(form)
            for t in words(sentence[claimed_from:])
            if _content_word(t)
            for form in (t, t.removeprefix("cyber"))
        }  # 'the cyberattacker's IP addresses' claims attackers
        shared = content & claimed
        if len(shared) >= 3 and len(shared) >= 0.5 * len(content):
            claimed_only = True
    if claimed_only:
        return [v("certainty", "states as fact what its cited sources report only as someone's claim")]
    return []


CAUSE_TERM = re.compile(r"\b(?:cyber[\s-]?)?(attack|hack|breach|ddos|sabotag|botnet)\w*")
SPECULATIVE = re.compile(
    r"\b(?:speculat\w*|rumou?r\w*|suspect\w*|suspicions?|theor(?:y|ies)|conspiracy|fears? of"
    r"|questions? (?:about|over)|suggestions?)\b"
)


def _check_speculated_cause(text: str, evidence: Evidence, v) -> list[Violation]:
    """'The halt was part of a wave of attacks' where the cited source only reports 'speculation
    online about a coordinated attack': a cause the sources mention only as a guess, a claim or
    a denial, stated as fact. Fails when every mention of the sentence's cause in its cited
    sentences comes after such words, and the sentence itself attributes, hedges and denies
    nothing."""
    folded = fold(text)
    causes = {m.group(1) for m in CAUSE_TERM.finditer(folded)}
    if not causes or ATTRIBUTED.search(folded) or HEDGE.search(folded) or SOFTENED.search(folded):
        return []
    if any(_is_negation(t, evidence=True) for t in words(folded)):
        return []
    mentions = [
        sentence[: m.start()]
        for sentence in evidence.prose
        for m in CAUSE_TERM.finditer(sentence)
        if m.group(1) in causes
    ]
    if mentions and all(_unsure(before) for before in mentions):
        return [v("certainty", "states as fact a cause its cited sources only speculate about")]
    return []


def _unsure(before: str) -> bool:
    """Whether what a source sentence says after `before` is a guess, a claim or a denial."""
    return bool(
        SPECULATIVE.search(before)
        or SOFTENED.search(before)
        or CLAIMED.search(before)
        or any(_is_negation(t, evidence=True) for t in words(before))
    )


HEDGED = re.compile(
    r"\b(?:may have|might have|may|might|possibly|likely|probably|apparently|reportedly|allegedly"
    r"|seem(?:s|ed)? to|appear(?:s|ed)? to)\b"
)


# What makes a figure or a statement an estimate or a rule of thumb: 'usually within 7 days',
# 'estimated that the disruption cost ...'. (Not 'estimated time of recovery'.)
ROUGHLY = re.compile(r"\b(?:usually|typically|generally|normally|estimated(?= that\b)|an estimated)\b")


def _check_dropped_hedge(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Amazon's auto-scaling feature failed to work properly' where the source says it 'may have
    failed to work properly': the source's words on both sides of its hedge, run together. And
    'the bank releases it automatically within 7 days' where the source says 'released
    automatically by the bank, usually within 7 days', 'Raman said the disruption cost ...'
    where she 'estimated that the disruption cost ...': the content words on both sides of such
    a word, in the draft without it."""
    folded = fold(text)
    if HEDGE.search(folded) or HEDGED.search(folded) or ROUGHLY.search(folded):
        return []
    drafted = f" {' '.join(words(folded))} "
    content = [t for t in words(folded) if _hedge_content(t)]
    drafted_content = f" {' '.join(content)} "
    for passage in evidence.passages:
        for sentence in passage:
            for match in HEDGED.finditer(sentence):
                left, right = words(sentence[: match.start()])[-2:], words(sentence[match.end() :])[:3]
                if len(left) == 2 and len(right) == 3 and f" {' '.join(left + right)} " in drafted:
                    return [v("certainty", f"drops the '{match.group()}' of its source")]
            for match in ROUGHLY.finditer(sentence):
                left = [t for t in words(sentence[: match.start()]) if _hedge_content(t)][-4:]
                right = [
                    t for t in CLAUSE_BREAK.split(sentence[match.end() :])[0].split() if _hedge_content(t)
                ]
                right = [t for t in words(" ".join(right))][:3]
                if (
                    len(left) >= 2
                    and len(right) >= 2
                    and len(set(left) & set(content)) >= 2
                    and f" {' '.join(right)} " in drafted_content
                ):
                    return [v("certainty", f"drops the '{match.group()}' of its source")]
    return []


def _hedge_content(token: str) -> bool:
    return any(c.isdigit() for c in token) or _content_word(token)
