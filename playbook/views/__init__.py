"""Read models: what a screen shows, computed in one go (off the UI thread when it is big)."""
