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


def test_a_gate_taken_over_counts_what_the_previous_worker_sent():
    limits = Limits(per_second=30, per_recipient_per_second=1, per_group_per_minute=20)
    gate = ChannelGate(limits, is_group=lambda i: i.startswith("tg:-"))
    # the other worker's last minute: 20 messages to a group (the oldest 59 s ago), one to tg:5
    # 0.4 s ago, one to tg:6 three seconds ago
    recent = [("tg:-100", 59.0 - i) for i in range(20)] + [("tg:5", 0.4), ("tg:6", 3.0)]
    gate.take_over(100.0, recent)
    assert gate.capacity(100.0) == 0  # an empty bucket
    assert gate.capacity(100.5) == 15
    assert not gate.admit("tg:5", 100.5)  # its second is not over
    assert gate.admit("tg:6", 100.5)
    assert not gate.admit("tg:-100", 100.5)  # twenty in the minute
    assert gate.admit("tg:-100", 101.1)  # the oldest left the window
    assert gate.admit("tg:5", 100.7)
