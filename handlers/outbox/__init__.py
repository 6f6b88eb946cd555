"""Everything that leaves KabarRT: outbox rows (queue), scheduled-job rows (jobs), and the shape of an SMS (sms)."""
