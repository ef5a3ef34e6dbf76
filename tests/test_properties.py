"""Property-based tests: detect, retrieve, check and render never break on hostile input.

Inputs are arbitrary unicode, very long text (up to 20,000 characters), markdown, code
blocks, zero-width characters, Discord mention syntax and the operators of SQLite FTS5 and
PostgreSQL tsquery, mixed with real outage claims so the later stages are reached too.

Properties:
- nothing raises;
- a posted reply never pings and fits Discord's limits (message text and embed);
- user text never reaches the full-text engine as syntax;
- `check_draft` never raises on arbitrary drafts, and flags links and `@everyone`/`@here`.

Hypothesis does not run coroutines: async code runs under `asyncio.run` inside sync tests.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from bot.core.check import ANY_CLAIM, check_draft
from bot.core.detect import detect
from bot.core.drafts import MAX_SENTENCE_CHARS, Draft, DraftSentence
from bot.core.facts import extract_facts
from bot.core.names import NameIndex
from bot.core.pipeline import Answer, FactChecker, PipelineSettings
from bot.core.ports import SearchQuery
from bot.core.records import Incident, ReviewState, Verdict
from bot.core.render import TEXT_LIMIT, Reply, escape, render_no_record, render_reply
from bot.core.template import excerpt_sentences
from bot.discord_adapter.embeds import reply_embed
from bot.llm.openai_drafter import OpenAIDrafter
from bot.storage import fts
from bot.storage.database import create_schema, make_engine
from bot.storage.repository import IncidentRepository
from tests.conftest import seed_incidents
from tests.fakes.openai_server import FakeOpenAI, json_content

SEED = seed_incidents()
SEED_IDS = [i.id for i in SEED]
BY_ID = {i.id: i for i in SEED}

FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW = settings(FAST, max_examples=100)  # whole-pipeline properties

# --- text strategies ----------------------------------------------------------------------

CLAIMS = [
    "the crowdstrike outage of july 2024 was a cyberattack",
    "The Fastly outage in June 2021 was a cyberattack.",
    "AWS got hacked in October 2025, the outage was caused by hackers",
    "X's outage on Monday 10 March 2025 was a massive cyberattack carried out by a country",
    "Cloudflare went down on 18 November 2025 because of a massive DDoS attack",
    "is discord down? pretty sure it's a ddos",
    "facebook instagram and whatsapp went down on 4 october 2021 because they were hacked",
    "slack was down for 10 minutes last july",
]
MENTIONS = [
    "@everyone",
    "@here",
    "<@123>",
    "<@!456>",
    "<@&789>",
    "<#1011>",
    "@factbot",
    "<@>",
    "<#>",
    "＠everyone",
    "@\u200beveryone",
    "<:emoji:123>",
    "<t:1700000000:F>",
    "@everyone@here",
]
OPERATORS = [
    '"',
    "*",
    "NEAR",
    "NEAR(",
    "OR",
    "AND",
    "NOT",
    "-",
    "^",
    ":",
    "(",
    ")",
    "&",
    "|",
    "!",
    "<->",
    "<2>",
    "''",
    "\\",
    "{",
    "}",
    "+",
    "col:",
    "title:",
    "names:",
    '"""',
    "*)",
    "!!",
    "&&",
    "||",
    ":*",
    "~",
    "NEAR/3",
    "%",
    "_",
    ";",
    "--",
    "/*",
    "*/",
    "\x00",
]
MARKDOWN = [
    "**",
    "__",
    "~~",
    "||",
    "`",
    "```",
    "```py\nprint('hi')\n```",
    "> ",
    "# ",
    "- ",
    "[x](https://e.vil)",
    "<https://e.vil>",
    "http://e.vil/@everyone",
    "www.e.vil",
    "\\",
    "\n\n",
    "-# small",
]
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u202e",
    "\u0000",
    "\r",
    "\t",
    "\u0301",
    "\U0001f4a5",
    "ﷺ",
    "Ⅻ",
    "ＡＷＳ",
    "٢٠٢٥",
    "𝕏",
]
DATES = [
    "31 February 2025",
    "30 feb",
    "29 feb 2023",
    "99:99 UTC",
    "25:61 pm",
    "monday 32 march",
    "2025-13-45T99:99Z",
    "9999999999 hours",
    "1,000,000,000,000 devices",
    "0.000001%",
    "last july",
    "yesterday",
    "in 2012",
    "2099",
    "1900",
    "00:00 PST",
]
FRAGMENTS = CLAIMS + MENTIONS + OPERATORS + MARKDOWN + INVISIBLE + DATES

fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))
joiner = st.sampled_from([" ", "", "\n", " OR ", "\u200b", " | ", "```"])
mixed_text = st.builds(lambda parts, sep: sep.join(parts), st.lists(fragment, max_size=25), joiner)
long_text = st.builds(
    lambda parts, repeat: (" ".join(parts) * repeat)[:20_000],
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6),
    st.integers(min_value=1, max_value=2_000),
)
claim_in_noise = st.builds(
    lambda before, claim, after: f"{before} {claim} {after}", mixed_text, st.sampled_from(CLAIMS), mixed_text
)
chat_text = st.one_of(st.text(max_size=400), mixed_text, long_text, claim_in_noise)


# --- a module-scoped seeded SQLite repository ---------------------------------------------


@pytest.fixture(scope="module")
def module_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IncidentRepository]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('properties') / 'factbot.db'}")
    create_schema(engine)
    repo = IncidentRepository(engine)
    asyncio.run(repo.import_incidents(SEED, actor="test"))  # SQL runs in worker threads: any loop
    yield repo
    engine.dispose()


@pytest.fixture(scope="module")
def name_index(module_repository: IncidentRepository) -> NameIndex:
    return asyncio.run(module_repository.name_index())


# --- what a reply must never do -----------------------------------------------------------

DISCORD_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone|@here", re.IGNORECASE)
UNESCAPED_MENTION = re.compile(r"(?<!\\)<[@#]")


def assert_never_pings(text: str, *, strict: bool) -> None:
    """No mention Discord would parse. `strict`: not even an escaped `<@` (user text never shown)."""
    assert not DISCORD_MENTION.search(text), text
    assert not UNESCAPED_MENTION.search(text), text
    if strict:
        assert "<@" not in text and "<#" not in text, text


def assert_fits_discord(reply: Reply) -> None:
    assert len(reply.as_text()) <= TEXT_LIMIT
    embed = reply_embed(reply)
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4_096
    assert len(embed.fields) <= 25
    for embed_field in embed.fields:
        assert len(embed_field.name or "") <= 256 and len(embed_field.value or "") <= 1_024
    assert len(embed.footer.text or "") <= 2_048
    assert len(embed) <= 6_000
    assert len(reply_embed(reply, updated=True)) <= 6_000
    for part in (embed.title or "", embed.description or "", *(f.value or "" for f in embed.fields)):
        assert not DISCORD_MENTION.search(part), part
        assert not UNESCAPED_MENTION.search(part), part


def assert_posted_reply_is_safe(answer: Answer) -> None:
    reply = answer.reply
    assert reply is not None
    for part in (reply.as_text(), reply.headline, *(s.text for s in reply.sentences)):
        assert_never_pings(part, strict=True)
    assert_fits_discord(reply)
    if answer.incident is None:
        assert reply.verdict is None and answer.draft is None
        return
    expected = answer.claim.verdict if answer.claim else Verdict.UNVERIFIED
    assert answer.verdict is expected and reply.verdict is expected
    assert answer.check is not None and answer.check.passed, answer.check.describe()
    assert answer.draft is not None
    assert answer.incident.state is ReviewState.APPROVED
    assert answer.claim is None or answer.incident.claim(answer.claim.id) == answer.claim
    claim_id = answer.claim.id if answer.claim else None
    assert check_draft(answer.draft, answer.incident, claim_id).passed
    assert len(reply.sentences) <= 4


# --- detect -------------------------------------------------------------------------------


@FAST
@given(text=chat_text)
@example(text="")
@example(text="\u200b" * 5_000 + "aws down hackers")
@example(text="```" + "aws was hacked " * 2_000)
def test_detect_never_raises_and_scores_within_bounds(text: str, name_index: NameIndex):
    detection = detect(text, name_index)
    assert 0.0 <= detection.confidence <= 1.0
    assert detection.is_claim == (detection.confidence >= 0.7)
    assert all(hit.name for hit in detection.services)


# --- retrieve, through the whole pipeline -------------------------------------------------


@SLOW
@given(text=chat_text, force=st.booleans())
@example(text='"crowdstrike" NEAR(cyberattack OR hack*) AND NOT -x ^y title:z (a & b | !c <-> d)', force=True)
@example(text="@everyone <@&123> <#9> the crowdstrike outage of july 2024 was a cyberattack", force=False)
@example(text="Cloudflare went down on 18 November 2025 because of a massive DDoS attack " * 300, force=True)
def test_the_pipeline_never_raises_and_its_reply_never_pings_or_overflows(
    text: str, force: bool, module_repository: IncidentRepository
):
    answer = asyncio.run(FactChecker(module_repository).answer(text, force=force))
    event("silent" if answer.reply is None else "no record" if answer.incident is None else "answered")
    if answer.reply is None:
        assert not force and not answer.detection.is_claim
        return
    assert_posted_reply_is_safe(answer)


@SLOW
@given(
    claim=st.sampled_from(CLAIMS[:5]),
    noise=st.lists(st.sampled_from(MENTIONS + OPERATORS + MARKDOWN + INVISIBLE), max_size=8),
)
def test_a_real_claim_wrapped_in_syntax_is_still_answered_safely(
    claim: str, noise: list[str], module_repository: IncidentRepository
):
    answer = asyncio.run(FactChecker(module_repository).answer(" ".join([*noise, claim, *noise])))
    event("no record" if answer.incident is None else "answered")
    assert answer.reply is not None
    assert_posted_reply_is_safe(answer)


# --- whatever a model drafts, what is posted was checked ----------------------------------


@pytest.fixture(scope="module")
def llm_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def _json_after(content: str, header: str):
    return json.loads(content.split(header, 1)[1].strip().splitlines()[0])


def scripted_model(plan: dict) -> Callable[[dict], object]:
    """A model that drafts from `plan`: sentences quoting the request's sources or saying anything."""

    def respond(request: dict):
        user = request["messages"][1]["content"]
        record = _json_after(user, "Incident record (JSON):")
        matched = _json_after(user, "Matched curated claim (JSON, or null):")
        sources = record["sources"]
        sentences = []
        for kind, value, index in plan["sentences"]:
            source = sources[index % len(sources)]
            if kind == "quote":
                quote = (excerpt_sentences(source["excerpt"]) or [source["excerpt"]])[0].replace('"', "'")
                sentences.append(
                    {
                        "text": f'{source["publisher"]}: "{quote}"',
                        "source_ids": [source["id"]],
                        "quote": quote,
                    }
                )
            else:
                sentences.append({"text": value, "source_ids": [source["id"]], "quote": None})
        right = plan["right_ids"]
        return json_content(
            {
                "incident_id": record["id"] if right else plan["incident_id"],
                "claim_id": (matched or {}).get("id") if right else plan["claim_id"],
                "verdict": ((matched or {}).get("verdict") or "unverified") if right else plan["verdict"],
                "sentences": sentences,
            }
        )

    return respond


model_plans = st.fixed_dictionaries(
    {
        "right_ids": st.booleans(),
        "incident_id": st.one_of(st.none(), st.sampled_from(SEED_IDS)),
        "claim_id": st.one_of(st.none(), st.sampled_from(["c1", "c2", "c3", "c4", "c9"])),
        "verdict": st.sampled_from([v.value for v in Verdict]),
        "sentences": st.lists(
            st.tuples(
                st.sampled_from(["quote", "quote", "text"]),
                st.one_of(
                    st.text(max_size=300), st.sampled_from(FRAGMENTS), mixed_text.map(lambda t: t[:400])
                ),
                st.integers(min_value=0, max_value=5),
            ),
            max_size=6,
        ),
    }
)


async def _answer_with_model(repository: IncidentRepository, server: FakeOpenAI, text: str) -> Answer:
    drafter = OpenAIDrafter(
        api_key="sk-test", model="m", base_url=server.base_url, request_timeout_s=2.0, deadline_s=5.0
    )
    try:
        return await FactChecker(repository, drafter, PipelineSettings(draft_deadline_s=5.0)).answer(text)
    finally:
        await drafter.aclose()


@settings(FAST, max_examples=60)
@given(claim=st.sampled_from(CLAIMS[:5]), plan=model_plans)
def test_whatever_a_model_drafts_the_posted_reply_was_checked(
    claim: str, plan: dict, module_repository: IncidentRepository, llm_server: FakeOpenAI
):
    llm_server.reset()
    llm_server.set_default(scripted_model(plan))
    answer = asyncio.run(_answer_with_model(module_repository, llm_server, claim))
    assert not llm_server.errors, llm_server.errors
    event(f"drafted by {answer.drafted_by}")
    assert_posted_reply_is_safe(answer)
    if answer.drafted_by == "llm":
        assert answer.attempts[-1].violations == ()


query_term = st.one_of(st.sampled_from(OPERATORS + MENTIONS), st.text(max_size=15))


@FAST
@given(terms=st.lists(query_term, max_size=20), named=st.sets(st.sampled_from(SEED_IDS), max_size=3))
@example(terms=['"', "NEAR(", "OR", ")", "*"], named=set())
@example(terms=["a:b", "-c", "^d", "e&f|!g", "h<->i", "j:*"], named=set())
def test_search_terms_never_reach_the_full_text_engine_as_syntax(
    terms: list[str], named: set[str], module_repository: IncidentRepository
):
    expression = fts.match_expression(terms)
    assert expression is None or re.fullmatch(r'"[0-9a-z]+"(?: OR "[0-9a-z]+")*', expression), expression
    tsquery = fts.tsquery_expression(terms)
    assert tsquery is None or re.fullmatch(r"[0-9a-z]+(?: \| [0-9a-z]+)*", tsquery), tsquery
    query = SearchQuery(terms=tuple(terms), incident_ids=frozenset(named))
    candidates = asyncio.run(module_repository.candidates(query))
    assert {c.incident.id for c in candidates} >= named
    for candidate in candidates:
        assert 0.0 <= candidate.text_score <= 1.0
        assert candidate.incident.state is ReviewState.APPROVED


# --- check --------------------------------------------------------------------------------

ids = st.one_of(st.sampled_from(["s1", "s2", "s3", "s4", "s5", "c1", "c9", ""]), st.text(max_size=8))
sentence = st.builds(
    DraftSentence,
    text=st.one_of(st.text(max_size=500), mixed_text.map(lambda t: t[:2_000])),
    source_ids=st.lists(ids, max_size=4),
    quote=st.one_of(st.none(), st.text(max_size=200), st.sampled_from(FRAGMENTS)),
)
drafts = st.builds(
    Draft,
    incident_id=st.one_of(st.none(), st.sampled_from(SEED_IDS), st.text(max_size=10)),
    claim_id=st.one_of(st.none(), st.sampled_from(["c1", "c2", "c3", "c4"]), st.text(max_size=5)),
    verdict=st.sampled_from(list(Verdict)),
    sentences=st.lists(sentence, max_size=8),
)
incidents = st.one_of(st.none(), st.sampled_from(SEED))
expected_claims = st.one_of(st.just(ANY_CLAIM), st.none(), st.sampled_from(["c1", "c2", "c9"]))


@FAST
@given(draft=drafts, incident=incidents, expected=expected_claims)
def test_check_draft_never_raises_on_arbitrary_drafts(draft: Draft, incident: Incident | None, expected):
    result = check_draft(draft, incident, expected)
    assert all(isinstance(line, str) and line for line in result.describe())
    if not draft.sentences:
        assert not result.passed


def _with_sentence(draft: Draft, text: str, incident: Incident, position: int) -> tuple[Draft, int]:
    sentences = list(draft.sentences)
    position = min(position, len(sentences))
    sentences.insert(position, DraftSentence(text=text, source_ids=[incident.sources[0].id]))
    return draft.model_copy(update={"sentences": sentences}), position + 1


separated = st.one_of(st.just(""), st.text(max_size=60).map(lambda t: t + " "))
hostile_token = st.sampled_from(["@everyone", "@here", "@EVERYONE", "http://", "https://", "HTTP://"])


@FAST
@given(
    draft=drafts,
    incident=st.sampled_from(SEED),
    before=separated,
    token=hostile_token,
    after=st.one_of(st.just(""), st.text(max_size=60).map(lambda t: " " + t)),
    position=st.integers(min_value=0, max_value=8),
)
def test_check_draft_always_flags_everyone_here_and_links(
    draft: Draft, incident: Incident, before: str, token: str, after: str, position: int
):
    text = (before + token + "e.vil" * token.endswith("//") + after)[:MAX_SENTENCE_CHARS]
    hostile, index = _with_sentence(draft, text, incident, position)
    result = check_draft(hostile, incident, ANY_CLAIM)
    rule = "url" if "//" in token else "mention"
    assert any(v.rule == rule and v.sentence == index for v in result.violations), result.describe()
    assert not result.passed


@FAST
@given(draft=drafts, incident=incidents, where=st.sampled_from(["text", "quote"]), token=hostile_token)
def test_a_draft_carrying_everyone_or_a_link_anywhere_never_passes(
    draft: Draft, incident: Incident | None, where: str, token: str
):
    payload = token + ("e.vil/x" if "//" in token else "")
    carrier = DraftSentence(
        text=f"Now {payload} now" if where == "text" else "Now.",
        source_ids=[incident.sources[0].id] if incident else [],
        quote=payload if where == "quote" else None,
    )
    hostile = draft.model_copy(update={"sentences": [*draft.sentences[:3], carrier]})
    result = check_draft(hostile, incident, ANY_CLAIM)
    assert not result.passed
    if where == "text":
        rule = "url" if "//" in token else "mention"
        assert any(v.rule == rule and v.sentence == len(hostile.sentences) for v in result.violations)


@FAST
@given(
    before=st.from_regex(r"[A-Za-z0-9_ ]{0,6}", fullmatch=True),
    token=st.sampled_from(["@everyone", "@here"]),
    after=st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True),
)
@example(before="a", token="@everyone", after="b")
def test_check_draft_flags_everyone_glued_to_words(before: str, token: str, after: str):
    incident = BY_ID["crowdstrike-2024-07-19"]
    draft = Draft(
        incident_id=incident.id,
        claim_id="c1",
        verdict=Verdict.REFUTED,
        sentences=[DraftSentence(text=before + token + after, source_ids=["s2"])],
    )
    result = check_draft(draft, incident, "c1")
    assert any(v.rule == "mention" for v in result.violations), result.describe()


def _known_figures(incident: Incident) -> set[float]:
    texts = [s.excerpt for s in incident.sources] + [incident.started_at.isoformat()]
    if incident.ended_at:
        texts.append(incident.ended_at.isoformat())
    known: set[float] = set()
    for text in texts:
        facts = extract_facts(text)
        known |= {q.value for q in facts.quantities} | set(facts.years)
        known |= {d.day for d in facts.dates if d.day}
    return known


@FAST
@given(incident=st.sampled_from(SEED), n=st.integers(min_value=100, max_value=10**300))
def test_check_draft_flags_a_figure_its_sources_do_not_give(incident: Incident, n: int):
    assume(not 1900 <= n <= 2099)  # a year, checked against the record's years instead
    assume(float(n) not in _known_figures(incident))
    text = f"About {n} devices were affected."
    draft = Draft(
        incident_id=incident.id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[DraftSentence(text=text, source_ids=[incident.sources[0].id])],
    )
    result = check_draft(draft, incident, None)
    assert any(v.rule == "number" for v in result.violations), (text[:80], result.describe())


@FAST
@given(incident=st.sampled_from(SEED), digits=st.integers(min_value=309, max_value=360))
@example(incident=BY_ID["crowdstrike-2024-07-19"], digits=309)
def test_check_draft_flags_an_overflowing_figure(incident: Incident, digits: int):
    source = next((s for s in incident.sources if extract_facts(s.excerpt).quantities), None)
    if source is None:  # the bug needs a cited source with some figure in it
        source = BY_ID["crowdstrike-2024-07-19"].sources[2]
        incident = BY_ID["crowdstrike-2024-07-19"]
    text = f"About {'9' * digits} devices were affected."
    draft = Draft(
        incident_id=incident.id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[DraftSentence(text=text, source_ids=[source.id])],
    )
    result = check_draft(draft, incident, None)
    assert any(v.rule == "number" for v in result.violations), result.describe()


# --- render -------------------------------------------------------------------------------


@FAST
@given(draft=drafts, incident=st.sampled_from(SEED))
@example(
    draft=Draft(
        incident_id=None,
        claim_id="c1",
        verdict=Verdict.REFUTED,
        sentences=[
            DraftSentence(
                text="<@123> <@&4> <#5> @everyone @here [x](http://e.vil) " * 35,
                source_ids=["s1", "s2", "s3", "s4"],
            )
        ]
        * 8,
    ),
    incident=BY_ID["cloudflare-2025-11-18"],
)
def test_any_rendered_draft_fits_discord_and_never_pings(draft: Draft, incident: Incident):
    reply = render_reply(draft, incident)
    for part in (reply.as_text(), reply.headline, *(s.text for s in reply.sentences)):
        assert_never_pings(part, strict=False)
    assert_fits_discord(reply)
    numbers = {s.number for s in reply.sources}
    assert numbers == set(range(1, len(reply.sources) + 1))
    assert all(set(s.citations) <= numbers for s in reply.sentences)


@FAST
@given(text=chat_text, limit=st.integers(min_value=1, max_value=TEXT_LIMIT))
def test_escape_neutralises_markdown_and_mentions(text: str, limit: int):
    escaped = escape(text)
    assert_never_pings(escaped, strict=False)
    # Every markdown character is escaped: unescaped ones would be preceded by an even run of '\'.
    for match in re.finditer(r"[*_~`|<>\[\]#]", escaped):
        run = len(escaped[: match.start()]) - len(escaped[: match.start()].rstrip("\\"))
        assert run % 2 == 1, (escaped, match.start())
    assert len(render_reply_for_limit(text).as_text(limit)) <= limit
    # "No record" never repeats the user's words: nothing to escape, nothing to ping.
    assert render_no_record(text) == render_no_record("")


def render_reply_for_limit(text: str) -> Reply:
    incident = BY_ID["fastly-2021-06-08"]
    sentences = [DraftSentence(text=text[:2_000] or "x", source_ids=[s.id]) for s in incident.sources]
    draft = Draft(incident_id=incident.id, claim_id="c1", verdict=Verdict.MISLEADING, sentences=sentences)
    return render_reply(draft, incident)


def _quotable() -> list[tuple[str, str, str]]:
    """(incident id, source id, text): runs of up to three consecutive excerpt sentences, quoted."""
    out = []
    for incident in SEED:
        for source in incident.sources:
            sentences = excerpt_sentences(source.excerpt)
            for i in range(len(sentences)):
                for j in range(i + 1, min(len(sentences), i + 3) + 1):
                    quote = " ".join(sentences[i:j]).replace('"', "'")
                    if "@" not in quote and "http" not in quote:
                        out.append((incident.id, source.id, quote))
    return out


QUOTABLE = _quotable()


def _quoting_draft(incident_id: str, source_id: str, quote: str) -> Draft:
    publisher = BY_ID[incident_id].source(source_id).publisher.split(" (")[0]
    return Draft(
        incident_id=incident_id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[DraftSentence(text=f'{publisher}: "{quote}"', source_ids=[source_id], quote=quote)],
    )


LONG_CHECKED_QUOTE = max(  # the longest verbatim quote that passes the check
    (
        quoted
        for quoted in QUOTABLE
        if len(_quoting_draft(*quoted).sentences[0].text) <= MAX_SENTENCE_CHARS
        and check_draft(_quoting_draft(*quoted), BY_ID[quoted[0]], None).passed
    ),
    key=lambda quoted: len(quoted[2]),
)


@FAST
@given(quoted=st.sampled_from(QUOTABLE))
@example(quoted=LONG_CHECKED_QUOTE)
def test_a_checked_sentence_is_posted_as_checked(quoted: tuple[str, str, str]):
    draft = _quoting_draft(*quoted)
    incident = BY_ID[quoted[0]]
    if len(draft.sentences[0].text) > MAX_SENTENCE_CHARS or not check_draft(draft, incident, None).passed:
        return
    reply = render_reply(draft, incident)
    assert reply.sentences[0].text == escape(draft.sentences[0].text)
