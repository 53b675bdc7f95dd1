"""baotou: verified facts about the Baotou Rare Earth Hi-Tech Zone, from the command line."""

__version__ = "0.1.0"
