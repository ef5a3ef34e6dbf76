"""detect → retrieve → draft → check → render: the one path every front end calls.

The console, the CLI, the evaluation and the Discord adapter all go through
`FactChecker.answer`, so a reply posted in Discord is exactly the reply `factbot ask`
prints. Nothing leaves this module unchecked: a model draft must pass the checker, is
regenerated once with its violations if it fails, and is otherwise replaced by the
record-built draft.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.check import CheckResult, check_draft
from bot.core.detect import Detection, detect
from bot.core.drafts import Draft
from bot.core.ports import Drafter, DraftRequest, IncidentStore
from bot.core.records import Claim, Incident, Verdict
from bot.core.render import Reply, render_no_record, render_reply
from bot.core.retrieve import Retrieval, retrieve
from bot.core.single_flight import SingleFlightCache
from bot.core.template import template_draft

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Attempt:
    drafted_by: str
    violations: tuple[str, ...] = ()
    error: str | None = None
    prompt_tokens: int = 0


Drafted = tuple[Draft, CheckResult, tuple[Attempt, ...]]


@dataclass(frozen=True, slots=True)
class Answer:
    detection: Detection
    retrieval: Retrieval | None
    reply: Reply | None  # None: stay silent
    draft: Draft | None = None
    check: CheckResult | None = None
    drafted_by: str = "none"  # llm | template | none
    attempts: tuple[Attempt, ...] = field(default_factory=tuple)
    reused: str = "made"  # made | shared (waited for a concurrent ask) | cached

    @property
    def incident(self) -> Incident | None:
        return self.retrieval.incident if self.retrieval else None

    @property
    def claim(self) -> Claim | None:
        return self.retrieval.claim if self.retrieval else None

    @property
    def verdict(self) -> Verdict | None:
        return self.draft.verdict if self.draft and self.incident else None

    @property
    def prompt_tokens(self) -> int:
        """Tokens this answer spent: none when it reused another ask's draft."""
        return 0 if self.reused != "made" else sum(a.prompt_tokens for a in self.attempts)


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    draft_deadline_s: float = 20.0  # the whole LLM part, retries and regeneration included
    llm_attempts: int = 2  # first draft plus one regeneration with the violations
    draft_cache_ttl_s: float = 3_600.0  # how long a checked LLM draft is reused
    fallback_cache_ttl_s: float = 60.0  # how long a record-built fallback stands in for the LLM


class FactChecker:
    def __init__(
        self,
        store: IncidentStore,
        drafter: Drafter | None = None,
        settings: PipelineSettings | None = None,
    ) -> None:
        self.store = store
        self.drafter = drafter
        self.settings = settings or PipelineSettings()
        self.drafts: SingleFlightCache[Drafted] = SingleFlightCache()

    async def screen(self, text: str, *, quick: bool = False) -> Detection:
        """Detection only: cheap enough (with `quick`) for every message in a watched channel."""
        return detect(text, await self.store.name_index(), quick=quick)

    async def lookup(self, detection: Detection, now: datetime | None = None) -> Retrieval:
        """Retrieval only: lets a caller apply cooldowns before paying for a draft."""
        return await retrieve(detection, self.store, now=now)

    async def answer(
        self,
        text: str,
        *,
        force: bool = True,
        use_llm: bool = True,
        now: datetime | None = None,
        detection: Detection | None = None,
        retrieval: Retrieval | None = None,
    ) -> Answer:
        """Answer a message. `force` answers even when detection is unsure (a direct ask)."""
        detection = detection or await self.screen(text, quick=not force)
        if not force and not detection.is_claim:
            return Answer(detection, None, None)
        retrieval = retrieval or await self.lookup(detection, now=now)
        if retrieval.incident is None:
            return Answer(detection, retrieval, render_no_record(detection.text), drafted_by="template")
        incident = retrieval.incident
        reused = "made"
        if self.drafter is not None and use_llm:
            key = (incident.id, retrieval.claim.id if retrieval.claim else None, incident.version)
            (draft, result, attempts), reused = await self.drafts.get(
                key, lambda: self._draft_checked(text, retrieval, use_llm=True), self._cache_ttl
            )
        else:
            draft, result, attempts = await self._draft_checked(text, retrieval, use_llm=False)
        return Answer(
            detection=detection,
            retrieval=retrieval,
            reply=render_reply(draft, retrieval.incident),
            draft=draft,
            check=result,
            drafted_by=attempts[-1].drafted_by,
            attempts=attempts,
            reused=reused,
        )

    def _cache_ttl(self, drafted: Drafted) -> float:
        _draft, _result, attempts = drafted
        if attempts[-1].drafted_by == "llm":
            return self.settings.draft_cache_ttl_s
        return min(self.settings.fallback_cache_ttl_s, self.settings.draft_cache_ttl_s)

    async def _draft_checked(self, text: str, retrieval: Retrieval, *, use_llm: bool) -> Drafted:
        incident = retrieval.incident
        assert incident is not None
        claim = retrieval.claim
        expected_claim = claim.id if claim else None
        attempts: list[Attempt] = []
        if self.drafter is not None and use_llm:
            try:
                async with asyncio.timeout(self.settings.draft_deadline_s):
                    feedback: tuple[str, ...] = ()
                    for _ in range(self.settings.llm_attempts):
                        outcome = await self.drafter.draft(DraftRequest(text, incident, claim, feedback))
                        if outcome.draft is None:
                            attempts.append(
                                Attempt("llm", error=outcome.error, prompt_tokens=outcome.prompt_tokens)
                            )
                            log.warning("LLM draft failed for %s: %s", incident.id, outcome.error)
                            break
                        result = check_draft(outcome.draft, incident, expected_claim)
                        attempts.append(
                            Attempt("llm", tuple(result.describe()), prompt_tokens=outcome.prompt_tokens)
                        )
                        if result.passed:
                            return outcome.draft, result, tuple(attempts)
                        log.info("LLM draft for %s failed the check: %s", incident.id, result.describe())
                        feedback = tuple(result.describe())
            except TimeoutError:
                deadline = self.settings.draft_deadline_s
                attempts.append(Attempt("llm", error=f"deadline of {deadline:g} s passed"))
                log.warning("LLM drafting for %s passed its deadline", incident.id)
        draft = template_draft(incident, claim, text)
        result = check_draft(draft, incident, expected_claim)
        if not result.passed:
            # The record-built draft should always pass; if a record defeats it, say less.
            log.error("record-built draft for %s failed the check: %s", incident.id, result.describe())
            draft = Draft(
                incident_id=incident.id, claim_id=expected_claim, verdict=draft.verdict, sentences=[]
            )
            result = CheckResult()
        attempts.append(Attempt("template", tuple(result.describe())))
        return draft, result, tuple(attempts)
