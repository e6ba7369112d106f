"""Settings, read once from the environment and ``.env``."""
from __future__ import annotations

import os
from datetime import time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_URL = "https://api.telegram.org/bot"
BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def default_corpus_dir() -> Path:
    """``seeds/`` in the working folder if there is one, else the seeds bundled with the project."""
    local = Path("seeds")
    return local if local.is_dir() or not BUNDLED_SEEDS.is_dir() else BUNDLED_SEEDS


class ConfigError(Exception):
    """A missing or malformed setting; the message is one line naming it."""


def _id_set(value: object) -> frozenset[int]:
    if value is None or value == "":
        return frozenset()
    if isinstance(value, (set, frozenset, list, tuple)):
        items = list(value)
    else:
        items = [v for v in str(value).replace(";", ",").replace(" ", ",").split(",") if v]
    try:
        return frozenset(int(v) for v in items)
    except ValueError:
        raise ValueError("must be a comma-separated list of numeric Telegram ids") from None


# Settings that must fall within bounds: (lowest, highest, what the error says).
_BOUNDS = {
    "results_per_page": (1, 10, "must be between 1 and 10"),
    "corpus_workers": (0, 64, "must be between 0 (one per core) and 64"),
    "concurrent_updates": (1, 1024, "must be between 1 and 1024"),
}


class Settings(BaseSettings):
    """Everything the bot reads from its environment (see ``.env.example``)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_API_URL
    corpus_dir: Path = Field(default_factory=default_corpus_dir)
    coverage_db: Path = Path("data/coverage.db")
    coverage_outlet_types: Path | None = None  # a table of outlet types of one's own (see corpus/data/outlets.tsv)
    coverage_semantic: str = "on"  # search by meaning beside words: "on" or "off"
    coverage_cache_dir: Path | None = None  # where derived tables are kept (default ~/.cache/coverage-bot)
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    allowed_chats: Annotated[frozenset[int], NoDecode] = frozenset()
    bot_timezone: str = "Asia/Shanghai"
    digest_time: time = time(8, 0)
    results_per_page: int = 3
    digest_stories: int = 10  # stories on one page of a digest
    rescan_seconds: int = 60
    chat_rate_limit: int = 20  # expensive requests a chat may make a minute (0: no limit)
    corpus_workers: int = 0  # threads that answer questions beside the event loop (0: one per core)
    concurrent_updates: int = 64  # updates handled at once (one chat's in order); 1: one at a time
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = 8443
    webhook_listen: str = "0.0.0.0"
    log_level: str = "INFO"

    @field_validator("admin_ids", "allowed_chats", mode="before")
    @classmethod
    def _ids(cls, value: object) -> frozenset[int]:
        return _id_set(value)

    @field_validator("bot_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use a name such as Asia/Shanghai)") from None
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as http://127.0.0.1:8081/bot")
        return value.rstrip("/")

    @field_validator("rescan_seconds")
    @classmethod
    def _rescan(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must be 0 (off) or a number of seconds")
        return value

    @field_validator(*_BOUNDS)
    @classmethod
    def _within(cls, value: int, info: ValidationInfo) -> int:
        low, high, message = _BOUNDS[info.field_name]
        if not low <= value <= high:
            raise ValueError(message)
        return value

    @property
    def workers(self) -> int:
        """How many threads answer questions: ``CORPUS_WORKERS``, or one per core."""
        return self.corpus_workers or os.cpu_count() or 2

    @property
    def token(self) -> str | None:
        """The bot token, or None when running offline."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def zone(self) -> ZoneInfo:
        """The time zone used for dates shown to users."""
        return ZoneInfo(self.bot_timezone)


def load_settings(env_file: str | os.PathLike[str] | None = ".env", **overrides: object) -> Settings:
    """Return the settings; raises ``ConfigError`` with one line naming the first bad setting."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err.get("loc") else "setting"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        raise ConfigError(f"{name}: {message}") from None
