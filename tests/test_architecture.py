"""Dependencies point inward and never in a circle.

- The conversation core (handlers/) imports only an allowlist: the standard library, our own
  handlers, models and content, and a few pure libraries. A channel SDK, the web server, a gateway
  client or bot/ in there fails this test, whatever its name.
- No import cycle among our modules (handlers/, bot/, models/, content/), counting imports inside
  functions: a function-level import that breaks a cycle at run time is still a cycle in the design.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = ROOT / "handlers"
OURS = ("handlers", "bot", "models", "content")

#: what handlers/ may import besides the standard library: our core packages and pure libraries
#: (no I/O of their own, no event loop, no network)
ALLOWED = {
    "handlers",
    "models",
    "content",
    "tortoise",  # the ORM the models are written in
    "pypika_tortoise",  # tortoise's query builder (functions, terms)
    "rapidfuzz",  # fuzzy matching of typed names and keywords
    "phonenumbers",  # phone number parsing
    "gsm0338",  # the GSM 03.38 codec for SMS segment counts
    "rank_bm25",  # FAQ retrieval
    "Sastrawi",  # Indonesian stemming
    "yaml",  # content files
    "holidays",  # the Indonesian calendar: national holidays and cuti bersama
}


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str, int]]:
    """(line, module, relative level) of every import, also inside functions and through
    importlib.import_module / __import__ with a constant name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, node.module or "", node.level
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value, 0


def violations(source: str, filename: str = "<string>") -> list[str]:
    """Imports of a handlers/ module that are neither the standard library nor allowed."""
    found = []
    for line, module, level in imported_modules(ast.parse(source, filename)):
        top = module.split(".")[0]
        if level or top == "__future__" or top in sys.stdlib_module_names or top in ALLOWED:
            continue
        found.append(f"{filename}:{line}: imports {module}")
    return found


def handler_files() -> list[Path]:
    files = sorted(HANDLERS.rglob("*.py"))
    assert len(files) >= 30, "handlers/ not found"
    return files


@pytest.mark.parametrize("path", handler_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_handlers_import_only_the_allowlist(path):
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
        "import httpx",
        "import apscheduler",
        "import some_new_sdk",
    ],
)
def test_the_checker_catches_what_is_not_allowed(source):
    assert violations(source)


@pytest.mark.parametrize(
    "source",
    [
        "from handlers.messages import Inbound",
        "import models",
        "from . import flows",
        "import re, json, zoneinfo",
        "from tortoise.transactions import in_transaction",
        "from rapidfuzz import fuzz",
        "import phonenumbers",
    ],
)
def test_the_checker_allows_the_core(source):
    assert violations(source) == []


# --- import cycles ------------------------------------------------------------------------------


def our_modules(root: Path) -> dict[str, Path]:
    """Dotted name → file for every module of ours (migrations excluded: aerich writes them)."""
    modules = {}
    for top in OURS:
        for path in sorted((root / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def import_graph(modules: dict[str, str]) -> dict[str, set[str]]:
    """Module → the modules of ours it imports. `modules` maps a dotted name to its source (a
    package's name to its __init__); `from pkg import mod` depends on pkg.mod, `from pkg import
    name` on pkg; imports under `if TYPE_CHECKING:` are not dependencies at run time or in design."""

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, source in modules.items():
        tree = ast.parse(source)
        skipped = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for stmt in node.body
            for inner in ast.walk(stmt)
        }
        is_package = any(other.startswith(name + ".") for other in modules)
        package = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # `from . import x` in package a.b is a.b.x; `..` goes one up
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                for alias in node.names:
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                targets.add(node.args[0].value)
        edges = set()
        for target in targets:
            found = resolve(target)
            # a module importing its own package's __init__ is not a cycle
            if found and found != name and not name.startswith(found + "."):
                edges.add(found)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_among_our_modules():
    modules = {name: path.read_text(encoding="utf-8") for name, path in our_modules(ROOT).items()}
    assert len(modules) >= 80
    assert cycles(import_graph(modules)) == []


def test_the_cycle_finder_sees_a_cycle_through_a_function_level_import():
    modules = {
        "handlers": "",
        "handlers.a": "from handlers import b\n",
        "handlers.b": "def f():\n    from handlers.c import g\n",
        "handlers.c": "import handlers.a\n",
        "handlers.d": "from handlers.a import x\n",
    }
    assert cycles(import_graph(modules)) == [["handlers.a", "handlers.b", "handlers.c"]]


def test_the_cycle_finder_ignores_type_checking_imports_and_the_own_package():
    modules = {
        "handlers": "",
        "handlers.pkg": "from handlers.pkg import a\n",
        "handlers.pkg.a": "from typing import TYPE_CHECKING\nfrom handlers import pkg\n"
        "if TYPE_CHECKING:\n    from handlers.b import B\n",
        "handlers.b": "from handlers.pkg.a import x\n",
    }
    assert cycles(import_graph(modules)) == []


def test_the_cycle_finder_resolves_relative_imports():
    modules = {
        "bot": "",
        "bot.cli": "",
        "bot.cli.a": "from . import b\n",
        "bot.cli.b": "from .a import x\n",
    }
    assert cycles(import_graph(modules)) == [["bot.cli.a", "bot.cli.b"]]
