"""Finds the incident a message is about and, if moderators curated one, the matching claim.

The store proposes candidates (full-text ranking plus every incident named by alias); this
module weighs them with what chat messages actually carry: a service name, a rough time
("last july", "monday", "oct 2021") and the gist of the claim. When nothing fits well, or
the message names a service the knowledge base has no record of, it returns nothing: the
bot says it has no record rather than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from bot.core.detect import Detection, TimeHints
from bot.core.facts import WORD_NUMBERS, extract_facts
from bot.core.names import normalise_name
from bot.core.ports import Candidate, IncidentStore, SearchQuery
from bot.core.records import Claim, Incident, IncidentStatus, ReviewState
from bot.core.text import STOPWORDS, fold, stem, words

INCIDENT_THRESHOLD = 3.0
CLAIM_THRESHOLD = 0.3
MAX_TERMS = 16

# Words that carry the gist of a claim, folded into one concept each so that "got ddosed",
# "cyber attack" and "hackers" meet the curated "cyberattack".
CONCEPTS: dict[str, tuple[str, ...]] = {
    "ATTACK": (
        "hack",
        "hacked",
        "hacker",
        "hackers",
        "hacking",
        "pwned",
        "pwnd",
        "cyberattack",
        "cyberattacks",
        "attack",
        "attacked",
        "attacks",
        "attacking",
        "attacker",
        "attackers",
        "ddos",
        "ddosing",
        "ddosed",
        "ddos'd",
        *("exploit", "exploited", "exploits", "exploiting"),
        "malicious",
        "botnet",
        "ransomware",
        "cyber",
        "security",
    ),
    "BREACH": (
        "stole",
        "stolen",
        "steal",
        "stealing",
        "leak",
        "leaked",
        "leaks",
        "exfiltrated",
        "breach",
        "breached",
        "compromised",
    ),
    "STATE": (
        "country",
        "state",
        "russia",
        "russian",
        "ukraine",
        "ukrainian",
        "china",
        "chinese",
        "foreign",
        "nation",
        "iran",
        "korea",
        "government",
    ),
    "ALLDAY": ("nonstop", "all-day"),
    "DELAY": ("late", "delay", "delayed", "delays"),
    "CREDIT": ("credit", "responsibility", "responsible"),
    "ONLY": ("only", "just", "solely", "barely", "hardly"),
    "CONFIG": ("config", "configuration", "configurations", "misconfig", "misconfiguration", "misconfigured"),
    "FIX": (
        *("fixed", "fix", "resolved", "restored", "recovered", "sorted", "solved", "mitigated"),
        *("normal", "normally"),
    ),
    "DELIBERATE": (
        *("arson", "purpose", "deliberate", "deliberately", "intentional", "intentionally", "criminal"),
        *("sabotage", "sabotaged", "sabotaging", "saboteur", "saboteurs"),
    ),
    "BLAME": ("fault", "blame", "blamed", "entirely"),
    "BUG": ("bug", "bugs", "defect", "defects", "glitch", "flaw"),
    "LEADER": ("boss", "ceo", "chief", "executive", "head", "president", "chairman", "founder"),
    "RESIGN": (
        *("quit", "quits", "resign", "resigned", "resigns", "resignation", "stepped", "ousted", "sacked"),
        *("fired", "canned", "axed", "dismissed"),  # let go: 'canned the guy who let the cert expire'
    ),
    "BRIEF": ("blip", "brief", "briefly", "momentary", "momentarily", "hiccup", "tiny", "short-lived"),
    "DELETE": ("delete", "deleted", "deleting", "deletes", "wiped", "wipe", "wiping", "erased", "rm"),
    "MISTAKE": ("mistake", "mistakes", "screwed", "blunder", "blunders", "messed", "unforced", "botched"),
    "ALL": (
        "all",
        "every",
        "everyone",
        "everybody",
        "entire",
        "whole",
        "completely",
        "fully",
        "totally",
        "worldwide",
        "global",
        "globally",
        "widespread",
    ),
    "ALSO": ("also", "too"),
    "REFUND": (
        *("refund", "refunds", "refunded", "refunding", "reimburse", "reimbursed", "reimbursing"),
        *("reimbursement", "compensate", "compensated", "compensation"),
    ),
    # 'froze', 'quit making blocks', 'withdrawal freeze' are the claim's 'stopped producing blocks'
    "HALT": (
        *("halt", "halted", "halting", "halts", "stopped", "stop", "stops", "stopping", "froze", "freeze"),
        *("frozen", "freezes", "freezing", "paused", "pause", "pauses", "pausing", "suspended", "suspend"),
        *("suspends", "suspension", "stalled", "stall"),
    ),
    "PEAK": ("peak", "peaked", "peaking", "topped", "maxed", "highest", "record"),
    "DEPLOY": ("deployment", "deploy", "deployed", "rollout", "pushed", "shipped"),  # 'pushed a new model'
    # 'forgot to renew the cert' is the claim's 'an expired certificate'
    "EXPIRE": (
        *("expired", "expire", "expires", "expiring", "expiry", "expiration", "lapsed", "lapse"),
        *("renew", "renewal", "renewed", "renewing", "unrenewed"),
    ),
    # The big clouds by name are 'its cloud provider': 'roblox went down because aws crashed'.
    "CLOUD": ("aws", "azure", "gcp", "cloud"),
    "DURATION": ("hours", "hour", "minutes", "minute", "mins", "min", "hrs", "days", "lasted"),
    "OUTAGE": (
        "outage",
        "down",
        "died",
        "dead",
        "crash",
        "crashed",
        "offline",
        "disrupted",
        "disruption",
        "broke",
        "went",
        "unavailable",
        "dying",
        "dies",
    ),
    # what was lost for good: 'people lost all their haneul chats' is 'users lost their chat history'
    "DATALOSS": ("dataloss",),
    # 'lost power', 'a power cut' are the claim's 'power failure'
    "POWER": ("powerfailure",),
    # someone died: 'someone actually died cuz 911 was down' (not a service that died)
    "DEATH": ("death", "deaths", "fatality", "fatalities"),
    # no cause given: 'still hasn't said what caused it' is the claim's 'has not said what caused'
    "UNEXPLAINED": ("unexplained",),
}
# Names people use for the same provider or person: 'amazon's fault' is 'AWS's fault'.
SAME_NAME = {
    "amazon": "aws",
    "elon": "musk",
    "zuck": "zuckerberg",
    # and shorthand for the same word: 'lost the repos', 'wiped the prod db', 'went down 2x'
    "repo": "repository",
    "repos": "repositories",
    "db": "database",
    "dbs": "databases",
    "prod": "production",
    "2x": "twice",
    "chats": "messages",
    "msgs": "messages",
    "dms": "messages",
    "site": "website",
    # and the same verb: 'who killed psn' is who took it down
    "killed": "took",
    "taking": "took",  # 'took down psn' is 'taking PSN offline'
    "takes": "took",
    "nuked": "took",
    "brought": "took",
    "isp": "provider",  # 'the ISPs couldn't keep up' are the internet providers
    "isps": "providers",
    "ring": "call",  # 'nobody could ring 000'
    "rang": "call",
    "dial": "call",
    "m365": "microsoft",  # 'the m365 suite' is Microsoft 365
    "o365": "microsoft",
    "sites": "websites",
    "livestream": "stream",  # 'the netflix stream' of 'Netflix's livestream'
    "livestreams": "streams",
    "shut": "closed",  # 'they shut UK airspace' is the claim's 'UK airspace was closed'
    "gear": "equipment",  # 'swapping out bad optical gear' is 'replacing failing equipment'
    "hardware": "equipment",
    "swap": "replace",
    "swapped": "replaced",
    "swapping": "replacing",
    "cert": "certificate",  # 'let a cert expire'
    "vanish": "lost",  # 'did all the mail just vanish' is 'were lost'
    "vanished": "lost",
    "disappeared": "lost",
    "dodgy": "faulty",  # 'dodgy directions' are 'faulty directions'
    "buggy": "faulty",
    "busted": "faulty",
    "defective": "faulty",
    "turned": "switched",  # 'turned the heating off' is 'switched the heating off'
    "turn": "switch",
    "hit": "affected",  # 'hit by the outage'
    "impacted": "affected",
    # who was affected: 'vesta owners' are its customers
    "users": "customers",
    "owners": "customers",
    "subscribers": "customers",
    "clients": "customers",
    "certs": "certificates",
    "ssl": "tls",  # the same certificates by their older name
    "bsky": "bluesky",
    "vendor": "provider",  # 'their booking system vendor' is 'its reservations provider'
    "vendors": "providers",
    "conversation": "chat",  # 'chat titles' are 'conversation titles'
    "jailbroke": "jailbreak",
    "jailbroken": "jailbreak",
}
_CONCEPT_OF = {word: concept for concept, group in CONCEPTS.items() for word in group}
CONCEPT_WEIGHT = {
    "ATTACK": 2.5,
    "STATE": 1.5,
    "ALLDAY": 2.0,
    "DELAY": 1.5,
    "CREDIT": 2.0,
    "ONLY": 1.2,
    "CONFIG": 1.2,
    "BUG": 1.0,
    "LEADER": 1.5,
    "RESIGN": 1.5,
    "MISTAKE": 1.2,
    "DELETE": 1.5,
    "BRIEF": 1.5,
    "ALL": 1.0,
    "ALSO": 0.8,
    "HALT": 0.8,
    "REFUND": 1.5,
    "PEAK": 1.2,
    "DELIBERATE": 2.0,
    "BLAME": 1.2,
    "BREACH": 2.0,
    "FIX": 1.0,
    "DEPLOY": 1.2,
    "EXPIRE": 1.5,
    "UNEXPLAINED": 2.0,
    "DEATH": 2.0,
    "DATALOSS": 2.0,
    "POWER": 1.5,
    "CLOUD": 1.5,
    "DURATION": 0.8,
    "OUTAGE": 0.2,
    "PLACE": 0.8,
}
# Where an outage was felt: claims of its reach name places ('only in the US', 'europe was fine').
PLACES = frozenset(
    "usa europe european asia asian africa african uk britain british canada australia india japan"
    " germany france brazil china latin americas netherlands dutch holland belgium belgian spain"
    " italy ireland irish poland sweden mexico".split()
)
FILLER = frozenset(
    "outage outages down went thing time people everyone lost like lmao lol big nothingburger"
    " yeah true really wild because cuz due caused cause started start basically so"
    " pretty sure probably definitely honestly literally actually kinda".split()
)


_GENERIC = frozenset(CONCEPTS["OUTAGE"]) | frozenset(CONCEPTS["DURATION"])


@dataclass(frozen=True, slots=True)
class Retrieval:
    incident: Incident | None
    claim: Claim | None
    incident_score: float = 0.0
    claim_score: float = 0.0
    reason: str = ""


def fts_terms(screened: str) -> tuple[str, ...]:
    """The words worth a full-text search: not function words, dates or "outage"-like filler,
    which match nearly every record and only slow the search down."""
    terms = [
        w
        for w in re.findall(r"[a-z0-9]+", screened)
        if w not in STOPWORDS
        and w not in FILLER
        and w not in TIME_WORDS
        and w not in _GENERIC
        and len(w) > 1
        and not w.isdigit()
    ]
    return tuple(dict.fromkeys(terms))[:MAX_TERMS]


async def retrieve(detection: Detection, store: IncidentStore, now: datetime | None = None) -> Retrieval:
    named_ids = frozenset(i for hit in detection.services for i in hit.incident_ids)
    subjects = _unrecorded_subjects(detection)
    days = _full_dates(detection.time)
    if not named_ids and subjects and not days:
        # "is okta down?" about a service with no record: no search can find what is not there.
        return Retrieval(None, None, reason="the message is about a service with no record")
    terms = fts_terms(detection.text)
    query = SearchQuery(terms=terms, incident_ids=named_ids, years=detection.time.years, days=days)
    now = now or datetime.now(UTC)
    unknown = _unknown_services(detection, subjects)
    text_only = not detection.services and len(terms) >= 3  # may a pure full-text hit stand alone?
    best = _best(await store.candidates(query), detection, named_ids, subjects, unknown, text_only, now)
    if best is None and named_ids and (detection.time.years or days) and terms:
        # Every record of the named services is of another time ('twitter and netflix were down
        # that friday in october 2016'): the full text may find the record they were caught in.
        fallback = SearchQuery(terms=terms, incident_ids=frozenset(), years=detection.time.years, days=days)
        best = _best(
            await store.candidates(fallback), detection, named_ids, subjects, unknown, text_only, now
        )
    if best is None or best[0] < INCIDENT_THRESHOLD:
        return Retrieval(None, None, best[0] if best else 0.0, reason="no record matches well enough")
    score, incident, claim, claim_score = best
    return Retrieval(incident, claim, round(score, 3), round(claim_score, 3), "matched")


def _best(
    candidates: list[Candidate],
    detection: Detection,
    named_ids: frozenset[str],
    subjects: list[str],
    unknown: bool,
    text_only: bool,
    now: datetime,
) -> tuple[float, Incident, Claim | None, float] | None:
    """The best-scoring candidate the message's names and times do not rule out."""
    hints = detection.time
    asks_about_now = not PRESENT.isdisjoint(hints.relative) and not hints.years and not hints.dates
    best: tuple[float, Incident, Claim | None, float] | None = None
    for candidate in candidates:
        incident = candidate.incident
        if incident.state is not ReviewState.APPROVED:
            continue
        named = incident.id in named_ids
        affected = _names_affected(detection.text, incident)
        if any(not _record_mentions(incident, name) for name in subjects):
            continue  # the message is about another service's outage
        if detection.time.years and not _in_years(incident, detection.time.years):
            continue  # "in 2012" rules out an incident of 2021, whatever else matches
        if not _in_months(incident, detection.time):
            continue  # so does "in june 2023" an incident of january 2023
        if asks_about_now and not _ongoing_or_recent(incident, now):
            continue  # "is godaddy down rn?" is not about its outage of 2012
        strong_text = text_only and candidate.text_score >= 0.99
        same_day = _names_its_day(detection.time, incident)
        if not named and not affected and (unknown or not same_day) and not strong_text:
            continue  # a record the message does not name is kept only when it lists what the message names
        score = 3.0 if named else (1.5 if affected or same_day else 0.0)
        score += 1.5 * candidate.text_score
        score += _time_score(detection.time, incident, now)
        score += _recency(incident, now, present=bool(detection.time.relative))
        claim, claim_score = match_claim(detection.text, incident)
        score += 3.0 * claim_score
        if unknown and not named and not affected:
            score -= 3.0
        if best is None or score > best[0]:
            best = (score, incident, claim, claim_score)
    return best


def _unknown_services(detection: Detection, subjects: list[str]) -> bool:
    """The message is about a service the knowledge base holds no record of."""
    unrecorded = [hit for hit in detection.services if not hit.incident_ids]
    if unrecorded and not any(hit.incident_ids for hit in detection.services):
        return True
    return bool(subjects) or _unlisted_subject(detection)


def _unrecorded_subjects(detection: Detection) -> list[str]:
    """'the github actions outage ... a problem at azure' is about GitHub, which has no record;
    'mastercard went down too during the visa outage' is about Visa's too, which has one; and
    "shopee's 11.11 checkout crashed" is about Shopee's sale, not the record of another's."""
    found: list[tuple[str, tuple[int, int]]] = []
    recorded: list[tuple[int, int]] = []
    for hit in detection.services:
        name = re.escape(hit.name)
        subject = (
            rf"\b{name}(?:'s)? (?:[\w.-]+ ){{0,2}}?"
            r"(?:outage|is down|was down|went down|down\b|dead\b|offline|crash)"
            rf"|\b(?:is|was|are|were) {name} (?:down|dead|offline|broken)\b"
        )
        match = re.search(subject, detection.text)
        if match is None:
            continue
        if hit.incident_ids:
            recorded.append(match.span())
        else:
            found.append((hit.name, match.span()))
    # a recorded name inside an unrecorded one's subject is that service's own thing ('11.11')
    own = [span for span in recorded if not any(start < span[0] < end for _name, (start, end) in found)]
    return [] if own else [name for name, _span in found]


def _record_mentions(incident: Incident, name: str) -> bool:
    """Whether the record itself speaks of a service (as affected, in a claim or a source)."""
    text = " ".join(
        [
            *incident.affected_services,
            *(c.text for c in incident.claims),
            *(s.excerpt for s in incident.sources),
        ]
    )
    return f" {name} " in f" {normalise_name(text)} "


UNLISTED_SUBJECT = re.compile(
    r"\b(?:the )?([a-z][a-z0-9.&'-]{2,})(?:'s)? (?:app |website |network |service |servers? )?"
    r"(?:outage|hack|breach|was down|is down|went down|down\?)"
)


def _unlisted_subject(detection: Detection) -> bool:
    """'the optus outage', 'Heroku was down': a subject that is no alias we know."""
    if any(hit.incident_ids for hit in detection.services):
        return False
    for match in UNLISTED_SUBJECT.finditer(detection.text):
        word = match.group(1)
        if (
            word not in STOPWORDS
            and word not in FILLER
            and not word.isdigit()
            and word
            not in (
                "cyber",
                "massive",
                "big",
                "huge",
                "global",
                "major",
                "whole",
                "this",
                "that",
                "internet",
                "recent",
                "latest",
                "last",
                "total",
                "complete",
                "partial",
                "today's",
                "yesterday's",
            )
        ):
            return True
    return False


def _names_affected(screened: str, incident: Incident) -> bool:
    folded = " " + " ".join(re.findall(r"[a-z0-9.&'-]+", screened)) + " "
    return any(
        (name := normalise_name(service)) and f" {name} " in folded for service in incident.affected_services
    )


def _full_dates(hints: TimeHints) -> tuple[date, ...]:
    found = []
    for mention in hints.dates:
        if mention.year and mention.day:
            try:
                found.append(date(mention.year, mention.month, mention.day))
            except ValueError:
                continue
    return tuple(found)


def _in_years(incident: Incident, years: tuple[int, ...]) -> bool:
    end = incident.ended_at or incident.started_at
    return any(incident.started_at.year <= year <= end.year for year in years)


def _in_months(incident: Incident, hints: TimeHints) -> bool:
    """Whether every month the message names with its year ('june 2023', '10 march 2025'), and
    one month of every season ('spring 2024'), is one the incident ran in, as people around the
    world would date it."""
    named = {(m.year, m.month) for m in hints.dates if m.year}
    if not named and not hints.seasons:
        return True
    start = incident.started_at.astimezone(UTC)
    end = (incident.ended_at or incident.started_at).astimezone(UTC)
    first = min((start + timedelta(hours=h)).date() for h in (-8, 9))
    last = max((end + timedelta(hours=h)).date() for h in (-8, 9))
    ran = (first.year, first.month), (last.year, last.month)
    if not all(ran[0] <= month <= ran[1] for month in named):
        return False
    # 'spring 2024': one of its months (a season is not named alone by its first month)
    return all(any(ran[0] <= month <= ran[1] for month in season) for season in hints.seasons)


# Time words that ask about an outage of these days, not one of the past ('gh is 500ing again
# today', 'O2 Störung heute').
PRESENT = frozenset(
    {"rn", "right now", "currently", "atm", "just now", "today", "tonight", "yesterday", "last night"}
    | {"this morning", "this afternoon", "this evening"}
)
RECENT = timedelta(days=3)


def _ongoing_or_recent(incident: Incident, now: datetime) -> bool:
    """Ongoing or being monitored, or resolved within days; a resolved record with no end on
    file ended when nobody published it, so its start says how old it is."""
    if incident.status is not IncidentStatus.RESOLVED:
        return True
    return now - (incident.ended_at or incident.started_at) < RECENT


def _local_days(incident: Incident) -> set[date]:
    """The start date as people around the world would name it."""
    start = incident.started_at.astimezone(UTC)
    return {(start + timedelta(hours=h)).date() for h in (-8, -4, 0, 9)}


def _names_its_day(hints: TimeHints, incident: Incident) -> bool:
    """'on 22 July 2021' pins an incident even when the message blames the wrong service."""
    days = _local_days(incident)
    return any(
        m.day is not None
        and m.year is not None
        and any((d.year, d.month, d.day) == (m.year, m.month, m.day) for d in days)
        for m in hints.dates
    )


def _time_score(hints: TimeHints, incident: Incident, now: datetime) -> float:
    start = incident.started_at.astimezone(UTC)
    local_days = _local_days(incident)
    score = 0.0
    years = set(hints.years)
    if years:
        score += 1.5 if start.year in years else -4.0
    for mention in hints.dates:
        if mention.year and mention.year != start.year:
            continue
        if any(d.month == mention.month for d in local_days):
            score += 1.5
            if mention.day is not None:
                score += 1.0 if any(d.day == mention.day for d in local_days) else -1.5
        else:
            score -= 2.0
        break
    if hints.weekdays:
        score += 0.5 if any(d.weekday() in hints.weekdays for d in local_days) else -0.5
    if hints.relative:
        recent = incident.ended_at is None or now - start < timedelta(days=3)
        if recent and now - start < timedelta(days=14):
            score += 1.0
    return score


def _recency(incident: Incident, now: datetime, *, present: bool) -> float:
    """A prior for recent incidents: with no time given people mean the latest one, all the more
    when they write "again", "rn" or "today"."""
    age_days = max(0.0, (now - incident.started_at).total_seconds() / 86_400)
    return (1.0 if present else 0.3) / (1.0 + age_days / 365)


# --- claims -------------------------------------------------------------------------------


ALL_DAY = re.compile(
    r"\b(?:(?:the )?(?:whole|entire|full|all) day|day long|zero uptime|nonstop|non-stop|"
    r"not a single minute of uptime|24 hours straight|(?:from )?morning (?:till|til|until|to) night)\b"
)
FOR_EVERYONE = re.compile(
    r"\bfor (?:literally |absolutely |basically |just about )?(?:everyone|everybody|all users)\b"
    r"|\b100 ?(?:%|percent)(?= (?:dead|down|offline|gone|broken)\b)"
)
ONLY_PHRASES = re.compile(
    r"\b(?:nothing (?:more|else|but)|that'?s all|merely|simply|end of story|simple as that"
    r"|plain and simple|that'?s it(?= *(?:$|[.,;!?])))\b"
)
TIME_WORDS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday"
    " saturday sunday yesterday today last back year years ago"
    # Holidays name a day, as a date does: 'on christmas' says when, not what was claimed.
    " christmas xmas easter thanksgiving halloween".split()
)
ALIAS_WEIGHT = 0.4


@dataclass(frozen=True, slots=True)
class _Analysis:
    """What a text says, before knowing which incident's names to discount."""

    concepts: tuple[tuple[str, float], ...]  # (feature, weight), kept at the highest weight
    words: tuple[tuple[str, str], ...]  # (stemmed feature, the word as written)
    quantities: tuple[str, ...]  # durations (@hours) and other numbers (#value)
    pairs: tuple[tuple[str, str, str], ...]  # (feature, first word, second word)


@lru_cache(maxsize=16_384)
def _analyse(text: str) -> _Analysis:
    """Cached by text: a claim is compared with every message about its incident, and a message
    with every candidate incident's claims."""
    folded = fold(text).replace("cyber attack", "cyberattack")
    if "." in folded:
        folded = THOUSANDS_DOT.sub(lambda m: m.group().replace(".", ""), folded)  # '75.000' is 75,000
    folded = _rewritten(folded, WORD_REWRITES)
    spelled = DURATION_PHRASES.sub(_spell_duration, folded)  # 'a full day' is a duration too
    spelled = DATA_RATE.sub(_in_gigabits, spelled)  # '1.35 Tbps' is '1350 gigabits per second'
    folded = DATA_RATE.sub(_in_gigabits, folded)  # one unit word too: 'terabits' and 'Tbps' meet
    folded = ALL_DAY.sub(" all-day ", folded)
    folded = _rewritten(folded, SCOPE_REWRITES)
    concepts: list[tuple[str, float]] = []
    plain: list[tuple[str, str]] = []
    for whole in (w.removesuffix("'s") for w in words(folded)):
        for token in [whole, *re.split(r"[.\-']", whole)] if "-" in whole else [whole]:
            token = SAME_NAME.get(token, token)
            if not token or token in FILLER or token in TIME_WORDS:
                continue
            if token in PLACES:  # 'europe was fine' meets 'only in the US' (unless it names the service)
                concepts.append((f"PLACE:{token}", CONCEPT_WEIGHT["PLACE"]))
            concept = _concept(token)
            if concept == "CLOUD":  # as a place: 'Azure' names no cloud in Azure's own records
                concepts.append((f"CLOUD:{token}", CONCEPT_WEIGHT[concept]))
                continue
            if concept:
                concepts.append((concept, CONCEPT_WEIGHT[concept]))
                if concept == "ATTACK":  # the exact word breaks ties: cyberattack vs DDoS
                    word = "ddos" if token.startswith("ddos") else stem(token)
                    concepts.append((f"~{word}", 0.5))
                continue
            if (
                token in STOPWORDS
                or len(token) < 2
                or (any(ch.isdigit() for ch in token) and not _code_name(token))
            ):
                continue
            plain.append((stem(token), token))
    if not text.islower():
        plain += [(stem(acronym), acronym) for acronym in _acronyms(text)]
    quantities = []
    for quantity in extract_facts(spelled).quantities:
        hours = quantity.value * HOURS_PER.get(quantity.unit or "", 0.0)
        bound = DURATION_BOUNDS.get(quantity.bound or "", "")
        quantities.append(f"@{bound}{hours:g}" if hours else f"#{quantity.value:g}")
    if CLOCK_TIME.search(folded):  # '14:05 to 21:40', '2pm till 9pm'
        quantities += [f"@{hours:g}" for hours in _clock_spans(folded)]
    pairs = []
    previous = None
    for token in words(folded):  # two names in a row ("dark storm") say more than each alone
        if token in STOPWORDS or token in FILLER or token in TIME_WORDS or len(token) < 3 or token.isdigit():
            previous = None
            continue
        if previous:
            pairs.append((f"{stem(previous)}+{stem(token)}", previous, token))
        previous = token
    return _Analysis(tuple(concepts), tuple(plain), tuple(quantities), tuple(pairs))


# 'from just after 2pm till 9:40pm': how long, said as two clock times.
CLOCK_TIME = re.compile(r"\d ?[ap]\.?m\b|\d:\d")
CLOCK_SPAN = re.compile(
    r"(?<![\d:.])(?P<h1>\d{1,2})(?::(?P<m1>[0-5]\d))? ?(?P<p1>[ap])?\.?m?\.?"
    r" ?(?:till|til|until|to|through|thru|-|–) ?(?:(?:just )?(?:after|before|around|about) )?"
    r"(?P<h2>\d{1,2})(?::(?P<m2>[0-5]\d))? ?(?P<p2>[ap])\.?m\b"
    r"|(?<![\d:.])(?P<h3>\d{1,2}):(?P<m3>[0-5]\d) ?(?:till|til|until|to|-|–) ?"
    r"(?P<h4>\d{1,2}):(?P<m4>[0-5]\d)(?![\d:])"
)
QUIT_DOING = re.compile(
    r"\bquit(?:s|ting)? (?=\w{2,}ing\b)"
    r"(?!(?:during|something|nothing|anything|everything|thing|morning|evening)\b)"
)
BEHIND_IT = re.compile(
    r"\b(?:was|were|is|are) behind (?:it|this|that|the (?:attack|outage|hack|ddos|breach)"
    r"|\w+ (?:going|being) down)\b"
)
NOT_ONLY_JUST = re.compile(r"\bjust (?=(?:after|before|over|under|about|around|past|shy|short)\b)")
_SMALL_NUMBERS = "|".join(w for w, n in WORD_NUMBERS.items() if isinstance(n, int) and n <= 20)
ONE_IN = re.compile(
    rf"\b(?P<a>\d+|{_SMALL_NUMBERS}) (?:in|out of) (?P<b>\d+|{_SMALL_NUMBERS})\b"
    r"(?! ?%)(?! ?(?:hours?|hrs?|days?|min\w*|weeks?|months?|years?|seconds?)\b)"
)
MONEY_BACK = re.compile(
    r"\b(?:giving|give|gives|gave|paying|pay|pays|paid) (?:\w+ ){0,2}?(?:their |the |your |our )?money back\b"
)
NOT_A_CENT = re.compile(
    r"\b(?:didn'?t|did not|never|won'?t) (?:see|get|got|receive|make|earn) (?:a (?:single )?|one )?"
    r"(?:cent|penny|dime|euro|dollar)s?\b"
)
TOO_MANY = re.compile(
    r"\btoo many (?:people|users|requests|players|fans|customers|connections|logins)\b"
    r"|\b(?:couldn'?t|could not|can'?t|cannot|unable to) (?:handle|keep up with|cope with)\b"
)
FOR_GOOD = re.compile(r"\b(?:for good|forever|permanently)\b")
UNEXPLAINED = re.compile(
    r"\b(?:\w+n't|not|never|nobody|no one) (?:\w+ )?(?:said|say|says|disclosed?|revealed?|explained?|"
    r"published|shared|given|gave|announced|confirmed|identified|know|knows|knew) (?:\w+ )?"
    r"(?:what|why|the (?:root )?cause|a (?:root )?cause|any (?:root )?cause|the reason)\b"
    r"|\bno (?:root )?(?:cause|explanation|reason|post-?mortem)s? (?:\w+ )?(?:yet|given|published|so far)\b"
    r"|\b(?:cause|reason) (?:is |was |remains |still )*(?:unknown|unclear|a mystery)\b"
)
PERSON_DIED = re.compile(
    r"\b(?:someone|somebody|anyone|a person|people|persons?|patients?|a man|a woman|a child|callers?|"
    r"\d+ people) (?:\w+ )?(?:died|dies|has died|have died|killed)\b"
)
# The clocks changing: 'wegen der Zeitumstellung' and 'triggered when the clocks went back'.
CLOCK_CHANGE = re.compile(
    r"\b(?:clocks? (?:change[sd]?|changing|went back|go back|going back|went forward|go forward|"
    r"going forward)|daylight sav\w*|dst|(?:time|clock) (?:change|switch)|(?:summer|winter) time)\b"
)
# A balance shown as nothing: 'my coins showed 0' is the claim's 'zero points balances'.
SHOWN_ZERO = re.compile(r"\b(?:show(?:ed|s|ing)?|at|to|reads?|went to|reset to) (?:[$£€])?0\b(?![.,:]\d)")
# What can be lost as data, as both rules below name it (each adds the things it reads best).
LOSABLE = (
    r"chats?|messages|data|history|photos|files|playlists|points|orders|records|backups|emails"
    r"|documents|content"
)
LOST_DATA = re.compile(
    r"\b(?:lost|lose|losing|loses) (?:all (?:of )?)?(?:their |my |our |the |people'?s |users'? |its )?"
    rf"(?:\w+ )?(?:{LOSABLE}|donations|repos(?:itories)?|vectors|domains|websites|sites)\b"
)
# The same said of the things lost: 'e-prescriptions were lost', 'the prescriptions got wiped'.
THINGS_LOST = re.compile(
    rf"\b(?:{LOSABLE}|prescriptions|bookings|reservations|tickets|submissions|returns|uploads|saves)"
    r" (?:were|was|got|have been|had been|are|is) (?:all )?(?:lost|wiped|deleted|erased)\b"
)
POWER_FAILURE = re.compile(
    r"\b(?:lost power|power (?:failure|loss|cut|outage)s?|loss of power|blackout|without power)\b"
)
STOLE = re.compile(r"\b(?:walked|made|ran|got away) (?:off )?with\b")
MEMORY_LEAK = re.compile(r"\bmemory leaks?\b")
EVERY_COUNTRY = re.compile(r"\b(?:every|each|all) countr(?:y|ies)\b")


def _as_percent(match: re.Match[str]) -> str:
    """'one in five' as '20%'; left alone if it is no share ('2 in 1')."""
    part, whole = (int(x) if x.isdigit() else WORD_NUMBERS[x] for x in (match["a"], match["b"]))
    if not 0 < part < whole or whole > 1000:  # not a year: '1 in 2024'
        return match.group()
    return f"{100 * part / whole:g}%"


ISH_FIGURE = re.compile(r"\b(\d+(?:\.\d+)?)-?ish\b")
PLUS_FIGURE = re.compile(r"\b(\w+)(?:-| )?(?:plus|\+) (?=(?:hours?|hrs?|days?|minutes?|mins?|weeks?)\b)")


def _clock_spans(folded: str) -> list[float]:
    """The hours between two clock times ('2pm till 9:40pm', '14:05 to 21:40'), under a day."""
    spans = []
    for m in CLOCK_SPAN.finditer(folded):
        if m["h3"]:
            start, end = int(m["h3"]) * 60 + int(m["m3"]), int(m["h4"]) * 60 + int(m["m4"])
            if end < start and int(m["h3"]) <= 12 and int(m["h4"]) <= 12:
                end += 720  # '11:30 to 1:15' is an afternoon, not a day
        else:
            second = m["p2"]
            end = _minute_of_day(int(m["h2"]), int(m["m2"] or 0), second)
            hour, minute = int(m["h1"]), int(m["m1"] or 0)
            if m["p1"] is None and 12 < hour < 24:
                start = hour * 60 + minute  # '23:50 until 2am'
            else:
                start = _minute_of_day(hour, minute, m["p1"] or second)
                if m["p1"] is None and start is not None and end is not None and start > end:
                    start = _minute_of_day(hour, minute, "a" if second == "p" else "p")  # '11 to 2pm'
        if start is None or end is None or not 0 <= start < 1440 or not 0 <= end < 1440:
            continue
        minutes = (end - start) % 1440
        if minutes:
            spans.append(round(minutes / 60, 2))
    return spans


def _minute_of_day(hour: int, minute: int, meridiem: str) -> int | None:
    if not 1 <= hour <= 12:
        return None
    return (hour % 12 + (12 if meridiem == "p" else 0)) * 60 + minute


CAPITALISED_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for)\s+)?[A-Z][a-z]+)+")


def _acronyms(text: str) -> list[str]:
    """'New York Stock Exchange' is also 'nyse', 'Royal Bank of Scotland' 'rbs': a curated claim
    spells out what chat abbreviates."""
    found = []
    for match in CAPITALISED_NAME.finditer(text):
        initials = "".join(w[0] for w in match.group().split() if w[0].isupper()).lower()
        if len(initials) >= 3:
            found.append(initials)
    return found


def _code_name(token: str) -> bool:
    """'smw4', 'c-lion1', 'gpt-4': a name with a digit, not a figure."""
    return token[0].isalpha() and sum(ch.isalpha() for ch in token) >= 2


def _features(text: str, aliases: set[str]) -> dict[str, float]:
    """Weighted features of a text; the incident's own names count for little."""
    analysis = _analyse(text)
    feats: dict[str, float] = {}
    for key, weight in analysis.concepts:
        if ":" in key:  # a place or a cloud, unless it is the incident's own name
            concept, token = key.split(":", 1)
            if token not in aliases:  # 'British Airways' names no place
                feats[concept] = weight
            continue
        feats[key] = weight if key.startswith("~") else max(feats.get(key, 0.0), weight)
    if "STATE" in feats and "ATTACK" not in feats:
        feats["ATTACK"] = 1.5  # 'russia was behind it': a state behind an outage is an attack
    for key, token in analysis.words:
        weight = ALIAS_WEIGHT if token in aliases else 1.0
        feats[key] = max(feats.get(key, 0.0), weight)
    for key in analysis.quantities:
        if key[1:] not in aliases:  # 'Microsoft 365' names no figure
            feats[key] = 1.5
    for key, first, second in analysis.pairs:
        if first not in aliases and second not in aliases:
            feats[key] = 1.0
    return feats


HOURS_PER = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.0}
_NOT_COUNTS = ("a", "an", "half", "dozen", "hundred")
_SPELLED = sorted((w for w in WORD_NUMBERS if w not in _NOT_COUNTS), key=len, reverse=True)
_COUNT = "|".join(["an?", r"\d+", *_SPELLED])
DURATION_PHRASES = re.compile(
    rf"\b(?:(?P<n>{_COUNT}) (?P<u>hour|day)s? and a half|(?P<m>{_COUNT}) and a half (?P<v>hour|day)s?"
    r"|half an? (?P<w>hour|day)|(?P<a>an?) (?:full |whole |entire )?(?P<x>hour|day|week|month)"
    r"|(?P<c>a couple|a couple of) (?P<y>hour|day)s)\b"
)


def _spell_duration(match: re.Match[str]) -> str:
    """'an hour and a half', 'two and a half hours', 'half a day', 'an hour' as minutes."""
    unit = match["u"] or match["v"] or match["w"] or match["x"] or match["y"]
    if match["c"]:
        return f"{2 * MINUTES_PER[unit]} minutes"  # 'a couple of hours'
    count = match["n"] or match["m"] or match["a"]
    whole = 0.0 if count is None else float(count) if count.isdigit() else WORD_NUMBERS.get(count, 1.0)
    minutes = (whole + (0.0 if match["a"] else 0.5)) * MINUTES_PER[unit]
    return f"{minutes:g} minutes"


MINUTES_PER = {"hour": 60, "day": 1440, "week": 10_080, "month": 43_800}


# What a figure's qualifier says of a duration ('less than an hour', 'nearly a full day',
# '15 minutes tops', 'more than 14 hours') as the sign a duration feature carries.
DURATION_BOUNDS = {"at most": "<", "near": "<", "at least": ">"}


def _duration_range(key: str) -> tuple[float, float]:
    """The hours a duration feature ('@2.5', '@<1', '@>14') allows: within 15% of a plain figure;
    down to half of an upper bound, up to twice a lower bound (a 'more than 14 hours' claim is
    not one about two days)."""
    bound, value = (key[1], float(key[2:])) if key[1] in "<>" else ("", float(key[1:]))
    low, high = 0.85 * value, 1.15 * value
    if bound == "<":
        low = 0.5 * value
    elif bound == ">":
        high = 2.0 * value
    return low, high


def _durations_agree(query: dict[str, float], claim: dict[str, float]) -> bool | None:
    """None when either side gives no duration; else whether any pair's ranges overlap."""
    mine = [_duration_range(k) for k in query if k.startswith("@")]
    theirs = [_duration_range(k) for k in claim if k.startswith("@")]
    if not mine or not theirs:
        return None
    return any(a_low <= b_high and b_low <= a_high for a_low, a_high in mine for b_low, b_high in theirs)


def _concept(token: str) -> str | None:
    if token in _CONCEPT_OF:
        return _CONCEPT_OF[token]
    if token.startswith(("cyberattack", "ddos", "ransomware")):  # 'got ransomwared'
        return "ATTACK"
    return None


def _alias_words(incident: Incident) -> set[str]:
    """The incident's own names: they pick the incident, not the claim."""
    names = [incident.service, *incident.aliases]
    return {w for name in names for w in words(fold(name))} - {"the"}


def _size(features: dict[str, float]) -> float:
    return sum(weight for key, weight in features.items() if "+" not in key)


def _similarity(query: dict[str, float], claim: dict[str, float]) -> float:
    common = query.keys() & claim.keys()
    shared = sum(min(query[k], claim[k]) for k in common)
    meaningful = sum(min(query[k], claim[k]) for k in common if k != "OUTAGE" and query[k] > ALIAS_WEIGHT)
    if meaningful < 0.75 and not _durations_agree(query, claim):
        return 0.0  # only the service name or "it's down" in common: not this claim
    # Pairs of words ("dark+storm") add to what is shared, never to the size of either side.
    norm = _size(query) ** 0.6 * _size(claim) ** 0.4
    score = shared / norm if norm else 0.0
    query_numbers = {k for k in query if k.startswith("#")}
    claim_numbers = {k for k in claim if k.startswith("#")}
    if query_numbers and claim_numbers and not query_numbers & claim_numbers:
        if _close_numbers(query_numbers, claim_numbers):
            score += 1.5 / norm if norm else 0.0  # 'roughly 5 million' is the claim's 'about 5.2 million'
        else:
            score -= 0.3
    durations = _durations_agree(query, claim)
    if durations is True:
        score += 1.5 / norm if norm else 0.0
    elif durations is False:
        score -= 0.3
    if "ATTACK" in query and "ATTACK" not in claim:
        score -= 0.15
    elif "ATTACK" in claim and "ATTACK" not in query:
        score -= 0.1
    if ("ALLDAY" in query) != ("ALLDAY" in claim):
        score -= 0.15
    if _says_how_long(claim) and not _says_how_long(query):
        score -= 0.15  # 'down for hours during the attack' is a claim about how long, not about the attack
    return score


def _close_numbers(query: set[str], claim: set[str]) -> bool:
    """A figure of the message within a tenth of one of the claim's (both of some size)."""
    values = [(float(q[1:]), float(c[1:])) for q in query for c in claim]
    return any(a >= 100 and b >= 100 and abs(a - b) <= 0.1 * max(a, b) for a, b in values)


# A figure with dots between thousands, as much of Europe writes it: '75.000', '1.200.000'.
THOUSANDS_DOT = re.compile(
    r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,]\d)|(?<![\d.,])\d{1,3}\.000(?![\d.,]?\d)"
)
# The United States however written; 'us' the pronoun only where it cannot be ('us-only', 'the us').
THE_US = re.compile(
    r"\b(?:u\.s\.(?:a\.)?|usa|united states(?: of america)?|america)(?!\w)"
    r"|\bus(?=-only\b|-wide\b| only\b| users\b| customers\b)|(?<=\bthe )us\b(?! (?:all|both|two|three)\b)"
)
DATA_RATE = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?)\s*(?P<u>[tgm])(?:bps|b/s|bit/s|(?:era|iga|ega)bits?(?: per second)?)\b"
)
GIGABITS_PER = {"t": 1000.0, "g": 1.0, "m": 0.001}


def _in_gigabits(match: re.Match[str]) -> str:
    """A data rate in gigabits per second, so that 1.35 Tbps and 1350 Gbps are one figure."""
    return f"{float(match['n']) * GIGABITS_PER[match['u']]:g} gbps"


def _says_how_long(features: dict[str, float]) -> bool:
    return "DURATION" in features or "ALLDAY" in features or any(k.startswith("@") for k in features)


Rewrite = tuple[tuple[str, ...], re.Pattern[str], str | Callable[[re.Match[str]], str]]
# Phrases said in other words, rewritten to the word the claims use, in this order. Each runs
# only where one of its guard strings is (a lookup reads many claims).
WORD_REWRITES: tuple[Rewrite, ...] = (
    (("ish",), ISH_FIGURE, r"about \1"),  # '3.5ish hrs'
    ((" in ", " out of "), ONE_IN, _as_percent),  # 'one in five' is 20%
    (
        ("what", "why", "cause", "reason", "post"),
        UNEXPLAINED,
        " unexplained ",
    ),  # 'hasn't said what caused it'
    (("died", "dies", "killed"), PERSON_DIED, " death "),  # a person's death, not a service that died
    (("clock", "daylight", "dst", "time"), CLOCK_CHANGE, " clockchange "),
    (("0",), SHOWN_ZERO, " zero "),
    (("los",), LOST_DATA, r" dataloss \g<0> "),  # not 'lost access', the outage itself
    (("lost", "wiped", "deleted", "erased"), THINGS_LOST, r" dataloss \g<0> "),
    (("power", "blackout"), POWER_FAILURE, " powerfailure "),
    ((" with",), STOLE, " stole "),  # 'walked off with 2TB of patient files'
    (("memory",), MEMORY_LEAK, " memory bug "),  # a leak of memory is no data leak
    (("back",), MONEY_BACK, " refund "),  # 'giving money back'
    (("cent", "penny", "dime", "euro", "dollar"), NOT_A_CENT, " got nothing "),  # 'didn't see a single cent'
    (("behind",), BEHIND_IT, " responsible "),  # 'posted that they were behind it'
    (("too many", "handle", "keep up", "cope"), TOO_MANY, " overload "),  # 'too many people at once'
    (("forever", "for good"), FOR_GOOD, " permanently "),  # 'lost for good' is 'gone forever'
    (("countr",), EVERY_COUNTRY, " all places "),  # where it was felt, not a state behind it
    (("plus", "+"), PLUS_FIGURE, r"more than \1 "),  # 'fourteen-plus hours'
)
# After durations are spelled out: where, how much and how many.
SCOPE_REWRITES: tuple[Rewrite, ...] = (
    (("us", "america", "united states"), THE_US, " usa "),  # 'a US-only thing', 'users in the United States'
    (("quit",), QUIT_DOING, "stopped "),  # 'quit making blocks' (not 'the CEO quit')
    (("just ",), NOT_ONLY_JUST, ""),  # 'just after 2pm' is no 'only'
    (("",), ONLY_PHRASES, " only "),
    (
        ("everyone", "everybody", "100", "all users"),
        FOR_EVERYONE,
        " completely ",
    ),  # 'down for literally everyone'
)


def _rewritten(folded: str, rewrites: tuple[Rewrite, ...]) -> str:
    for guards, pattern, replacement in rewrites:
        for guard in guards:
            if guard in folded:
                folded = pattern.sub(replacement, folded)
                break
    return folded


def match_claim(text: str, incident: Incident) -> tuple[Claim | None, float]:
    """The curated claim closest to the message, or None when none is close enough."""
    if not incident.claims:
        return None, 0.0
    ignore = _alias_words(incident)
    query = _features(text, ignore)
    if not query:
        return None, 0.0
    scored = []
    for claim in incident.claims:
        feats = _features(claim.text, ignore)
        score = _similarity(query, feats)
        scored.append((score, claim))
    scored.sort(key=lambda item: item[0], reverse=True)
    score, claim = scored[0]
    if score < CLAIM_THRESHOLD:
        return None, max(score, 0.0)
    return claim, score
