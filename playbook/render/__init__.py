"""Rendering: the one Jinja environment, its filters and the shipped templates' loader."""
