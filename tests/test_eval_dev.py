"""The development evaluation set meets the thresholds the core issue sets."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.conftest import DEV_EVAL

pytestmark = pytest.mark.skipif(not (DEV_EVAL / "kb.json").is_file(), reason="no shared dev evaluation set")


def test_factbot_eval_meets_the_thresholds(capsys):
    assert main(["eval", str(DEV_EVAL), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["detection"]["precision"] >= 0.95 and report["detection"]["f1"] >= 0.90
    assert report["claims"]["incident_accuracy"] >= 0.90
    assert report["claims"]["verdict_accuracy"] >= 0.90
    assert report["drafts"]["catch_rate"] >= 0.98
    assert report["drafts"]["false_reject_rate"] <= 0.05


def test_eval_refuses_a_database_that_is_not_empty(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'full.db'}"
    assert main(["eval", str(DEV_EVAL), "--database-url", url]) == 0
    assert main(["eval", str(DEV_EVAL), "--database-url", url]) == 1
    assert "must be empty" in capsys.readouterr().err
