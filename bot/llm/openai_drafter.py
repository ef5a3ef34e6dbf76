"""Drafts replies with any OpenAI-compatible chat-completions server.

The client makes no retries of its own (`max_retries=0`): tenacity owns them, retrying only
what can succeed on a second try (connection errors, timeouts, 429 honouring Retry-After,
5xx) and never past the overall deadline. Everything else (a refusal, truncated or invalid
JSON, the wrong schema) comes back as a failed outcome with its cause, and the pipeline falls
back to the record-built reply.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import openai
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from bot.core.drafts import Draft, draft_json_schema
from bot.core.kb_format import iso
from bot.core.ports import DraftOutcome, DraftRequest
from bot.core.render import MAX_REPLY_SENTENCES
from bot.prompts import estimate_tokens, load_prompt

log = logging.getLogger(__name__)

MAX_RETRY_AFTER_S = 10.0
MAX_USER_TEXT = 1_500


def is_transient(error: BaseException) -> bool:
    if isinstance(error, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(error, openai.RateLimitError):
        return True
    return isinstance(error, openai.APIStatusError) and error.status_code >= 500


def retry_after_seconds(error: BaseException | None) -> float | None:
    if not isinstance(error, openai.APIStatusError):
        return None
    headers = error.response.headers
    for name in ("retry-after-ms", "retry-after"):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            seconds = float(raw) / (1000 if name.endswith("ms") else 1)
        except ValueError:
            continue
        return max(0.0, min(seconds, MAX_RETRY_AFTER_S))
    return None


class _WaitHonouringRetryAfter:
    def __init__(self) -> None:
        self._backoff = wait_random_exponential(multiplier=0.25, max=4.0)

    def __call__(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        hinted = retry_after_seconds(error)
        return hinted if hinted is not None else self._backoff(state)


def records_json(request: DraftRequest) -> tuple[str, str]:
    """Only the matched records, compactly: the incident, its sources and the matched claim."""
    incident = request.incident
    record = {
        "id": incident.id,
        "service": incident.service,
        "title": incident.title,
        "started_at": iso(incident.started_at),
        "ended_at": iso(incident.ended_at),
        "status": incident.status.value,
        "cause": incident.cause,
        "cause_status": incident.cause_status.value,
        "sources": [{"id": s.id, "publisher": s.publisher, "excerpt": s.excerpt} for s in incident.sources],
    }
    claim = request.claim
    matched = (
        {
            "id": claim.id,
            "text": claim.text,
            "verdict": claim.verdict.value,
            "explanation": claim.explanation,
            "source_ids": list(claim.source_ids),
        }
        if claim
        else None
    )
    return (
        json.dumps(record, ensure_ascii=False, separators=(",", ":")),
        json.dumps(matched, ensure_ascii=False, separators=(",", ":")),
    )


def build_messages(request: DraftRequest) -> list[dict[str, str]]:
    records, matched = records_json(request)
    user_text = request.user_text[:MAX_USER_TEXT].replace("USER_MESSAGE>>>", "USER_MESSAGE >>>")
    feedback = ""
    if request.feedback:
        feedback = (
            "\nYour previous draft failed the fact check. Fix every problem:\n"
            + "\n".join(f"- {line}" for line in request.feedback)
            + "\n"
        )
    system = load_prompt("draft_system").render(max_sentences=str(MAX_REPLY_SENTENCES))
    user = load_prompt("draft_user").render(
        records=records, matched_claim=matched, user_message=user_text, feedback=feedback
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


class OpenAIDrafter:
    name = "llm"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        request_timeout_s: float = 8.0,
        deadline_s: float = 20.0,
        max_output_tokens: int = 600,
        max_attempts: int = 4,
    ) -> None:
        self.model = model
        self.deadline_s = deadline_s
        self.max_output_tokens = max_output_tokens
        self.max_attempts = max_attempts
        self.client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, timeout=request_timeout_s, max_retries=0
        )

    async def aclose(self) -> None:
        await self.client.close()

    async def _complete(self, messages: list[dict[str, str]]) -> Any:
        retrying = AsyncRetrying(
            retry=retry_if_exception(is_transient),
            wait=_WaitHonouringRetryAfter(),
            stop=stop_after_attempt(self.max_attempts) | stop_after_delay(self.deadline_s),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self.client.chat.completions.create(
                    model=self.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=0,
                    max_tokens=self.max_output_tokens,
                    response_format={
                        "type": "json_schema",
                        "json_schema": {
                            "name": "factbot_draft",
                            "schema": draft_json_schema(),
                            "strict": True,
                        },
                    },
                )
        raise AssertionError("unreachable")  # pragma: no cover

    async def draft(self, request: DraftRequest) -> DraftOutcome:
        messages = build_messages(request)
        estimate = sum(estimate_tokens(m["content"]) for m in messages)
        started = time.monotonic()
        try:
            response = await self._complete(messages)
        except openai.APIError as error:
            return self._failed(f"{type(error).__name__}: {error}", estimate, started)
        except ValueError as error:  # a malformed JSON body is not wrapped by the SDK
            return self._failed(f"malformed response: {error}", estimate, started)
        if isinstance(response, str) or not getattr(response, "choices", None):
            return self._failed("response is not a chat completion", estimate, started)
        usage = getattr(response, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or estimate)
        choice = response.choices[0]
        message = choice.message
        if getattr(message, "refusal", None):
            return self._failed(f"model refused: {message.refusal}", prompt_tokens, started)
        if choice.finish_reason == "length":
            return self._failed("draft was cut off (finish_reason=length)", prompt_tokens, started)
        try:
            draft = Draft.model_validate_json(message.content or "")
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "draft"
            reason = f"draft does not match the schema ({where}: {first['msg']})"
            return self._failed(reason, prompt_tokens, started)
        return DraftOutcome(draft, prompt_tokens)

    def _failed(self, reason: str, tokens: int, started: float) -> DraftOutcome:
        log.warning("LLM draft failed after %.1f s: %s", time.monotonic() - started, reason)
        return DraftOutcome(None, tokens, reason)
