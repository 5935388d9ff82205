"""Storage: the only package that reads and writes the SQLite file, speaking domain objects."""
