"""An incident's life after the steps: closing it knowing what is open, and reopening it."""
