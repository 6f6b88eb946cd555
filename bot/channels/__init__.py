"""Channel adapters: translate a channel's wire format to and from the core's vocabulary."""
