"""The draft contract: what a drafter (LLM or template) hands to the checker."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.core.records import Verdict

MAX_SENTENCES = 6
MAX_SENTENCE_CHARS = 400


class DraftSentence(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(max_length=2_000)
    source_ids: list[str] = Field(max_length=10)
    quote: str | None = Field(default=None, max_length=2_000)


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    incident_id: str | None
    claim_id: str | None
    verdict: Verdict
    sentences: list[DraftSentence] = Field(max_length=20)


def draft_json_schema() -> dict[str, Any]:
    """The strict JSON schema sent as the LLM's structured-output format."""
    nullable_string = {"type": ["string", "null"]}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["incident_id", "claim_id", "verdict", "sentences"],
        "properties": {
            "incident_id": nullable_string,
            "claim_id": nullable_string,
            "verdict": {"type": "string", "enum": [v.value for v in Verdict]},
            "sentences": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text", "source_ids", "quote"],
                    "properties": {
                        "text": {"type": "string"},
                        "source_ids": {"type": "array", "items": {"type": "string"}},
                        "quote": nullable_string,
                    },
                },
            },
        },
    }
