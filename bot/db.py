"""Database wiring: Tortoise config, migrations (aerich) and first-use loading of demo areas."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from urllib.parse import urlsplit

from tortoise import Tortoise

from models import MODEL_MODULES

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "models" / "migrations"
DEMO_AREAS = ROOT / "content" / "areas" / "contoh.csv"


def tortoise_config(database_url: str) -> dict:
    """Tortoise config for our single app `models` (plus aerich's bookkeeping table)."""
    return {
        "connections": {"default": database_url},
        "apps": {
            "models": {
                "models": [*MODEL_MODULES, "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _default_config() -> dict:
    from bot.settings import get_settings

    return tortoise_config(get_settings().database_url)


def __getattr__(name: str) -> dict:
    # `aerich` reads `bot.db.TORTOISE_ORM`; built lazily so importing this module reads no env.
    if name == "TORTOISE_ORM":
        return _default_config()
    raise AttributeError(name)


def dialect(database_url: str) -> str:
    scheme = database_url.split(":", 1)[0]
    return {"sqlite": "sqlite", "postgres": "postgres", "asyncpg": "postgres", "psycopg": "postgres"}.get(
        scheme, scheme
    )


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a sqlite URL, or None for memory / other databases."""
    if dialect(database_url) != "sqlite":
        return None
    rest = database_url.split("://", 1)[1].split("?", 1)[0]
    return None if rest in ("", ":memory:") else Path(rest)


def asyncpg_dsn(database_url: str) -> str:
    """Tortoise's `postgres://` URL as asyncpg's DSN, for a connection of our own (locks, backups):
    the scheme asyncpg knows, without tortoise's own parameters (pool sizes) that it does not."""
    parts = urlsplit(database_url)
    kept = "&".join(p for p in parts.query.split("&") if p.startswith("sslmode="))
    return parts._replace(scheme="postgresql", query=kept).geturl()


def placeholders(sql: str, dialect: str) -> str:
    """Raw SQL written with `?` (SQLite's placeholders) for this dialect: `$1 …` for PostgreSQL."""
    if dialect != "postgres":
        return sql
    count = itertools.count(1)
    return "".join(f"${next(count)}" if c == "?" else c for c in sql)


async def open_database(database_url: str, *, load_demo: bool = True) -> bool:
    """Connect, apply pending migrations; on a new database load the demo areas.

    Returns True when the database was created by this call.
    """
    path = sqlite_path(database_url)
    created = False
    if path is not None:
        created = not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
    config = tortoise_config(database_url)
    await Tortoise.init(config=config)
    await migrate(config)
    if not created and path is None:
        from models import Area

        created = not await Area.exists()
    if created and load_demo:
        from handlers.residents.area_import import import_areas_file

        report = await import_areas_file(DEMO_AREAS)
        if not report.ok:  # shipped data is checked by tests; never start half-loaded
            raise RuntimeError("demo areas are invalid: " + "; ".join(report.error_lines()))
        log.info("loaded demo areas: %s", report.summary())
    return created


async def migrate(config: dict) -> list[str]:
    """Apply every pending aerich migration for this database's dialect (Tortoise already up)."""
    from aerich import Command

    url = config["connections"]["default"]
    location = MIGRATIONS / dialect(url)
    command = Command(tortoise_config=config, app="models", location=str(location))
    await command.init()
    applied = await command.upgrade(run_in_transaction=True)
    if applied:
        log.info("applied migrations: %s", ", ".join(applied))
    return applied


async def close_database() -> None:
    await Tortoise.close_connections()
