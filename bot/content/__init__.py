"""Deck files: the hardened YAML loader, author-friendly messages, importers and the content CLI."""
