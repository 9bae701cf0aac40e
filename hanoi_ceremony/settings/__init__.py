"""Default settings: a laptop with nothing installed (SQLite, embedded broker, file e-mail)."""

from .base import *  # noqa: F403
