"""Settings, read once from the environment (and a `.env` file) into a frozen object.

A missing or malformed setting fails at start with a message naming the variable, rather
than as a confusing error minutes later in the middle of a reply.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from dotenv import dotenv_values

T = TypeVar("T")

DEFAULT_DATABASE_URL = "sqlite:///data/factbot.db"
DISCORD_API_BASE = "https://discord.com/api/v10"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    discord_token: str | None = None
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    llm_request_timeout_s: float = 8.0
    llm_deadline_s: float = 20.0
    llm_max_output_tokens: int = 600
    db_busy_timeout_ms: int = 5_000
    watch_cooldown_s: int = 600
    user_llm_answers_per_hour: int = 10
    guild_daily_llm_tokens: int = 200_000
    draft_cache_ttl_s: int = 3_600
    discord_api_base: str = DISCORD_API_BASE
    discord_gateway_url: str | None = None
    dev_guild_id: int | None = None
    shard_count: int | None = None
    organisation_name: str = "factbot"
    log_level: str = "INFO"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)


def _text(env: Mapping[str, str], name: str, default: str | None) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    return value.strip()


def _parse(env: Mapping[str, str], name: str, default: T, convert: Callable[[str], T], what: str) -> T:
    raw = _text(env, name, None)
    if raw is None:
        return default
    try:
        value = convert(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be {what}, got {raw!r}") from error
    if isinstance(value, int | float) and value <= 0:
        raise SettingsError(f"{name} must be {what} greater than zero, got {raw!r}")
    return value


def _url(env: Mapping[str, str], name: str, default: str | None, schemes: tuple[str, ...]) -> str | None:
    value = _text(env, name, default)
    if value is not None and not value.startswith(schemes):
        raise SettingsError(f"{name} must start with one of {', '.join(schemes)}, got {value!r}")
    return value


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Process environment wins over `.env`; `.env` fills what the environment leaves unset."""
    env: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        env.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    env.update(os.environ if environ is None else environ)

    database_url = _text(env, "DATABASE_URL", DEFAULT_DATABASE_URL)
    assert database_url is not None
    if "://" not in database_url:
        raise SettingsError(f"DATABASE_URL must be a SQLAlchemy URL such as {DEFAULT_DATABASE_URL}")
    log_level = (_text(env, "LOG_LEVEL", "INFO") or "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {log_level!r}")
    return Settings(
        database_url=database_url,
        discord_token=_text(env, "DISCORD_TOKEN", None),
        openai_api_key=_text(env, "OPENAI_API_KEY", None),
        openai_base_url=_url(env, "OPENAI_BASE_URL", None, ("http://", "https://")),
        openai_model=_text(env, "OPENAI_MODEL", "gpt-4o-mini") or "gpt-4o-mini",
        llm_request_timeout_s=_parse(env, "LLM_REQUEST_TIMEOUT_S", 8.0, float, "a number of seconds"),
        llm_deadline_s=_parse(env, "LLM_DEADLINE_S", 20.0, float, "a number of seconds"),
        llm_max_output_tokens=_parse(env, "LLM_MAX_OUTPUT_TOKENS", 600, int, "a whole number"),
        db_busy_timeout_ms=_parse(env, "DB_BUSY_TIMEOUT_MS", 5_000, int, "a whole number of milliseconds"),
        watch_cooldown_s=_parse(env, "WATCH_COOLDOWN_S", 600, int, "a whole number of seconds"),
        user_llm_answers_per_hour=_parse(env, "USER_LLM_ANSWERS_PER_HOUR", 10, int, "a whole number"),
        guild_daily_llm_tokens=_parse(env, "GUILD_DAILY_LLM_TOKENS", 200_000, int, "a whole number"),
        draft_cache_ttl_s=_parse(env, "DRAFT_CACHE_TTL_S", 3_600, int, "a whole number of seconds"),
        discord_api_base=_url(env, "DISCORD_API_BASE", DISCORD_API_BASE, ("http://", "https://"))
        or DISCORD_API_BASE,
        discord_gateway_url=_url(env, "DISCORD_GATEWAY_URL", None, ("ws://", "wss://")),
        dev_guild_id=_parse(env, "DEV_GUILD_ID", None, int, "a Discord guild id (digits)"),
        shard_count=_parse(env, "SHARD_COUNT", None, int, "a whole number"),
        organisation_name=_text(env, "ORGANISATION_NAME", "factbot") or "factbot",
        log_level=log_level,
    )
