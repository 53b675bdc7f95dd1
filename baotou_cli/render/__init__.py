"""Text out: table views, output formats, how figures and periods read for people, the JSON contract, and the
verify report. Imports `ask` and `facts`, never the CLI."""
