"""5. Prompt tokens per draft: factbot's prompt vs naive retrieval-augmented prompting.

For every curated claim of the seed, posted as a chat message, the message is screened and
looked up on the seeded database as the bot does. factbot's prompt is `build_messages` (the
matched incident, compactly, and the matched claim). The naive prompt uses the same system
prompt and user template but sends 5 incidents whole, as their full JSON (`incident_to_json`),
as many RAG bots do: the matched one plus the 4 best full-text hits for the message's words.
Both are counted with `bot.prompts.estimate_tokens`.
"""

from __future__ import annotations

import json
import re

from bench.common import Row, Section, p50, p95
from bot.core.kb_format import incident_to_json
from bot.core.pipeline import FactChecker
from bot.core.ports import DraftRequest
from bot.core.records import Incident
from bot.core.render import MAX_REPLY_SENTENCES
from bot.core.text import STOPWORDS, fold
from bot.llm.openai_drafter import build_messages
from bot.prompts import estimate_tokens, load_prompt
from bot.storage import fts

GOAL_SHARE = 0.5
TOP = 5


def tokens(messages: list[dict[str, str]]) -> int:
    return sum(estimate_tokens(m["content"]) for m in messages)


def naive_top(engine, text: str, matched: Incident) -> list[str]:
    """A naive retriever's top 5: the matched incident, then the best full-text hits for the message's
    words (stopwords dropped, nothing else tuned), as a plain RAG bot would rank them."""
    words = tuple(dict.fromkeys(w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS))
    with engine.connect() as conn:
        hits = [incident_id for incident_id, _score in fts.search(conn, words, TOP + 1)]
    return [matched.id, *[i for i in hits if i != matched.id]][:TOP]


async def naive_messages(checker: FactChecker, text: str, matched: Incident) -> list[dict[str, str]]:
    store = checker.store
    ids = naive_top(store.engine, text, matched)
    top = [incident for i in ids if (incident := await store.get(i)) is not None]
    records = json.dumps([incident_to_json(i) for i in top], ensure_ascii=False, separators=(",", ":"))
    system = load_prompt("draft_system").render(max_sentences=str(MAX_REPLY_SENTENCES))
    user = load_prompt("draft_user").render(
        records=records, matched_claim="null", user_message=text, feedback=""
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


async def run(checker: FactChecker, seed: tuple[Incident, ...]) -> Section:
    section = Section("5. Prompt tokens per draft")
    ours: list[int] = []
    naive: list[int] = []
    unmatched = 0
    for incident in seed:
        for claim in incident.claims:
            text = claim.text
            detection = await checker.screen(text)
            retrieval = await checker.lookup(detection)
            if retrieval.incident is None:
                unmatched += 1
                continue
            request = DraftRequest(text, retrieval.incident, retrieval.claim)
            ours.append(tokens(build_messages(request)))
            naive.append(tokens(await naive_messages(checker, text, retrieval.incident)))
    share = sum(ours) / sum(naive)
    section.rows.append(
        Row(
            f"Prompt tokens per draft ({len(ours)} claims)",
            f"mean {sum(ours) / len(ours):,.0f} · p95 {p95(ours):,}",
            f"{TOP} incidents as full JSON (matched + top full-text hits): "
            f"mean {sum(naive) / len(naive):,.0f} · p95 {p95(naive):,}",
            f"{share:.2f}× (mean)",
            "< 0.5×",
            share < GOAL_SHARE,
        )
    )
    system_tokens = estimate_tokens(
        load_prompt("draft_system").render(max_sentences=str(MAX_REPLY_SENTENCES))
    )
    section.add(
        f"- Every curated claim of the {len(seed)} seed incidents, as a chat message: {len(ours)} matched an "
        f'incident ({unmatched} did not and would get the record-built "no record" reply, no prompt).',
        f"- factbot: p50 {p50(ours):,} tokens, max {max(ours):,}; "
        f"naive: p50 {p50(naive):,}, max {max(naive):,}. "
        f"Both include the same system prompt ({system_tokens:,} tokens). Tokens are "
        "`estimate_tokens` (about four characters a token).",
    )
    return section
