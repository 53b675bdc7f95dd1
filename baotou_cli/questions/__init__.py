"""Questions: the queries each command asks of a FactSet, the words users type, search, and where a quote
stands in its article. Returns typed records and plain data, never display text. Imports `data` only."""
