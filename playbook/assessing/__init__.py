"""Steps 2 and 3, assess and decide: decisions checked against the rules and the latest assessment."""
