"""Sending the outbox: the dispatcher (claims, sends, results), channel limits, and delivery-report batching."""
