"""KabarRT process side: settings, database wiring, channels, CLI."""
