"""`factbot eval DIR`: scores detection, retrieval and the checker on the contract's files.

It runs offline (drafts are checked directly, the LLM is never called) against a fresh
temporary SQLite database, or an empty database given by URL; the bot's own database is
never touched.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.core.check import check_draft
from bot.core.detect import detect
from bot.core.drafts import Draft
from bot.core.kb_format import load_knowledge_base_text
from bot.core.pipeline import FactChecker
from bot.core.records import Verdict
from bot.core.retrieve import retrieve
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import IncidentRepository


class EvaluationError(RuntimeError):
    pass


@dataclass
class EvalReport:
    scores: dict[str, Any] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {**self.scores, "failures": self.failures}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise EvaluationError(f"{path.name} line {number}: not JSON ({error})") from error
    return cases


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


async def evaluate(directory: Path, database_url: str | None = None) -> EvalReport:
    kb_path = directory / "kb.json"
    if not kb_path.is_file():
        raise EvaluationError(f"{directory} has no kb.json")
    parsed = load_knowledge_base_text(kb_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="factbot-eval-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'eval.db'}"
        engine = make_engine(url)
        try:
            prepare(engine)
            repository = IncidentRepository(engine)
            if await repository.count():
                raise EvaluationError("the evaluation database must be empty")
            await repository.import_incidents(parsed.incidents, actor="eval")
            return await _score(directory, repository)
        finally:
            engine.dispose()


async def _score(directory: Path, repository: IncidentRepository) -> EvalReport:
    report = EvalReport()
    names = await repository.name_index()
    checker = FactChecker(repository)

    detection_path = directory / "detection.jsonl"
    if detection_path.is_file():
        tp = fp = fn = 0
        cases = read_jsonl(detection_path)
        for case in cases:
            predicted = detect(case["text"], names).is_claim
            tp += predicted and case["is_claim"]
            fp += predicted and not case["is_claim"]
            fn += (not predicted) and case["is_claim"]
            if predicted != case["is_claim"]:
                report.failures.append(
                    {"file": "detection", "text": case["text"], "expected": case["is_claim"]}
                )
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        report.scores["detection"] = {"precision": precision, "recall": recall, "f1": f1, "n": len(cases)}

    claims_path = directory / "claims.jsonl"
    if claims_path.is_file():
        cases = read_jsonl(claims_path)
        incident_ok = claim_ok = verdict_ok = verdict_n = 0
        for case in cases:
            result = await retrieve(await checker.screen(case["text"]), repository)
            incident_id = result.incident.id if result.incident else None
            claim_id = result.claim.id if result.claim else None
            verdict = (
                result.claim.verdict.value
                if result.claim
                else (Verdict.UNVERIFIED.value if result.incident else None)
            )
            incident_ok += incident_id == case["incident_id"]
            claim_ok += claim_id == case["claim_id"] and incident_id == case["incident_id"]
            if case.get("verdict") is not None:
                verdict_n += 1
                verdict_ok += verdict == case["verdict"]
            if (incident_id, claim_id) != (case["incident_id"], case["claim_id"]):
                report.failures.append(
                    {
                        "file": "claims",
                        "text": case["text"],
                        "expected": [case["incident_id"], case["claim_id"]],
                        "got": [incident_id, claim_id],
                    }
                )
        report.scores["claims"] = {
            "incident_accuracy": _ratio(incident_ok, len(cases)),
            "claim_accuracy": _ratio(claim_ok, len(cases)),
            "verdict_accuracy": _ratio(verdict_ok, verdict_n),
            "n": len(cases),
        }

    drafts_path = directory / "drafts.jsonl"
    if drafts_path.is_file():
        cases = read_jsonl(drafts_path)
        caught = unfaithful = rejected_faithful = faithful = 0
        for case in cases:
            incident = await repository.get(case["incident_id"])
            try:
                draft = Draft.model_validate(case["draft"])
                violations = check_draft(draft, incident).describe()
            except ValidationError as error:
                violations = [f"draft does not match the schema: {error.error_count()} errors"]
            passed = not violations
            if case["faithful"]:
                faithful += 1
                rejected_faithful += not passed
            else:
                unfaithful += 1
                caught += not passed
            if passed != case["faithful"]:
                report.failures.append(
                    {
                        "file": "drafts",
                        "name": case["name"],
                        "faithful": case["faithful"],
                        "violations": violations,
                    }
                )
        report.scores["drafts"] = {
            "catch_rate": _ratio(caught, unfaithful),
            "false_reject_rate": _ratio(rejected_faithful, faithful),
            "n": len(cases),
        }
    return report
