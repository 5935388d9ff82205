"""The pure domain: rules and values, no storage, templates or screens."""
