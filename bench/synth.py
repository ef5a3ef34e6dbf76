"""Synthetic, seeded benchmark data: incidents, chat streams and claims.

Everything is generated from templates with a seeded `random.Random`, so two runs see the
same data. Nothing is copied from the evaluation sets; the real seed knowledge base is
used only where a benchmark says so (its service names, its claims).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.kb_format import load_knowledge_base_text
from bot.core.lexicon import KNOWN_SERVICES
from bot.core.records import CauseStatus, Claim, Incident, IncidentStatus, Source, Verdict

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "db" / "seed" / "incidents.json"


def seed_incidents() -> tuple[Incident, ...]:
    return load_knowledge_base_text(SEED_FILE.read_text(encoding="utf-8")).incidents


# --- service names ------------------------------------------------------------------------

_HEADS = (
    "zen ark lum vor tal quin brio cal dex fen gal hal jor kel mir nov orb pax rho syl tor umb"
    " vel wex yar zor ast bel cor dor eth fal gor hex ion jun kor lor mag nex oli pyr qua rav"
    " sol tan ulm vin wol xan yel zel"
).split()
_TAILS = "ix ora ent ify io ex ara ium os uda elo ari on ic ynth alo ero ova".split()
_KINDS = (
    "Cloud",
    "Pay",
    "Mail",
    "CDN",
    "DNS",
    "Bank",
    "Games",
    "Chat",
    "Stream",
    "Drive",
    "Hosting",
    "Telecom",
    "Mobile",
    "Air",
    "Rail",
    "Energy",
    "Health",
    "Shop",
    "Maps",
    "Music",
    "Video",
    "Auth",
    "Analytics",
    "Search",
    "Docs",
    "Meet",
    "Wallet",
    "Exchange",
    "Broadband",
    "Fiber",
)
_REGIONS = (
    "us-east",
    "us-west",
    "eu-central",
    "eu-west",
    "ap-southeast",
    "ap-northeast",
    "sa-east",
    "Frankfurt",
    "Virginia",
    "Oregon",
    "London",
    "Paris",
    "Tokyo",
    "Sydney",
    "Singapore",
    "Mumbai",
    "Sao Paulo",
    "Toronto",
    "Dublin",
    "Amsterdam",
)


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    aliases: tuple[str, ...]


def synthetic_services(rng: random.Random, count: int) -> list[Service]:
    """`count` distinct made-up services ("Zentrix Pay") with 1-3 aliases each."""
    seen: set[str] = set()
    services: list[Service] = []
    while len(services) < count:
        brand = (rng.choice(_HEADS) + rng.choice(_TAILS)).capitalize()
        if rng.random() < 0.3:
            brand += rng.choice(_HEADS)
        kind = rng.choice(_KINDS)
        name = f"{brand} {kind}"
        if name.lower() in seen or brand.lower() in KNOWN_SERVICES:
            continue
        seen.add(name.lower())
        aliases = [name.lower()]
        if rng.random() < 0.5:
            aliases.append(f"{brand.lower()}{kind.lower()}")
        if rng.random() < 0.4:
            aliases.append(f"{brand.lower()}.{rng.choice(['io', 'com', 'net', 'app'])}")
        services.append(Service(name, tuple(dict.fromkeys(aliases))))
    return services


def real_services(seed: tuple[Incident, ...]) -> list[Service]:
    """The seed's services with their aliases (synthetic incidents are added for them too)."""
    by_service: dict[str, set[str]] = {}
    for incident in seed:
        by_service.setdefault(incident.service, set()).update(incident.aliases)
    return [Service(name, tuple(sorted(aliases))) for name, aliases in by_service.items()]


# --- incidents ----------------------------------------------------------------------------

CAUSES = (
    # (cause text, cause words for claims, is an attack)
    ("a configuration change pushed to the global network", "configuration change", False),
    ("a BGP route withdrawal that made the DNS servers unreachable", "bgp", False),
    ("an expired TLS certificate on the authentication service", "expired certificate", False),
    ("a database migration that locked the primary cluster", "database migration", False),
    ("a power failure at one data centre", "power failure", False),
    ("a faulty software update rolled out to every region", "bad update", False),
    ("a volumetric DDoS attack against the edge network", "ddos attack", True),
    ("a capacity shortfall after a traffic spike", "traffic spike", False),
    ("a fibre cable cut near the main data centre", "cable cut", False),
    ("a cache stampede after a cold restart", "cache", False),
)
PUBLISHERS = (
    "{service} status page",
    "{service} engineering blog",
    "Reuters",
    "The Verge",
    "BBC News",
    "TechCrunch",
    "Ars Technica",
    "The Register",
    "Bloomberg",
    "Associated Press",
)
SYMPTOMS = (
    "users could not log in",
    "payments failed",
    "pages returned 502 errors",
    "messages were not delivered",
    "the mobile app would not load",
    "API requests timed out",
    "streams buffered and stopped",
    "calls dropped",
    "uploads failed",
)
WRONG_CAUSES = (
    "a cyberattack",
    "hackers",
    "a russian cyberattack",
    "a ddos attack",
    "a state-sponsored hack",
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M UTC")


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment.strftime('%B %Y')}"


def make_incident(rng: random.Random, service: Service, number: int, others: list[Service]) -> Incident:
    start = datetime(2015, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(11 * 365 * 24 * 60))
    start = min(start, datetime(2025, 12, 31, tzinfo=UTC))
    hours = rng.choice((1, 2, 3, 4, 5, 6, 8, 12))
    end = start + timedelta(hours=hours, minutes=rng.choice((0, 10, 20, 30, 45)))
    cause, cause_words, attack = rng.choice(CAUSES)
    region = rng.choice(_REGIONS)
    symptom = rng.choice(SYMPTOMS)
    share = rng.choice((5, 10, 15, 20, 30, 40, 60, 80))
    affected = tuple(o.name for o in rng.sample(others, rng.randint(0, 3)))
    incident_id = f"{_slug(service.name)}-{start:%Y-%m-%d}-{number}"
    title = f"{service.name} outage in {region} after {cause_words} ({_day(start)})"
    summary = (
        f"On {_day(start)} at {_clock(start)} {service.name} went down in {region}: {symptom} for about "
        f"{share}% of customers. The cause was {cause}. Service was restored by {_clock(end)}, "
        f"{hours} hours after it began."
    )
    sources = []
    for index in range(rng.choice((2, 2, 3))):
        publisher = rng.choice(PUBLISHERS).format(service=service.name)
        if index == 0:
            excerpt = (
                f"Beginning at {_clock(start)} on {_day(start)}, {symptom} in {region}. "
                f"The incident was caused by {cause}. All systems were operating normally by {_clock(end)}."
            )
        elif index == 1:
            denial = "" if attack else " The company said there was no evidence of a cyberattack."
            excerpt = (
                f"{service.name} said the outage affected about {share}% of its customers and lasted "
                f"roughly {hours} hours.{denial} Engineers rolled back the change and added safeguards."
            )
        else:
            excerpt = (
                f"Users reported problems with {service.name} across {region} on {_day(start)}, and "
                f"several dependent services were disrupted as well. The company apologised."
            )
        sources.append(
            Source(
                id=f"s{index + 1}",
                title=f"{service.name} incident report" if index == 0 else f"{service.name} outage explained",
                publisher=publisher,
                url=f"https://example.com/{_slug(service.name)}/{start:%Y/%m/%d}/{index + 1}",
                published_at=(start + timedelta(days=index)).date().isoformat(),
                excerpt=excerpt,
            )
        )
    claims = [
        Claim(
            id="c1",
            text=f"The {service.name} outage was caused by {rng.choice(WRONG_CAUSES)}.",
            verdict=Verdict.SUPPORTED if attack else Verdict.REFUTED,
            explanation=f"The sources attribute the outage to {cause}.",
            source_ids=("s1", "s2"),
        ),
        Claim(
            id="c2",
            text=f"{service.name} was down all day.",
            verdict=Verdict.REFUTED if hours < 12 else Verdict.MISLEADING,
            explanation=f"It lasted about {hours} hours.",
            source_ids=("s1",),
        ),
    ]
    if rng.random() < 0.5:
        claims.append(
            Claim(
                id="c3",
                text=f"Every {service.name} customer was affected.",
                verdict=Verdict.MISLEADING,
                explanation=f"About {share}% of customers were affected.",
                source_ids=("s2",),
            )
        )
    return Incident(
        id=incident_id,
        service=service.name,
        aliases=service.aliases,
        affected_services=affected,
        title=title,
        started_at=start,
        ended_at=end,
        status=IncidentStatus.RESOLVED,
        cause=cause[0].upper() + cause[1:] + ".",
        cause_status=CauseStatus.CONFIRMED,
        summary=summary,
        sources=tuple(sources),
        claims=tuple(claims),
    )


class IncidentFactory:
    """Generates incidents in a fixed order: the first n are the same for any total n.

    Service popularity is skewed (weight 1/sqrt(rank)), as on real status pages a few big
    providers have many incidents and most services a handful.
    """

    def __init__(self, seed: int = 1, synthetic_service_count: int = 4_000) -> None:
        rng = random.Random(seed)
        self.services = synthetic_services(rng, synthetic_service_count) + real_services(seed_incidents())
        rng.shuffle(self.services)
        self.weights = [1 / (rank + 1) ** 0.5 for rank in range(len(self.services))]
        self.rng = random.Random(seed + 1)
        self.made = 0

    def batches(self, count: int, batch_size: int) -> Iterator[list[Incident]]:
        left = count
        while left > 0:
            size = min(batch_size, left)
            chosen = self.rng.choices(self.services, weights=self.weights, k=size)
            batch = []
            for service in chosen:
                self.made += 1
                batch.append(make_incident(self.rng, service, self.made, self.services))
            left -= size
            yield batch


# --- claims people post about incidents ---------------------------------------------------

CLAIM_TEMPLATES = (
    "{alias} went down because of {wrong}",
    "was the {alias} outage in {month} {year} {wrong}?",
    "{alias} was down all day on {day}, right?",
    "pretty sure the {alias} outage was {wrong}",
    "{alias} is down again, {wrong} for sure",
    "heard every {alias} customer lost access in the {month} outage",
    "the {alias} crash in {year} was {wrong} lol",
    "is {alias} down? my friend says it's {wrong}",
)


def claim_about(rng: random.Random, incident: Incident) -> str:
    alias = rng.choice([incident.service.lower(), *incident.aliases])
    start = incident.started_at
    return rng.choice(CLAIM_TEMPLATES).format(
        alias=alias,
        wrong=rng.choice(WRONG_CAUSES),
        month=start.strftime("%B").lower(),
        year=start.year,
        day=f"{start.strftime('%B').lower()} {start.day} {start.year}",
    )


# --- a chat stream ------------------------------------------------------------------------

CHATTER = (
    "gg wp",
    "lol",
    "anyone up for ranked later?",
    "down to play tonight?",
    "brb getting food",
    "that movie was so good",
    "who's streaming tonight",
    "my cat just knocked my coffee over",
    "can someone review my PR",
    "```py\nprint('server down')\n```",
    "check this out https://example.com/clip",
    "the raid boss went down in 3 tries",
    "let me down easy",
    "omg that goal",
    "happy birthday!! 🎉",
    "what time is the meeting tomorrow",
    "ngl this patch is kinda mid",
    "anyone know a good pizza place",
    "my minecraft server is back up",
    "I'm going down to the store",
    "the stock market is down 2% today",
    "reading the new season recap",
    "new emoji dropped <:pog:123456789012345678>",
    "how do I set up a venv",
    "we won the scrim!!",
    "thanks <@{user}>",
    "ok",
    "same",
    "this meme 💀",
    "sleep time, night all",
    "the elevator is down again at work lol",
    "did you finish the homework",
    "my wifi is slow today",
    "is anyone going to the meetup on friday",
    "that was a crash course in pain",
    "I just pushed a fix for the login bug",
    "prices went up again smh",
    "cooking pasta tonight",
    "just finished the marathon, legs are dead",
    "our tests are broken again, my bad",
)
MESSAGE_CLAIMS = (
    "is {service} down for everyone?",
    "{service} is down again, must be a ddos",
    "{service} went down, hackers again?",
    "{service} outage rn, anyone else?",
    "pretty sure {service} got hacked, it's been offline for hours",
    "{service} not loading for me, is it a cyberattack?",
    "{service} is down because of russia lmao",
    "the {service} outage was caused by a bad update",
    "{service} crashed worldwide, wtf",
    "{service} down? can't log in",
)


FILLERS = (
    "lol",
    "lmao",
    "haha",
    "fr",
    "ngl",
    "tbh",
    "😂",
    "💀",
    "🔥",
    "👀",
    "!!",
    "...",
    "xD",
    "ok",
    "yeah",
    "nah",
    "same",
    "wait what",
    "omg",
    "bruh",
    "gg",
    "tho",
    "rn",
    "again",
    "idk",
    "for real",
    "😅",
    "🙏",
)
NICKS = ("sam", "alex", "jo", "kim", "max", "lee", "pat", "ria", "tom", "zoe", "nico", "ana", "ben", "eve")


def _vary(rng: random.Random, text: str) -> str:
    """Chat rarely repeats itself word for word: nicknames, fillers, numbers, case."""
    if rng.random() < 0.3:
        text = f"{rng.choice(NICKS)} {text}" if rng.random() < 0.5 else f"{rng.choice(FILLERS)} {text}"
    if rng.random() < 0.5:
        text = f"{text} {rng.choice(FILLERS)}"
    if rng.random() < 0.2:
        text += rng.choice(
            (f" at {rng.randint(1, 12)}pm", f" x{rng.randint(2, 9)}", f" {rng.randint(2, 99)} times")
        )
    if rng.random() < 0.15:
        text = text.capitalize()
    return text


def chat_stream(rng: random.Random, count: int, services: list[str], user_id: int) -> list[str]:
    """`count` messages: 90% chatter, 10% claims about one of `services`, each varied a little."""
    messages = []
    for _ in range(count):
        if rng.random() < 0.1:
            service = rng.choice(services)
            service = rng.choice((service, service.title(), service.upper()))
            text = _vary(rng, rng.choice(MESSAGE_CLAIMS).format(service=service))
        else:
            text = rng.choice(CHATTER).format(user=user_id)
            if rng.random() < 0.2:
                text = f"{text} {rng.choice(CHATTER).format(user=user_id)}"
            text = _vary(rng, text)
        messages.append(text)
    return messages
