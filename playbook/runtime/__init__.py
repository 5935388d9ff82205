"""What a run needs besides its data: the current time and progress on long work."""
