"""One typed Settings object, read from the environment or `.env`. Every option is in README."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite://data/kabarrt.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        DEFAULT_DATABASE_URL, description="Tortoise database URL (sqlite://PATH or postgres://…)"
    )
    host: str = Field("127.0.0.1", description="address the web server listens on")
    port: int = Field(8080, ge=1, le=65535, description="port the web server listens on")
    default_locale: Literal["id", "en"] = Field("id", description="interface language for new residents")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="log level")
    delivery_in_flight: int = Field(50, ge=1, le=1000, description="sends in flight per worker")
    delivery_lease_seconds: float = Field(
        60.0, gt=0, description="a claimed message returns to the queue this long after its worker died"
    )
    delivery_max_attempts: int = Field(8, ge=1, description="tries before a message is failed")
    shutdown_grace_seconds: float = Field(10.0, ge=0, description="SIGTERM: time given to in-flight sends")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper() if isinstance(value, str) else value

    def with_db_path(self, path: str | Path | None) -> Settings:
        """Apply the `--db PATH` shortcut: a SQLite file instead of DATABASE_URL."""
        if path is None:
            return self
        return self.model_copy(update={"database_url": sqlite_url(path)})


def sqlite_url(path: str | Path) -> str:
    """`sqlite://` URL for a file path (relative paths stay relative to the working dir)."""
    text = str(path)
    if text == ":memory:":
        return "sqlite://:memory:"
    return f"sqlite://{text}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
