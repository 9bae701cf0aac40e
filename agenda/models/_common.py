"""Shared by the programme's models."""

from hanoi_ceremony.core.dates import CEREMONY_TZ

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py
