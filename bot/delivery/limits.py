"""A channel's limits as live state: token buckets, per-recipient spacing, per-group windows and
pauses (a channel's Retry-After). The dispatcher asks a `ChannelGate` before it claims a row."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.channels.base import Limits


class TokenBucket:
    """`rate` tokens a second, holding at most `burst`; time from a monotonic clock."""

    def __init__(self, rate: float, burst: float | None = None, now: float | None = None) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(rate, 1.0)
        self.tokens = self.burst
        self.stamp = now  # None: the first call starts the clock (whatever monotonic source)

    def available(self, now: float) -> float:
        if self.stamp is None:
            self.stamp = now
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate)
        self.stamp = now
        return self.tokens

    def take(self, now: float, n: float = 1.0) -> bool:
        if self.available(now) >= n:
            self.tokens -= n
            return True
        return False

    def wait(self, now: float, n: float = 1.0) -> float:
        """Seconds until n tokens are there."""
        missing = n - self.available(now)
        return max(0.0, missing / self.rate) if self.rate else float("inf")


@dataclass
class ChannelGate:
    """The limits of one channel as live state: the dispatcher asks it before claiming."""

    limits: Limits
    is_group: Callable[[str], bool]
    bucket: TokenBucket | None = None
    next_for: dict[str, float] = field(default_factory=dict)
    group_sends: dict[str, deque] = field(default_factory=dict)
    paused_until: float = 0.0

    def __post_init__(self) -> None:
        if self.limits.per_second:
            # a burst of half a second's worth, where the channel allows a second's: requests that
            # leave evenly can arrive bunched (network, a busy machine), and the half kept in
            # reserve absorbs that many before the channel would answer 429
            self.bucket = TokenBucket(self.limits.per_second, max(1.0, self.limits.per_second / 2))

    def capacity(self, now: float) -> int:
        if now < self.paused_until:
            return 0
        return int(self.bucket.available(now)) if self.bucket else 1_000_000

    def wait(self, now: float) -> float:
        if now < self.paused_until:
            return self.paused_until - now
        return self.bucket.wait(now) if self.bucket else 0.0

    def admit(self, identity: str, now: float) -> bool:
        """Take a slot for one message to `identity` if every limit allows it now."""
        if now < self.paused_until:
            return False
        if self.next_for.get(identity, 0.0) > now:
            return False
        group = self.limits.per_group_per_minute and self.is_group(identity)
        if group:
            window = self.group_sends.setdefault(identity, deque())
            while window and window[0] <= now - 60.0:
                window.popleft()
            if len(window) >= self.limits.per_group_per_minute:
                return False
        if self.bucket is not None and not self.bucket.take(now):
            return False
        if self.limits.per_recipient_per_second:
            self.next_for[identity] = now + 1.0 / self.limits.per_recipient_per_second
        if group:
            self.group_sends[identity].append(now)
        return True

    def hold(self, identity: str, until: float) -> None:
        """The channel asked us to leave this recipient alone until `until`."""
        self.next_for[identity] = max(self.next_for.get(identity, 0.0), until)

    def pause(self, until: float) -> None:
        self.paused_until = max(self.paused_until, until)

    def take_over(self, now: float, recent: list[tuple[str, float]]) -> None:
        """This worker just got the channel from another, which may have sent until a moment ago:
        start from an empty bucket, and from what was sent in the last minute — (recipient,
        seconds ago) — so that no limit is broken across the handover."""
        if self.bucket is not None:
            self.bucket.tokens, self.bucket.stamp = 0.0, now
        for identity, ago in sorted(recent, key=lambda r: -r[1]):  # oldest first
            at = now - ago
            if self.limits.per_recipient_per_second:
                spaced = at + 1.0 / self.limits.per_recipient_per_second
                self.next_for[identity] = max(self.next_for.get(identity, 0.0), spaced)
            if self.limits.per_group_per_minute and self.is_group(identity) and at > now - 60.0:
                self.group_sends.setdefault(identity, deque()).append(at)

    def forget_idle(self, now: float) -> None:
        """Drop per-recipient state that no longer limits anything (memory stays flat)."""
        if len(self.next_for) > 10_000:
            self.next_for = {k: v for k, v in self.next_for.items() if v > now}
