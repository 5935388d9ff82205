"""Screens: the register, the incident workspace and its steps, and the dialogs."""
