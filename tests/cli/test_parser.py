"""The parser names each command as "module:function"; every one of them must exist."""

from __future__ import annotations

import argparse
import importlib
import inspect

import pytest

from bot.cli.parser import parser


def commands(p: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(`kabarrt …` words, its run target) for every leaf command."""
    found = []
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += commands(sub, (*path, name))
    if not found and p.get_default("run") is not None:
        found.append((" ".join(path), p.get_default("run")))
    return found


COMMANDS = commands(parser())


def test_every_command_group_is_there():
    groups = {words.split()[0] for words, _ in COMMANDS}
    assert groups == {
        "serve", "worker", "clock", "outbox", "shell", "migrate", "areas", "poster", "content",
        "faq", "sms", "roles", "broadcast", "backup", "restore", "doctor", "complaints",
    }  # fmt: skip


@pytest.mark.parametrize(("words", "target"), COMMANDS, ids=[w for w, _ in COMMANDS])
def test_every_command_runs_a_function_of_its_group_module(words, target):
    module, _, name = target.partition(":")
    assert module.startswith("bot.cli.")
    run = getattr(importlib.import_module(module), name)
    assert inspect.signature(run).parameters.keys() == {"args"}
