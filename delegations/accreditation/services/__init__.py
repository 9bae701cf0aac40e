"""Accreditation services: every write that matters. See each module's docstrings for side effects."""
