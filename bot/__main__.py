"""`python -m bot` is the same as the `kabarrt` command."""

from bot.cli.parser import main

raise SystemExit(main())
