"""Delivery evidence and replies: who actually received the message, and who has answered."""
