"""One typed Settings object, read from the environment or `.env`. Every option is in docs/deployment.md."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
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

    complaints_per_day: int = Field(5, ge=1, description="complaints one resident may file in 24 hours")

    telegram_bot_token: SecretStr | None = Field(
        None, description="token from @BotFather; Telegram is off when unset"
    )
    telegram_bot_username: str | None = Field(
        None, description="the bot's @username (for join links and posters)"
    )
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot",
        description="Bot API base URL including /bot (a self-hosted telegram-bot-api, or a test emulator)",
    )
    telegram_webhook_url: str | None = Field(
        None, description="public HTTPS URL of /telegram/webhook; unset = long polling"
    )
    telegram_webhook_secret: SecretStr | None = Field(
        None, description="secret Telegram sends with every webhook call (1-256 of A-Z a-z 0-9 _ -)"
    )
    telegram_poll_timeout: int = Field(25, ge=0, le=50, description="long-polling wait in seconds")
    telegram_max_per_second: float = Field(30, gt=0, description="Telegram: messages per second, all chats")
    telegram_max_per_chat_per_second: float = Field(1, gt=0, description="Telegram: messages per second to one chat")
    telegram_max_per_group_per_minute: float = Field(20, gt=0, description="Telegram: messages per minute to one group")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper() if isinstance(value, str) else value

    sms_driver: Literal["none", "kannel", "gammu"] = Field("none", description="SMS gateway: none, kannel or gammu")
    sms_secret: SecretStr | None = Field(None, description="shared secret on every gateway request to us")
    sms_allowed_ips: str = Field("", description="comma-separated addresses / networks allowed to call us (empty: any)")
    sms_sender: str | None = Field(None, description="sender id / number for outgoing SMS")
    sms_max_per_second: float = Field(10, gt=0, description="SMS per second through the gateway")
    sms_flood_per_minute: int = Field(10, ge=1, description="SMS a minute from one number that still get answers")
    sms_max_segments: int = Field(3, ge=1, le=10, description="segments a reply may use; the rest waits for LANJUT")
    sms_cost_per_segment: int = Field(350, ge=0, description="what one SMS segment costs, in rupiah (cost estimates)")
    kannel_sendsms_url: str = Field("http://127.0.0.1:13013/cgi-bin/sendsms", description="smsbox sendsms URL")
    kannel_username: str = Field("kabarrt", description="smsbox sendsms-user username")
    kannel_password: SecretStr | None = Field(None, description="smsbox sendsms-user password")
    public_url: str | None = Field(None, description="how the gateway reaches us (default http://HOST:PORT)")
    gammu_inbox_path: Path = Field(Path("/var/spool/gammu/inbox"), description="Gammu SMSD's InboxPath (files backend)")
    gammu_outbox_path: Path = Field(Path("/var/spool/gammu/outbox"), description="Gammu SMSD's OutboxPath")
    gammu_sent_path: Path = Field(Path("/var/spool/gammu/sent"), description="Gammu SMSD's SentSMSPath")
    gammu_error_path: Path = Field(Path("/var/spool/gammu/error"), description="Gammu SMSD's ErrorSMSPath")

    @property
    def sms_allowed_networks(self) -> tuple[str, ...]:
        return tuple(v.strip() for v in self.sms_allowed_ips.split(",") if v.strip())

    @field_validator("sms_allowed_ips")
    @classmethod
    def _networks(cls, value: str) -> str:
        import ipaddress

        for net in (v.strip() for v in value.split(",") if v.strip()):
            ipaddress.ip_network(net, strict=False)  # ValueError names the bad entry
        return value

    @model_validator(mode="after")
    def _sms_needs_secret(self) -> Settings:
        if self.sms_driver != "none":
            secret = self.sms_secret.get_secret_value() if self.sms_secret else ""
            if len(secret) < 8:
                raise ValueError("SMS_DRIVER needs SMS_SECRET (at least 8 characters)")
        return self

    @field_validator("telegram_bot_username", mode="before")
    @classmethod
    def _no_at(cls, value: str | None) -> str | None:
        return value.strip().lstrip("@") or None if isinstance(value, str) else value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and self.telegram_bot_token:
            secret = self.telegram_webhook_secret.get_secret_value() if self.telegram_webhook_secret else ""
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
                raise ValueError(
                    "TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ -"
                )
        return self

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
