"""playbook: the responder's guide through an email sent to the wrong people."""

__version__ = "0.1.0"
