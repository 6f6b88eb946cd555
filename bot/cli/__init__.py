"""The `kabarrt` command line: the parser (parser.py) and one module per command group."""
