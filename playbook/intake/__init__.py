"""Step 1, intake: open an incident with its messages, import a sent message, the demo incident."""
