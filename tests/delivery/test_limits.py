"""A channel's limits as live state: token buckets and the per-group sliding minute."""

from __future__ import annotations

import pytest

from bot.channels.base import Limits
from bot.delivery.limits import ChannelGate, TokenBucket


def test_token_bucket_allows_a_burst_then_the_rate():
    bucket = TokenBucket(rate=10, burst=10, now=0.0)
    assert sum(bucket.take(0.0) for _ in range(20)) == 10
    assert not bucket.take(0.05)
    assert bucket.take(0.1)
    assert bucket.wait(0.1) == pytest.approx(0.1)


def test_gate_group_window_is_a_sliding_minute():
    gate = ChannelGate(Limits(per_group_per_minute=2), is_group=lambda i: i.startswith("tg:-"))
    assert gate.admit("tg:-1", 0.0) and gate.admit("tg:-1", 1.0)
    assert not gate.admit("tg:-1", 59.0)
    assert gate.admit("tg:-1", 60.5)
    assert gate.admit("tg:5", 0.0)  # private chats are not groups
