"""The Textual terminal UI: the only package that imports Textual; it reads the store and renders."""
