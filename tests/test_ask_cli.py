"""`factbot ask`: the whole pipeline once, as a user or a script sees it."""

from __future__ import annotations

import json

import pytest

from bot.cli import main

FIELDS = {"is_claim", "incident_id", "claim_id", "verdict", "drafted_by", "check", "prompt_tokens", "reply"}


@pytest.fixture(autouse=True)
def _database(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)


def ask_json(capsys: pytest.CaptureFixture[str], *text: str) -> dict:
    assert main(["ask", *text, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ask_json_reports_the_whole_pipeline(capsys):
    result = ask_json(capsys, "was the crowdstrike outage in july 2024 a cyberattack?")
    assert result.keys() >= FIELDS
    assert result["incident_id"] == "crowdstrike-2024-07-19"
    assert result["verdict"] == "refuted"
    assert result["drafted_by"] == "template"
    assert result["check"] == {"passed": True, "violations": []}
    assert result["reply"].startswith("**False**")


def test_a_claim_without_a_record_says_so(capsys):
    result = ask_json(capsys, "is myspace down?")
    assert result["incident_id"] is None and result["verdict"] is None
    assert "no record" in result["reply"]


def test_ask_prints_the_reply_as_text(capsys):
    assert main(["ask", "did", "fastly", "go", "down", "in", "june", "2021?"]) == 0
    out = capsys.readouterr().out
    assert "fastly" in out.lower() and "Checked against" in out


@pytest.mark.parametrize(
    "text",
    [
        " ",
        "x" * 20_000,
        "\x00\x01\x02 \ufffd\ufffd \x7f\x80",
        "Twitter упал 推特宕机了 تويتر معطل — was it hacked?",
        '"aws" OR hack* NEAR(x, 2) -cloudflare AND (',
        "# **AWS** was ~~hacked~~ [see](http://evil.example) ||spoiler|| `rm -rf`",
        "<@123> <@&456> @everyone @here aws hacked?",
    ],
)
def test_odd_input_gets_a_clear_answer_and_no_traceback(capsys, text: str):
    result = ask_json(capsys, text)
    assert result["reply"] is not None
    assert "@everyone" not in result["reply"] and "@here" not in result["reply"]
    assert len(result["reply"]) <= 2_000
