"""What the core answers over a fixed corpus, printed as JSON (`python -m tests.screen_probe`).

tests/test_compiled.py runs it once with the compiled screen and once as Python: the two
outputs must be equal, answer for answer. The corpus is the development evaluation set (or
the seed without it) and each of its texts dressed as chat dresses it.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

from bot.core.check import check_draft
from bot.core.detect import Detection, detect, screen_text
from bot.core.drafts import Draft
from bot.core.kb_format import load_knowledge_base_text
from bot.core.retrieve import retrieve
from bot.core.text import fold
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import IncidentRepository
from tests.conftest import DEV_EVAL, SEED


def dressed(text: str) -> list[str]:
    """`text` as chat also writes it: shouted, in markdown, after a mention, with emoji, quoted."""
    return [
        text,
        text.upper(),
        f"**{text}** 🔥🔥",
        f"<@123456789012345678> {text}",
        f"> {text}\n`code`",
        f"{text} https://example.com/x?y=1 ｆｕｌｌ-ｗｉｄｔｈ",
    ]


def detection_json(found: Detection) -> list[Any]:
    return [
        found.is_claim,
        found.confidence,
        found.text,
        [h.name for h in found.services],
        list(found.reasons),
    ]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


async def answers() -> dict[str, Any]:
    kb = DEV_EVAL / "kb.json" if (DEV_EVAL / "kb.json").is_file() else SEED
    incidents = load_knowledge_base_text(kb.read_text(encoding="utf-8")).incidents
    texts = [
        case["text"] for name in ("detection", "claims") for case in read_jsonl(DEV_EVAL / f"{name}.jsonl")
    ]
    texts += [claim.text for incident in incidents for claim in incident.claims]
    corpus = [variant for text in texts for variant in dressed(text)]
    out: dict[str, Any] = {"detect": [], "retrieve": [], "check": []}
    with tempfile.TemporaryDirectory(prefix="factbot-probe-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'probe.db'}")
        try:
            prepare(engine)
            repository = IncidentRepository(engine)
            await repository.import_incidents(incidents, actor="probe")
            names = await repository.name_index()
            for text in corpus:
                full = detect(text, names)
                out["detect"].append(
                    [
                        fold(text),
                        screen_text(text),
                        detection_json(detect(text, names, quick=True)),
                        detection_json(full),
                    ]
                )
            for text in texts:
                found = await retrieve(detect(text, names), repository)
                out["retrieve"].append(
                    [found.incident.id if found.incident else None, found.claim.id if found.claim else None]
                )
        finally:
            engine.dispose()
    by_id = {incident.id: incident for incident in incidents}
    for case in read_jsonl(DEV_EVAL / "drafts.jsonl"):
        draft = Draft.model_validate(case["draft"])
        out["check"].append(check_draft(draft, by_id[case["incident_id"]]).describe())
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(answers()), ensure_ascii=False, sort_keys=True))
