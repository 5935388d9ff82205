"""Dialogs, one per file: each a ModalScreen[T] that dismisses a value, or None if cancelled."""
