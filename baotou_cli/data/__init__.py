"""Data in: the facts model, its schema and vocabularies, the strict YAML reader, loading, the compiled store,
and the checks behind `baotou verify`. Imports nothing from `questions`, `render` or the CLI."""
