"""`python -m bot` is the same as the `kabarrt` command."""

from bot.cli import main

raise SystemExit(main())
