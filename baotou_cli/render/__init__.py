"""Text out: table views, output formats, how figures and periods read for people, the JSON contract, and the
verify report. Imports `questions` and `data`, never the CLI."""
