"""The five steps of the playbook, one per file, each a Step shown in the incident workspace."""
