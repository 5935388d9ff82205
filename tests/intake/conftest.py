"""The intake tests use the mail tests' fixtures: an incident to import into, and the import."""

from tests.mail.conftest import import_into, incident_id

__all__ = ["import_into", "incident_id"]
