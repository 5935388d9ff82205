"""Step 4, notify: the drafts to each person, the outbox they are written to, and sending them."""
