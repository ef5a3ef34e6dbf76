"""The development evaluation set meets the thresholds the core issue sets."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.conftest import DEV_EVAL

pytestmark = pytest.mark.skipif(not (DEV_EVAL / "kb.json").is_file(), reason="no shared dev evaluation set")


def evaluate(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert main(["eval", str(DEV_EVAL), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_factbot_eval_meets_the_thresholds(capsys):
    report = evaluate(capsys)
    assert report["detection"]["precision"] >= 0.95 and report["detection"]["f1"] >= 0.90
    assert report["claims"]["incident_accuracy"] >= 0.90
    assert report["claims"]["verdict_accuracy"] >= 0.90
    assert report["drafts"]["catch_rate"] >= 0.98
    assert report["drafts"]["false_reject_rate"] <= 0.05


def test_the_figures_are_the_same_on_either_database(capsys, database_url: str):
    sqlite = evaluate(capsys)
    other = evaluate(capsys, "--database-url", database_url)
    for part, key in [
        ("detection", "f1"),
        ("claims", "incident_accuracy"),
        ("claims", "claim_accuracy"),
        ("claims", "verdict_accuracy"),
        ("drafts", "catch_rate"),
        ("drafts", "false_reject_rate"),
    ]:
        assert abs(sqlite[part][key] - other[part][key]) <= 0.02, (part, key)


def test_eval_refuses_a_database_that_is_not_empty(capsys, database_url: str):
    assert main(["eval", str(DEV_EVAL), "--database-url", database_url]) == 0
    assert main(["eval", str(DEV_EVAL), "--database-url", database_url]) == 1
    assert "must be empty" in capsys.readouterr().err
