"""Widgets: they display what they are given and post messages up; they never touch the store."""
