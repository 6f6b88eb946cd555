"""Dependencies point inward: the conversation core (handlers/) never imports the process side."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = ROOT / "handlers"

#: top-level packages handlers/ must not import: channel SDKs, the web server, SMS gateways, bot/
FORBIDDEN = {
    "bot",
    "telegram",
    "aiohttp",
    "aiohttp_jinja2",
    "jinja2",
    "httpx",
    "requests",
    "urllib3",
    "kannel",
    "twilio",
    "smpplib",
    "vonage",
    "apscheduler",
}


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def violations(source: str, filename: str = "<string>") -> list[str]:
    tree = ast.parse(source, filename)
    return [
        f"{filename}:{line}: imports {module}"
        for line, module in imported_modules(tree)
        if module.split(".")[0] in FORBIDDEN or "gateway" in module.lower()
    ]


def handler_files() -> list[Path]:
    files = sorted(HANDLERS.rglob("*.py"))
    assert len(files) >= 10, "handlers/ not found"
    return files


@pytest.mark.parametrize("path", handler_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_handlers_do_not_import_the_process_side(path):
    assert violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))) == []


@pytest.mark.parametrize(
    "source",
    [
        "import telegram",
        "from telegram.ext import Application",
        "import aiohttp.web",
        "from bot.i18n import translator",
        "from bot import db",
        "import bot.channels.render as r",
        "def f():\n    from bot.channels.shell import Shell",
        "import importlib\nimportlib.import_module('bot.db')",
        "from sms_gateway import send",
    ],
)
def test_the_checker_catches_forbidden_imports(source):
    assert violations(source)


@pytest.mark.parametrize(
    "source",
    ["from handlers.messages import Inbound", "import models", "from . import flows", "import botocore_like"],
)
def test_the_checker_allows_the_core(source):
    assert violations(source) == []
