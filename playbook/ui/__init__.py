"""The terminal app: the only package that imports Textual (imported only when the app opens)."""
