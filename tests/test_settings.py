"""Settings load once, typed and frozen; a bad value fails at start naming the variable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


def test_defaults_need_no_configuration():
    settings = load_settings({}, env_file=None)
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert not settings.llm_enabled and settings.discord_token is None


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_settings({}, env_file=None).watch_cooldown_s = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WATCH_COOLDOWN_S", "ten minutes"),
        ("LLM_DEADLINE_S", "-3"),
        ("DEV_GUILD_ID", "my-guild"),
        ("OPENAI_BASE_URL", "localhost:8000"),
        ("DATABASE_URL", "factbot.db"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_a_malformed_setting_names_the_variable(name: str, value: str):
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value}, env_file=None)


def test_the_environment_wins_over_the_env_file(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("OPENAI_MODEL=from-file\nWATCH_COOLDOWN_S=60\n", encoding="utf-8")
    settings = load_settings({"OPENAI_MODEL": "from-env"}, env_file=env_file)
    assert settings.openai_model == "from-env" and settings.watch_cooldown_s == 60


def test_the_cli_refuses_to_start_on_a_bad_setting(monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setenv("WATCH_COOLDOWN_S", "soon")
    assert main(["db", "init"]) == 2
    assert "WATCH_COOLDOWN_S" in capsys.readouterr().err


def test_env_example_documents_every_setting():
    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text(encoding="utf-8")
    for field in dataclasses.fields(load_settings({}, env_file=None)):
        assert field.name.upper() in example, field.name
